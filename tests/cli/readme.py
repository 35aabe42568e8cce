"""Reading the README as a user does: its code blocks, and running `sabt` as its shell would."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import sabt

REPO = Path(__file__).resolve().parents[2]
SRC = Path(sabt.__file__).resolve().parents[1]
README = REPO / "README.md"


def section(text: str, heading: str) -> str:
    """The text under ``heading`` (a Markdown heading line) up to the next heading of any level."""
    start = text.index(heading + "\n") + len(heading) + 1
    following = re.search(r"^#{1,6} ", text[start:], flags=re.M)
    return text[start:start + following.start()] if following else text[start:]


def code_blocks(text: str, language: str = "") -> list[str]:
    """The fenced code blocks of ``text`` with exactly this info string ("" for none)."""
    return re.findall(rf"^```{re.escape(language)}\n(.*?)^```", text, flags=re.S | re.M)


def shell_words(line: str) -> list[str]:
    """A command line split as a POSIX shell splits it, its trailing comment dropped."""
    return shlex.split(line, comments=True)


def sabt_command() -> list[str]:
    """The installed `sabt` script when there is one, else the same CLI through this Python."""
    script = shutil.which("sabt")
    return [script] if script else [sys.executable, "-m", "sabt.cli"]


def run_sabt(args: list[str], cwd: Path, env_extra: dict | None = None, timeout: int = 600):
    """Run `sabt ARGS…` in ``cwd`` with this checkout's sources first on PYTHONPATH."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
               COLUMNS="100", **(env_extra or {}))
    return subprocess.run(sabt_command() + args, cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout)
