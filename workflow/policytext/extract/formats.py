"""Reading the non-PDF document types: plain text, HTML and DOCX.

Which type a file is comes from its bytes (:func:`policytext.filetypes.sniff_type`), not its
name. HTML goes through trafilatura, which keeps the main text and drops navigation and
boilerplate; DOCX through python-docx; plain text is decoded (UTF-8, else cp1252) and its
paragraphs rebuilt.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from policytext.extract.layout import join_lines, vocabulary_of
from policytext.text.tokenize import normalise

logger = logging.getLogger(__name__)


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
