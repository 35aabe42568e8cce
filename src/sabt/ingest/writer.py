"""Writing a list's records a batch at a time, inside the import's one transaction.

SQLite gets large ``executemany`` batches, PostgreSQL ``COPY`` (both through
:func:`sabt.store.bulk.bulk_insert`). A list that is *fresh* (its source has no records yet)
and larger than what the case already holds is written with the records table's indexes
dropped and rebuilt once at the end, which is faster than keeping them up to date row by
row; the drop is part of the transaction, so a failed import leaves them as they were.

Duplicate ids within the file are found by the database at the end rather than by a set in
memory that would grow with the list: in the records just written (a fresh list, where
every row is written), or in a temporary table of every id and line (a list that updates
earlier rows, where unchanged rows are not written again). SQLite's trigram name search,
filled by a trigger row by row, is filled for the new rows in one statement instead.
"""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import Connection, Engine, bindparam, func, select, text, update

from sabt.errors import ImportRefused
from sabt.store import models
from sabt.store.bulk import bulk_insert, stored_value
from sabt.text import printable

RECORD_COLUMNS = (
    "import_id", "source_id", "source_record_id", "row_number", "raw", "row_sha256", "protected", "sealed",
    "name", "given_name", "family_name", "father_name", "national_id", "address", "name_index", "sex", "age",
    "birth_year", "date_of_birth", "date_of_death", "date_of_arrest", "status", "place_text", "place_key", "province_code", "extra",
    "supersedes_id", "superseded", "person_id", "created_at",
)
SUPERSEDES = RECORD_COLUMNS.index("supersedes_id")
LOOKUP_CHUNK = 5_000
IDS_TABLE = "sabt_import_ids"
NAME_SEARCH = models.NAME_SEARCH["records"]


@contextmanager
def import_connection(engine: Engine):
    """A connection for one import. On SQLite its temporary storage (the sorts of index builds,
    the ids table) goes to a file rather than memory for the import's length (a setting SQLite
    lets change only outside a transaction), so memory stays flat however long the list."""
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            connection.exec_driver_sql("PRAGMA temp_store=FILE")
            connection.commit()
        try:
            yield connection
        finally:
            if sqlite:
                if connection.in_transaction():
                    connection.rollback()
                connection.exec_driver_sql("PRAGMA temp_store=MEMORY")
                connection.commit()


