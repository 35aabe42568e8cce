"""Verifying a vault: every object re-hashed, the chain walked, every checkpoint's signature checked.

:func:`verify_log` needs only the vault folder: the log names every object it added (with its
size), so the objects are re-hashed against the log alone. :func:`verify` adds the case's
index as a second witness: a log cut short at a line boundary, or whose last lines were
rewritten, no longer matches the line hashes the case recorded; an object the case knows but
the folder lacks is named missing.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

from sqlalchemy import select

from sabt.store import models
from sabt.vault import core, custody, objects, signing
from sabt.vault.names import display_name

OBJECT_EVENTS = ("added", "redacted_copy")


@dataclass
class VerifyReport:
    """The outcome: ``ok`` only when every object and every line holds."""

    findings: list[custody.Finding] = field(default_factory=list)
    objects_checked: int = 0
    bytes_checked: int = 0
    lines_checked: int = 0
    checkpoints_checked: int = 0
    signed_through_seq: int | None = None
    head_seq: int | None = None
    key_ids: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings

    def to_dict(self) -> dict:
        data = asdict(self)
        data["ok"] = self.ok
        data["findings"] = [asdict(f) for f in self.findings]
        return data


def _object_where(sha256: str, name: str | None) -> str:
    return f"object {sha256}" + (f" ({display_name(name, 80)})" if name else "")


def _check_objects(
    vault_dir: Path,
    expected: dict[str, tuple[int | None, str | None]],
    report: VerifyReport,
    progress=None,
) -> None:
    total = sum(size or 0 for size, _ in expected.values())
    done = 0

    def moved(count: int) -> None:
        nonlocal done
        done += count
        if progress:
            progress("re-hashing objects", done, max(total, done))

    present = [objects.object_path(vault_dir, sha256) for sha256 in sorted(expected)]
    present = [path for path in present if path.is_file() and not path.is_symlink()]
    rehashed = dict(objects.hash_many(present, moved))  # several objects at once
    for sha256, (size, name) in sorted(expected.items()):
        path = objects.object_path(vault_dir, sha256)
        where = _object_where(sha256, name)
        if path.is_symlink():
            report.findings.append(
                custody.Finding("changed", where, "the object was replaced by a link; not followed")
            )
            continue
        if not path.is_file():
            report.findings.append(
                custody.Finding(
                    "missing",
                    where,
                    f"not in the vault folder ({objects.relative_object_path(sha256)})",
                )
            )
            continue
        hashed = rehashed[path]
        if isinstance(hashed, OSError):
            report.findings.append(
                custody.Finding("missing", where, f"cannot be read: {hashed.strerror}")
            )
            continue
        actual, actual_size = hashed
        report.objects_checked += 1
        report.bytes_checked += actual_size
        if actual != sha256:
            report.findings.append(
                custody.Finding(
                    "changed", where, f"its bytes now hash to {actual}: the object was changed"
                )
            )
        elif size is not None and actual_size != size:
            report.findings.append(
                custody.Finding("changed", where, f"size {actual_size}, recorded {size}")
            )
    if progress:
        progress("re-hashing objects", max(total, done), max(total, done))
    for name, path in objects.iter_objects(vault_dir):
        if name not in expected:
            report.findings.append(
                custody.Finding(
                    "unrecorded",
                    f"objects/{path.parent.name}/{display_name(name, 80)}",
                    "a file in the object store that no custody line records (planted, or left by an interrupted run)",
                )
            )


def _log_objects(check: custody.LogCheck) -> dict[str, tuple[int | None, str | None]]:
    found: dict[str, tuple[int | None, str | None]] = {}
    for line in check.lines:
        obj = line.obj or {}
        sha = obj.get("object")
        if (
            obj.get("event") in OBJECT_EVENTS
            and isinstance(sha, str)
            and objects.SHA256_RE.match(sha)
        ):
            size = obj.get("size") if isinstance(obj.get("size"), int) else None
            found.setdefault(sha, (size, obj.get("name")))
    return found


def _fill_from_log(report: VerifyReport, check: custody.LogCheck) -> None:
    report.findings.extend(check.findings)
    report.lines_checked = len(check.lines)
    report.checkpoints_checked = check.checkpoints
    report.signed_through_seq = check.last_checkpoint_seq
    report.key_ids = [signing.key_id(k) for k in check.public_keys]
    seqs = [line.seq for line in check.lines if line.seq is not None]
    report.head_seq = max(seqs) if seqs else None
    if report.head_seq is not None:
        unsigned = report.head_seq - (check.last_checkpoint_seq or 0)
        if unsigned:
            report.notes.append(
                f"{unsigned} line(s) after the last signed checkpoint are held by the chain "
                "(and the case index) only; `sabt vault checkpoint` signs them"
            )


def verify_log(vault_dir, pinned_keys: list[str] | None = None, progress=None) -> VerifyReport:
    """Verify a vault folder with its log alone: the chain, the checkpoints, every object it names."""
    vault_dir = Path(vault_dir)
    report = VerifyReport()
    check = custody.check_log(vault_dir / custody.LOG_NAME, pinned_keys, progress)
    _fill_from_log(report, check)
    if not pinned_keys:
        report.notes.append(
            "no public key pinned: checkpoints are checked against the key of the first one"
        )
    _check_objects(vault_dir, _log_objects(check), report, progress)
    return report


def verify(case, pinned_keys: list[str] | None = None, progress=None) -> VerifyReport:
    """Verify the case's vault: objects, chain, checkpoints, and the log against the case's index.

    Example::

        report = verify(case)
        if not report.ok:
            for finding in report.findings: print(finding)
    """
    vault_dir = core.vault_dir_of(case)
    pins = list(pinned_keys or []) or core.pinned_keys(case)
    report = VerifyReport()
    log_path = vault_dir / custody.LOG_NAME
    with case.session() as session:
        indexed = session.execute(
            select(models.CustodyEvent.seq, models.CustodyEvent.line_sha256).order_by(
                models.CustodyEvent.seq
            )
        ).all()
        evidence = {
            row.sha256: (row.size, row.original_name)
            for row in session.execute(
                select(models.Evidence.sha256, models.Evidence.size, models.Evidence.original_name)
            )
        }
    if not log_path.exists() and not indexed and not evidence:
        report.notes.append("the vault is empty")
        return report
    check = custody.check_log(log_path, pins, progress)
    _fill_from_log(report, check)
    by_seq = check.by_seq
    log_head = max(by_seq) if by_seq else 0

    # the log against the case's index
    beyond = [seq for seq, _ in indexed if seq > log_head]
    if beyond:
        report.findings.append(
            custody.Finding(
                "truncated",
                custody.LOG_NAME,
                f"the log ends at seq {log_head} but the case indexed {len(beyond)} more line(s), up to seq {beyond[-1]}",
            )
        )
    for seq, digest in indexed:
        line = by_seq.get(seq)
        if line is not None and line.hash != digest:
            report.findings.append(
                custody.Finding(
                    "edited",
                    line.where,
                    "the line's hash differs from the one the case indexed when it was written",
                )
            )
    index_head = indexed[-1][0] if indexed else 0
    if log_head > index_head:
        report.notes.append(
            f"log lines after seq {index_head} are not yet indexed in the case "
            "(an interrupted run; the next vault command indexes them)"
        )

    # objects: everything the log or the case knows
    in_log = _log_objects(check)
    for sha256, (size, name) in evidence.items():
        if sha256 not in in_log:
            report.findings.append(
                custody.Finding(
                    "unrecorded",
                    _object_where(sha256, name),
                    "the case lists this object but no custody line added it",
                )
            )
    for sha256, (size, name) in in_log.items():
        if sha256 not in evidence:
            seq = next(
                (ln.seq for ln in check.lines if (ln.obj or {}).get("object") == sha256), None
            )
            if seq is not None and seq <= index_head:
                report.findings.append(
                    custody.Finding(
                        "missing",
                        _object_where(sha256, name),
                        "the custody log added this object but the case no longer lists it",
                    )
                )
    expected = dict(in_log)
    expected.update({sha: value for sha, value in evidence.items() if sha not in expected})
    _check_objects(vault_dir, expected, report, progress)
    return report
