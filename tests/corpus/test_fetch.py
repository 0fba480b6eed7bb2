"""Tests for the fetch step, against a local HTTP server on 127.0.0.1, and of the study manifest.

The server serves a real PDF made with reportlab, an HTML article, a slow response, a 404,
an oversized file (announced and unannounced), HTML where a PDF is expected, a document whose
content can be changed between runs, and a response that fails once before it succeeds.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from policytext.cli import main
from policytext.corpus.fetch import (
    FAILED,
    FETCHED,
    PRESENT,
    FetchError,
    FetchOptions,
    FetchOutcome,
    check_content,
    check_url,
    fetch_manifest,
    summarise,
)
from policytext.errors import UserError

ARTICLE_SENTENCE = "Co-production means people who use services shape them as equal partners."
MANIFEST_COLUMNS = ["doc_id", "title", "publisher", "doc_type", "year", "file", "url", "sha256"]
STUDY_MANIFEST = Path(__file__).resolve().parents[2] / "corpus" / "scotland" / "manifest.csv"


def make_pdf(text: str, *, pages: int = 1) -> bytes:
    """A small real PDF holding ``text`` on each page."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    for _ in range(pages):
        pdf.drawString(72, 760, text)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def make_html() -> bytes:
    """An HTML page with navigation around an article of several paragraphs."""
    paragraphs = "".join(
        f"<p>{ARTICLE_SENTENCE} Paragraph {number} explains how partners plan, design and "
        "deliver support together, sharing power and responsibility in every local area.</p>"
        for number in range(1, 9)
    )
    return (
        "<!DOCTYPE html><html><head><title>Co-production</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<main><article><h1>Co-production in Scotland</h1>{paragraphs}</article></main>"
        "<footer>Cookie settings</footer></body></html>"
    ).encode()


class Site:
    """The local server's content and a count of the requests it answered."""

    def __init__(self) -> None:
        self.pdf = make_pdf("Self-directed support and co-production", pages=2)
        self.html = make_html()
        self.big = make_pdf("large document", pages=40)
        self.changing = make_pdf("version one")
        self.requests: Counter[str] = Counter()
        self.release = threading.Event()
        self.lock = threading.Lock()


def make_handler(site: Site) -> type[BaseHTTPRequestHandler]:
    """A request handler bound to ``site``."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # quiet test output
            pass

        def send_body(self, body: bytes, content_type: str, *, length: bool = True) -> None:
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            if length:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            with site.lock:
                site.requests[self.path] += 1
                count = site.requests[self.path]
            if self.path == "/doc.pdf":
                self.send_body(site.pdf, "application/pdf")
            elif self.path == "/octet.pdf":
                self.send_body(site.pdf, "application/octet-stream")
            elif self.path == "/page.html":
                self.send_body(site.html, "text/html; charset=utf-8")
            elif self.path == "/slow.pdf":
                site.release.wait(10)  # far longer than the tests' timeout
                self.send_body(site.pdf, "application/pdf")
            elif self.path == "/big.pdf":
                self.send_body(site.big, "application/pdf")
            elif self.path == "/big-unannounced.pdf":
                self.send_body(site.big, "application/pdf", length=False)
                self.close_connection = True
            elif self.path == "/landing.pdf":
                self.send_body(site.html, "text/html; charset=utf-8")
            elif self.path == "/changing.pdf":
                self.send_body(site.changing, "application/pdf")
            elif self.path == "/to-remote-http.pdf":
                self.send_response(302)
                self.send_header("Location", "http://example.org/doc.pdf")
                self.send_header("Content-Length", "0")
                self.end_headers()
            elif self.path == "/to-local.pdf":
                self.send_response(302)
                self.send_header("Location", "/doc.pdf")
                self.send_header("Content-Length", "0")
                self.end_headers()
            elif self.path == "/flaky.pdf" and count == 1:
                self.send_error(503, "Service Unavailable")
            elif self.path == "/flaky.pdf":
                self.send_body(site.pdf, "application/pdf")
            else:
                self.send_error(404, "Not Found")

    return Handler


@pytest.fixture()
def site() -> Iterator[tuple[Site, str]]:
    """A running local server; yields its content and base url ``http://127.0.0.1:PORT``."""
    content = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(content))
    server.daemon_threads = True
    server.handle_error = lambda request, address: None  # a client that timed out is fine
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield content, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        content.release.set()
        server.shutdown()
        server.server_close()


