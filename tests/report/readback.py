"""Read numbers back out of a rendered report (HTML parsed with tinyhtml5, WeasyPrint's parser)."""

from __future__ import annotations

import re

import tinyhtml5

NS = "{http://www.w3.org/1999/xhtml}"
PERSIAN = str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")


def parse(path):
    return tinyhtml5.parse(path.read_text(encoding="utf-8"))


def text(el) -> str:
    return "".join(el.itertext()).strip()


def number(s: str) -> int | None:
    """``'2,403'`` / ``'۲٬۴۰۳'`` → 2403; ``'–'`` → None."""
    s = s.translate(PERSIAN).replace(",", "").replace("٬", "").strip()
    if s in ("–", "-", ""):
        return None
    return int(s)


def numbers_in(s: str) -> list[int]:
    s = s.translate(PERSIAN).replace("٬", ",")
    return [int(m.replace(",", "")) for m in re.findall(r"\d[\d,]*", s)]


def find_all(root, tag: str):
    return root.iter(NS + tag)


def by_id(root, ident: str):
    for el in root.iter():
        if el.get("id") == ident:
            return el
    raise KeyError(ident)


def table_rows(table) -> list:
    return [tr for tr in table.iter(NS + "tr") if tr.get("data-claim") or tr.get("data-incident")
            or tr.get("data-source")]


def cells(row) -> list:
    return [td for td in row if td.tag in (NS + "td", NS + "th")]
