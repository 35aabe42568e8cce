"""Evidence packages in BagIt form (RFC 8493), made with the Library of Congress's bagit library.

A package holds, under ``data/``:

- ``objects/<sha256>`` — each object, byte for byte, named by its SHA-256;
- ``metadata/<sha256>.json`` — what the case knows of it: names, source, capture, extracted
  metadata, perceptual hashes, every acquisition, the links to claims/incidents/persons;
- ``custody.jsonl`` — an excerpt of the custody log: the verbatim lines about these objects
  (including the ``exported`` lines of this export), the ``created`` line and every signed
  checkpoint;
- ``manifest.json`` — the list of objects and the export's facts (case, role, incidents, time,
  log head, signing key).

BagIt's payload and tag manifests (SHA-256 and SHA-512) pin every byte; ``sabt-signature.json``
signs the tag manifest with the installation's Ed25519 key, so the package cannot be altered
and re-manifested without it. :func:`verify_bag` checks all of it offline, with nothing but
the package.

A package made for a role that may not see protected material holds none: no protected
object, no object linked to a protected person, and no line, link or name about them.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import uuid
from pathlib import Path

from sqlalchemy import select

from sabt.errors import SabtError, VaultTampered
from sabt.store import models
from sabt.vault import core, custody, objects, signing
from sabt.vault.names import display_name
from sabt.vault.verify import VerifyReport

#: roles that may see protected material; every other role (and an unknown one) may not
ROLES_SEEING_PROTECTED = frozenset({"admin", "analyst"})
SIGNATURE_FILE = "sabt-signature.json"
SIGNED_PREFIX = b"sabt-bag-v1\n"
CHECKSUMS = ("sha256", "sha512")


def may_see_protected(role: str) -> bool:
    return role in ROLES_SEEING_PROTECTED


def _select(session, incident_ids, role) -> list[models.Evidence]:
    query = select(models.Evidence).order_by(models.Evidence.id)
    rows = list(session.scalars(query))
    if incident_ids:
        wanted = {int(i) for i in incident_ids}
        missing = [i for i in wanted if session.get(models.Incident, i) is None]
        if missing:
            raise SabtError(f"no incident {', '.join(map(str, sorted(missing)))} in this case")
        claim_ids = set(
            session.scalars(
                select(models.IncidentClaim.claim_id).where(
                    models.IncidentClaim.incident_id.in_(wanted)
                )
            )
        )
        linked = set()
        for link in session.scalars(select(models.EvidenceLink)):
            if (link.target_table == "incident" and link.target_id in wanted) or (
                link.target_table == "claim" and link.target_id in claim_ids
            ):
                linked.add(link.evidence_id)
        rows = [row for row in rows if row.id in linked]
    if not may_see_protected(role):
        protected_persons = set(
            session.scalars(select(models.Person.id).where(models.Person.protected.is_(True)))
        )
        hidden = set()
        for link in session.scalars(
            select(models.EvidenceLink).where(models.EvidenceLink.target_table == "person")
        ):
            if link.target_id in protected_persons:
                hidden.add(link.evidence_id)
        rows = [row for row in rows if not row.protected and row.id not in hidden]
    return rows


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _metadata_record(session, row: models.Evidence, role: str) -> dict:
    protected_persons = (
        set()
        if may_see_protected(role)
        else set(session.scalars(select(models.Person.id).where(models.Person.protected.is_(True))))
    )
    links = [
        {"target_table": ln.target_table, "target_id": ln.target_id, "note": ln.note}
        for ln in session.scalars(
            select(models.EvidenceLink).where(models.EvidenceLink.evidence_id == row.id)
        )
        if not (ln.target_table == "person" and ln.target_id in protected_persons)
    ]
    acquisitions = [
        {
            "acquired_at": _iso(a.acquired_at),
            "actor": a.actor,
            "original_name": a.original_name,
            "source_id": a.source_id,
            "note": a.note,
            "url": a.url,
            "captured_at": _iso(a.captured_at),
            "container_sha256": a.container_sha256,
        }
        for a in session.scalars(
            select(models.EvidenceAcquisition)
            .where(models.EvidenceAcquisition.evidence_id == row.id)
            .order_by(models.EvidenceAcquisition.id)
        )
    ]
    return {
        "sha256": row.sha256,
        "size": row.size,
        "media_type": row.media_type,
        "original_name": row.original_name,
        "original_name_shown": display_name(row.original_name, 1000),
        "source_id": row.source_id,
        "note": row.note,
        "url": row.url,
        "captured_at": _iso(row.captured_at),
        "container_sha256": row.container_sha256,
        "derived_from_sha256": row.derived_from_sha256,
        "protected": bool(row.protected),
        "metadata": row.meta,
        "phash": row.phash,
        "frame_hashes": row.frame_hashes,
        "acquisitions": acquisitions,
        "links": links,
        "path": f"data/objects/{row.sha256}",
    }


def _copy_checked(source: Path, target: Path, sha256: str, progress) -> None:
    with open(source, "rb", buffering=0) as handle:
        staged = objects.stage(target.parent.parent / ".staging", handle, progress)
    if staged.sha256 != sha256:
        staged.discard()
        raise VaultTampered(
            f"object {sha256} does not hash to its name (it now hashes to {staged.sha256}); "
            "nothing exported: run `sabt vault verify`"
        )
    os.replace(staged.path, target)
    staged._release()


def export_bag(
    case, bag_dir, incident_ids=None, role: str = "analyst", actor: str | None = None, progress=None
) -> dict:
    """Write an evidence package (a BagIt bag) to ``bag_dir``; returns its summary.

    Example::

        export_bag(case, "out/bag-incident-12", incident_ids=[12], role="partner")
    """
    bag_dir = Path(bag_dir)
    if bag_dir.exists() and (not bag_dir.is_dir() or any(bag_dir.iterdir())):
        raise SabtError(
            f"{display_name(str(bag_dir))} already exists and is not empty; choose a new folder"
        )
    try:
        import bagit
    except ImportError:
        raise SabtError("exporting a package needs the bagit package (pip install bagit)") from None
    vault_dir = core.vault_dir_of(case)
    export_id = uuid.uuid4().hex
    with case.session() as session:
        rows = _select(session, incident_ids, role)
        records = [_metadata_record(session, row, role) for row in rows]
    selected = {record["sha256"] for record in records}
    bag_dir.mkdir(parents=True, exist_ok=True)
    try:
        (bag_dir / "objects").mkdir()
        (bag_dir / "metadata").mkdir()
        total = sum(record["size"] for record in records)
        done = 0

        def moved(count: int) -> None:
            nonlocal done
            done += count
            if progress:
                progress("copying objects", done, max(total, done))

        for record in records:
            source = objects.object_path(vault_dir, record["sha256"])
            if not source.is_file():
                raise VaultTampered(
                    f"object {record['sha256']} is missing from the vault; nothing exported"
                )
            _copy_checked(source, bag_dir / "objects" / record["sha256"], record["sha256"], moved)
            (bag_dir / "metadata" / f"{record['sha256']}.json").write_text(
                json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True), encoding="utf-8"
            )
        shutil.rmtree(bag_dir / ".staging", ignore_errors=True)

        bag_name = bag_dir.name
        core.record(
            case,
            lambda session: core.Batch(
                events=[
                    {"event": "exported", "object": sha, "bag": export_id, "role": role}
                    for sha in sorted(selected)
                ]
            ),
            actor,
        )

        # the excerpt: verbatim lines about these objects, the first line, every checkpoint
        excerpt = []
        head = None
        for line in custody.read_lines(vault_dir / custody.LOG_NAME):
            obj = line.obj or {}
            head = (line.seq, line.hash)
            if obj.get("object") in selected or obj.get("event") in ("created", "checkpoint"):
                excerpt.append(line.raw)
        (bag_dir / "custody.jsonl").write_bytes(b"".join(raw + b"\n" for raw in excerpt))
        key = signing.load_or_create()
        manifest = {
            "format": "sabt-evidence-package/1",
            "export_id": export_id,
            "case_id": case.case_id,
            "exported_at": custody.utc_now(),
            "role": role,
            "incident_ids": sorted(int(i) for i in incident_ids) if incident_ids else None,
            "protected_material": "included" if may_see_protected(role) else "excluded",
            "log_head": {"seq": head[0], "line_sha256": head[1]} if head else None,
            "key_id": key.key_id,
            "public_key": key.public_hex,
            "objects": [
                {
                    "sha256": r["sha256"],
                    "size": r["size"],
                    "media_type": r["media_type"],
                    "name_shown": r["original_name_shown"],
                    "path": r["path"],
                }
                for r in records
            ],
        }
        (bag_dir / "manifest.json").write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8"
        )
        if progress:
            progress("writing the bag manifests", 0, 1)
        bagit.make_bag(
            str(bag_dir),
            bag_info={
                "Source-Organization": "sabt",
                "External-Identifier": export_id,
                "External-Description": f"sabt evidence package ({len(records)} objects, role {role})",
                "Sabt-Case-Id": case.case_id,
                "Sabt-Role": role,
                "Sabt-Signing-Key": key.key_id,
            },
            checksums=list(CHECKSUMS),
        )
        _declare_bagit_1_0(bag_dir, list(CHECKSUMS))
        tag_manifest = (bag_dir / "tagmanifest-sha256.txt").read_bytes()
        (bag_dir / SIGNATURE_FILE).write_text(
            json.dumps(
                {
                    "signs": "tagmanifest-sha256.txt",
                    "public_key": key.public_hex,
                    "key_id": key.key_id,
                    "sig": key.sign(SIGNED_PREFIX + tag_manifest),
                },
                indent=2,
            ),
            encoding="utf-8",
        )
        if progress:
            progress("writing the bag manifests", 1, 1)
    except BaseException:
        shutil.rmtree(bag_dir, ignore_errors=True)
        raise
    return {
        "bag": str(bag_dir),
        "export_id": export_id,
        "objects": len(records),
        "bytes": total,
        "role": role,
        "key_id": key.key_id,
        "name": bag_name,
    }


BAGIT_VERSION = "1.0"
BAGIT_TXT = f"BagIt-Version: {BAGIT_VERSION}\nTag-File-Character-Encoding: UTF-8\n"
_BAGIT_TXT_FORM = re.compile(
    rb"\ABagIt-Version: [0-9]+\.[0-9]+(\r\n|\n|\r)"
    rb"Tag-File-Character-Encoding: [^\s:][^\r\n]*(\r\n|\n|\r)?\Z"
)


def _declare_bagit_1_0(bag_dir: Path, algorithms: list[str]) -> None:
    """bagit-python writes ``BagIt-Version: 0.97``; the bag is RFC 8493's 1.0: say so, re-manifest."""
    (bag_dir / "bagit.txt").write_bytes(BAGIT_TXT.encode("ascii"))
    tag_files = sorted(
        p
        for p in bag_dir.rglob("*")
        if p.is_file()
        and p.relative_to(bag_dir).parts[0] != "data"
        and not p.name.startswith("tagmanifest-")
    )
    for algorithm in algorithms:
        lines = []
        for path in tag_files:
            digest = hashlib.new(algorithm, path.read_bytes()).hexdigest()
            lines.append(f"{digest} {path.relative_to(bag_dir).as_posix()}\n")
        (bag_dir / f"tagmanifest-{algorithm}.txt").write_text("".join(lines), encoding="utf-8")


