"""Fast bulk inserts for imports: SQLite ``executemany`` and PostgreSQL ``COPY``.

Both run inside the caller's transaction, so an import stays one atomic unit. Values arrive
already in storage form: JSON columns as JSON text, dates as :class:`datetime.date`.
"""

from __future__ import annotations

import datetime as dt
from typing import Iterable, Sequence

from sqlalchemy import Connection, Date, DateTime, Table

SQLITE_DATETIME = "%Y-%m-%d %H:%M:%S.%f"


def stored_value(connection: Connection, value):
    """A date or time in the form ``connection``'s database is given it by :func:`bulk_insert`
    (SQLite: text, as SQLAlchemy writes it; PostgreSQL: the value itself)."""
    return value if connection.dialect.name == "postgresql" else _sqlite_value(value)


def _sqlite_value(value):
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.timezone.utc).strftime(SQLITE_DATETIME) if value.tzinfo else value.strftime(SQLITE_DATETIME)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def bulk_insert(connection: Connection, table: Table, columns: Sequence[str], rows: Iterable[tuple],
                converted: bool = False) -> int:
    """Insert tuples (in ``columns`` order) into ``table``; returns how many were written.
    ``converted``: dates and times are already in the form the database stores (see
    :func:`stored_value`), which spares SQLite a pass over every value."""
    if connection.dialect.name == "postgresql":
        return _copy(connection, table, columns, rows)
    rows = list(rows)
    if not rows:
        return 0
    if converted:
        placeholders = ", ".join("?" for _ in columns)
        connection.exec_driver_sql(f'INSERT INTO {table.name} ({", ".join(columns)}) VALUES ({placeholders})', rows)
        return len(rows)
    placeholders = ", ".join("?" for _ in columns)
    sql = f'INSERT INTO {table.name} ({", ".join(columns)}) VALUES ({placeholders})'
    by_column = list(zip(*rows))
    for position, name in enumerate(columns):
        if isinstance(table.c[name].type, (Date, DateTime)):
            cache: dict = {}
            by_column[position] = [
                cache[v] if v in cache else cache.setdefault(v, _sqlite_value(v)) for v in by_column[position]
            ]
    connection.exec_driver_sql(sql, list(zip(*by_column)))
    return len(rows)


def _copy(connection: Connection, table: Table, columns: Sequence[str], rows: Iterable[tuple]) -> int:
    driver = connection.connection.driver_connection
    count = 0
    with driver.cursor() as cursor:
        with cursor.copy(f'COPY {table.name} ({", ".join(columns)}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
    return count
