"""Evidence packages (BagIt): complete, verifiable offline, and without protected material for
roles that may not see it."""

from __future__ import annotations

import json
import shutil

import pytest
from sqlalchemy import select

from sabt.errors import SabtError
from sabt.store import models
from sabt.vault import add_files, export_bag, link, set_protected, verify, verify_bag
from sabt.vault.custody import read_lines


@pytest.fixture
def evidence(case, files):
    with case.session() as session:
        session.add(models.Source(id="s1", name="Source one"))
        session.flush()
        incident = models.Incident(title="Hospital raid", type="hospital raid")
        other = models.Incident(title="Arrests", type="arrest")
        claim = models.Claim(source_id="s1", metric="killed")
        person = models.Person(protected=True, name=None)
        public_person = models.Person(protected=False, name="Public Figure")
        session.add_all([incident, other, claim, person, public_person])
        session.flush()
        session.add(models.IncidentClaim(incident_id=incident.id, claim_id=claim.id))
        session.commit()
        ids = {
            "incident": incident.id,
            "other": other.id,
            "claim": claim.id,
            "person": person.id,
            "public_person": public_person.id,
        }
    names = ["raid.jpg", "claim-doc.pdf", "witness-face.jpg", "secret.mp4", "arrests.jpg"]
    for i, name in enumerate(names):
        (files / name).write_bytes(f"evidence {i}".encode() * 20)
    results = {r.name: r for r in add_files(case, [files / n for n in names])}
    link(case, results["raid.jpg"].sha256, "incident", ids["incident"])
    link(case, results["claim-doc.pdf"].sha256, "claim", ids["claim"])
    link(case, results["witness-face.jpg"].sha256, "incident", ids["incident"])
    link(case, results["witness-face.jpg"].sha256, "person", ids["person"])
    link(case, results["secret.mp4"].sha256, "incident", ids["incident"])
    link(case, results["arrests.jpg"].sha256, "incident", ids["other"])
    link(case, results["arrests.jpg"].sha256, "person", ids["public_person"])
    set_protected(case, results["secret.mp4"].sha256)
    return results, ids


def _bag_objects(bag):
    return {p.name for p in (bag / "data" / "objects").iterdir()}


def test_full_package_verifies_offline(case, evidence, tmp_path):
    results, _ = evidence
    bag = tmp_path / "bag"
    summary = export_bag(case, bag, role="analyst")
    assert summary["objects"] == 5
    assert _bag_objects(bag) == {r.sha256 for r in results.values()}
    for name in (
        "bagit.txt",
        "bag-info.txt",
        "manifest-sha256.txt",
        "tagmanifest-sha256.txt",
        "sabt-signature.json",
        "data/manifest.json",
        "data/custody.jsonl",
    ):
        assert (bag / name).is_file(), name
    assert (bag / "bagit.txt").read_bytes() == (
        b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
    ), "RFC 8493 (BagIt 1.0), as the docs say"
    import bagit

    assert bagit.Bag(str(bag)).version == "1.0"
    bagit.Bag(str(bag)).validate()  # the tag manifests cover the rewritten bagit.txt
    meta = json.loads(
        (bag / "data" / "metadata" / f"{results['raid.jpg'].sha256}.json").read_text()
    )
    assert meta["original_name"] == "raid.jpg" and meta["links"][0]["target_table"] == "incident"
    # moved elsewhere, with no case and no vault: it still verifies
    elsewhere = tmp_path / "usb" / "package"
    shutil.copytree(bag, elsewhere)
    case.close()
    shutil.rmtree(case.vault_dir)
    report = verify_bag(elsewhere)
    assert report.ok, [str(f) for f in report.findings]
    assert report.objects_checked == 5


def test_export_is_in_the_custody_log(case, evidence, tmp_path):
    summary = export_bag(case, tmp_path / "bag")
    exported = [
        ln.obj
        for ln in read_lines(case.vault_dir / "custody.jsonl")
        if ln.obj["event"] == "exported"
    ]
    assert len(exported) == 5 and {e["bag"] for e in exported} == {summary["export_id"]}
    excerpt = [
        json.loads(ln)
        for ln in (tmp_path / "bag" / "data" / "custody.jsonl").read_text().splitlines()
    ]
    assert sum(e["event"] == "exported" for e in excerpt) == 5
    assert verify(case).ok


