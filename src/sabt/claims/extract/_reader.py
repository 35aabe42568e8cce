"""Reading a report file as plain text: ``.txt``/``.md``, ``.html``/``.htm``, ``.pdf``.

HTML is read with the standard library's parser: scripts, styles and the ``<head>`` are
dropped, entities are decoded, block elements (paragraphs, headings, list items, table
rows) become line breaks so one paragraph never runs into the next. PDF text comes from
``pypdf`` (pure Python, no model); a PDF without a text layer (a scan) is refused with a
message that says so rather than imported as nothing.
"""

from __future__ import annotations

import io
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

from sabt.errors import ImportRefused
from sabt.ingest.readers import decode, read_input

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
PDF_SUFFIXES = {".pdf"}

_BLOCKS = {
    "p", "div", "br", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6",
    "section", "article", "header", "footer", "blockquote", "pre", "dd", "dt", "hr", "figcaption",
}
_SKIP = {"script", "style", "head", "noscript", "template", "svg"}


class _TextOfHtml(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skipping += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")
        elif tag == "td" or tag == "th":
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """The readable text of an HTML page, one block a line.

    >>> html_to_text("<p>At least 5&nbsp;dead</p><p>12&ndash;20</p>")
    'At least 5 dead\\n12–20'
    """
    parser = _TextOfHtml()
    parser.feed(html)
    parser.close()
    text = unescape("".join(parser.parts)).replace("\xa0", " ")
    lines = [re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def _pdf_text(path: Path, data: bytes) -> str:
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError:  # pragma: no cover - depends on the installation
        raise ImportRefused(f"{path.name}: reading PDF needs the 'pypdf' package (pip install pypdf)") from None
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                reader.decrypt("")
            except Exception:  # noqa: BLE001 - pypdf raises many kinds for a wrong password
                raise ImportRefused(f"{path.name}: the PDF is password-protected") from None
        pages = [page.extract_text() or "" for page in reader.pages]
    except ImportRefused:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as error:
        raise ImportRefused(f"{path.name}: not a readable PDF ({error})") from None
    except Exception as error:  # noqa: BLE001 - pypdf raises many kinds on a broken file
        raise ImportRefused(f"{path.name}: not a readable PDF ({type(error).__name__}: {error})") from None
    text = "\n".join(pages)
    if not text.strip():
        raise ImportRefused(f"{path.name}: the PDF has no text layer (a scan?); run OCR first")
    # undo hyphenation at line ends ("protest-\ners" → "protesters") but keep real dashes
    text = re.sub(r"(\w)-\n(\w)", r"\1\2", text)
    return text


def read_report(path) -> str:
    """The plain text of a report file (plain text, HTML or PDF), for :func:`extract_claims`.

    Raises :class:`sabt.errors.ImportRefused` for a missing, empty, binary or broken file.

    >>> read_report("tests/data/claims_gold/wire-2026-02.txt")[:5]  # doctest: +SKIP
    'DUBAI'
    """
    path = Path(path)
    data = read_input(path, "report file")
    if not data.strip():
        raise ImportRefused(f"{path.name}: the file is empty")
    suffix = path.suffix.lower()
    if suffix in PDF_SUFFIXES or data[:5] == b"%PDF-":
        return _pdf_text(path, data)
    try:
        text, _encoding = decode(data, path.name)
    except ImportRefused:
        raise
    except (UnicodeError, LookupError, ValueError) as error:
        raise ImportRefused(f"{path.name}: cannot read the text ({error})") from None
    head = text.lstrip()[:200].lower()
    if suffix in HTML_SUFFIXES or head.startswith(("<!doctype html", "<html")):
        text = html_to_text(text)
    else:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ImportRefused(f"{path.name}: no text in the file")
    return text
