"""The password policy: a minimum length and a strength estimate, at creation and at change.

Strength is zxcvbn's estimate (the Python port of Dropbox's estimator, offline): it finds
dictionary words, names, keyboard patterns, repeats, sequences, dates and l33t substitutions
and scores how many guesses the password would take (0–4). Its dictionaries include a list of
the 30,000 most common passwords from leaked password sets; a password it matches there is
refused as *common* whatever its score. That list is the only breached-password list used:
no package ships a larger one offline, and sabt asks no outside service. The user's own name is
given to zxcvbn too, so "nasrin2026!" does not pass for the user nasrin.

A refusal is :class:`PasswordRefused`: a message key and its values, so the web app says it in
the user's language and the CLI in English, from the same words (``i18n/{en,fa}.toml``). It is
audited (the reason, never the password).
"""

from __future__ import annotations

import threading

from zxcvbn import zxcvbn

from sabt.case import Case
from sabt.store import models
from sabt.web.policy import AccountPolicy
from sabt.web.refusals import Explained

#: zxcvbn raises on longer input; a longer password is judged by its first 72 characters
#: (a strong start makes a stronger whole)
ESTIMATED_LENGTH = 72
_COMMON = {"This is a top-10 common password.", "This is a top-100 common password.",
           "This is a very common password.", "This is similar to a commonly used password."}
#: zxcvbn's (English) warnings → our message keys, so the hint comes in the user's language
_HINTS = {
    "Straight rows of keys are easy to guess.": "keyboard",
    "Short keyboard patterns are easy to guess.": "keyboard",
    'Repeats like "aaa" are easy to guess.': "repeats",
    'Repeats like "abcabcabc" are only slightly harder to guess than "abc".': "repeats",
    'Sequences like "abc" or "6543" are easy to guess.': "sequence",
    "Recent years are easy to guess.": "dates",
    "Dates are often easy to guess.": "dates",
    "A word by itself is easy to guess.": "word",
    "Names and surnames by themselves are easy to guess.": "names",
    "Common names and surnames are easy to guess.": "names",
}
# zxcvbn keeps the user's words in a module-level dictionary while it matches: one at a time
_ZXCVBN_LOCK = threading.Lock()


class PasswordRefused(Explained):
    """A password the policy refuses: ``key`` under ``password_policy.`` in the message tables."""

    prefix = "password_policy."


def estimate(password: str, user_inputs: tuple[str, ...] = ()) -> dict:
    """zxcvbn's score (0–4), whether it matched the common-password list, and a hint key."""
    with _ZXCVBN_LOCK:
        result = zxcvbn(password[:ESTIMATED_LENGTH], user_inputs=[u for u in user_inputs if u])
    warning = result["feedback"]["warning"]
    common = warning in _COMMON or any(m.get("dictionary_name") == "passwords" and m["token"] == password
                                       for m in result["sequence"])
    return {"score": result["score"], "common": common, "hint": _HINTS.get(warning),
            "mine": any(m.get("dictionary_name") == "user_inputs" for m in result["sequence"])}


def refusal(password: str, policy: AccountPolicy, user_inputs: tuple[str, ...] = ()) -> PasswordRefused | None:
    """Why ``policy`` refuses ``password`` (None: it does not)."""
    if len(password) < policy.min_password_length:
        return PasswordRefused("too_short", {"n": policy.min_password_length})
    if not password.strip():
        return PasswordRefused("too_weak")
    found = estimate(password, user_inputs)
    if found["common"]:
        return PasswordRefused("common")
    if found["score"] < policy.min_password_score:
        return PasswordRefused("has_name" if found["mine"] else "too_weak", hint=found["hint"])
    return None


def check(case: Case, password: str, name: str, actor: str, policy: AccountPolicy | None = None) -> None:
    """Raise :class:`PasswordRefused` (and audit it) when the case's policy refuses ``password``
    for the user ``name``; ``actor`` is who chose it (the user, or the admin adding them)."""
    from sabt.web import policy as policies

    found = refusal(password, policy or policies.load(case), (name,))
    if found is None:
        return
    with case.session() as session:
        session.add(models.AuditEntry(actor=actor, action="password_refused", subject_table="users",
                                      subject_id=_user_id(session, name), detail={"name": name, "reason": found.key}))
        session.commit()
    raise found


def _user_id(session, name: str) -> str | None:
    from sqlalchemy import select

    found = session.scalar(select(models.User.id).where(models.User.name == name))
    return str(found) if found is not None else None
