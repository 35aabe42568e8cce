"""`sabt encode`: nothing in the output reveals a name; encodings agree across scripts and
spellings; ids stay with the organisation."""

from __future__ import annotations

import csv
import json
import re

import pandas as pd
from typer.testing import CliRunner

from sabt.cli import app
from sabt.pprl.bloom import dice
from sabt.pprl.encode import Encoder, encode_frame
from sabt.simulate import simulate_lists, write_lists

runner = CliRunner()
HEX = re.compile(r"^[0-9a-f]+$")


def _simulated(tmp_path, people=150):
    truth, lists = simulate_lists(people, seed=11)
    write_lists(truth, lists, tmp_path / "lists")
    return sorted((tmp_path / "lists").glob("*.csv"))


def _name_parts(files) -> set[str]:
    parts = set()
    for path in files:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                for column, value in row.items():
                    if column and "name" in column and value:
                        parts.update(re.split(r"[\s\-‌]+", value))
    return {p.casefold() for p in parts if len(p) >= 3 and not HEX.match(p.casefold())}


def test_no_name_part_in_either_script_reaches_the_encoded_output(tmp_path, secret_file, cli_env):
    files = _simulated(tmp_path)
    truth = next(p for p in files if p.stem == "truth")
    lists = [p for p in files if p.stem != "truth"]
    parts = _name_parts(files)
    assert any(re.search("[\u0600-\u06ff]", p) for p in parts) and any(p.isascii() for p in parts)
    assert len(parts) > 200
    for path in lists:
        out = tmp_path / f"{path.stem}.enc"
        result = runner.invoke(app, ["encode", str(path), "--secret", str(secret_file), "-o", str(out)],
                               catch_exceptions=False)
        assert result.exit_code == 0, result.output
        text = out.read_text(encoding="utf-8").casefold()
        found = sorted(p for p in parts if p in text)
        assert not found, f"{path.name}: name parts in the encoded output: {found[:10]}"
        lines = text.splitlines()
        for line in lines[1:]:  # every record holds only an id, bit strings and the shared clear fields
            record = json.loads(line)
            assert set(record) == {"encoded_id", "bits", "clear"} and HEX.match(record["encoded_id"])
            assert all(v is None or set(v) <= {"0", "1"} for v in record["bits"].values())
            assert set(record["clear"]) == {"sex", "age_band", "date_of_death", "province"}
        ids = list(csv.DictReader(open(f"{out}.ids.csv", encoding="utf-8")))
        own = [row["id"] for row in csv.DictReader(open(path, encoding="utf-8-sig"))]
        assert [row["id"] for row in ids] == own
        assert {row["encoded_id"] for row in ids} == {json.loads(line)["encoded_id"] for line in lines[1:]}
        assert not set(own) & {row["encoded_id"] for row in ids}
    assert truth.exists()


def test_encoding_again_keeps_the_encoded_ids(tmp_path, secret_file, cli_env):
    path = _simulated(tmp_path, 40)[0]
    out = tmp_path / "a.enc"
    texts = []
    for _ in range(2):
        assert runner.invoke(app, ["encode", str(path), "--secret", str(secret_file), "-o", str(out)]).exit_code == 0
        texts.append(out.read_text())
    assert texts[0] == texts[1]


def test_a_short_secret_and_a_bad_row_are_refused_with_a_reason(tmp_path, secret_file, cli_env):
    short = tmp_path / "short.key"
    short.write_text("abcd")
    listed = tmp_path / "l.csv"
    listed.write_text("id,name,age\n1,Ali Ahmadi,30\n2,Reza Karimi,300\n", encoding="utf-8")
    result = runner.invoke(app, ["encode", str(listed), "--secret", str(short), "-o", str(tmp_path / "o.enc")])
    assert result.exit_code != 0 and "at least 32" in result.output
    result = runner.invoke(app, ["encode", str(listed), "--secret", str(secret_file), "-o", str(tmp_path / "o.enc")])
    assert result.exit_code != 0 and "l.csv: line 3" in result.output and "nothing was encoded" in result.output
    assert not (tmp_path / "o.enc").exists() and not (tmp_path / "o.enc.ids.csv").exists()
    result = runner.invoke(app, ["encode", str(listed), "--secret", str(secret_file), "-o", str(tmp_path / "o.enc"),
                                 "--share", "sex,name"])
    assert result.exit_code != 0 and "name cannot be shared" in result.output


