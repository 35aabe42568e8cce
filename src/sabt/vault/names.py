"""Showing names that came from outside (file names, URLs) without letting them do harm.

A name is *data*: it never becomes a path in the vault or in a bag (objects are named by
their SHA-256), and it is shown escaped, so a terminal control sequence, a newline or a
right-to-left override in a hostile file name cannot rewrite what the documenter sees::

    >>> display_name("../../etc/passwd\\x1b[2J")
    '../../etc/passwd\\\\x1b[2J'
"""

from __future__ import annotations

import os
import unicodedata

#: Unicode categories shown escaped: controls, format characters (bidi overrides,
#: zero-width joiners), surrogates, unassigned and private-use code points, separators
#: other than the plain space.
_ESCAPED_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


def text_name(name: str | bytes | os.PathLike) -> str:
    """A name as storable text: undecodable bytes of a POSIX file name become ``\\xNN``."""
    if isinstance(name, os.PathLike):
        name = os.fspath(name)
    if isinstance(name, str):
        raw = os.fsencode(name)  # undoes the surrogateescape of undecodable bytes
    else:
        raw = name
    return raw.decode("utf-8", errors="backslashreplace")


def display_name(name: str | None, limit: int = 160) -> str:
    """``name`` with every control/format character escaped, cut to ``limit`` characters."""
    if name is None:
        return ""
    out = []
    for char in name:
        if char == "\\":
            out.append("\\\\")
        elif unicodedata.category(char) in _ESCAPED_CATEGORIES or (char.isspace() and char != " "):
            code = ord(char)
            out.append(
                f"\\x{code:02x}"
                if code < 0x100
                else f"\\u{code:04x}"
                if code < 0x10000
                else f"\\U{code:08x}"
            )
        else:
            out.append(char)
    shown = "".join(out)
    if len(shown) > limit:
        shown = shown[: limit - 1] + "…"
    return shown
