"""Rewrite the data files' SHA-256 sums in ``src/sabt/places/data/PROVENANCE.md``.

Run after regenerating or editing a data file, *after* reviewing its diff::

    python tools/places/update_provenance.py

In each ``## <file>`` section, the last ``sha256 `…` `` is that file's own checksum; the
ones before it (in the outlines section: the upstream tarball and ``irn.json``) are left
alone.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "src" / "sabt" / "places" / "data"
SUM = re.compile(r"(sha256\*{0,2} `)([0-9a-f]{64})(`)")


def main() -> int:
    path = DATA / "PROVENANCE.md"
    sections = re.split(r"(?m)^(?=## )", path.read_text(encoding="utf-8"))
    out = []
    for section in sections:
        heading = section.splitlines()[0] if section else ""
        name = heading[3:].strip() if heading.startswith("## ") else ""
        if name and (DATA / name).is_file():
            digest = hashlib.sha256((DATA / name).read_bytes()).hexdigest()
            matches = list(SUM.finditer(section))
            if matches:
                last = matches[-1]
                section = section[: last.start(2)] + digest + section[last.end(2) :]
                print(f"{name}: {digest}")
        out.append(section)
    path.write_text("".join(out), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
