"""The docs name only what exists: every relative link and file path, every `sabt …` command."""

from __future__ import annotations

import functools
import re

import pytest
import typer

from sabt.cli import app
from tests.cli.readme import README, REPO

DOCS = [README, *sorted((REPO / "docs").glob("*.md"))]

# a path as the docs write it in backticks or links: a/b.ext or a/b/ (relative, no spaces)
PATH_IN_TICKS = re.compile(r"`((?:\.{1,2}/)?[\w.-]+(?:/[\w.-]+)+/?)`")
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")
SABT_COMMAND = re.compile(r"(?<![\w/.-])(?<!from )(?<!import )sabt((?: [a-z0-9][a-z0-9-]*)+)")
CODE = re.compile(r"^```[^\n]*\n(.*?)^```|`([^`\n]+)`", flags=re.S | re.M)
KNOWN_TOP = ("src/", "tests/", "docs/", "examples/", "benchmarks/", ".ci/", "shared/", "report/")


@functools.lru_cache(maxsize=None)
def command_tree():
    return typer.main.get_command(app)


def existing_command(words: list[str]) -> list[str] | None:
    """The longest prefix of ``words`` naming a command (None when the first word names none)."""
    command, found = command_tree(), []
    for word in words:
        subcommands = getattr(command, "commands", None)
        if not subcommands or word not in subcommands:
            break
        command, found = subcommands[word], [*found, word]
    if getattr(command, "commands", None) and len(found) < len(words):
        return None  # a group followed by a word that is none of its commands
    return found or None


def doc_paths(doc):
    text = doc.read_text(encoding="utf-8")
    for target in LINK.findall(text):
        if "://" not in target and not target.startswith("mailto:"):
            yield target, doc.parent / target
    for target in PATH_IN_TICKS.findall(text):
        if target.startswith(KNOWN_TOP):
            yield target, REPO / target


@pytest.mark.parametrize("doc", DOCS, ids=lambda d: d.name)
def test_every_path_a_doc_names_exists(doc):
    missing = sorted({name for name, path in doc_paths(doc) if not path.exists()})
    assert missing == [], f"{doc.name} names files that are not in the repository"


@pytest.mark.parametrize("doc", DOCS, ids=lambda d: d.name)
def test_every_sabt_command_a_doc_names_exists(doc):
    code = "\n".join(block or span for block, span in CODE.findall(doc.read_text(encoding="utf-8")))
    unknown = set()
    for match in SABT_COMMAND.finditer(code):
        words = match.group(1).split()
        if not words or existing_command(words) is None:
            unknown.add("sabt " + " ".join(words))
    assert sorted(unknown) == [], f"{doc.name} names commands that do not exist"


def test_the_checker_notices_a_missing_command_and_file(tmp_path):
    assert existing_command(["vault", "nonsense"]) is None and existing_command(["frobnicate"]) is None
    assert existing_command(["vault", "add", "file.mp4"]) == ["vault", "add"]
    doc = tmp_path / "d.md"
    doc.write_text("see [x](nowhere.md) and `docs/nothing-here.md`\n")
    assert [name for name, path in doc_paths(doc) if not path.exists()] == ["nowhere.md", "docs/nothing-here.md"]


def test_every_doc_the_help_cites_exists():
    def helps(command):
        yield command.help or ""
        for param in command.params:
            yield getattr(param, "help", None) or ""
        for sub in (getattr(command, "commands", None) or {}).values():
            yield from helps(sub)

    cited = {name for text in helps(command_tree()) for name in re.findall(r"docs/[\w.-]+\.md", text)}
    assert cited and sorted(name for name in cited if not (REPO / name).exists()) == []


OPTION = re.compile(r"(?<![\w-])(--[a-z][a-z0-9-]*|-[a-zA-Z])(?![\w-])")


def options_of(words: list[str]) -> set[str]:
    command = command_tree()
    for word in words:
        command = command.commands[word]
    names = {"--help"}
    for param in command.params:
        names.update(getattr(param, "opts", ()))
        names.update(getattr(param, "secondary_opts", ()))
    return names


def documented_options(doc):
    """(command words, option) for each option written after a `sabt …` command in a doc's code:
    up to the next `sabt` on the line, a comment or the end of the span."""
    code = "\n".join(block or span for block, span in CODE.findall(doc.read_text(encoding="utf-8")))
    for line in code.splitlines():
        line = line.split("#", 1)[0]
        for match in SABT_COMMAND.finditer(line):
            words = existing_command(match.group(1).split())
            if not words:
                continue
            rest = line[match.end():]
            following = SABT_COMMAND.search(rest)
            for option in OPTION.findall(rest[:following.start()] if following else rest):
                yield words, option


@pytest.mark.parametrize("doc", DOCS, ids=lambda d: d.name)
def test_every_option_a_doc_gives_a_command_exists(doc):
    unknown = sorted({f"sabt {' '.join(words)} {option}" for words, option in documented_options(doc)
                      if option not in options_of(words)})
    assert unknown == [], f"{doc.name} gives commands options they do not have"


def test_the_checker_notices_a_missing_option(tmp_path):
    doc = tmp_path / "d.md"
    doc.write_text("```\nsabt link --db c.sabt --frobnicate   sabt stats --db c --json\n```\n")
    assert [(w, o) for w, o in documented_options(doc) if o not in options_of(w)] == [(["link"], "--frobnicate")]