def bagit_txt_problem(raw: bytes) -> str | None:
    """What makes a ``bagit.txt`` not the two lines RFC 8493 §2.1.1 requires, or None."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return "bagit.txt starts with a byte-order mark (RFC 8493 \u00a72.1.1 forbids one)"
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return "bagit.txt is not UTF-8 (RFC 8493 \u00a72.1.1)"
    if not _BAGIT_TXT_FORM.match(raw):
        return (
            "bagit.txt is not exactly the two lines 'BagIt-Version: M.N' and "
            "'Tag-File-Character-Encoding: ENCODING' (RFC 8493 \u00a72.1.1)"
        )
    return None


def check_bagit(bag_dir, progress=None) -> tuple[list[custody.Finding], bool]:
    """The BagIt layer of a bag: strict ``bagit.txt``, then bagit-python's full validation.

    Returns the findings and whether the folder could be read as a bag at all.
    """
    bag_dir = Path(bag_dir)
    findings: list[custody.Finding] = []
    add = findings.append
    name = display_name(str(bag_dir))
    if not (bag_dir / "bagit.txt").is_file():
        add(custody.Finding("missing", name, "not a BagIt bag (no bagit.txt)"))
        return findings, False
    problem = bagit_txt_problem((bag_dir / "bagit.txt").read_bytes())
    if problem:
        add(custody.Finding("changed", "bagit.txt", problem))
        return findings, False
    import bagit

    try:
        bag = bagit.Bag(str(bag_dir))
        if progress:
            progress("checking the bag's manifests", 0, 1)
        bag.validate(fast=False)
    except bagit.BagValidationError as error:
        details = getattr(error, "details", None) or []
        for detail in details:
            path = getattr(detail, "path", "")
            if isinstance(detail, bagit.ChecksumMismatch):
                add(
                    custody.Finding(
                        "changed",
                        display_name(path),
                        f"{detail.algorithm} is {detail.found}, the manifest says {detail.expected}",
                    )
                )
            elif isinstance(detail, bagit.FileMissing):
                add(
                    custody.Finding(
                        "missing", display_name(path), "listed in the manifest but not in the bag"
                    )
                )
            elif isinstance(detail, bagit.UnexpectedFile):
                add(
                    custody.Finding(
                        "unrecorded", display_name(path), "in the bag but in no manifest"
                    )
                )
            else:
                add(custody.Finding("changed", display_name(path or str(bag_dir)), str(detail)))
        if not details:
            add(custody.Finding("changed", name, str(error)))
    except bagit.BagError as error:
        add(custody.Finding("changed", name, f"not a valid bag: {error}"))
        return findings, False
    if progress:
        progress("checking the bag's manifests", 1, 1)
    return findings, True


def verify_bag(bag_dir, pinned_keys: list[str] | None = None, progress=None) -> VerifyReport:
    """Check an evidence package anywhere, offline: BagIt manifests, object hashes, signature, excerpt."""
    bag_dir = Path(bag_dir)
    report = VerifyReport()
    add = report.findings.append
    findings, readable = check_bagit(bag_dir, progress)
    report.findings.extend(findings)
    if not readable:
        return report

    # the signature over the tag manifest
    signature_path = bag_dir / SIGNATURE_FILE
    try:
        signature = json.loads(signature_path.read_text(encoding="utf-8"))
        tag_manifest = (bag_dir / "tagmanifest-sha256.txt").read_bytes()
        if not signing.verify_signature(
            signature["public_key"], signature["sig"], SIGNED_PREFIX + tag_manifest
        ):
            add(
                custody.Finding(
                    "bad signature",
                    SIGNATURE_FILE,
                    "the signature over tagmanifest-sha256.txt does not verify",
                )
            )
        elif pinned_keys and signature["public_key"] not in pinned_keys:
            add(
                custody.Finding(
                    "forged checkpoint",
                    SIGNATURE_FILE,
                    f"signed by key {signing.key_id(signature['public_key'])}, not by the expected key",
                )
            )
        else:
            report.key_ids.append(signing.key_id(signature["public_key"]))
    except (OSError, ValueError, KeyError, TypeError):
        add(
            custody.Finding(
                "missing", SIGNATURE_FILE, "the package's signature is missing or unreadable"
            )
        )

    # each object hashes to its name and has its metadata
    data = bag_dir / "data"
    try:
        manifest = json.loads((data / "manifest.json").read_text(encoding="utf-8"))
        listed = {entry["sha256"] for entry in manifest.get("objects", [])}
    except (OSError, ValueError, KeyError, TypeError):
        add(custody.Finding("missing", "data/manifest.json", "missing or unreadable"))
        manifest, listed = {}, set()
    present = set()
    if (data / "objects").is_dir():
        for path in sorted((data / "objects").iterdir()):
            present.add(path.name)
            if path.is_symlink() or not path.is_file():
                add(
                    custody.Finding(
                        "changed",
                        f"data/objects/{display_name(path.name, 80)}",
                        "not a regular file (a link or a folder); not read",
                    )
                )
                continue
            sha256, size = objects.hash_file(path)
            report.objects_checked += 1
            report.bytes_checked += size
            if sha256 != path.name:
                add(
                    custody.Finding(
                        "changed",
                        f"data/objects/{display_name(path.name, 80)}",
                        f"its bytes hash to {sha256}",
                    )
                )
            if not (data / "metadata" / f"{path.name}.json").is_file():
                add(
                    custody.Finding(
                        "missing",
                        f"data/metadata/{display_name(path.name, 80)}.json",
                        "no metadata for this object",
                    )
                )
    for sha in sorted(listed - present):
        add(
            custody.Finding(
                "missing", f"data/objects/{sha}", "listed in manifest.json but not in the bag"
            )
        )
    for sha in sorted(present - listed):
        add(
            custody.Finding(
                "unrecorded",
                f"data/objects/{display_name(sha, 80)}",
                "in the bag but not in manifest.json",
            )
        )

    # the custody excerpt: lines parse, chain where consecutive, checkpoints verify, objects covered
    excerpt = data / "custody.jsonl"
    if excerpt.is_file():
        lines = list(custody.read_lines(excerpt))
        report.lines_checked = len(lines)
        by_seq = {}
        for line in lines:
            if line.obj is None or line.seq is None:
                add(
                    custody.Finding(
                        "edited", f"data/custody.jsonl line {line.lineno}", "not a custody line"
                    )
                )
                continue
            by_seq[line.seq] = line
        ordered = [by_seq[s] for s in sorted(by_seq)]
        if [ln.seq for ln in lines if ln.seq is not None] != [ln.seq for ln in ordered]:
            add(custody.Finding("reordered", "data/custody.jsonl", "lines are not in seq order"))
        for line in ordered:
            before = by_seq.get(line.seq - 1)
            if before is not None and line.obj.get("prev") != before.hash:
                add(
                    custody.Finding(
                        "edited",
                        f"data/custody.jsonl line {before.lineno} (seq {before.seq})",
                        "does not hash to the prev the next line records",
                    )
                )
            if line.obj.get("event") == "checkpoint":
                report.checkpoints_checked += 1
                if not signing.verify_signature(
                    str(line.obj.get("public_key")),
                    str(line.obj.get("sig")),
                    custody.signed_message(line.obj),
                ):
                    add(
                        custody.Finding(
                            "bad signature",
                            f"data/custody.jsonl line {line.lineno} (seq {line.seq})",
                            "the checkpoint's signature does not verify",
                        )
                    )
                elif pinned_keys and line.obj.get("public_key") not in pinned_keys:
                    add(
                        custody.Finding(
                            "forged checkpoint",
                            f"data/custody.jsonl line {line.lineno} (seq {line.seq})",
                            "signed by a key that is not the expected one",
                        )
                    )
        added = {
            ln.obj.get("object")
            for ln in ordered
            if ln.obj.get("event") in ("added", "redacted_copy")
        }
        for sha in sorted(present - added):
            add(
                custody.Finding(
                    "unrecorded",
                    f"data/objects/{display_name(sha, 80)}",
                    "no custody line in the excerpt adds it",
                )
            )
        report.head_seq = ordered[-1].seq if ordered else None
    else:
        add(custody.Finding("missing", "data/custody.jsonl", "the custody excerpt is missing"))
    return report
