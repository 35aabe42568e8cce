"""Second factors: TOTP (RFC 6238), one-time recovery codes, the administrator's policy.

- The TOTP secret is sealed with the case key (:meth:`sabt.store.crypto.CaseKey.seal`, the
  table name ``user_totp`` as associated data), as protected identities are: a copy of the case
  file without its key file gives no one a working authenticator.
- A TOTP enrolment is active only once a first right code has confirmed it (web), or at once
  when an administrator makes it with ``sabt user 2fa`` (the lost-device procedure).
- A code is accepted for the time step before, at or after now (±30 s of clock drift), and only
  for a step later than the last accepted one, so a code seen over a shoulder or replayed in the
  same 30 s is refused. The step is claimed with one conditional UPDATE, so two requests racing
  with the same code cannot both win.
- Recovery codes: ten, each 100 random bits, shown once, kept as SHA-256 (like session ids and
  API tokens: a slow hash protects guessable secrets, these are not), each usable once.
- Policy (case setting ``account_security``): who must enrol — nobody, the roles that may see
  protected identities, or everyone — and the re-authentication window in minutes.

Failures and successes are audited (``audit_log``, subject table ``users``); a code, a secret
or a recovery code never is.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import secrets
import time
from dataclasses import dataclass

import pyotp
from sqlalchemy import delete, select, update

from sabt.case import Case
from sabt.store import models
from sabt.web.auth import AuthError
from sabt.web.permissions import MATRIX

ISSUER = "sabt"
RECOVERY_CODES = 10
POLICY_SETTING = "account_security"
REQUIRE = ("nobody", "protected", "everyone")
STEP = 30


@dataclass(frozen=True)
class Policy:
    """``require``: who must have a second factor; ``reauth_minutes``: how recent a proof of
    identity a sensitive action needs."""

    require: str = "nobody"
    reauth_minutes: int = 5

    def applies_to(self, role: str) -> bool:
        if self.require == "everyone":
            return True
        return self.require == "protected" and role in MATRIX["read_protected"]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def audit(session, actor: str, action: str, user_id: int | None, detail: dict | None = None) -> None:
    session.add(models.AuditEntry(actor=actor, action=action, subject_table="users",
                                  subject_id=None if user_id is None else str(user_id), detail=detail))


# -- policy --------------------------------------------------------------------------------------
def policy(case: Case) -> Policy:
    saved = case.setting(POLICY_SETTING)
    return Policy(**json.loads(saved)) if saved else Policy()


def set_policy(case: Case, require: str, reauth_minutes: int, actor: str) -> list[str]:
    """Store the policy. Users it now requires to enrol who have no second factor are signed out
    (their next sign-in leads them to enrolment); returns their names."""
    if require not in REQUIRE:
        raise AuthError(f"who must use a second factor is one of {', '.join(REQUIRE)}, not {require!r}")
    if not 1 <= reauth_minutes <= 240:
        raise AuthError("the re-authentication window is 1 to 240 minutes")
    new = Policy(require, reauth_minutes)
    with case.session() as session:
        row = session.get(models.CaseSetting, POLICY_SETTING)
        value = json.dumps({"require": require, "reauth_minutes": reauth_minutes})
        if row is None:
            session.add(models.CaseSetting(key=POLICY_SETTING, value=value))
        else:
            row.value = value
        signed_out = []
        for user in session.scalars(select(models.User).where(models.User.disabled.is_(False))):
            if new.applies_to(user.role) and not _has_factor(session, user.id):
                session.execute(delete(models.WebSession).where(models.WebSession.user_id == user.id))
                signed_out.append(user.name)
        audit(session, actor, "2fa_policy", None, {"require": require, "reauth_minutes": reauth_minutes,
                                                   "signed_out": len(signed_out)})
        session.commit()
    return signed_out


# -- status --------------------------------------------------------------------------------------
def _has_factor(session, user_id: int) -> bool:
    totp = session.scalar(select(models.UserTotp.user_id).where(
        models.UserTotp.user_id == user_id, models.UserTotp.confirmed_at.is_not(None)))
    key = session.scalar(select(models.WebauthnCredential.id).where(models.WebauthnCredential.user_id == user_id)
                         .limit(1))
    return totp is not None or key is not None


def has_second_factor(case: Case, user_id: int) -> bool:
    with case.session() as session:
        return _has_factor(session, user_id)


def status(case: Case, user_id: int) -> dict:
    """What a user has: TOTP on or not, recovery codes left, security keys (id, name, dates)."""
    with case.session() as session:
        totp = session.get(models.UserTotp, user_id)
        left = session.scalars(select(models.RecoveryCode.id).where(
            models.RecoveryCode.user_id == user_id, models.RecoveryCode.used_at.is_(None))).all()
        keys = session.scalars(select(models.WebauthnCredential).where(
            models.WebauthnCredential.user_id == user_id).order_by(models.WebauthnCredential.id)).all()
        return {"totp": totp is not None and totp.confirmed_at is not None, "recovery_left": len(left),
                "keys": [{"id": k.id, "name": k.name, "created_at": k.created_at, "last_used_at": k.last_used_at}
                         for k in keys]}


def _user(session, user_id: int) -> models.User:
    user = session.get(models.User, user_id)
    if user is None:
        raise AuthError(f"no user {user_id}")
    return user


# -- TOTP ----------------------------------------------------------------------------------------
def provisioning_uri(secret: str, user_name: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user_name, issuer_name=ISSUER)


def start_totp(case: Case, user_id: int, actor: str, confirmed: bool = False) -> tuple[str, list[str]]:
    """A new TOTP secret for the user, sealed, replacing an unconfirmed one; returns the
    ``otpauth://`` URI (shown once) and, when ``confirmed``, new recovery codes. ``confirmed``:
    active at once (an administrator's ``sabt user 2fa``), replacing an active one and the old
    recovery codes. A user's own new secret (web) does not replace an active one: they remove
    it first."""
    secret = pyotp.random_base32(32)     # 160 bits, RFC 4226's recommended length
    with case.session() as session:
        user = _user(session, user_id)
        row = session.get(models.UserTotp, user_id)
        if row is not None and row.confirmed_at is not None and not confirmed:
            raise AuthError("two-factor authentication is already on; remove it before enrolling again")
        if row is None:
            row = models.UserTotp(user_id=user_id)
            session.add(row)
        row.sealed = case.key.seal({"secret": secret}, "user_totp")
        row.confirmed_at = _now() if confirmed else None
        row.last_step = None
        codes = _replace_recovery_codes(session, user_id) if confirmed else []
        audit(session, actor, "2fa_enrol" if confirmed else "2fa_totp_start", user_id,
              {"name": user.name, "factor": "totp", "by_admin": confirmed})
        session.commit()
        return provisioning_uri(secret, user.name), codes


def _secret(case: Case, row: models.UserTotp) -> str:
    return case.key.unseal(row.sealed, "user_totp")["secret"]


def enrolment_uri(case: Case, user_id: int, actor: str) -> str:
    """The URI of the user's enrolment under way (shown again on a reload), else a new one."""
    with case.session() as session:
        user, row = _user(session, user_id), session.get(models.UserTotp, user_id)
        if row is not None and row.confirmed_at is None:
            return provisioning_uri(_secret(case, row), user.name)
    return start_totp(case, user_id, actor)[0]


def _matching_step(secret: str, code: str, now: float) -> int | None:
    """The time step (of now-1, now, now+1) whose code ``code`` is, or ``None``."""
    code = "".join(ch for ch in code if not ch.isspace())
    if len(code) != 6 or not code.isascii() or not code.isdigit():
        return None
    totp, current = pyotp.TOTP(secret), int(now // STEP)
    for step in (current - 1, current, current + 1):
        if secrets.compare_digest(totp.at(step * STEP), code):
            return step
    return None


def _claim_step(session, user_id: int, step: int) -> bool:
    """Record ``step`` as used unless it or a later one already was (the replay guard)."""
    table = models.UserTotp.__table__
    claimed = session.execute(update(table).where(
        table.c.user_id == user_id, (table.c.last_step.is_(None)) | (table.c.last_step < step)
    ).values(last_step=step)).rowcount
    return claimed == 1


def confirm_totp(case: Case, user_id: int, code: str, actor: str, now: float | None = None) -> list[str] | None:
    """Turn a started enrolment on with its first right code; returns fresh recovery codes, or
    ``None`` (wrong code — audited as a failure)."""
    with case.session() as session:
        user = _user(session, user_id)
        row = session.get(models.UserTotp, user_id)
        if row is None or row.confirmed_at is not None:
            raise AuthError("there is no enrolment to confirm; start again")
        step = _matching_step(_secret(case, row), code, time.time() if now is None else now)
        if step is None or not _claim_step(session, user_id, step):
            session.rollback()
            audit(session, actor, "2fa_failure", user_id, {"name": user.name, "during": "enrolment"})
            session.commit()
            return None
        row.confirmed_at = _now()
        audit(session, actor, "2fa_enrol", user_id, {"name": user.name, "factor": "totp"})
        codes = _replace_recovery_codes(session, user_id)
        session.commit()
        return codes


def remove_totp(case: Case, user_id: int, actor: str) -> bool:
    with case.session() as session:
        user = _user(session, user_id)
        removed = session.execute(delete(models.UserTotp).where(models.UserTotp.user_id == user_id)).rowcount
        if removed:
            audit(session, actor, "2fa_remove", user_id, {"name": user.name, "factor": "totp"})
        if not _has_factor(session, user_id):
            session.execute(delete(models.RecoveryCode).where(models.RecoveryCode.user_id == user_id))
        session.commit()
        return bool(removed)


def verify_totp(case: Case, user_id: int, code: str, now: float | None = None) -> bool:
    """Whether ``code`` is a right, unused code of the user's active TOTP (and claim its step)."""
    with case.session() as session:
        row = session.get(models.UserTotp, user_id)
        if row is None or row.confirmed_at is None:
            return False
        step = _matching_step(_secret(case, row), code, time.time() if now is None else now)
        if step is None or not _claim_step(session, user_id, step):
            return False
        session.commit()
        return True


# -- recovery codes ------------------------------------------------------------------------------
def _new_code() -> str:
    text = base64.b32encode(secrets.token_bytes(13)).decode()[:20].lower()   # 100 bits
    return "-".join(text[i:i + 5] for i in range(0, 20, 5))


def _normalise_code(code: str) -> str:
    text = "".join(ch for ch in code.lower() if ch.isalnum())
    return "-".join(text[i:i + 5] for i in range(0, len(text), 5))


def _code_digest(code: str) -> str:
    return hashlib.sha256(_normalise_code(code).encode()).hexdigest()


def _replace_recovery_codes(session, user_id: int) -> list[str]:
    session.execute(delete(models.RecoveryCode).where(models.RecoveryCode.user_id == user_id))
    codes = [_new_code() for _ in range(RECOVERY_CODES)]
    session.add_all([models.RecoveryCode(user_id=user_id, code_sha256=_code_digest(c)) for c in codes])
    return codes


def new_recovery_codes(case: Case, user_id: int, actor: str) -> list[str]:
    """Ten new recovery codes (the old ones stop working); the user must have a second factor."""
    with case.session() as session:
        user = _user(session, user_id)
        if not _has_factor(session, user_id):
            raise AuthError("recovery codes come with a second factor; enrol one first")
        codes = _replace_recovery_codes(session, user_id)
        audit(session, actor, "2fa_recovery_codes", user_id, {"name": user.name})
        session.commit()
        return codes


def use_recovery_code(case: Case, user_id: int, code: str) -> bool:
    """Spend one recovery code of the user's: True once per code, then never again."""
    if len(code) > 100:
        return False
    digest = _code_digest(code)
    with case.session() as session:
        table = models.RecoveryCode.__table__
        spent = session.execute(update(table).where(
            table.c.user_id == user_id, table.c.code_sha256 == digest, table.c.used_at.is_(None)
        ).values(used_at=_now())).rowcount
        session.commit()
        return spent == 1


# -- the one check the sign-in and re-authentication pages call ---------------------------------
def verify_code(case: Case, user_id: int, code: str, actor: str, during: str) -> str | None:
    """Check a TOTP code or a recovery code; audit the outcome. Returns the factor that passed
    ("totp" or "recovery") or ``None``."""
    code = (code or "").strip()
    factor = None
    if code and verify_totp(case, user_id, code):
        factor = "totp"
    elif len(code.replace("-", "").replace(" ", "")) >= 20 and use_recovery_code(case, user_id, code):
        factor = "recovery"
    with case.session() as session:
        name = session.scalar(select(models.User.name).where(models.User.id == user_id))
        action = {"totp": "2fa_ok", "recovery": "2fa_recovery_used", None: "2fa_failure"}[factor]
        audit(session, actor, action, user_id, {"name": name, "during": during})
        session.commit()
    return factor


# -- an administrator's reset (``sabt user 2fa``): the lost-device procedure -----------------------
def reset_by_admin(case: Case, name: str, actor: str = "cli", remove_keys: bool = False) -> tuple[str, list[str]]:
    """Give ``name`` a new TOTP secret, active at once, and ten new recovery codes; the old
    secret and codes stop working and the user's sessions end. ``remove_keys``: their security
    keys go too (a lost key ring). Returns (the ``otpauth://`` URI, the codes), shown once."""
    with case.session() as session:
        user = session.scalar(select(models.User).where(models.User.name == name))
        if user is None:
            raise AuthError(f"no user {name!r}")
        user_id = user.id
        session.execute(delete(models.WebSession).where(models.WebSession.user_id == user_id))
        if remove_keys:
            removed = session.execute(delete(models.WebauthnCredential).where(
                models.WebauthnCredential.user_id == user_id)).rowcount
            audit(session, actor, "2fa_remove", user_id, {"name": name, "factor": "webauthn", "keys": removed})
        session.commit()
    return start_totp(case, user_id, actor, confirmed=True)
