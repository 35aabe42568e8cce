"""Hostile file names: stored safely (objects are named by hash), shown escaped."""

from __future__ import annotations

import os

from typer.testing import CliRunner

from sabt.cli.vault import vault_app
from sabt.vault import add_files, export_bag, import_warc, verify, verify_bag
from sabt.vault.names import display_name
from sabt.vault.objects import iter_objects

from . import media

HOSTILE = [
    "evil\x1b[2J\x1b[31mred.jpg",  # terminal escape sequences
    "line\nbreak\rreturn\ttab.jpg",  # control characters
    "\u202egpj.exe",  # right-to-left override
    "ن" * 126 + ".j",  # 254 bytes of UTF-8: the longest a file name may be
]


def _everything_inside(root, outside_marker):
    assert not outside_marker.exists(), "nothing was written outside the vault"


def test_hostile_names_are_stored_by_hash_and_kept_as_data(case, files, tmp_path):
    paths = []
    for i, name in enumerate(HOSTILE):
        path = files / name
        path.write_bytes(f"content {i}".encode())
        paths.append(path)
    # a path that climbs out of its folder: stored by its content, never by its name
    (files / "a" / "b").mkdir(parents=True)
    (files / "etc").mkdir()
    (files / "etc" / "passwd").write_bytes(b"root:x:0:0")
    paths.append(files / "a" / "b" / ".." / ".." / "etc" / "passwd")
    # undecodable bytes in a POSIX name
    raw_name = os.fsdecode(b"bad-\xff\xfe-bytes.jpg")
    (files / raw_name).write_bytes(b"bytes")
    paths.append(files / raw_name)

    results = add_files(case, paths)
    assert [r.name for r in results[:4]] == HOSTILE
    assert results[4].name == "passwd"
    assert results[5].name == "bad-\\xff\\xfe-bytes.jpg"
    names = {name for name, _ in iter_objects(case.vault_dir)}
    assert names == {r.sha256 for r in results}
    for path in case.vault_dir.rglob("*"):
        assert path.resolve().is_relative_to(case.vault_dir.resolve())
    assert verify(case).ok


def test_names_are_shown_escaped():
    assert display_name("evil\x1b[2J.jpg") == "evil\\x1b[2J.jpg"
    assert display_name("a\nb") == "a\\x0ab"
    assert display_name("\u202egpj.exe") == "\\u202egpj.exe"
    assert display_name("../../etc/passwd") == "../../etc/passwd"
    assert display_name("عکس.jpg") == "عکس.jpg"
    assert len(display_name("x" * 300)) == 160


def test_cli_output_carries_no_control_characters(case, files, vault_settings, signing_key):
    path = files / HOSTILE[0]
    path.write_bytes(b"x")
    result = CliRunner().invoke(
        vault_app,
        ["add", str(path), "--db", vault_settings.db, "--vault", str(vault_settings.vault_dir)],
    )
    assert result.exit_code == 0, result.output
    assert "\x1b[2J" not in result.output
    assert "evil\\x1b[2J" in result.output


def test_a_300_byte_name_and_a_traversing_url_in_a_warc(case, files, tmp_path):
    long_url = "https://example.org/" + "a" * 300 + "/../../../../etc/passwd"
    warc = media.warc(
        files / "capture.warc.gz",
        [
            (long_url, "text/plain", b"not the password file"),
            ("https://example.org/x\x1b[31m", "text/html", b"<p>escape</p>"),
        ],
    )
    results = import_warc(case, warc)
    assert results[1].name == long_url and len(results[1].name.encode()) > 300
    assert not (tmp_path / "etc").exists()
    bag = tmp_path / "bag"
    export_bag(case, bag)
    assert verify_bag(bag).ok
    for path in bag.rglob("*"):
        assert path.resolve().is_relative_to(bag.resolve())
        assert len(path.name) <= 80
