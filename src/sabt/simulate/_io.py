"""Writing a simulation to disk: one CSV per list plus the truth."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

ENCODINGS = ("utf-8", "cp1256", "utf-16")
_CP1256 = str.maketrans({"ی": "ي", "۰": "0", "۱": "1", "۲": "2", "۳": "3", "۴": "4",
                         "۵": "5", "۶": "6", "۷": "7", "۸": "8", "۹": "9"})
"""Windows-1256 has no Persian yeh or Persian digits: files in it carry Arabic yeh ي and ASCII
digits, as such files do in the wild."""


def write_lists(
    truth: pd.DataFrame,
    lists: dict[str, pd.DataFrame],
    out_dir: str | Path,
    *,
    persian_encoding: str = "utf-8",
    persian_list: str | None = None,
) -> dict[str, Path]:
    """Write each list as ``<slug>.csv`` (UTF-8) and the truth as ``truth.csv``.

    ``persian_encoding`` (``utf-8``, ``cp1256`` or ``utf-16``) applies to the first list written
    in Persian script (or ``persian_list``), to exercise import of legacy encodings. Returns
    the paths written, by slug (and ``"truth"``).
    """
    if persian_encoding not in ENCODINGS:
        raise ValueError(f"persian_encoding must be one of {', '.join(ENCODINGS)}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if persian_list is None:
        persian_list = next(
            (slug for slug, df in lists.items()
             if len(df) and df["name"].str.contains("[\u0600-\u06ff]", regex=True).all()),
            None,
        )
    paths: dict[str, Path] = {}
    for slug, df in lists.items():
        path = out / f"{slug}.csv"
        if slug == persian_list and persian_encoding != "utf-8":
            frame = df
            if persian_encoding == "cp1256":
                frame = df.map(lambda v: v.translate(_CP1256) if isinstance(v, str) else v)
            text = frame.to_csv(index=False, lineterminator="\r\n")
            path.write_bytes(text.encode(persian_encoding))  # strict: never drop a letter
        else:
            df.to_csv(path, index=False, encoding="utf-8")
        paths[slug] = path
    truth_path = out / "truth.csv"
    truth.to_csv(truth_path, index=False, encoding="utf-8")
    paths["truth"] = truth_path
    return paths
