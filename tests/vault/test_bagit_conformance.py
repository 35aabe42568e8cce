"""The Library of Congress BagIt conformance suite (CC0, shipped under tests/data), bag by bag.

Each bag's verdict from :func:`sabt.vault.bag.check_bagit` is held against the suite's own
classification (``valid`` and ``warning`` bags must pass; ``invalid`` and ``linux-only`` bags
must fail), and against the table in docs/vault.md, so the documentation says what sabt does.
Three ``warning`` bags cannot pass as the suite stores them: their manifests list files the
suite's repository does not hold (``HELLO.txt`` beside ``hello.txt``, ``.DS_Store``, a second
normalisation of ``Núñez``), so they are expected invalid here, as bagit-python finds them.
``windows-only`` bags test Windows path handling; on Linux their verdict is recorded, not judged.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sabt.vault.bag import BAGIT_TXT, bagit_txt_problem, check_bagit

ROOT = Path(__file__).resolve().parents[1] / "data" / "bagit-conformance-suite"
DOCS = Path(__file__).resolve().parents[2] / "docs" / "vault.md"
BAGS = sorted(p.relative_to(ROOT).as_posix() for p in ROOT.glob("v*/*/*") if p.is_dir())
INCOMPLETE_IN_THE_SUITE = {
    "v0.97/warning/duplicate-file-with-different-case",
    "v0.97/warning/same-filename-listed-twice-with-different-normalization",
    "v0.97/warning/special-system-files",
}


def verdict(bag: str) -> str:
    findings, readable = check_bagit(ROOT / bag)
    return "valid" if readable and not findings else "invalid"


def expected(bag: str) -> str | None:
    category = bag.split("/")[1]
    if category == "windows-only":
        return None
    if bag in INCOMPLETE_IN_THE_SUITE:
        return "invalid"
    return "valid" if category in ("valid", "warning") else "invalid"


def test_the_whole_suite_is_here():
    assert len(BAGS) == 60


@pytest.mark.parametrize("bag", BAGS)
def test_each_suite_bag_gets_the_suites_verdict(bag):
    want = expected(bag)
    if want is not None:
        assert verdict(bag) == want


def test_the_docs_table_is_what_sabt_says():
    rows = dict(
        re.findall(
            r"^\| `(v[0-9.]+/[^`]+)` \| [a-z-]+ \| (valid|invalid) \|", DOCS.read_text(), re.M
        )
    )
    assert set(rows) == set(BAGS), "docs/vault.md lists every suite bag"
    assert {bag: verdict(bag) for bag in BAGS} == rows


def test_a_space_before_the_colon_is_refused_though_bagit_python_accepts_it():
    import bagit

    bag = ROOT / "v1.0/invalid/bagit-with-invalid-whitespace"
    bagit.Bag(str(bag)).validate()  # bagit-python's leniency, which sabt does not inherit
    assert "RFC 8493" in bagit_txt_problem((bag / "bagit.txt").read_bytes())


@pytest.mark.parametrize(
    "text",
    [
        b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n",
        b"BagIt-Version: 1.0\r\nTag-File-Character-Encoding: UTF-8\r\n",
        b"BagIt-Version: 0.97\nTag-File-Character-Encoding: UTF-8",
    ],
)
def test_well_formed_bagit_txt(text):
    assert bagit_txt_problem(text) is None


@pytest.mark.parametrize(
    "text",
    [
        b"BagIt-Version : 1.0\nTag-File-Character-Encoding: UTF-8\n",
        b"\xef\xbb\xbfBagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n",
        b"Tag-File-Character-Encoding: UTF-8\nBagIt-Version: 1.0\n",
        b"BagIt-Version: 1.0\n",
        b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\nExtra: line\n",
        b"BagIt-Version:1.0\nTag-File-Character-Encoding: UTF-8\n",
    ],
)
def test_malformed_bagit_txt(text):
    assert bagit_txt_problem(text) is not None


def test_sabt_declares_bagit_1_0():
    assert BAGIT_TXT == "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
