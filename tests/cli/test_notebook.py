"""The README's notebook snippet (sabt as a library) runs as printed, in a fresh Python, on a
new case, and records its estimate in the case as `sabt estimate --db` does."""

from __future__ import annotations

import os
import subprocess
import sys

from sqlalchemy import create_engine, text

from tests.cli.readme import README, REPO, SRC, code_blocks


def test_the_readme_python_snippet_runs_as_printed(tmp_path):
    blocks = code_blocks(README.read_text(encoding="utf-8"), "python")
    assert len(blocks) == 1, "the README has one Python snippet"
    (tmp_path / "examples").symlink_to(REPO / "examples")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
               SABT_KEY_FILE=str(tmp_path / "k.key"))
    result = subprocess.run([sys.executable, "-c", blocks[0]], cwd=tmp_path, env=env, capture_output=True,
                            text=True, timeout=1200)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "persons" in result.stdout and "estimate" in result.stdout
    with create_engine(f"sqlite:///{tmp_path / 'iran.sabt'}").connect() as connection:
        assert connection.execute(text("select count(*) from estimate_runs")).scalar() == 1
        assert connection.execute(text("select count(distinct source_id) from records")).scalar() == 3
