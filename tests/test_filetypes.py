"""One table of supported file types and one sniffer, shared by corpus, extract and fetch."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from policytext.filetypes import (
    SUPPORTED_SUFFIXES,
    looks_like_html,
    promised_type,
    sniff_bytes,
    sniff_type,
)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("a.pdf", "pdf"),
        ("a.PDF", "pdf"),
        ("a.htm", "html"),
        ("a.xhtml", "html"),
        ("a.docx", "docx"),
        ("a.txt", "text"),
        ("a.odt", None),
        ("a", None),
    ],
)
def test_a_suffix_promises_one_type(name, kind):
    assert promised_type(Path(name)) == kind


def test_every_promised_type_is_a_supported_suffix():
    assert {".pdf", ".html", ".htm", ".xhtml", ".docx", ".txt"} == set(SUPPORTED_SUFFIXES)


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"junk\n%PDF-1.7\n", "pdf"),
        (b"\xef\xbb\xbf<!DOCTYPE html><html>", "html"),
        (b'<?xml version="1.0"?>\n<!-- c --><html xmlns="x">', "html"),
        (b"  <body><p>hi</p>", "html"),
        (b"Plain words, caf\xc3\xa9.\n", "text"),
        (b"Cut in the middle of a character \xc3", "text"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "unknown"),
        (b"", "unknown"),
    ],
)
def test_the_first_bytes_say_the_type(head, kind):
    assert sniff_bytes(head) == kind


def test_xml_that_is_not_html_is_not_html():
    assert not looks_like_html(b'<?xml version="1.0"?><feed></feed>')


def test_a_zip_is_docx_only_with_a_word_document(tmp_path):
    docx, other = tmp_path / "a.docx", tmp_path / "b.docx"
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("content.xml", "<office/>")
    assert (sniff_type(docx), sniff_type(other)) == ("docx", "unknown")
