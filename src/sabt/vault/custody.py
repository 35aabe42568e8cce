"""The custody log: ``custody.jsonl``, one event per line, each line chained to the one before.

Every line is one JSON object written in canonical form (keys sorted, no spaces, non-ASCII
escaped), so the same event always gives the same bytes. Its ``prev`` field holds the
SHA-256 of the previous line's bytes (without the newline); the first line's ``prev`` is 64
zeros. Changing, deleting, inserting or moving any line breaks the chain at that point.

Every N events, and on demand, a ``checkpoint`` line is appended: it carries the installation's
Ed25519 public key and a signature over the line itself (without ``sig``), which covers its
``seq`` and ``prev`` and so, through the chain, every line before it. A rewritten chain then
needs a new signature: with another key it shows as a forged checkpoint, and without the
installation key it cannot be made at all.

Appends take an exclusive ``flock`` on the log, so two processes adding to one vault write
one after the other, each reading the true last line before it writes. The log is never
rewritten; a line is written whole with one ``write`` and ``fsync``'d before the call returns.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from sabt.errors import VaultTampered
from sabt.vault import signing

LOG_NAME = "custody.jsonl"
FORMAT = 1
GENESIS = "0" * 64
SIGNED_PREFIX = b"sabt-custody-checkpoint-v1\n"

#: every event a line may record
EVENTS = (
    "created",  # the vault was made (first line)
    "acquired",  # bytes were received (every time, also for bytes already held)
    "added",  # a new object was stored
    "viewed",  # an object was opened for viewing
    "exported",  # an object went into an evidence package (bag)
    "redacted_copy",  # a redacted copy of an object was made and stored
    "linked",  # an object was linked to a claim, incident or person
    "transferred",  # custody of an object passed to someone else
    "protected",  # an object was marked protected (or released)
    "checkpoint",  # a signed checkpoint
)


def canonical(obj: dict) -> bytes:
    """The one byte form of a log line (no trailing newline)."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def line_hash(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def signed_message(obj: dict) -> bytes:
    """What a checkpoint's signature covers: the line in canonical form without ``sig``."""
    return SIGNED_PREFIX + canonical({k: v for k, v in obj.items() if k != "sig"})


def utc_now() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass
class Line:
    """One physical line of the log, as read."""

    lineno: int
    raw: bytes
    obj: dict | None
    hash: str
    complete: bool = True  # ended with a newline
    error: str | None = None

    @property
    def seq(self) -> int | None:
        value = (self.obj or {}).get("seq")
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    @property
    def where(self) -> str:
        seq = self.seq
        return f"{LOG_NAME} line {self.lineno}" + (
            f" (seq {seq}, {self.obj.get('event')})" if seq is not None else ""
        )


def read_lines(path: Path) -> Iterator[Line]:
    """Every line of the log, parsed where it can be (a damaged line is still yielded)."""
    with open(path, "rb") as handle:
        for lineno, raw in enumerate(handle, 1):
            complete = raw.endswith(b"\n")
            body = raw[:-1] if complete else raw
            try:
                obj = json.loads(body)
                error = None if isinstance(obj, dict) else "not a JSON object"
                obj = obj if isinstance(obj, dict) else None
            except (ValueError, UnicodeDecodeError):
                obj, error = None, "not valid JSON"
            yield Line(lineno, body, obj, line_hash(body), complete, error)


@dataclass
class Tail:
    """The last line of the log, as seen under the lock."""

    seq: int
    hash: str


@dataclass
class Appended:
    seq: int
    obj: dict
    hash: str


class CustodyLog:
    """The append side of ``custody.jsonl`` in one vault folder."""

    def __init__(self, vault_dir: Path):
        self.vault_dir = Path(vault_dir)
        self.path = self.vault_dir / LOG_NAME

    @contextmanager
    def locked(self) -> Iterator["LockedLog"]:
        """Hold the log's exclusive lock; yields a writer that knows the true last line."""
        self.vault_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield LockedLog(fd, self.path)
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)


