"""Reading report files: plain text, HTML, PDF, and clear refusals for broken files."""

from __future__ import annotations

import pytest

from sabt.claims.extract import extract_claims, read_report
from sabt.errors import ImportRefused


def _minimal_pdf(line: str) -> bytes:
    """A one-page PDF whose text layer is ``line`` (offsets computed, so it is a valid file)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({line}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def test_plain_text(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text("HRANA confirmed 2,403 deaths.\r\nSecond line.", encoding="utf-8")
    assert read_report(path) == "HRANA confirmed 2,403 deaths.\nSecond line."


def test_html_blocks_entities_and_scripts(tmp_path):
    path = tmp_path / "r.html"
    path.write_text(
        "<html><head><title>t</title><script>var x = 12345;</script></head><body>"
        "<p>Staff counted 120&ndash;150&nbsp;wounded.</p><p>Call&nbsp;+44 20 7946 0000</p>"
        "<ul><li>300 &ldquo;rioters&rdquo; had been arrested.</li></ul></body></html>",
        encoding="utf-8",
    )
    text = read_report(path)
    assert text.split("\n") == ["Staff counted 120–150 wounded.", "Call +44 20 7946 0000", "300 “rioters” had been arrested."]
    assert [(c.metric, c.low, c.high) for c in extract_claims(text)] == [("injured", 120, 150), ("arrested", 300, 300)]


def test_pdf_text_layer(tmp_path):
    path = tmp_path / "r.pdf"
    path.write_bytes(_minimal_pdf("At least 58 protesters were killed in Ilam."))
    text = read_report(path)
    assert "At least 58 protesters were killed in Ilam." in text
    claim = extract_claims(text)[0]
    assert (claim.metric, claim.low, claim.place) == ("killed", 58, "Ilam")


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("broken.pdf", b"%PDF-1.4\nthis is not a pdf at all", "not a readable PDF"),
        ("empty.txt", b"", "empty"),
        ("blank.html", b"<html><body>   </body></html>", "no text"),
        ("binary.txt", bytes(range(256)) * 4, "NUL bytes"),
    ],
    ids=["broken-pdf", "empty", "blank-html", "binary"],
)
def test_broken_files_are_refused(tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ImportRefused, match=message):
        read_report(path)


def test_missing_file(tmp_path):
    with pytest.raises(ImportRefused, match="no such file"):
        read_report(tmp_path / "nope.pdf")
