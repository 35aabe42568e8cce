"""The layers of the package, checked on its source: a wrong import fails here, by file and line.

docs/architecture.md describes the layers; this test is their contract.
"""

from __future__ import annotations

import ast
from pathlib import Path

import sabt

PACKAGE = Path(sabt.__file__).parent
CLI_FRAMEWORKS = ("typer", "click", "rich")


def _package_of(path: Path) -> str:
    return ".".join(("sabt",) + path.relative_to(PACKAGE).parts[:-1])


def _imports(path: Path, package: str | None = None):
    """(line, module) for every import in a file, relative ones resolved against its package."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = package or _package_of(path)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            yield node.lineno, module


def _domain_files():
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.relative_to(PACKAGE).parts[0] != "cli":
            yield path


def test_no_cli_framework_outside_the_cli_package():
    found = [f"{path.relative_to(PACKAGE)}:{line} imports {module}"
             for path in _domain_files() for line, module in _imports(path)
             if module.split(".")[0] in CLI_FRAMEWORKS]
    assert not found, "the CLI framework belongs in sabt/cli/ only:\n" + "\n".join(found)


def test_the_check_sees_an_import_of_typer(tmp_path):
    """The walker itself: a planted import is found (so the test above can fail)."""
    planted = tmp_path / "planted.py"
    planted.write_text("def f():\n    import typer\n    from ..store import models\n", encoding="utf-8")
    assert [m for _, m in _imports(planted, "sabt.estimate")] == ["typer", "sabt.store"]
