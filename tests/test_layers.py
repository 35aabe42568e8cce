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


def test_errors_become_messages_in_one_place():
    """Only the shell's ``user_errors`` turns sabt's errors into a message and exit status;
    a command with its own ``except SabtError`` would drift (as nine of them had)."""
    found = []
    for path in sorted((PACKAGE / "cli").glob("*.py")):
        if path.name == "_shell.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ExceptHandler) and "SabtError" in ast.unparse(node.type or ast.Name("")):
                found.append(f"{path.name}:{node.lineno}")
    assert found == ["__init__.py:" + str(_main_handler_line())], found


def _main_handler_line() -> int:
    """The last resort in ``main()``: a SabtError raised outside any command's body."""
    source = (PACKAGE / "cli" / "__init__.py").read_text(encoding="utf-8")
    main = next(n for n in ast.parse(source).body if isinstance(n, ast.FunctionDef) and n.name == "main")
    return next(n.lineno for n in ast.walk(main) if isinstance(n, ast.ExceptHandler))