class RecordWriter:
    """Writes one import's records on ``connection`` (a transaction the caller commits)."""

    def __init__(self, connection: Connection, source_id: str, estimated_rows: int):
        self.connection, self.source_id = connection, source_id
        self.sqlite = connection.dialect.name == "sqlite"
        if self.sqlite and not connection.connection.driver_connection.in_transaction:
            # Python's sqlite3 opens a transaction only before a row is written: the indexes and
            # the trigger dropped below must be dropped inside it, or a failed import loses them
            connection.exec_driver_sql("BEGIN")
        self.table = models.Record.__table__
        self.fresh = connection.execute(
            select(models.Record.id).where(models.Record.source_id == source_id).limit(1)).first() is None
        self.dropped: list[str] = []
        self.now = stored_value(connection, models._now())
        """The records' ``created_at``, in stored form (the rows come with their dates as ISO text)."""
        self.first_new_id = (connection.execute(select(func.max(models.Record.id))).scalar_one() or 0) + 1
        self.name_search_trigger = self._drop_name_search_trigger() if self.sqlite else None
        if self.fresh:
            held = connection.execute(select(func.count()).select_from(self.table)).scalar_one()
            if held < estimated_rows:
                self._drop_indexes()
        else:
            self._create_ids_table()

    def _drop_indexes(self) -> None:
        """Drop the records table's plain indexes as the database holds them (their SQL is kept
        to rebuild them as they were); unique ones, the primary key's included, stay."""
        if self.sqlite:
            found = self.connection.exec_driver_sql(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'records' "
                "AND sql IS NOT NULL AND substr(sql, 1, 13) <> 'CREATE UNIQUE'").all()
        else:
            found = self.connection.exec_driver_sql(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'records' "
                "AND schemaname = current_schema() AND substr(indexdef, 1, 13) <> 'CREATE UNIQUE'").all()
        for name, sql in sorted(found):
            self.connection.exec_driver_sql(f'DROP INDEX "{name}"')
            self.dropped.append(sql)

    def _drop_name_search_trigger(self) -> str | None:
        """SQLite's trigram name search is filled by a trigger row by row; for the import it is
        filled once, for all new rows, at the end (:meth:`finish`). Returns the trigger's SQL."""
        found = self.connection.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (f"{NAME_SEARCH}_ai",)).first()
        if found is None:
            return None
        self.connection.exec_driver_sql(f"DROP TRIGGER {NAME_SEARCH}_ai")
        return found[0]

    def _create_ids_table(self) -> None:
        if self.sqlite:
            self.connection.exec_driver_sql(f"DROP TABLE IF EXISTS temp.{IDS_TABLE}")
            self.connection.exec_driver_sql(f"CREATE TEMP TABLE {IDS_TABLE} (source_record_id TEXT, row_number INTEGER)")
        else:
            self.connection.exec_driver_sql(f"DROP TABLE IF EXISTS pg_temp.{IDS_TABLE}")
            self.connection.exec_driver_sql(
                f"CREATE TEMP TABLE {IDS_TABLE} (source_record_id TEXT, row_number INTEGER) ON COMMIT DROP")

    def existing(self, ids: list, import_id: int) -> dict:
        """Earlier, current records of this source with these ids: id → (row id, row hash)."""
        if self.fresh:
            return {}
        Record = models.Record
        query = select(Record.id, Record.source_record_id, Record.row_sha256).where(
            Record.source_id == self.source_id, Record.superseded.is_(False), Record.import_id != import_id,
            Record.source_record_id.in_(bindparam("ids", expanding=True)))
        found = {}
        wanted = sorted({i for i in ids if i is not None})
        for start in range(0, len(wanted), LOOKUP_CHUNK):
            for row_id, record_id, row_hash in self.connection.execute(
                    query, {"ids": wanted[start:start + LOOKUP_CHUNK]}):
                found[record_id] = (row_id, row_hash)
        return found

    def write(self, rows: list[tuple], ids_and_lines: list[tuple]) -> None:
        """Insert the batch's new records, mark the rows they supersede, and (for a list that
        updates earlier rows) note every id of the batch with its line."""
        bulk_insert(self.connection, self.table, RECORD_COLUMNS, rows, converted=True)
        superseded = [row[SUPERSEDES] for row in rows if row[SUPERSEDES] is not None]
        if superseded:
            self.connection.execute(update(models.Record).where(models.Record.id.in_(superseded)).values(superseded=True))
        if not self.fresh and ids_and_lines:
            if self.sqlite:
                self.connection.exec_driver_sql(f"INSERT INTO temp.{IDS_TABLE} VALUES (?, ?)", ids_and_lines)
            else:
                with self.connection.connection.driver_connection.cursor() as cursor:
                    with cursor.copy(f"COPY {IDS_TABLE} (source_record_id, row_number) FROM STDIN") as copy:
                        for pair in ids_and_lines:
                            copy.write_row(pair)

    def finish(self, file_name: str, progress=None) -> None:
        """Rebuild any index dropped for the import, then refuse a duplicate id."""
        for done, sql in enumerate(self.dropped, start=1):
            self.connection.exec_driver_sql(sql)
            if progress:
                progress("indexes", done, len(self.dropped))
        self.dropped = []
        if self.name_search_trigger is not None:
            self.connection.exec_driver_sql(
                f"INSERT INTO {NAME_SEARCH} (rowid, name) SELECT id, name FROM records "
                "WHERE id >= ? AND name IS NOT NULL", (self.first_new_id,))
            self.connection.exec_driver_sql(self.name_search_trigger)
            self.name_search_trigger = None
        if self.fresh:  # every row of the file was written, and the source holds nothing else
            self._refuse_duplicates(file_name, "records", "source_id = :source", {"source": self.source_id})
        else:
            self._refuse_duplicates(file_name, ("temp." if self.sqlite else "pg_temp.") + IDS_TABLE, "1 = 1", {})
        if self.sqlite and not self.fresh:
            self.connection.exec_driver_sql(f"DROP TABLE IF EXISTS temp.{IDS_TABLE}")

    def _refuse_duplicates(self, file_name: str, table: str, where: str, params: dict) -> None:
        """One clear error for the first id used twice (by the line of its second use)."""
        any_twice = self.connection.execute(text(
            f"SELECT source_record_id FROM {table} WHERE {where} AND source_record_id IS NOT NULL "
            "GROUP BY source_record_id HAVING count(*) > 1 LIMIT 1"), params).first()
        if any_twice is None:
            return
        record_id, line, first = self.connection.execute(text(
            f'SELECT source_record_id, "row_number", earlier FROM (SELECT source_record_id, "row_number", '
            f'min("row_number") OVER (PARTITION BY source_record_id) AS earlier FROM {table} '
            f"WHERE {where} AND source_record_id IS NOT NULL) AS numbered "
            'WHERE "row_number" > earlier ORDER BY "row_number" LIMIT 1'), params).one()
        raise ImportRefused(f"{file_name}: line {line}: id {printable(record_id)!r} already used on line {first}")
