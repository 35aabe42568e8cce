"""Progress that means something: linkage shows each of its stages with its count, and
`sabt run` shows the step under way above that step's own bars (not every step's name first)."""

from __future__ import annotations

from sabt.ingest import import_list
from sabt.link import link_case
from tests.cli.readme import REPO

TOUR = REPO / "examples" / "tour"


class Recorder:
    """A stand-in for the terminal: every update, in order."""

    def __init__(self):
        self.updates: list[tuple] = []

    def __call__(self, step, done, total, label=None):
        self.updates.append((step, done, total, label))

    def steps(self) -> list[str]:
        return list(dict.fromkeys(step for step, *_ in self.updates))

    def last(self, step: str) -> tuple:
        return [u for u in self.updates if u[0] == step][-1]


def test_linkage_shows_each_stage_with_its_count(case):
    import_list(case, TOUR / "list-latin.csv", "org-latin")
    import_list(case, TOUR / "list-fa.csv", "org-fa", mapping_path=TOUR / "persian.toml")
    shown = Recorder()
    summary = link_case(case, progress=shown)
    assert shown.steps() == ["read records", "train", "block and score pairs", "cluster pairs", "write persons"]
    assert shown.last("read records")[1:3] == (summary.records, summary.records)
    assert shown.last("block and score pairs")[1:3] == (summary.pairs_scored, summary.pairs_scored)
    assert shown.last("cluster pairs")[1:3] == (summary.pairs_scored, summary.pairs_scored)
    assert shown.last("write persons")[1:3] == (summary.persons, summary.persons)


def test_sabt_run_shows_each_step_as_it_runs(tmp_path, key_file, monkeypatch):
    from sabt.cli._shell import StepProgress
    from sabt.pipeline import STEPS, run_case

    monkeypatch.setenv("SABT_KEY_FILE", str(key_file))
    folder = tmp_path / "case"
    folder.mkdir()
    (folder / "list.csv").write_bytes((TOUR / "list-latin.csv").read_bytes())
    (folder / "case.toml").write_text('[case]\ntitle = "t"\n\n[[lists]]\nfile = "list.csv"\nsource = "org"\n\n'
                                      '[estimate]\nskip = true\n', encoding="utf-8")
    shown = Recorder()
    steps = StepProgress(shown, [name for name, _ in STEPS])
    run_case(folder, tmp_path / "out", progress=steps.within, step_started=steps.start)
    steps.finish()
    announced = [label for step, _, _, label in shown.updates if step == "run"]
    assert announced[:len(STEPS)] == [f"step {i}/{len(STEPS)}: {name}" for i, (name, _) in enumerate(STEPS, 1)]
    assert announced[-1] == f"{len(STEPS)} steps done"
    # each step's bars come after the step is announced and before the next one is, labelled with it
    current = None
    for step, done, total, label in shown.updates:
        if step == "run":
            current = label.partition(": ")[2]
            continue
        assert step.startswith(f"{current}: ") and label.startswith(f"  {current} · "), (current, step, label)
    assert any(step.startswith("lists: list.csv ") for step, *_ in shown.updates)
    assert any(step.startswith("link: ") for step, *_ in shown.updates)
    # a step's bars are closed when it ends: every bar's last update is done == total
    for step in {u[0] for u in shown.updates if u[0] != "run"}:
        _, done, total, _ = shown.last(step)
        assert total is None or done == total, step
