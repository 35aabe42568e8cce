"""sabt.web: the team's web app and JSON API over one case.

    from sabt.web import create_app
    app = create_app(Case.open(Settings.for_db("iran.sabt")))

``sabt serve`` runs it (:mod:`sabt.cli.serve`); ``docs/web.md`` describes roles, sessions,
tokens and how protected identities are handled.
"""

from sabt._lazy import lazy_exports

__all__ = ["create_app"]
__getattr__, __dir__ = lazy_exports(__name__, {"create_app": "sabt.web.app"})
