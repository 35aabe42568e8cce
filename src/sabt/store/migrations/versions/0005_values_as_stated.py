"""claims: values as the source stated them

Before this revision "more than 3,000" was stored as ``low = 3001`` and a vague word
("thousands") as invented bounds (2,000–9,999), and "nearly" was filed as "approximately".
From this revision a claim keeps the source's own number and qualifier (see
``sabt.claims.values``). This data migration brings stored values back to what was stated:

- ``more than``: ``low`` goes back to N where the stored low is the old N+1 — the claim's quote
  or extracted figure holds N and not N+1, or, with neither, N is a round number (N+1 ends in 1);
- ``vague: dozens (rules …)``: the bounds are dropped and the qualifier keeps the word;
- ``approximately`` / ``up to``: become ``nearly`` / ``fewer than`` where the quote says so
  ("nearly 5,000", "almost", "close to"; "fewer than", "less than").

Incidents whose counts were derived from claims keep their stored counts (the report shows each
source's figure, not the incident's derived one). No schema change.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 17:30:00
"""
import re

from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

# the reading of vague words before this revision (data/vague_numbers.toml, version 2026-11-1)
OLD_VAGUE_RULES = "2026-11-1"
OLD_VAGUE = {
    "a few": (3, None, 9), "several": (3, None, 9), "dozens": (24, None, 99), "scores": (40, None, 99),
    "hundreds": (200, None, 999), "several hundred": (300, None, 999), "thousands": (2000, None, 9999),
    "several thousand": (3000, None, 9999), "tens of thousands": (20000, None, 99999),
    "hundreds of thousands": (200000, None, 999999), "ده‌ها": (20, None, 99), "صدها": (200, None, 999),
    "هزاران": (2000, None, 9999),
}
NEARLY = ("nearly", "almost", "close to")
FEWER = ("fewer than", "less than")
PERSIAN_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")

claims = sa.table(
    "claims", sa.column("id", sa.Integer), sa.column("low", sa.BigInteger),
    sa.column("best", sa.BigInteger), sa.column("high", sa.BigInteger),
    sa.column("qualifier", sa.String), sa.column("quote", sa.Text), sa.column("extra", sa.JSON),
)


def _numbers(text: str) -> set[int]:
    """The numbers written in a text (thousands separators and Persian digits folded)."""
    text = (text or "").translate(PERSIAN_DIGITS).replace("٬", ",")
    return {int(n.replace(",", "")) for n in re.findall(r"\d{1,3}(?:,\d{3})+|\d+", text)}


def _said_with(quote: str, words: tuple[str, ...], number: int) -> bool:
    folded = (quote or "").translate(PERSIAN_DIGITS).replace("٬", ",").lower()
    pattern = "|".join(re.escape(w) for w in words)
    return any(int(n.replace(",", "")) == number
               for n in re.findall(rf"\b(?:{pattern})\s+(\d{{1,3}}(?:,\d{{3}})+|\d+)", folded))


def _was_plus_one(low: int, quote: str | None, figure: str | None) -> bool:
    written = _numbers(quote or "") | _numbers(figure or "")
    if written:
        return (low - 1) in written and low not in written
    return low % 10 == 1


def upgrade() -> None:
    connection = op.get_bind()
    rows = connection.execute(sa.select(claims.c.id, claims.c.low, claims.c.best, claims.c.high,
                                        claims.c.qualifier, claims.c.quote, claims.c.extra)).all()
    for id_, low, best, high, qualifier, quote, extra in rows:
        head = (qualifier or "").split(";")[0].strip().lower()
        figure = (extra or {}).get("value_text") if isinstance(extra, dict) else None
        values = None
        if head == "more than" and low is not None and _was_plus_one(low, quote, figure):
            values = {"low": low - 1}
        elif head.startswith("vague:"):
            word = head[len("vague:"):].split(" (rules")[0].strip()
            values = {"low": None, "best": None, "high": None, "qualifier": f"vague: {word}"}
        elif head == "approximately" and best is not None and _said_with(quote, NEARLY, best):
            values = {"qualifier": "nearly"}
        elif head == "up to" and high is not None and _said_with(quote, FEWER, high):
            values = {"qualifier": "fewer than"}
        if values:
            connection.execute(sa.update(claims).where(claims.c.id == id_).values(**values))


def downgrade() -> None:
    connection = op.get_bind()
    rows = connection.execute(sa.select(claims.c.id, claims.c.low, claims.c.qualifier)).all()
    for id_, low, qualifier in rows:
        head = (qualifier or "").split(";")[0].strip().lower()
        values = None
        if head == "more than" and low is not None:
            values = {"low": low + 1}
        elif head.startswith("vague:") and head[len("vague:"):].strip() in OLD_VAGUE:
            word = head[len("vague:"):].strip()
            lo, best, hi = OLD_VAGUE[word]
            values = {"low": lo, "best": best, "high": hi,
                      "qualifier": f"vague: {word} (rules {OLD_VAGUE_RULES})"}
        elif head == "nearly":
            values = {"qualifier": "approximately"}
        elif head == "fewer than":
            values = {"qualifier": "up to"}
        if values:
            connection.execute(sa.update(claims).where(claims.c.id == id_).values(**values))
