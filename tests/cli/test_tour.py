"""The README's tour runs, line by line, exactly as printed, on a new case in a new folder."""

from __future__ import annotations

import json

from tests.cli.readme import README, REPO, code_blocks, run_sabt, section, shell_words


def tour_lines() -> list[list[str]]:
    blocks = code_blocks(section(README.read_text(encoding="utf-8"), "## A short tour"))
    assert len(blocks) == 1, "the tour is one code block"
    lines = [shell_words(line) for line in blocks[0].splitlines() if line.strip()]
    return [words for words in lines if words]


def test_the_tour_uses_only_files_the_repository_ships():
    for words in tour_lines():
        for word in words:
            if word.startswith("examples/"):
                assert (REPO / word).is_file(), f"the tour names {word}, which is not in the repository"


def test_the_tour_runs_as_printed(tmp_path):
    (tmp_path / "examples").symlink_to(REPO / "examples")
    env = {"SABT_KEY_FILE": str(tmp_path / "keys" / "tour.key")}
    outputs = {}
    for words in tour_lines():
        assert words[0] == "sabt", f"a tour line that is not a sabt command: {words}"
        result = run_sabt(words[1:], tmp_path, env)
        assert result.returncode == 0, f"`{' '.join(words)}` exited {result.returncode}:\n{result.stderr[-2000:]}"
        assert "Traceback" not in result.stdout + result.stderr
        outputs[" ".join(words[1:3])] = result.stdout
    stats = json.loads(outputs["stats --db"].strip().splitlines()[-1])
    assert stats["claims"] == 152 and stats["incidents"] == 57 and stats["records"] == 11
    assert (tmp_path / "records.xlsx").stat().st_size > 0
    estimate = json.loads(outputs["estimate --counts"].strip().splitlines()[-1])
    assert estimate["observed"] == 4400 and estimate["lower"] < estimate["estimate"] < estimate["upper"]


def test_the_persian_list_reads_its_arabic_yeh_and_kaf_status_words(tmp_path):
    """Windows-1256 holds كشته/زخمي (Arabic kaf/yeh): the tour's mapping turns them into statuses."""
    env = {"SABT_KEY_FILE": str(tmp_path / "k.key")}
    tour = REPO / "examples" / "tour"
    assert "كشته".encode("cp1256") in (tour / "list-fa.csv").read_bytes()
    for args in (["init", "c.sabt"],
                 ["import", "list", str(tour / "list-fa.csv"), "--db", "c.sabt", "--source", "org-fa",
                  "--mapping", str(tour / "persian.toml")],
                 ["export", "records", "--db", "c.sabt", "--format", "json", "-o", "r.json"]):
        result = run_sabt(args, tmp_path, env)
        assert result.returncode == 0, result.stderr
    records = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    rows = records if isinstance(records, list) else records.get("records", records)
    assert sorted(r["status"] for r in rows) == ["arrested", "injured", "killed", "killed", "killed"]
