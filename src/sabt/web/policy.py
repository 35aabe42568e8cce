"""The administrator's account-security settings of a case, kept in its ``case_settings``.

One JSON value under :data:`POLICY_SETTING`, read on each use (a change made in the web app or
with ``sabt user policy`` holds at once for every server process):

- ``min_password_length`` (default 12) and ``min_password_score`` (zxcvbn's 0–4, default 3):
  what a new password must meet (:mod:`sabt.web.passwords`);
- ``single_session`` (default off): a new sign-in ends the user's other sessions;
- ``token_days_default`` (90) and ``token_days_max`` (365): an API token's lifetime.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields, replace

from sabt.case import Case
from sabt.errors import SabtError
from sabt.store import models

POLICY_SETTING = "account_policy"
#: below this no policy goes: the argon2 hashing itself refuses shorter passwords
PASSWORD_FLOOR = 10


class PolicyError(SabtError):
    """An account-security setting out of its range."""


@dataclass(frozen=True)
class AccountPolicy:
    min_password_length: int = 12
    min_password_score: int = 3
    single_session: bool = False
    token_days_default: int = 90
    token_days_max: int = 365

    def check(self) -> "AccountPolicy":
        _whole(self.min_password_length, "min_password_length", PASSWORD_FLOOR, 128)
        _whole(self.min_password_score, "min_password_score", 0, 4)
        if not isinstance(self.single_session, bool):
            raise PolicyError(f"single_session: {self.single_session!r} is not true or false")
        _whole(self.token_days_max, "token_days_max", 1, 3650)
        _whole(self.token_days_default, "token_days_default", 1, self.token_days_max)
        return self

    def changed(self, **changes) -> "AccountPolicy":
        """This policy with some settings changed (None leaves one as it is), checked."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None}).check()


def _whole(value, name: str, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise PolicyError(f"{name}: {value!r} is not a whole number from {low} to {high}")


def load(case: Case) -> AccountPolicy:
    """The case's policy; the defaults where it has none (or keys it does not know)."""
    saved = case.setting(POLICY_SETTING)
    if not saved:
        return AccountPolicy()
    known = {f.name for f in fields(AccountPolicy)}
    return AccountPolicy(**{k: v for k, v in json.loads(saved).items() if k in known})


def save(case: Case, policy: AccountPolicy, actor: str) -> AccountPolicy:
    """Store a checked policy and audit the change (old and new values: no secret is among them)."""
    policy.check()
    before = load(case)
    with case.session() as session:
        session.merge(models.CaseSetting(key=POLICY_SETTING, value=json.dumps(asdict(policy))))
        changes = {k: [v, getattr(policy, k)] for k, v in asdict(before).items() if getattr(policy, k) != v}
        session.add(models.AuditEntry(actor=actor, action="account_policy", subject_table="case_settings",
                                      subject_id=POLICY_SETTING, detail=changes))
        session.commit()
    return policy
