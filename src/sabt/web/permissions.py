"""Who may do what: the role matrix as data, and the one function that consults it.

Every route of the web app names one *action* in :data:`ROUTE_ACTIONS`; a request is let through
only when :func:`authorize` says its actor may perform that action. A route missing from the
table is refused for everyone (and fails ``tests/web/test_role_matrix.py``), so a new route
cannot ship open by accident.

>>> authorize(Actor("sara", "viewer"), "write")
False
"""

from __future__ import annotations

from dataclasses import dataclass

ROLES = ("admin", "analyst", "reviewer", "viewer")

#: action → the roles that may perform it. ``public`` needs no login.
MATRIX: dict[str, frozenset[str]] = {
    "public": frozenset(ROLES) | {"anonymous"},
    "read": frozenset(ROLES),                                   # browse, search, the assessment
    "self": frozenset(ROLES),                                   # own language, logout
    "read_protected": frozenset({"admin", "analyst", "reviewer"}),  # see a protected identity
    "write": frozenset({"admin", "analyst"}),                   # sources, claims, incidents
    "upload": frozenset({"admin", "analyst"}),                  # evidence into the vault
    "protect": frozenset({"admin", "analyst"}),                 # protect / release an identity
    "review": frozenset({"admin", "analyst", "reviewer"}),      # settle uncertain record pairs
    "link_any": frozenset({"admin", "analyst"}),                # decide a pair linkage did not propose
    "run": frozenset({"admin", "analyst"}),                     # linkage and estimation
    "admin": frozenset({"admin"}),                              # users, the audit log
    "account": frozenset(ROLES),                                # own password, sessions, tokens, events
    "account_admin": frozenset({"admin"}),                      # others' sessions and tokens, the policy
}

#: actions only a signed-in browser session may perform: an API token cannot mint tokens, end
#: sessions or change a password (a stolen token must not be able to outlive its revocation)
BROWSER_ONLY: frozenset[str] = frozenset({"account", "account_admin"})

