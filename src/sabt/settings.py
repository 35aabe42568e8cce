"""Settings of one sabt run, passed down explicitly (never read from globals).

Example::

    settings = Settings.for_db("case.sabt")
    case = Case.open(settings)
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path

from sabt.errors import SabtError


def _default_key_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "sabt" / "keys"


@dataclass(frozen=True)
class Settings:
    """Where the case lives and who is acting.

    ``db`` is a file path (SQLite) or a ``postgresql://`` URL. ``key_file`` holds the key that
    seals protected identities; it is kept outside the case file (``SABT_KEY_FILE``, else one
    file per case under the user's data folder). ``vault_dir`` defaults to a folder beside
    the case file.
    """

    db: str
    key_file: Path | None = None
    key_dir: Path = field(default_factory=_default_key_dir)
    vault_dir: Path | None = None
    actor: str = "cli"
    show_progress: bool = True
    import_batch_rows: int = 25_000
    """Rows a list import reads, normalises and writes at a time (memory grows with this, not
    with the list)."""

    @classmethod
    def for_db(cls, db: str, **overrides) -> "Settings":
        env_key = os.environ.get("SABT_KEY_FILE")
        values = {"key_file": Path(env_key) if env_key else None, "actor": os.environ.get("SABT_ACTOR", "cli")}
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(db=db, **values)

    @property
    def is_postgres(self) -> bool:
        return self.db.startswith(("postgresql://", "postgresql+psycopg://", "postgres://"))

    def with_(self, **changes) -> "Settings":
        return replace(self, **changes)


# ---------------------------------------------------------------------------------------
# The options of each step: defined here once, read from case.toml, saved with each run.

LINK_BACKENDS = ("duckdb", "spark")
ESTIMATE_METHODS = ("lcmcr", "loglinear", "dga")
STRATUM_FIELDS = ("province", "period", "month", "week", "sex", "age_group")
REPORT_LANGUAGES = ("en", "fa")
OPTIONS_SETTING = "step_options"
"""The case setting that keeps the options ``sabt run`` last read from case.toml: the
command line, the web app and the Python API start from them for that case."""


def _refuse(where: str, key: str, message: str):
    """One error naming where (file and section) and the key."""
    raise SabtError(f"{where}{key}: {message}")


@dataclass(frozen=True)
class LinkOptions:
    """``sabt link``: which engine scores pairs, at which probability two records are one
    person, which blocking passes bring pairs together (``None``: the model's own, see
    :data:`sabt.link.model.BLOCKING_RULES`), and the seed of the training's sampling."""

    backend: str = "duckdb"
    threshold: float = 0.5
    blocking: tuple[tuple[str, ...], ...] | None = None
    seed: int = 42

    def changed(self, **changes) -> "LinkOptions":
        """These options with some changed (None leaves one as it is), checked."""
        values = {k: v for k, v in changes.items() if v is not None}
        if values.get("blocking") is not None:
            values["blocking"] = _rules(values["blocking"])
        return replace(self, **values).check("")

    def check(self, where: str = "[link] ") -> "LinkOptions":
        if self.backend not in LINK_BACKENDS:
            _refuse(where, "backend", f"{self.backend!r} is not one of {', '.join(LINK_BACKENDS)}")
        if isinstance(self.threshold, bool) or not isinstance(self.threshold, (int, float)) \
                or not 0 < self.threshold < 1:
            _refuse(where, "threshold", f"{self.threshold!r} is not a probability between 0 and 1")
        if self.blocking is not None and (
                not self.blocking or not all(rule and all(isinstance(k, str) and k for k in rule)
                                             for rule in self.blocking)):
            _refuse(where, "blocking", "give a list of rules, each a list of column names or SQL expressions")
        _check_seed(where, self.seed)
        return self


@dataclass(frozen=True)
class EstimateOptions:
    """``sabt estimate`` from a case: the estimator, the log-linear models' highest order of
    list interactions, the fields to stratify by (estimated per stratum and summed) and the
    seed of the samplers."""

    method: str = "lcmcr"
    max_order: int = 2
    strata: tuple[str, ...] = ()
    seed: int = 1
    linkage_draws: int = 0
    """Draw this many linkages from the last link run's pair probabilities and pool the
    estimates, so the interval carries the linkage's doubt (0: the linkage as it stands)."""
    linkage_mode: str = "pairs"
    """``pairs``: each pair a link with its probability; ``band``: the threshold drawn from 0.2–0.98."""

    def changed(self, **changes) -> "EstimateOptions":
        """These options with some changed (None leaves one as it is), checked."""
        values = {k: v for k, v in changes.items() if v is not None}
        if "strata" in values:
            values["strata"] = tuple(values["strata"])
        return replace(self, **values).check("")

    def check(self, where: str = "[estimate] ") -> "EstimateOptions":
        if self.method not in ESTIMATE_METHODS:
            _refuse(where, "method", f"{self.method!r} is not one of {', '.join(ESTIMATE_METHODS)}")
        if self.max_order not in (2, 3) or isinstance(self.max_order, bool):
            _refuse(where, "max_order", f"{self.max_order!r} is not 2 or 3")
        unknown = [s for s in self.strata if s not in STRATUM_FIELDS]
        if unknown or len(set(self.strata)) != len(self.strata):
            _refuse(where, "strata", f"{', '.join(map(repr, unknown)) or 'a field given twice'}: "
                                     f"choose from {', '.join(STRATUM_FIELDS)}")
        _check_seed(where, self.seed)
        if isinstance(self.linkage_draws, bool) or not isinstance(self.linkage_draws, int) \
                or self.linkage_draws == 1 or self.linkage_draws < 0:
            _refuse(where, "linkage_draws", f"{self.linkage_draws!r} is not 0 or a whole number of at least 2")
        if self.linkage_mode not in ("pairs", "band"):
            _refuse(where, "linkage_mode", f"{self.linkage_mode!r} is not pairs or band")
        if self.linkage_draws and self.strata:
            _refuse(where, "linkage_draws", "does not yet combine with strata; estimate the total first")
        return self


@dataclass(frozen=True)
class ReportOptions:
    """``sabt report``: the languages the assessment is written in (the first is index.html)."""

    languages: tuple[str, ...] = ("en",)

    def check(self, where: str = "[report] ") -> "ReportOptions":
        if not self.languages or any(lang not in REPORT_LANGUAGES for lang in self.languages):
            _refuse(where, "languages", f"{list(self.languages)!r}: choose from {', '.join(REPORT_LANGUAGES)}")
        return self


def _check_seed(where: str, seed) -> None:
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**31:
        _refuse(where, "seed", f"{seed!r} is not a whole number from 0 to 2^31 - 1")


@dataclass(frozen=True)
class StepOptions:
    """The options of every step of ``sabt run``, as case.toml's ``[link]``, ``[estimate]`` and
    ``[report]`` set them; what a section leaves out keeps the default above."""

    link: LinkOptions = field(default_factory=LinkOptions)
    estimate: EstimateOptions = field(default_factory=EstimateOptions)
    report: ReportOptions = field(default_factory=ReportOptions)
    estimate_skip: bool = False
    estimate_methods: tuple[str, ...] = ()
    """``[estimate] methods``: estimators run side by side as a sensitivity check (the first is
    ``method``); empty: ``method`` alone."""
    estimate_scope: tuple[tuple[str, object], ...] = ()
    """What the estimate is of, as the case states it (``population``, ``period``, ``places``,
    ``synthetic``, ``note``): recorded with each run and printed beside every estimate."""

    def methods(self) -> tuple[str, ...]:
        """The estimators ``sabt run`` runs, the case's ``method`` first."""
        return self.estimate_methods or (self.estimate.method,)

    @classmethod
    def from_description(cls, description: dict, path: str = "case.toml") -> "StepOptions":
        """Read and check the step sections of a parsed case.toml; a bad key or value is one
        error naming the file, the section and the key."""
        link = _section(description, "link", path, LinkOptions, {"blocking": _rules})
        estimate_section = dict(description.get("estimate", {}))
        skip = estimate_section.pop("skip", False)
        if not isinstance(skip, bool):
            _refuse(f"{path}: [estimate] ", "skip", f"{skip!r} is not true or false")
        scope = tuple((k, estimate_section.pop(k)) for k in ESTIMATE_SCOPE_KEYS if k in estimate_section)
        for key, value in scope:
            if not isinstance(value, bool if key == "synthetic" else str):
                _refuse(f"{path}: [estimate] ", key, f"{value!r} is not {'true or false' if key == 'synthetic' else 'text'}")
        methods = estimate_section.pop("methods", ())
        if not isinstance(methods, (list, tuple)) or not all(m in ESTIMATE_METHODS for m in methods) \
                or len(set(methods)) != len(methods):
            _refuse(f"{path}: [estimate] ", "methods", f"{methods!r}: a list of distinct methods from "
                                                       f"{', '.join(ESTIMATE_METHODS)}")
        if methods and "method" not in estimate_section:
            estimate_section["method"] = methods[0]
        if "by" in estimate_section:  # the key's earlier name
            if "strata" in estimate_section:
                _refuse(f"{path}: [estimate] ", "by", "give strata or by (its earlier name), not both")
            estimate_section["strata"] = estimate_section.pop("by")
        estimate = _section({"estimate": estimate_section}, "estimate", path, EstimateOptions, {"strata": tuple})
        report = _section(description, "report", path, ReportOptions, {"languages": tuple})
        methods = tuple(dict.fromkeys((estimate.method, *methods))) if methods else ()
        return cls(link=link, estimate=estimate, report=report, estimate_skip=skip, estimate_methods=methods,
                   estimate_scope=scope)

    def as_dict(self) -> dict:
        """As case.toml would write them (and as each run saves them)."""
        estimate = asdict(self.estimate)
        if self.estimate_skip:
            estimate["skip"] = True
        if self.estimate_methods:
            estimate["methods"] = list(self.estimate_methods)
        estimate.update(dict(self.estimate_scope))
        link = {k: v for k, v in asdict(self.link).items() if v is not None}
        return {"link": link, "estimate": estimate, "report": asdict(self.report)}

    def overridden(self, languages: tuple[str, ...] | None = None, seed: int | None = None) -> "StepOptions":
        """With ``sabt run``'s --lang and --seed (one seed for linkage and the estimate)."""
        changed = self
        if languages:
            changed = replace(changed, report=replace(changed.report, languages=tuple(languages)).check("--lang "))
        if seed is not None:
            changed = replace(changed, link=replace(changed.link, seed=seed).check("--"),
                              estimate=replace(changed.estimate, seed=seed))
        return changed


ESTIMATE_SCOPE_KEYS = ("population", "period", "places", "synthetic", "note")
"""case.toml's ``[estimate]`` keys that say what an estimate is of; the report prints them beside
every estimate ("synthetic" marks lists made up for an example or a test)."""


def _rules(value) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(rule) if isinstance(rule, (list, tuple)) else (rule,) for rule in value)


def _section(description: dict, name: str, path: str, kind, convert: dict):
    values = description.get(name, {})
    where = f"{path}: [{name}] "
    if not isinstance(values, dict):
        _refuse(f"{path}: ", f"[{name}]", "must be a table of keys")
    known = {f.name for f in fields(kind)}
    for key, value in values.items():
        if key not in known:
            _refuse(where, key, f"unknown key; [{name}] takes {', '.join(sorted(known))}")
        if key in convert and not isinstance(value, (list, tuple)):
            _refuse(where, key, f"{value!r} is not a list")
    values = {k: convert[k](v) if k in convert else v for k, v in values.items()}
    return kind(**values).check(where)
