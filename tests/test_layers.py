"""The layers of the package, checked on its source: a wrong import fails here, by file and line.

docs/architecture.md describes the layers; this test is their contract.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import sabt

PACKAGE = Path(sabt.__file__).parent
CLI_FRAMEWORKS = ("typer", "click", "rich")

LAYERS = {
    "foundations": (0, {"sabt", "_lazy", "_machine", "errors", "text", "dates", "settings"}),
    "store and vocabularies": (1, {"store", "names", "places"}),
    "the case": (2, {"case"}),
    "parts of the flow": (3, {"ingest", "claims", "law", "actors", "link", "estimate", "vault", "simulate",
                              "export", "report", "protection", "pprl"}),
    "orchestration": (4, {"pipeline", "api"}),
    "shells": (5, {"web", "cli"}),
}
"""docs/architecture.md: a module may import from its own layer and the layers below it."""

RANK = {part: rank for rank, parts in LAYERS.values() for part in parts}

ALONG_THE_FLOW = {
    "ingest": set(), "vault": set(), "simulate": set(), "export": {"claims", "protection"}, "link": {"protection", "pprl"}, "estimate": {"link"},
    "protection": {"ingest", "link"}, "pprl": {"ingest", "link"},
    "claims": {"ingest"}, "law": {"claims"}, "actors": {"claims", "law"}, "report": {"claims", "estimate", "law"},
    "web": set(), "cli": {"web"}, "pipeline": set(), "api": set(),
}
"""Within a layer, what a part may import of its neighbours: no back-edge along ingest → link
→ estimate → report (nothing imports the report), the web app does not import the CLI."""


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


def _part(module: str) -> str:
    """``sabt.link.run`` → ``link``; ``sabt`` → ``sabt``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def layer_violation(source: str, target: str) -> str | None:
    """Why the part ``source`` may not import the part ``target``, or None if it may."""
    if source == target or target not in RANK and source not in RANK:
        return None
    if target not in RANK or source not in RANK:
        return f"{source if source not in RANK else target} is in no layer of docs/architecture.md"
    if RANK[target] > RANK[source]:
        return f"{source} (layer {RANK[source]}) imports {target} (layer {RANK[target]}, above it)"
    if RANK[target] == RANK[source] and source in ALONG_THE_FLOW and target not in ALONG_THE_FLOW[source]:
        return f"{source} imports {target}: not along the flow"
    return None


def test_every_import_keeps_to_the_layers():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        source = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
        source = "sabt" if source == "__init__" else source
        for line, module in _imports(path):
            if module == "sabt" or module.startswith("sabt."):
                why = layer_violation(source, _part(module))
                if why:
                    found.append(f"{path.relative_to(PACKAGE)}:{line}: {why}")
    assert not found, "imports against docs/architecture.md:\n" + "\n".join(found)


@pytest.mark.parametrize("source, target", [
    ("store", "case"), ("case", "link"), ("link", "report"), ("estimate", "cli"), ("ingest", "link"),
    ("claims", "law"), ("web", "cli"), ("report", "pipeline"), ("errors", "store"), ("link", "mystery"),
])
def test_an_import_against_the_layers_is_found(source, target):
    """The rule itself: each of these would be a back-edge (the first was store/export.py's)."""
    assert layer_violation(source, target)


def test_the_layers_name_every_part():
    parts = {p.name.removesuffix(".py") for p in PACKAGE.iterdir()
             if (p.is_dir() and (p / "__init__.py").exists()) or (p.suffix == ".py" and p.name != "__init__.py")}
    assert parts | {"sabt"} == set(RANK)


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
    return next(n.lineno for n in ast.walk(main)
                if isinstance(n, ast.ExceptHandler) and "SabtError" in ast.unparse(n.type or ast.Name("")))