def _frame(rows):
    columns = ["id", "source_id", "name", "given_name", "family_name", "father_name", "national_id", "address", "sex",
               "age", "birth_year", "date_of_birth", "date_of_death", "date_of_arrest", "place_key", "province_code",
               "protected", "person_id"]
    base = dict.fromkeys(columns)
    frame = pd.DataFrame([{**base, "id": i, "source_id": "x", **r} for i, r in enumerate(rows)], columns=columns)
    frame["age"] = frame["age"].astype("Int64")
    frame["birth_year"] = frame["birth_year"].astype("Int64")
    return frame.astype(object).where(frame.notna(), None)


def test_one_name_in_two_scripts_gives_one_encoding_and_a_typo_a_close_one():
    secret = b"k" * 32
    rows = [{"given_name": "محمد", "family_name": "احمدی", "father_name": "علی", "birth_year": 1990},
            {"given_name": "Mohammad", "family_name": "Ahmadi", "father_name": "Ali", "birth_year": 1991},
            {"given_name": "Mohammad", "family_name": "Ahnadi", "father_name": "Ali", "birth_year": 1990},
            {"given_name": "Zahra", "family_name": "Karimi", "father_name": "Ali", "birth_year": 1970}]
    bits = [r["bits"] for r in encode_frame(_frame(rows), secret, ())]
    assert bits[0]["name"] == bits[1]["name"]
    assert dice(bits[0]["father"], bits[1]["father"]) == 1.0
    assert 0.9 < dice(bits[0]["birth_year"], bits[1]["birth_year"]) < 1.0
    assert 0.85 < dice(bits[1]["name"], bits[2]["name"]) < 1.0
    assert dice(bits[1]["name"], bits[3]["name"]) < 0.75
    # the father's name is salted with the family name: one father, two families, unrelated bits
    assert dice(bits[1]["father"], bits[3]["father"]) < 0.8
    other = [r["bits"] for r in encode_frame(_frame(rows), b"j" * 32, ())]
    assert dice(bits[0]["name"], other[0]["name"]) < 0.75
    assert all(v.count("1") * 2 == len(v) for v in bits[0].values() if v)  # balanced: the weight says nothing
    assert Encoder(secret).orders["name"] != Encoder(b"j" * 32).orders["name"]


def test_a_cp1256_list_in_solar_hijri_encodes_as_its_utf8_copy(tmp_path):
    truth, lists = simulate_lists(60, seed=5)
    write_lists(truth, lists, tmp_path / "utf8")
    write_lists(truth, lists, tmp_path / "cp", persian_encoding="cp1256")
    secret = b"s" * 32
    from sabt.pprl.encode import encode_list

    changed = [p for p in (tmp_path / "cp").glob("*.csv") if p.read_bytes() != (tmp_path / "utf8" / p.name).read_bytes()]
    assert changed, "the simulator wrote no list in cp1256"
    for path in changed:
        encoded = []
        for folder in ("utf8", "cp"):
            out = tmp_path / f"{folder}-{path.stem}.enc"
            encode_list(tmp_path / folder / path.name, secret, out)
            lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()[1:]]
            encoded.append(sorted((r["bits"]["name"] or "", r["clear"]["date_of_death"] or "") for r in lines))
        assert encoded[0] == encoded[1]
        assert all(d.startswith("202") for _, d in encoded[0] if d)  # Solar Hijri dates read as Gregorian
