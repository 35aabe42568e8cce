"""Ingest: organisations' lists into the case, each row kept as read beside its normalised fields."""

from sabt.ingest.lists import ImportSummary, import_list

__all__ = ["ImportSummary", "import_list"]