class LockedLog:
    def __init__(self, fd: int, path: Path):
        self.fd = fd
        self.path = path
        self.tail = self._read_tail()

    def _read_tail(self) -> Tail | None:
        size = os.fstat(self.fd).st_size
        if size == 0:
            return None
        chunk = 1 << 16
        while True:
            start = max(0, size - chunk)
            data = os.pread(self.fd, size - start, start)
            if not data.endswith(b"\n"):
                raise VaultTampered(
                    f"{self.path} ends in a partial line (cut short or a write was interrupted); "
                    "nothing more is appended until `sabt vault verify` has been run and the log restored"
                )
            body = data[:-1]
            cut = body.rfind(b"\n")
            if cut >= 0 or start == 0:
                last = body[cut + 1 :]
                break
            chunk *= 4
        try:
            obj = json.loads(last)
            seq = obj["seq"]
            assert isinstance(seq, int)
        except Exception:
            raise VaultTampered(
                f"the last line of {self.path} is damaged; run `sabt vault verify`"
            ) from None
        return Tail(seq, line_hash(last))

    def append(
        self, events: list[dict], actor: str, signer: signing.SigningKey | None = None
    ) -> list[Appended]:
        """Write ``events`` as chained lines (checkpoints are signed with ``signer``); fsync."""
        written: list[Appended] = []
        data = bytearray()
        seq = self.tail.seq if self.tail else 0
        prev = self.tail.hash if self.tail else GENESIS
        at = utc_now()
        for event in events:
            if event.get("event") not in EVENTS:
                raise ValueError(f"unknown custody event {event.get('event')!r}")
            seq += 1
            obj = {"v": FORMAT, "seq": seq, "at": at, "actor": actor, "prev": prev}
            obj.update({k: v for k, v in event.items() if v is not None})
            if obj["event"] == "checkpoint":
                if signer is None:
                    raise ValueError("a checkpoint needs the signing key")
                obj["public_key"] = signer.public_hex
                obj["key_id"] = signer.key_id
                obj["sig"] = signer.sign(signed_message(obj))
            raw = canonical(obj)
            prev = line_hash(raw)
            data += raw + b"\n"
            written.append(Appended(seq, obj, prev))
        if data:
            view = memoryview(bytes(data))
            while view:
                count = os.write(self.fd, view)
                view = view[count:]
            os.fsync(self.fd)
            self.tail = Tail(seq, prev)
        return written


# -- verification -------------------------------------------------------------------------


@dataclass
class Finding:
    """One thing that does not hold: what (object or log line), how, and a sentence."""

    kind: str  # changed | missing | reordered | truncated | edited | bad signature | forged checkpoint | ...
    where: str
    detail: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.where}: {self.detail}"


@dataclass
class LogCheck:
    findings: list[Finding] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    checkpoints: int = 0
    public_keys: list[str] = field(default_factory=list)
    last_checkpoint_seq: int | None = None

    @property
    def by_seq(self) -> dict[int, Line]:
        table: dict[int, Line] = {}
        for line in self.lines:
            if line.seq is not None and line.seq not in table:
                table[line.seq] = line
        return table


