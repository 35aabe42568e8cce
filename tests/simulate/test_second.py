"""The second, independently written simulator: truth, encodings, habits, and reading back."""

from collections import Counter

from sabt.ingest import import_list
from sabt.simulate import record_map
from sabt.simulate.second import HELD_OUT_SEEDS, simulate_second, write_second


def test_held_out_seeds_are_frozen():
    # Fixed before any tuning (issue 20); changing them would let tuning see the report's draws.
    assert HELD_OUT_SEEDS == (20_101, 20_102)


def test_every_row_is_one_true_person_and_the_draw_repeats():
    truth, lists = simulate_second(600, seed=5)
    mapping = record_map(truth)
    assert sum(len(frame) for frame in lists.values()) == len(mapping) == truth["n_records"].sum()
    for slug, frame in lists.items():
        assert sorted(frame["id"]) == sorted(mapping.loc[mapping["list"] == slug, "id"])
    again_truth, again = simulate_second(600, seed=5)
    assert all(again[s].equals(lists[s]) for s in lists) and again_truth.equals(truth)
    assert not simulate_second(600, seed=6)[1]["hamdel"].equals(lists["hamdel"])


def test_each_organisation_writes_its_own_way(tmp_path):
    truth, lists = simulate_second(1500, seed=7)
    paths = write_second(truth, lists, tmp_path)
    hamdel = paths["hamdel"].read_bytes().decode("cp1256")
    assert "ي" in hamdel and "ی" not in hamdel and "1404/10/" in hamdel          # Arabic yeh, Solar Hijri
    assert paths["daftar"].read_bytes()[:2] in (b"\xff\xfe", b"\xfe\xff")        # UTF-16 with BOM
    assert "دی ۱۴۰۴" in paths["daftar"].read_text("utf-16")                       # month names, Persian digits
    witness = " ".join(lists["witness"]["name"])
    roll = " ".join(lists["roll"]["name"])
    assert "-Pour" in witness or "-Zade" in witness                               # hyphenated compounds
    assert "Sayyed" in witness and "SEY" in roll
    assert "Q" in witness and "OO" in roll                                        # q for gh; oo for ou
    # namesakes: two true people with one name, age and city
    same = Counter(zip(truth["name_fa"], truth["age"], truth["province"]))
    assert max(same.values()) >= 2


def test_lists_read_back_into_a_case(case, tmp_path):
    truth, lists = simulate_second(300, seed=8)
    paths = write_second(truth, lists, tmp_path)
    for slug in lists:
        summary = import_list(case, paths[slug], slug)
        assert summary.rows_rejected == 0 and summary.rows_added == len(lists[slug])
        assert summary.encoding == {"hamdel": "cp1256", "daftar": "utf-16"}.get(slug, "utf-8")
        assert not summary.unresolved_places, summary.unresolved_places


def test_simulate_command_draws_the_second_model(tmp_path):
    from typer.testing import CliRunner

    from tests.simulate.test_command import _app

    result = CliRunner().invoke(_app(), ["simulate", "lists", "--people", "200", "--seed", "3", "--model", "second",
                                         "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["daftar.csv", "hamdel.csv", "roll.csv", "truth.csv",
                                                          "witness.csv"]
    bad = CliRunner().invoke(_app(), ["simulate", "lists", "--model", "third", "--out", str(tmp_path)])
    assert bad.exit_code == 1 and "--model" in bad.output
