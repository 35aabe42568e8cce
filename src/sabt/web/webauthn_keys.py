"""Security keys and passkeys (WebAuthn) as a second factor, with ``py_webauthn``.

Several per user, each named by its user and removable. The relying party is the host the app
is served at (``localhost`` on a laptop, the server's name behind TLS): its id is the request's
host name, the expected origin its scheme and host, so a credential made for the real server
does not answer a look-alike one. A challenge lives with the halfway sign-in or the session
that asked for it and is used once. Only the credential's id, public key and signature counter
are kept; a counter that goes backwards (a cloned key) is refused.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets

from sqlalchemy import delete, select
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import base64url_to_bytes
from webauthn.helpers.exceptions import InvalidAuthenticationResponse, InvalidRegistrationResponse
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from sabt.case import Case
from sabt.store import models
from sabt.web.auth import AuthError
from sabt.web.second_factor import audit

RP_NAME = "sabt"
MAX_KEYS = 20


class KeyRefused(AuthError):
    """A key's answer did not verify (wrong origin, challenge, signature or counter)."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _descriptors(session, user_id: int) -> list[PublicKeyCredentialDescriptor]:
    ids = session.scalars(select(models.WebauthnCredential.credential_id).where(
        models.WebauthnCredential.user_id == user_id)).all()
    return [PublicKeyCredentialDescriptor(id=bytes(i)) for i in ids]


def registration_options(case: Case, user_id: int, user_name: str, rp_id: str) -> tuple[str, bytes]:
    """The options for ``navigator.credentials.create`` (JSON) and their challenge."""
    with case.session() as session:
        existing = _descriptors(session, user_id)
    if len(existing) >= MAX_KEYS:
        raise AuthError(f"a user may register at most {MAX_KEYS} security keys")
    options = generate_registration_options(
        rp_id=rp_id, rp_name=RP_NAME, user_name=user_name, user_id=str(user_id).encode(),
        exclude_credentials=existing,
        authenticator_selection=AuthenticatorSelectionCriteria(resident_key=ResidentKeyRequirement.PREFERRED,
                                                               user_verification=UserVerificationRequirement.PREFERRED))
    return options_to_json(options), options.challenge


def register(case: Case, user_id: int, name: str, credential: dict, challenge: bytes | None, rp_id: str,
             origin: str, actor: str) -> int:
    """Verify a new key's answer and keep it under ``name``; returns its id."""
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise AuthError("give the key a name of 1–100 characters")
    if challenge is None:
        raise KeyRefused("no registration was started here; start again")
    try:
        verified = verify_registration_response(credential=credential, expected_challenge=challenge,
                                                expected_rp_id=rp_id, expected_origin=origin)
    except (InvalidRegistrationResponse, ValueError, KeyError, TypeError) as error:
        with case.session() as session:
            audit(session, actor, "2fa_failure", user_id, {"during": "key registration", "reason": type(error).__name__})
            session.commit()
        raise KeyRefused("the security key's answer did not verify; try again") from None
    transports = credential.get("response", {}).get("transports") if isinstance(credential, dict) else None
    with case.session() as session:
        row = models.WebauthnCredential(user_id=user_id, name=name, credential_id=verified.credential_id,
                                        public_key=verified.credential_public_key, sign_count=verified.sign_count,
                                        transports=transports if isinstance(transports, list) else None)
        session.add(row)
        session.flush()
        audit(session, actor, "2fa_enrol", user_id, {"factor": "webauthn", "key": row.id, "key_name": name})
        session.commit()
        return row.id


def authentication_options(case: Case, user_id: int, rp_id: str) -> tuple[str, bytes]:
    """The options for ``navigator.credentials.get`` listing the user's keys, and the challenge."""
    with case.session() as session:
        allowed = _descriptors(session, user_id)
    if not allowed:
        raise AuthError("no security key is registered for this account")
    options = generate_authentication_options(rp_id=rp_id, allow_credentials=allowed,
                                              challenge=secrets.token_bytes(32),
                                              user_verification=UserVerificationRequirement.PREFERRED)
    return options_to_json(options), options.challenge


def authenticate(case: Case, user_id: int, credential: dict, challenge: bytes | None, rp_id: str, origin: str,
                 actor: str, during: str) -> bool:
    """Whether ``credential`` is a valid answer of one of the user's keys to ``challenge``
    (its counter is moved on); audited either way."""
    ok, key_id = False, None
    try:
        raw_id = base64url_to_bytes(credential["rawId"]) if isinstance(credential, dict) else None
    except (KeyError, ValueError, TypeError):
        raw_id = None
    with case.session() as session:
        row = None if raw_id is None or challenge is None else session.scalar(select(models.WebauthnCredential).where(
            models.WebauthnCredential.user_id == user_id, models.WebauthnCredential.credential_id == raw_id))
        if row is not None:
            try:
                verified = verify_authentication_response(
                    credential=credential, expected_challenge=challenge, expected_rp_id=rp_id, expected_origin=origin,
                    credential_public_key=bytes(row.public_key), credential_current_sign_count=row.sign_count)
                row.sign_count, row.last_used_at, ok, key_id = verified.new_sign_count, _now(), True, row.id
            except (InvalidAuthenticationResponse, ValueError, KeyError, TypeError):
                ok = False
        audit(session, actor, "2fa_ok" if ok else "2fa_failure", user_id,
              {"during": during, "factor": "webauthn", "key": key_id})
        session.commit()
    return ok


def remove(case: Case, user_id: int, key_id: int, actor: str) -> bool:
    with case.session() as session:
        row = session.get(models.WebauthnCredential, key_id)
        if row is None or row.user_id != user_id:
            return False
        name = row.name
        session.execute(delete(models.WebauthnCredential).where(models.WebauthnCredential.id == key_id))
        audit(session, actor, "2fa_remove", user_id, {"factor": "webauthn", "key": key_id, "key_name": name})
        session.commit()
        return True


def parse_credential(body: bytes) -> dict:
    """The browser's answer (``PublicKeyCredential`` as JSON) — refused when not an object."""
    try:
        value = json.loads(body)
    except ValueError:
        raise KeyRefused("the key's answer is not JSON") from None
    if not isinstance(value, dict):
        raise KeyRefused("the key's answer is not a JSON object")
    return value