#: "METHOD /path" (the route's path template) → action.
ROUTE_ACTIONS: dict[str, str] = {
    # sign-in
    "GET /login": "public",
    "POST /login": "public",
    "POST /logout": "self",
    "POST /me/lang": "self",
    "GET /openapi.json": "read",
    # pages
    "GET /": "read",
    "GET /sources": "read",
    "GET /sources/new": "write",
    "POST /sources": "write",
    "GET /sources/{source_id}": "read",
    "GET /claims": "read",
    "GET /claims/new": "write",
    "POST /claims": "write",
    "GET /claims/{claim_id}": "read",
    "GET /claims/{claim_id}/edit": "write",
    "POST /claims/{claim_id}": "write",
    "GET /incidents": "read",
    "GET /incidents/new": "write",
    "POST /incidents": "write",
    "GET /incidents/{incident_id}": "read",
    "GET /incidents/{incident_id}/edit": "write",
    "POST /incidents/{incident_id}": "write",
    "GET /persons": "read",
    "GET /persons/{person_id}": "read",
    "POST /persons/{person_id}/protection": "protect",
    "GET /records": "read",
    "GET /places": "read",
    "GET /favicon.ico": "public",
    "GET /records/{record_id}": "read",
    "POST /records/{record_id}/protection": "protect",
    "GET /actors": "read",
    "GET /actors/{actor_id}": "read",
    "GET /evidence": "read",
    "POST /evidence": "upload",
    "GET /evidence/verify": "read",
    "GET /evidence/{evidence_id}": "read",
    "GET /review": "review",
    "POST /review": "review",
    "GET /desk": "review",                                      # the claims review desk
    "GET /desk/{source_id}": "review",
    "POST /desk/{source_id}/claims/{claim_id}": "review",
    "GET /desk/{source_id}/labels.jsonl": "review",
    "GET /run": "run",
    "POST /run/link": "run",
    "POST /run/estimate": "run",
    "GET /run/jobs/{job_id}": "run",
    "GET /assessment": "read",
    "GET /export/{table}": "read",            # redacted for the role; reveals audited
    "GET /audit": "admin",
    "GET /users": "admin",
    "POST /users": "admin",
    "POST /users/{user_id}/disable": "admin",
    "POST /users/{user_id}/token": "account_admin",
    "POST /users/{user_id}/enable": "admin",
    "POST /users/{user_id}/unlock": "admin",
    "POST /users/{user_id}/reset": "admin",
    # second factors and re-authentication (views/security.py); the halfway sign-in pages are
    # public to the guard and check their own cookie (sabt.web.pending)
    "GET /login/second-factor": "public",
    "POST /login/second-factor": "public",
    "GET /login/enrol": "public",
    "POST /login/enrol": "public",
    "GET /me/security": "self",
    "GET /me/security/totp": "self",
    "POST /me/security/totp": "self",
    "POST /me/security/totp/remove": "self",
    "POST /me/security/recovery": "self",
    "GET /reauth": "self",
    "POST /reauth": "self",
    "POST /api/reauth": "self",
    "GET /admin/security": "admin",
    "POST /me/security/keys/options": "self",
    "POST /me/security/keys": "self",
    "POST /me/security/keys/{key_id}/remove": "self",
    "POST /login/webauthn/options": "public",
    "POST /login/webauthn/verify": "public",
    "POST /login/webauthn/register/options": "public",
    "POST /login/webauthn/register": "public",
    "POST /reauth/webauthn/options": "self",
    "POST /reauth/webauthn/verify": "self",
    "POST /admin/security": "admin",
    # account hygiene (sabt.web.views.account)
    "GET /me/password": "account",
    "POST /me/password": "account",
    "GET /me/sessions": "account",
    "POST /me/sessions/{handle}/revoke": "account",
    "POST /me/signout-everywhere": "account",
    "GET /me/tokens": "account",
    "POST /me/tokens": "account",
    "POST /me/tokens/{token_id}/revoke": "account",
    "GET /me/activity": "account",
    "GET /users/{user_id}/sessions": "account_admin",
    "POST /users/{user_id}/sessions/{handle}/revoke": "account_admin",
    "POST /users/{user_id}/signout": "account_admin",
    "GET /users/{user_id}/tokens": "account_admin",
    "POST /users/{user_id}/tokens/{token_id}/revoke": "account_admin",
    "GET /settings/accounts": "account_admin",
    "POST /settings/accounts": "account_admin",
    # JSON API
    "GET /api/me": "self",
    "GET /api/stats": "read",
    "GET /api/sources": "read",
    "POST /api/sources": "write",
    "GET /api/sources/{source_id}": "read",
    "GET /api/claims": "read",
    "POST /api/claims": "write",
    "GET /api/claims/{claim_id}": "read",
    "PUT /api/claims/{claim_id}": "write",
    "GET /api/incidents": "read",
    "POST /api/incidents": "write",
    "GET /api/incidents/{incident_id}": "read",
    "PUT /api/incidents/{incident_id}": "write",
    "GET /api/persons": "read",
    "GET /api/persons/{person_id}": "read",
    "PUT /api/persons/{person_id}/protection": "protect",
    "GET /api/records": "read",
    "GET /api/records/{record_id}": "read",
    "PUT /api/records/{record_id}/protection": "protect",
    "GET /api/actors": "read",
    "GET /api/actors/{actor_id}": "read",
    "GET /api/places": "read",
    "GET /api/evidence": "read",
    "POST /api/evidence": "upload",
    "GET /api/evidence/{evidence_id}": "read",
    "GET /api/vault/verify": "read",
    "GET /api/review/pairs": "review",
    "POST /api/review/decisions": "review",
    "POST /api/link": "run",
    "POST /api/estimate": "run",
    "GET /api/jobs/{job_id}": "run",
    "GET /api/estimates": "read",
    "GET /api/audit": "admin",
    "GET /api/users": "admin",
}


@dataclass(frozen=True)
class Actor:
    """Who is asking: a signed-in user (by session or API token) or ``anonymous``."""

    name: str
    role: str
    lang: str = "en"
    user_id: int | None = None
    via: str = "session"   # "session" (cookie; unsafe methods need CSRF) or "token" (Bearer)
    #: proved itself again recently (:mod:`sabt.web.reauth`): may reveal protected identities
    reauthenticated: bool = False
    read_only: bool = False   # a read-scoped API token: GET and HEAD only (sabt.web.tokens)

    @property
    def is_anonymous(self) -> bool:
        return self.role == "anonymous"


ANONYMOUS = Actor("anonymous", "anonymous", via="none")


def authorize(actor: Actor | None, action: str, resource: object | None = None) -> bool:
    """May ``actor`` perform ``action`` (on ``resource``)? Unknown actions are refused."""
    role = actor.role if actor is not None else "anonymous"
    allowed = MATRIX.get(action)
    return allowed is not None and role in allowed


def may_see_protected(actor: Actor | None) -> bool:
    return authorize(actor, "read_protected")


def may_reveal(actor: Actor | None) -> bool:
    """May ``actor`` see protected identities in clear now: the role, and a recent
    re-authentication (:mod:`sabt.web.reauth`). The role alone lets it know the rows exist."""
    return may_see_protected(actor) and actor is not None and actor.reauthenticated


def route_action(method: str, path: str) -> str | None:
    return ROUTE_ACTIONS.get(f"{method.upper()} {path}")