def test_incident_selects_its_evidence_and_its_claims_evidence(case, evidence, tmp_path):
    results, ids = evidence
    bag = tmp_path / "bag"
    export_bag(case, bag, incident_ids=[ids["incident"]], role="admin")
    assert _bag_objects(bag) == {
        results[n].sha256 for n in ("raid.jpg", "claim-doc.pdf", "witness-face.jpg", "secret.mp4")
    }


def test_role_without_protected_access_gets_none_of_it(case, evidence, tmp_path):
    results, ids = evidence
    bag = tmp_path / "bag"
    summary = export_bag(case, bag, incident_ids=[ids["incident"]], role="partner")
    assert _bag_objects(bag) == {results[n].sha256 for n in ("raid.jpg", "claim-doc.pdf")}
    assert summary["objects"] == 2
    hidden = {results[n].sha256 for n in ("witness-face.jpg", "secret.mp4")}
    for path in bag.rglob("*"):
        if path.is_file():
            text = path.read_bytes().decode("utf-8", "replace")
            for sha in hidden:
                assert sha not in text, f"{sha[:8]} appears in {path.relative_to(bag)}"
            assert "witness-face" not in text and "secret.mp4" not in text
    assert (
        json.loads((bag / "data" / "manifest.json").read_text())["protected_material"] == "excluded"
    )
    assert verify_bag(bag).ok


def test_unknown_role_is_treated_as_not_allowed(case, evidence, tmp_path):
    results, _ = evidence
    export_bag(case, tmp_path / "bag", role="somebody")
    assert results["secret.mp4"].sha256 not in _bag_objects(tmp_path / "bag")


def test_tampered_object_in_bag(case, evidence, tmp_path):
    results, _ = evidence
    bag = tmp_path / "bag"
    export_bag(case, bag)
    target = bag / "data" / "objects" / results["raid.jpg"].sha256
    data = bytearray(target.read_bytes())
    data[0] ^= 1
    target.write_bytes(bytes(data))
    report = verify_bag(bag)
    kinds = {(f.kind, f.where) for f in report.findings}
    assert ("changed", f"data/objects/{results['raid.jpg'].sha256}") in kinds


def test_remanifested_bag_fails_the_signature(case, evidence, tmp_path):
    """Edit the excerpt and rebuild BagIt's manifests: the signature no longer verifies."""
    import bagit

    bag = tmp_path / "bag"
    export_bag(case, bag)
    excerpt = bag / "data" / "custody.jsonl"
    excerpt.write_text(excerpt.read_text().replace('"actor":"tester"', '"actor":"someone"'))
    bagit.Bag(str(bag)).save(manifests=True)
    report = verify_bag(bag)
    assert {f.kind for f in report.findings} >= {"bad signature"}
    assert any(f.where == "sabt-signature.json" for f in report.findings)


def test_deleted_object_in_bag(case, evidence, tmp_path):
    results, _ = evidence
    bag = tmp_path / "bag"
    export_bag(case, bag)
    (bag / "data" / "objects" / results["raid.jpg"].sha256).unlink()
    assert "missing" in {f.kind for f in verify_bag(bag).findings}


def test_export_refuses_a_changed_object(case, evidence, tmp_path):
    import os

    from sabt.vault.objects import object_path

    results, _ = evidence
    path = object_path(case.vault_dir, results["raid.jpg"].sha256)
    os.chmod(path, 0o644)
    path.write_bytes(b"changed")
    with pytest.raises(SabtError, match="does not hash to its name"):
        export_bag(case, tmp_path / "bag")
    assert not (tmp_path / "bag").exists()


def test_export_into_a_non_empty_folder_is_refused(case, evidence, tmp_path):
    (tmp_path / "bag").mkdir()
    (tmp_path / "bag" / "x").write_text("x")
    with pytest.raises(SabtError, match="not empty"):
        export_bag(case, tmp_path / "bag")


def test_unknown_incident_is_refused(case, evidence, tmp_path):
    with pytest.raises(SabtError, match="no incident"):
        export_bag(case, tmp_path / "bag", incident_ids=[9999])


def test_link_targets_are_checked(case, evidence):
    results, _ = evidence
    with pytest.raises(SabtError, match="no claim 4242"):
        link(case, results["raid.jpg"].sha256, "claim", 4242)
    with pytest.raises(SabtError, match="not to"):
        link(case, results["raid.jpg"].sha256, "source", 1)
    again = link(case, results["raid.jpg"].sha256[:8], "incident", evidence[1]["incident"])
    assert again["new"] is False
    with case.session() as session:
        assert len(session.scalars(select(models.EvidenceLink)).all()) == 7