def local_manifest(folder: Path, rows: list[tuple[str, str, str]], *, sha256: str = "") -> Path:
    """A manifest of (doc_id, file, url) rows in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "manifest.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(MANIFEST_COLUMNS)
        for doc_id, file, url in rows:
            writer.writerow([doc_id, doc_id, "Test", "government", "2020", file, url, sha256])
    return path


def local_options(**changes: object) -> FetchOptions:
    """Options for the local server: http allowed there, short timeout, no waiting."""
    settings = {"timeout": 1.0, "retries": 0, "backoff": 0.0, "allow_http_localhost": True}
    settings.update(changes)
    return FetchOptions(**settings)  # type: ignore[arg-type]


def leftovers(folder: Path) -> list[str]:
    """Temporary files left in ``folder`` (there must be none)."""
    return sorted(p.name for p in folder.rglob("*") if p.name.endswith(".partial"))


def lock_rows(manifest: Path) -> dict[str, dict[str, str]]:
    with (manifest.parent / "manifest.lock.csv").open(encoding="utf-8") as handle:
        return {row["doc_id"]: row for row in csv.DictReader(handle)}


def only(outcomes: list, doc_id: str):
    (match,) = [o for o in outcomes if o.doc_id == doc_id]
    return match


# ------------------------------------------------------------------------------ downloads


def test_pdf_is_fetched_and_its_checksum_pinned_in_the_lock(tmp_path, site):
    content, base = site
    manifest = local_manifest(tmp_path, [("a", "documents/a.pdf", f"{base}/doc.pdf")])

    outcomes = fetch_manifest(manifest, options=local_options())

    assert [o.status for o in outcomes] == [FETCHED]
    saved = tmp_path / "documents" / "a.pdf"
    assert saved.read_bytes() == content.pdf
    digest = hashlib.sha256(content.pdf).hexdigest()
    assert lock_rows(manifest)["a"] == {
        "doc_id": "a",
        "url": f"{base}/doc.pdf",
        "sha256": digest,
        "bytes": str(len(content.pdf)),
    }


def test_pdf_served_as_octet_stream_is_accepted_by_its_magic(tmp_path, site):
    content, base = site
    manifest = local_manifest(tmp_path, [("a", "documents/a.pdf", f"{base}/octet.pdf")])

    (outcome,) = fetch_manifest(manifest, options=local_options())

    assert outcome.status == FETCHED
    assert (tmp_path / "documents" / "a.pdf").read_bytes() == content.pdf


def test_html_page_is_kept_raw_and_its_main_text_saved_beside_it(tmp_path, site):
    content, base = site
    manifest = local_manifest(tmp_path, [("p", "documents/p.html", f"{base}/page.html")])

    (outcome,) = fetch_manifest(manifest, options=local_options())

    assert outcome.status == FETCHED
    assert (tmp_path / "documents" / "p.html").read_bytes() == content.html
    main_text = (tmp_path / "documents" / "p.html.txt").read_text(encoding="utf-8")
    assert ARTICLE_SENTENCE in main_text
    assert "Cookie settings" not in main_text
    assert any(note.startswith("main text: ") for note in outcome.notes)


def test_rerun_skips_files_that_match_their_pin(tmp_path, site):
    content, base = site
    manifest = local_manifest(
        tmp_path,
        [
            ("a", "documents/a.pdf", f"{base}/doc.pdf"),
            ("p", "documents/p.html", f"{base}/page.html"),
        ],
    )
    fetch_manifest(manifest, options=local_options())
    lock_before = (tmp_path / "manifest.lock.csv").read_bytes()

    outcomes = fetch_manifest(manifest, options=local_options())

    assert [o.status for o in outcomes] == [PRESENT, PRESENT]
    assert content.requests["/doc.pdf"] == 1
    assert content.requests["/page.html"] == 1
    assert (tmp_path / "manifest.lock.csv").read_bytes() == lock_before


def test_file_saved_by_hand_is_pinned_without_a_download(tmp_path, site):
    content, base = site
    manifest = local_manifest(tmp_path, [("a", "documents/a.pdf", f"{base}/doc.pdf")])
    by_hand = make_pdf("saved from a browser")
    (tmp_path / "documents").mkdir()
    (tmp_path / "documents" / "a.pdf").write_bytes(by_hand)

    (outcome,) = fetch_manifest(manifest, options=local_options())

    assert outcome.status == PRESENT
    assert content.requests["/doc.pdf"] == 0
    assert lock_rows(manifest)["a"]["sha256"] == hashlib.sha256(by_hand).hexdigest()


# ------------------------------------------------------------------------------ failures


def test_slow_response_times_out_and_leaves_no_file(tmp_path, site):
    _, base = site
    manifest = local_manifest(tmp_path, [("s", "documents/s.pdf", f"{base}/slow.pdf")])

    (outcome,) = fetch_manifest(manifest, options=local_options(timeout=0.3))

    assert outcome.status == FAILED
    assert "timed out" in outcome.reason
    assert not (tmp_path / "documents" / "s.pdf").exists()
    assert leftovers(tmp_path) == []


def test_timeout_is_retried_with_growing_backoff(tmp_path, site):
    content, base = site
    manifest = local_manifest(tmp_path, [("s", "documents/s.pdf", f"{base}/slow.pdf")])
    waits: list[float] = []

    (outcome,) = fetch_manifest(
        manifest, options=local_options(timeout=0.2, retries=2, backoff=0.5), sleep=waits.append
    )

    assert outcome.status == FAILED
    assert "after 3 attempts" in outcome.reason
    assert waits == [0.5, 1.0]
    assert content.requests["/slow.pdf"] == 3


def test_server_error_is_retried_and_then_succeeds(tmp_path, site):
    content, base = site
    manifest = local_manifest(tmp_path, [("f", "documents/f.pdf", f"{base}/flaky.pdf")])
    waits: list[float] = []

    (outcome,) = fetch_manifest(
        manifest, options=local_options(retries=2, backoff=0.25), sleep=waits.append
    )

    assert outcome.status == FETCHED
    assert waits == [0.25]
    assert (tmp_path / "documents" / "f.pdf").read_bytes() == content.pdf


def test_not_found_is_not_retried_and_says_how_to_supply_the_file(tmp_path, site):
    content, base = site
    manifest = local_manifest(tmp_path, [("m", "documents/m.pdf", f"{base}/missing.pdf")])

    (outcome,) = fetch_manifest(manifest, options=local_options(retries=3), sleep=lambda s: None)

    assert outcome.status == FAILED
    assert outcome.reason == "HTTP 404 Not Found"
    assert content.requests["/missing.pdf"] == 1
    assert str(tmp_path / "documents" / "m.pdf") in outcome.hint
    assert f"{base}/missing.pdf" in outcome.hint


@pytest.mark.parametrize("path", ["/big.pdf", "/big-unannounced.pdf"])
def test_oversized_file_is_refused_and_nothing_is_written(tmp_path, site, path):
    content, base = site
    manifest = local_manifest(tmp_path, [("b", "documents/b.pdf", f"{base}{path}")])
    cap = len(content.big) // 2

    (outcome,) = fetch_manifest(manifest, options=local_options(max_bytes=cap))

    assert outcome.status == FAILED
    assert outcome.reason.startswith("too large")
    assert str(cap) in outcome.reason
    assert not (tmp_path / "documents" / "b.pdf").exists()
    assert leftovers(tmp_path) == []


def test_html_served_for_a_pdf_is_refused(tmp_path, site):
    _, base = site
    manifest = local_manifest(tmp_path, [("l", "documents/l.pdf", f"{base}/landing.pdf")])

    (outcome,) = fetch_manifest(manifest, options=local_options())

    assert outcome.status == FAILED
    assert "expected a PDF but the server sent an HTML page (text/html)" in outcome.reason
    assert not (tmp_path / "documents" / "l.pdf").exists()


def test_download_not_matching_the_manifest_checksum_is_refused(tmp_path, site):
    _, base = site
    pinned = hashlib.sha256(b"some other document").hexdigest()
    manifest = local_manifest(
        tmp_path, [("a", "documents/a.pdf", f"{base}/doc.pdf")], sha256=pinned
    )

    (outcome,) = fetch_manifest(manifest, options=local_options())

    assert outcome.status == FAILED
    assert outcome.reason.startswith("content changed")
    assert pinned[:12] in outcome.reason
    assert not (tmp_path / "documents" / "a.pdf").exists()


def test_changed_document_is_refused_and_the_old_file_kept(tmp_path, site):
    content, base = site
    manifest = local_manifest(tmp_path, [("c", "documents/c.pdf", f"{base}/changing.pdf")])
    fetch_manifest(manifest, options=local_options())
    version_one = content.changing
    saved = tmp_path / "documents" / "c.pdf"
    saved.write_bytes(b"%PDF-1.4 damaged on disk")
    content.changing = make_pdf("version two")

    (outcome,) = fetch_manifest(manifest, options=local_options())

    assert outcome.status == FAILED
    assert "content changed" in outcome.reason and "the file on disk is kept" in outcome.reason
    assert "--accept-changed" in outcome.hint
    assert saved.read_bytes() == b"%PDF-1.4 damaged on disk"
    assert lock_rows(manifest)["c"]["sha256"] == hashlib.sha256(version_one).hexdigest()


def test_changed_document_is_taken_and_repinned_when_accepted(tmp_path, site):
    content, base = site
    manifest = local_manifest(tmp_path, [("c", "documents/c.pdf", f"{base}/changing.pdf")])
    fetch_manifest(manifest, options=local_options())
    (tmp_path / "documents" / "c.pdf").unlink()
    content.changing = make_pdf("version two")

    refused = fetch_manifest(manifest, options=local_options())
    accepted = fetch_manifest(manifest, options=local_options(accept_changed=True))

    assert [o.status for o in refused] == [FAILED]
    assert [o.status for o in accepted] == [FETCHED]
    assert (tmp_path / "documents" / "c.pdf").read_bytes() == content.changing
    assert lock_rows(manifest)["c"]["sha256"] == hashlib.sha256(content.changing).hexdigest()


def test_damaged_file_is_restored_when_the_server_still_has_the_pinned_version(tmp_path, site):
    content, base = site
    manifest = local_manifest(tmp_path, [("a", "documents/a.pdf", f"{base}/doc.pdf")])
    fetch_manifest(manifest, options=local_options())
    (tmp_path / "documents" / "a.pdf").write_bytes(b"truncated")

    (outcome,) = fetch_manifest(manifest, options=local_options())

    assert outcome.status == FETCHED
    assert (tmp_path / "documents" / "a.pdf").read_bytes() == content.pdf


def test_plain_http_is_refused_unless_localhost_is_allowed_explicitly(tmp_path, site):
    content, base = site
    manifest = local_manifest(tmp_path, [("a", "documents/a.pdf", f"{base}/doc.pdf")])

    (outcome,) = fetch_manifest(manifest, options=local_options(allow_http_localhost=False))

    assert outcome.status == FAILED
    assert outcome.reason.startswith("refusing plain http")
    assert content.requests["/doc.pdf"] == 0


def test_redirect_to_plain_http_elsewhere_is_refused(tmp_path, site):
    _, base = site
    manifest = local_manifest(tmp_path, [("r", "documents/r.pdf", f"{base}/to-remote-http.pdf")])

    (outcome,) = fetch_manifest(manifest, options=local_options())

    assert outcome.status == FAILED
    assert outcome.reason == (
        "redirected to a refused url: refusing plain http (only https is fetched): "
        "http://example.org/doc.pdf"
    )
    assert not (tmp_path / "documents" / "r.pdf").exists()


def test_redirect_within_an_allowed_host_is_followed(tmp_path, site):
    content, base = site
    manifest = local_manifest(tmp_path, [("r", "documents/r.pdf", f"{base}/to-local.pdf")])

    (outcome,) = fetch_manifest(manifest, options=local_options())

    assert outcome.status == FETCHED
    assert (tmp_path / "documents" / "r.pdf").read_bytes() == content.pdf


@pytest.mark.parametrize(
    ("url", "allow"),
    [
        ("http://example.org/a.pdf", True),
        ("http://127.0.0.1:8000/a.pdf", False),
        ("ftp://example.org/a.pdf", True),
        ("file:///etc/passwd", True),
    ],
)
def test_check_url_refuses_everything_but_https(url, allow):
    with pytest.raises(FetchError):
        check_url(url, allow_http_localhost=allow)


@pytest.mark.parametrize(
    ("body", "content_type", "kind", "message"),
    [
        (b"<html><body>hi</body></html>", "text/html", "pdf", "sent an HTML page"),
        (b"GIF89a....", "image/gif", "pdf", "no %PDF- header (image/gif)"),
        (b"%PDF-1.7\n", "application/pdf", "html", "got a PDF"),
        (b'{"a": 1}', "application/json", "html", "server sent application/json"),
        (b"<html></html>", "text/html", "docx", "zip"),
    ],
)
def test_check_content_rejects_a_body_that_does_not_fit_the_suffix(
    body, content_type, kind, message
):
    with pytest.raises(FetchError, match=re.escape(message)):
        check_content(body, content_type, kind)


def test_file_outside_the_manifest_folder_is_a_user_error(tmp_path, site):
    _, base = site
    manifest = local_manifest(tmp_path / "corpus", [("a", "../escape.pdf", f"{base}/doc.pdf")])

    with pytest.raises(UserError, match="outside the manifest's folder"):
        fetch_manifest(manifest, options=local_options())


def test_only_fetches_the_named_rows_and_rejects_unknown_ones(tmp_path, site):
    content, base = site
    manifest = local_manifest(
        tmp_path,
        [
            ("a", "documents/a.pdf", f"{base}/doc.pdf"),
            ("p", "documents/p.html", f"{base}/page.html"),
        ],
    )

    outcomes = fetch_manifest(manifest, only=["p"], options=local_options())

    assert [o.doc_id for o in outcomes] == ["p"]
    assert content.requests["/doc.pdf"] == 0
    with pytest.raises(UserError, match="no row with doc_id zz"):
        fetch_manifest(manifest, only=["zz"], options=local_options())


# ------------------------------------------------------------------------------ summary, CLI


def test_summary_counts_and_explains_each_failure(tmp_path, site):
    _, base = site
    manifest = local_manifest(
        tmp_path,
        [
            ("a", "documents/a.pdf", f"{base}/doc.pdf"),
            ("m", "documents/m.pdf", f"{base}/missing.pdf"),
            ("l", "documents/l.pdf", f"{base}/landing.pdf"),
        ],
    )
    fetch_manifest(manifest, only=["a"], options=local_options())

    outcomes = fetch_manifest(manifest, options=local_options())
    summary = summarise(outcomes, manifest=manifest)

    assert summary.splitlines()[0] == (
        f"fetch summary for {manifest}: 0 fetched, 1 already present, 2 failed (3 documents)"
    )
    assert f"    url:     {base}/missing.pdf" in summary
    assert "    reason:  HTTP 404 Not Found" in summary
    assert f"save it as {tmp_path / 'documents' / 'l.pdf'}, then rerun" in summary


def test_command_exits_non_zero_on_failure_but_keeps_what_was_fetched(tmp_path, site, capsys):
    content, base = site
    manifest = local_manifest(
        tmp_path,
        [("a", "documents/a.pdf", f"{base}/doc.pdf"), ("m", "documents/m.pdf", f"{base}/nope.pdf")],
    )
    summary_file = tmp_path / "summary.txt"

    status = main(
        ["fetch", str(manifest), "--allow-http-localhost", "--retries", "0"]
        + ["--summary", str(summary_file)]
    )

    out = capsys.readouterr().out
    assert status == 1
    assert "1 fetched, 0 already present, 1 failed" in out
    assert summary_file.read_text(encoding="utf-8").strip() == out.strip()
    assert (tmp_path / "documents" / "a.pdf").read_bytes() == content.pdf


def test_unreachable_server_ends_in_the_summary_without_a_traceback(tmp_path, capsys):
    # A closed port on this machine stands in for being offline: nothing answers.
    manifest = local_manifest(tmp_path, [("a", "documents/a.pdf", "https://127.0.0.1:9/a.pdf")])

    status = main(["fetch", str(manifest), "--retries", "0", "--timeout", "2"])

    captured = capsys.readouterr()
    assert status == 1
    assert "0 fetched, 0 already present, 1 failed (1 documents)" in captured.out
    assert "connection failed" in captured.out
    assert "Traceback" not in captured.out + captured.err
    assert not (tmp_path / "manifest.lock.csv").exists()


def test_summary_says_when_the_machine_looks_offline(tmp_path):
    offline = [
        FetchOutcome(
            doc_id=name,
            url=f"https://example.org/{name}.pdf",
            path=tmp_path / f"{name}.pdf",
            status=FAILED,
            reason="host not found or no network (Name or service not known)",
            hint="save it by hand",
        )
        for name in ("a", "b")
    ]
    refused = replace(offline[1], reason="HTTP 404 Not Found")

    assert "probably offline" in summarise(offline, manifest="m.csv")
    assert "probably offline" not in summarise([offline[0], refused], manifest="m.csv")


def test_command_reports_a_missing_manifest_as_a_user_error(tmp_path, capsys):
    status = main(["fetch", str(tmp_path / "nope.csv")])

    assert status == 2
    assert "no such manifest" in capsys.readouterr().err


# ------------------------------------------------------------------------------ study manifest


def study_rows() -> list[dict[str, str]]:
    with STUDY_MANIFEST.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_study_manifest_has_the_contract_columns():
    with STUDY_MANIFEST.open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    required = ["doc_id", "title", "publisher", "doc_type", "year", "file", "date", "url"]
    assert header[: len(required)] == required
    assert "sha256" in header


def test_study_manifest_doc_ids_are_unique_and_well_formed():
    doc_ids = [row["doc_id"] for row in study_rows()]
    assert len(doc_ids) > 50
    assert [d for d, n in Counter(doc_ids).items() if n > 1] == []
    assert [d for d in doc_ids if not re.fullmatch(r"[a-z0-9_-]+", d)] == []


def test_study_manifest_rows_have_valid_types_years_urls_and_files():
    allowed_types = {"government", "third_sector", "parliament", "audit", "academic"}
    corpus_folder = STUDY_MANIFEST.parent.resolve()
    problems = []
    for row in study_rows():
        doc_id = row["doc_id"]
        if row["doc_type"] not in allowed_types:
            problems.append((doc_id, "doc_type", row["doc_type"]))
        if not (row["year"].isdigit() and 1997 <= int(row["year"]) <= 2026):
            problems.append((doc_id, "year", row["year"]))
        if row["date"] and not (
            re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["date"]) and row["date"].startswith(row["year"])
        ):
            problems.append((doc_id, "date", row["date"]))
        if not row["url"].startswith("https://"):
            problems.append((doc_id, "url", row["url"]))
        path = (corpus_folder / row["file"]).resolve()
        if not path.is_relative_to(corpus_folder / "documents"):
            problems.append((doc_id, "file", row["file"]))
        if path.suffix not in {".pdf", ".html"} or path.stem != doc_id:
            problems.append((doc_id, "file name", row["file"]))
        if not row["title"].strip() or not row["publisher"].strip():
            problems.append((doc_id, "title/publisher", ""))
    assert problems == []


def test_study_manifest_urls_are_unique_and_not_third_party_mirrors():
    rows = study_rows()
    urls = [row["url"] for row in rows]
    assert [u for u, n in Counter(urls).items() if n > 1] == []
    mirrors = ("slidelegend", "wixlib", "dokumen.tips", "pdfslide", "vdocument", "docslib")
    assert [u for u in urls if any(m in u for m in mirrors)] == []
