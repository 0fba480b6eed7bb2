"""Recognising a document's type from its bytes, and reading the non-PDF types.

The extension is not trusted: an HTML page saved as ``.pdf`` is read as HTML. Types:

- ``pdf``: the ``%PDF-`` signature within the first kilobyte (some writers put junk first);
- ``docx``: a zip archive holding ``word/document.xml`` (python-docx reads it);
- ``html``: text whose start looks like markup (``<!doctype html``, ``<html``, ``<head``,
  ``<body``); trafilatura keeps the main text and drops navigation and boilerplate;
- ``text``: bytes that decode as UTF-8 (or cp1252) with few control characters;
- ``unknown``: anything else (images, other archives, binary data).
"""

from __future__ import annotations

import logging
import re
import zipfile
from pathlib import Path

from policytext.extract.layout import join_lines, vocabulary_of
from policytext.text.tokenize import normalise

logger = logging.getLogger(__name__)

_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
    re.IGNORECASE | re.DOTALL,
)


def sniff_type(path: Path) -> str:
    """The document type of ``path`` judged from its first bytes: see the module docstring."""
    with path.open("rb") as handle:
        head = handle.read(4096)
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as archive:
                if "word/document.xml" in archive.namelist():
                    return "docx"
        except zipfile.BadZipFile:
            return "unknown"
        return "unknown"
    stripped = head.lstrip(b"\xef\xbb\xbf")
    if _HTML_START.match(stripped) or b"<html" in stripped[:1024].lower():
        return "html"
    if _looks_like_text(head):
        return "text"
    return "unknown"


def _looks_like_text(head: bytes) -> bool:
    if not head or b"\x00" in head:
        return False
    for encoding in ("utf-8", "cp1252"):
        try:
            decoded = head.decode(encoding)
        except UnicodeDecodeError as error:
            # A multi-byte character cut at the end of the sample is still text.
            if encoding == "utf-8" and error.start >= len(head) - 3:
                decoded = head[: error.start].decode(encoding)
            else:
                continue
        controls = sum(1 for ch in decoded if ord(ch) < 32 and ch not in "\n\r\t\f")
        return controls <= len(decoded) * 0.01
    return False


def decode_text(data: bytes) -> str:
    """Decode bytes as UTF-8 (with or without a BOM), falling back to cp1252."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def clean_plain_text(text: str) -> str:
    """Normalise plain text and rebuild paragraphs: blank lines separate, lines join.

    Words broken with a hyphen at a line end are rejoined as in PDFs (see
    :func:`policytext.extract.layout.join_lines`).
    """
    text = normalise(text).replace("\r\n", "\n").replace("\r", "\n")
    blocks = [
        [" ".join(line.split()) for line in block.splitlines() if line.strip()]
        for block in re.split(r"\n\s*\n", text)
    ]
    blocks = [lines for lines in blocks if lines]
    vocabulary = vocabulary_of([line for lines in blocks for line in lines])
    paragraphs = [
        join_lines(lines, [True] + [False] * (len(lines) - 1), vocabulary)[0] for lines in blocks
    ]
    return "\n\n".join(paragraphs) + "\n" if paragraphs else ""


def read_text_file(path: Path) -> str:
    """The paragraphs of a plain-text file, normalised."""
    return clean_plain_text(decode_text(path.read_bytes()))


def read_html(path: Path) -> str:
    """The main text of an HTML page (trafilatura), without navigation or boilerplate."""
    import trafilatura

    html = decode_text(path.read_bytes())
    extracted = trafilatura.extract(
        html, include_comments=False, include_tables=False, favor_recall=True, deduplicate=False
    )
    if not extracted:
        # Very short pages fall below trafilatura's thresholds: fall back to all body text.
        from lxml import html as lxml_html

        tree = lxml_html.fromstring(html)
        for node in tree.xpath("//script|//style|//nav|//header|//footer"):
            node.drop_tree()
        extracted = "\n\n".join(
            " ".join(p.text_content().split()) for p in tree.xpath("//p|//li|//h1|//h2|//h3")
        )
    return clean_plain_text(extracted.replace("\n", "\n\n"))


def read_docx(path: Path) -> str:
    """The paragraphs of a Word document in order (tables left out)."""
    import docx

    document = docx.Document(str(path))
    return clean_plain_text("\n\n".join(paragraph.text for paragraph in document.paragraphs))
