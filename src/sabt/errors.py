"""Errors a documenter can read.

Every part raises a subclass of :class:`SabtError` with a message that says what is wrong and
where (file, line, column); the CLI and the web app turn them into a clean message or an HTTP
status, never a traceback.
"""


class SabtError(Exception):
    """Base of all errors sabt reports to its user."""

    exit_code = 1


class CaseNotFound(SabtError):
    """The case file or database does not exist or is not a sabt case."""


class ImportRefused(SabtError):
    """A file could not be imported; nothing from it was written."""

    def __init__(self, message: str, problems: list | None = None):
        super().__init__(message)
        self.problems = problems or []


class KeyMissing(SabtError):
    """The key that protects identities is not where the settings say."""


class NotIdentifiable(SabtError):
    """An estimation model cannot be fitted on this table (the MLE does not exist)."""


class VaultTampered(SabtError):
    """An object or the custody log does not verify."""
