"""sabt.actors — units, persons, posts, parentage and deployments; "who was in command".

The Security Force Monitor model: every datum (a post, a unit under a unit, a unit at a
place) is dated from–to with partial or open dates, and carries its sources and a
confidence. The front door::

    from sabt.actors import import_actors, who_was_in_command, designation
    import_actors(case, "examples/iran-2026/actors")
    who_was_in_command(case, place="Kermanshah", date="2026-01-08").to_dict()
    designation(case, "irgc-ground-forces")

Columns of the CSV files: ``docs/actors.md``.
"""

from sabt.actors.chain import CommandAnswer, CommandQueryError, UnitNode, who_was_in_command
from sabt.actors.designation import ActorNotFound, designation, render_html, render_markdown
from sabt.actors.export import export_csv, export_popolo
from sabt.actors.importer import ActorsSummary, import_actors

__all__ = [
    "ActorNotFound",
    "ActorsSummary",
    "CommandAnswer",
    "CommandQueryError",
    "UnitNode",
    "designation",
    "export_csv",
    "export_popolo",
    "import_actors",
    "render_html",
    "render_markdown",
    "who_was_in_command",
]
