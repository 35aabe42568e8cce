"""sabt — the record: accountability documentation for mass human-rights violations."""

__version__ = "0.1.0"
