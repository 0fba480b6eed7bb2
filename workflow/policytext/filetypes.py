"""The document types policytext reads, and how a file's type is told from its bytes.

One table says which suffixes the corpus may hold and what each promises
(:data:`SUFFIX_TYPES`); one sniffer says what a file's first bytes are
(:func:`sniff_bytes`). The manifest check, extraction and the fetch step all use these, so
that they agree on what a ``.xhtml`` file is or whether a body is an HTML page.

Types:

- ``pdf``: the ``%PDF-`` signature within the first kilobyte (some writers put junk first);
- ``docx``: a zip archive (the reader checks for ``word/document.xml``);
- ``html``: text whose start looks like markup (``<!doctype html``, ``<html``, ``<head``,
  ``<body``, after an optional XML declaration and comments);
- ``text``: bytes that decode as UTF-8 (or cp1252) with few control characters;
- ``unknown``: anything else (images, other archives, binary data).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

#: Suffix -> the type a file with it promises. A file whose bytes say otherwise is refused
#: by extraction, since an HTML page named .pdf is nearly always an error page.
SUFFIX_TYPES: dict[str, str] = {
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".docx": "docx",
    ".txt": "text",
}

#: The suffixes ``init-corpus`` collects from a folder, in a stable order.
SUPPORTED_SUFFIXES: tuple[str, ...] = tuple(SUFFIX_TYPES)

#: How many bytes the sniffer reads.
SNIFF_BYTES = 4096

_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
    re.IGNORECASE | re.DOTALL,
)


def promised_type(path: Path) -> str | None:
    """The type ``path``'s suffix promises (see :data:`SUFFIX_TYPES`), or None for any."""
    return SUFFIX_TYPES.get(path.suffix.lower())


def looks_like_html(head: bytes) -> bool:
    """Whether the first bytes of a body are an HTML page (a byte-order mark is allowed)."""
    stripped = head.lstrip(b"\xef\xbb\xbf")
    return bool(_HTML_START.match(stripped)) or b"<html" in stripped[:1024].lower()


def looks_like_text(head: bytes) -> bool:
    """Whether the first bytes decode as UTF-8 or cp1252 with few control characters."""
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
        controls = sum(1 for char in decoded if ord(char) < 32 and char not in "\t\n\r\f")
        return controls <= len(decoded) * 0.01
    return False


def sniff_bytes(head: bytes) -> str:
    """The type of a body from its first bytes: pdf, docx, html, text or unknown."""
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    if looks_like_html(head):
        return "html"
    if looks_like_text(head):
        return "text"
    return "unknown"


def sniff_type(path: Path) -> str:
    """The type of the file at ``path``; a zip without ``word/document.xml`` is unknown."""
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    kind = sniff_bytes(head)
    if kind == "docx":
        try:
            with zipfile.ZipFile(path) as archive:
                if "word/document.xml" not in archive.namelist():
                    return "unknown"
        except zipfile.BadZipFile:
            return "unknown"
    return kind