def _ranges(numbers: list[int]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for number in numbers:
        if out and number == out[-1][1] + 1:
            out[-1] = (out[-1][0], number)
        else:
            out.append((number, number))
    return out


def check_log(path: Path, pinned_keys: list[str] | None = None, progress=None) -> LogCheck:
    """Walk the chain and the signed checkpoints of one log file; name every line that fails."""
    check = LogCheck()
    add = check.findings.append
    if not path.exists():
        add(Finding("missing", LOG_NAME, f"the custody log is not at {path}"))
        return check
    total = path.stat().st_size
    done = 0
    for line in read_lines(path):
        check.lines.append(line)
        done += len(line.raw) + 1
        if progress and line.lineno % 2000 == 0:
            progress("custody log", min(done, total), total)
    if progress:
        progress("custody log", total, total)
    lines = check.lines
    if not lines:
        add(Finding("truncated", LOG_NAME, "the custody log is empty"))
        return check

    # damaged lines and a cut-off end
    for line in lines:
        if not line.complete:
            add(
                Finding(
                    "truncated",
                    f"{LOG_NAME} line {line.lineno}",
                    "the log ends in the middle of this line (cut short)",
                )
            )
        if line.obj is None:
            if line.complete:
                add(
                    Finding(
                        "edited",
                        f"{LOG_NAME} line {line.lineno}",
                        f"the line is {line.error} (edited or damaged)",
                    )
                )
        elif (
            line.seq is None
            or not isinstance(line.obj.get("prev"), str)
            or not isinstance(line.obj.get("event"), str)
        ):
            add(
                Finding(
                    "edited",
                    f"{LOG_NAME} line {line.lineno}",
                    "a required field (seq, prev, event) is missing or of the wrong type",
                )
            )

    numbered = [line for line in lines if line.seq is not None]
    seen: dict[int, Line] = {}
    for line in numbered:
        if line.seq in seen:
            add(
                Finding(
                    "duplicated",
                    line.where,
                    f"seq {line.seq} already appears at line {seen[line.seq].lineno}",
                )
            )
        else:
            seen[line.seq] = line
    unique = [seen[seq] for seq in sorted(seen)]

    # order: lines whose place in the file differs from their place by seq
    in_file = [line for line in numbered if seen[line.seq] is line]
    moved = [a for a, b in zip(in_file, unique) if a is not b]
    if moved:
        groups: list[list[Line]] = []
        for line in moved:
            if groups and line.lineno == groups[-1][-1].lineno + 1:
                groups[-1].append(line)
            else:
                groups.append([line])
        for group in groups:
            names = ", ".join(f"line {line.lineno} holds seq {line.seq}" for line in group)
            add(
                Finding(
                    "reordered",
                    f"{LOG_NAME} lines {group[0].lineno}–{group[-1].lineno}",
                    f"lines are out of order ({names})",
                )
            )

    # gaps: deleted lines
    if unique:
        present = set(seen)
        gaps = [seq for seq in range(1, unique[-1].seq + 1) if seq not in present]
        for first, last in _ranges(gaps):
            before = seen.get(first - 1)
            after = seen.get(last + 1)
            place = (
                f"between line {before.lineno} and line {after.lineno}"
                if before and after
                else f"before line {after.lineno}"
                if after
                else ""
            )
            what = f"seq {first}" if first == last else f"seq {first}–{last}"
            add(
                Finding(
                    "missing",
                    f"{LOG_NAME} {what}",
                    f"{'this line was' if first == last else 'these lines were'} deleted {place}".strip(),
                )
            )

    # the chain, in seq order
    for line in unique:
        prev_field = line.obj.get("prev")
        if line.seq == 1:
            if prev_field != GENESIS:
                add(Finding("edited", line.where, "the first line must chain to 64 zeros"))
            continue
        before = seen.get(line.seq - 1)
        if before is None:
            continue  # already named as missing
        if prev_field != before.hash:
            add(
                Finding(
                    "edited",
                    before.where,
                    f"the line no longer hashes to {str(prev_field)[:16]}…, the value line {line.lineno} "
                    "records for it: its content was changed (or the next line's prev was)",
                )
            )

    # checkpoints: signature, key
    first_key: str | None = None
    for line in unique:
        obj = line.obj
        if obj.get("event") != "checkpoint":
            continue
        check.checkpoints += 1
        public = obj.get("public_key")
        sig = obj.get("sig")
        if not isinstance(public, str) or not isinstance(sig, str):
            add(
                Finding(
                    "bad signature", line.where, "the checkpoint has no public key or no signature"
                )
            )
            continue
        if not signing.verify_signature(public, sig, signed_message(obj)):
            add(
                Finding(
                    "bad signature",
                    line.where,
                    "the checkpoint's signature does not verify (forged or edited)",
                )
            )
            continue
        if public not in check.public_keys:
            check.public_keys.append(public)
        if pinned_keys:
            if public not in pinned_keys:
                add(
                    Finding(
                        "forged checkpoint",
                        line.where,
                        f"signed by key {signing.key_id(public)}, not by the expected key "
                        f"{', '.join(signing.key_id(k) for k in pinned_keys)}",
                    )
                )
                continue
        elif first_key is None:
            first_key = public
        elif public != first_key:
            add(
                Finding(
                    "forged checkpoint",
                    line.where,
                    f"signed by key {signing.key_id(public)}, not by key {signing.key_id(first_key)} "
                    "that signed the earlier checkpoints",
                )
            )
            continue
        check.last_checkpoint_seq = line.seq
    return check
