"""Fetching a manifest's documents from their publishers: the one step that uses the network.

The workflow never downloads anything by itself; ``policytext fetch MANIFEST`` (or the
``fetch`` rule) is run on purpose. For each manifest row it downloads ``url`` into ``file``
(relative to the manifest) and checks what came back:

* https only; plain http is refused, except for 127.0.0.1 / localhost when the caller asks
  for it explicitly (``allow_http_localhost``, used by the tests' local server);
* a timeout per request, retries with exponential backoff for transient failures (timeouts,
  dropped connections, HTTP 5xx and 429), none for permanent ones (404, a size or type error);
* a size cap, checked against ``Content-Length`` and again while reading;
* the content must fit the file's suffix: a ``.pdf`` must start with the ``%PDF-`` magic, an
  ``.html`` page must be served as HTML, a ``.docx`` must be a zip, a ``.txt`` must be text;
* the body is written to a temporary file beside the target and moved into place, so an
  interrupted or failed download never leaves a partial file.

HTML pages are saved twice: the raw page as ``file`` (the extractor reads HTML itself, with
trafilatura), and its main text, as trafilatura finds it, as ``file + ".txt"`` (for example
``documents/x.html.txt``) so that a reader can see at once whether a page held the document
or only a landing page. The checksum is always that of the raw bytes.

Checksums: the first successful download pins the file's sha256 in a lock file beside the
manifest (``manifest.lock.csv``: ``doc_id, url, sha256, bytes``); a non-empty ``sha256`` in the
manifest itself pins it too and takes precedence. A file already on disk that matches its pin
is not downloaded again. A download whose bytes differ from the pin is refused (any file on
disk is kept) unless ``accept_changed`` is set, which re-pins it. A file that a user saved by
hand (no pin yet) is pinned as it is.

The run ends with one summary: fetched / already present / failed, and for every failure the
document, its url, the reason and how to supply the file by hand.
"""

from __future__ import annotations

import http.client
import logging
import os
import socket
import ssl
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from policytext import __version__
from policytext.errors import UserError
from policytext.filetypes import SNIFF_BYTES, looks_like_html, promised_type
from policytext.io import read_table, sha256_bytes, sha256_file, write_table

logger = logging.getLogger(__name__)

LOCK_COLUMNS = ("doc_id", "url", "sha256", "bytes")
REQUIRED_COLUMNS = ("doc_id", "file", "url")
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
USER_AGENT = f"policytext/{__version__} (document fetch for text analysis; urllib)"
CHUNK_BYTES = 1 << 16
OFFLINE_REASON = "host not found or no network"

# Outcome statuses.
FETCHED = "fetched"
PRESENT = "present"
FAILED = "failed"


@dataclass(frozen=True)
class FetchOptions:
    """How to download: network limits and the policy for changed files.

    Attributes:
        timeout: seconds to wait for a connection or for each read.
        retries: further attempts after a transient failure.
        backoff: seconds before the first retry; doubled for each further one.
        max_bytes: largest body accepted.
        accept_changed: keep a download whose sha256 differs from the pin, and re-pin it.
        allow_http_localhost: allow ``http://`` to 127.0.0.1 / localhost (tests only).
    """

    timeout: float = 60.0
    retries: int = 3
    backoff: float = 2.0
    max_bytes: int = 200 * 1024 * 1024
    accept_changed: bool = False
    allow_http_localhost: bool = False


@dataclass(frozen=True)
class FetchOutcome:
    """What happened to one manifest row."""

    doc_id: str
    url: str
    path: Path
    status: str
    reason: str = ""
    sha256: str = ""
    size: int = 0
    hint: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)


class FetchError(Exception):
    """A download failed for a reason worth reporting; ``transient`` ones are retried."""

    def __init__(self, reason: str, *, transient: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.transient = transient


# --------------------------------------------------------------------------------------------
# Pure checks


def check_url(url: str, *, allow_http_localhost: bool = False) -> None:
    """Raise :class:`FetchError` unless ``url`` may be fetched (https, or allowed local http).

    >>> check_url("https://www.gov.scot/publications/x/")
    >>> check_url("http://127.0.0.1:8000/a.pdf", allow_http_localhost=True)
    """
    parts = urllib.parse.urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return
    if parts.scheme == "http" and parts.hostname in LOCAL_HOSTS and allow_http_localhost:
        return
    if parts.scheme == "http":
        raise FetchError(f"refusing plain http (only https is fetched): {url}")
    raise FetchError(f"not an https url: {url!r}")


def check_content(body: bytes, content_type: str, kind: str | None) -> None:
    """Raise :class:`FetchError` unless ``body`` (served as ``content_type``) is a ``kind``.

    A PDF is recognised by its ``%PDF-`` magic whatever the server calls it (many servers
    send ``application/octet-stream``); HTML must be served as HTML (or sniff as HTML when
    the server sends no type).
    """
    media_type = content_type.split(";")[0].strip().lower()
    served = media_type or "no content type"
    if kind == "pdf":
        if b"%PDF-" in body[:1024]:
            return
        if "html" in media_type or looks_like_html(body[:SNIFF_BYTES]):
            raise FetchError(
                f"expected a PDF but the server sent an HTML page ({served}); the url is "
                "probably a landing page, a cookie wall or an error page"
            )
        raise FetchError(f"expected a PDF but the body has no %PDF- header ({served})")
    if kind == "html":
        if body[:1024].lstrip().startswith(b"%PDF-"):
            raise FetchError(
                "expected an HTML page but got a PDF; name the file .pdf in the manifest"
            )
        if "html" in media_type or (not media_type and looks_like_html(body[:SNIFF_BYTES])):
            return
        raise FetchError(f"expected an HTML page but the server sent {served}")
    if kind == "docx":
        if body.startswith(b"PK\x03\x04"):
            return
        raise FetchError(f"expected a .docx (zip) file but got {served}")
    if kind == "text" and media_type and not media_type.startswith("text/"):
        raise FetchError(f"expected plain text but the server sent {served}")


def html_main_text(body: bytes) -> str:
    """The main text of an HTML page (trafilatura; tables kept, comments dropped)."""
    import trafilatura  # imported here: only HTML documents pay for it

    text = trafilatura.extract(body, include_comments=False, include_tables=True)
    return (text or "").strip()


# --------------------------------------------------------------------------------------------
# Network edge


class _SafeRedirectHandler(urllib.request.HTTPRedirectHandler):
    """Follow redirects only to urls that :func:`check_url` accepts (no https -> http)."""

    def __init__(self, *, allow_http_localhost: bool) -> None:
        super().__init__()
        self.allow_http_localhost = allow_http_localhost

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: D102
        try:
            check_url(newurl, allow_http_localhost=self.allow_http_localhost)
        except FetchError as error:
            raise FetchError(f"redirected to a refused url: {error.reason}") from None
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _classify_error(error: BaseException) -> FetchError:
    """Turn a urllib / socket exception into a reportable, possibly transient, FetchError."""
    if isinstance(error, FetchError):
        return error
    if isinstance(error, urllib.error.HTTPError):
        transient = error.code >= 500 or error.code in {408, 429}
        return FetchError(f"HTTP {error.code} {error.reason}", transient=transient)
    if isinstance(error, urllib.error.URLError):
        reason = error.reason
        if isinstance(reason, socket.gaierror):
            # Name resolution fails at once when offline; retrying seconds later rarely helps.
            return FetchError(f"{OFFLINE_REASON} ({reason.strerror or reason})")
        if isinstance(reason, OSError):
            return _classify_error(reason)
        return FetchError(f"connection failed ({reason})", transient=True)
    if isinstance(error, TimeoutError | socket.timeout):
        return FetchError("timed out waiting for the server", transient=True)
    if isinstance(error, ssl.SSLCertVerificationError):
        return FetchError(f"the server's certificate was not accepted ({error.verify_message})")
    if isinstance(error, http.client.IncompleteRead):
        return FetchError("the connection closed before the whole body arrived", transient=True)
    if isinstance(error, ConnectionError | http.client.HTTPException | OSError):
        return FetchError(f"connection failed ({error})", transient=True)
    raise error


def download_once(url: str, options: FetchOptions) -> tuple[bytes, str]:
    """One GET of ``url``: the body and its content type; raises :class:`FetchError`."""
    check_url(url, allow_http_localhost=options.allow_http_localhost)
    opener = urllib.request.build_opener(
        _SafeRedirectHandler(allow_http_localhost=options.allow_http_localhost)
    )
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
    try:
        with opener.open(request, timeout=options.timeout) as response:
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > options.max_bytes:
                raise FetchError(
                    f"too large: the server announces {int(declared)} bytes, above the cap "
                    f"of {options.max_bytes} (raise --max-bytes if it is genuine)"
                )
            chunks: list[bytes] = []
            received = 0
            while chunk := response.read(CHUNK_BYTES):
                received += len(chunk)
                if received > options.max_bytes:
                    raise FetchError(
                        f"too large: more than {options.max_bytes} bytes received "
                        "(raise --max-bytes if it is genuine)"
                    )
                chunks.append(chunk)
            return b"".join(chunks), response.headers.get("Content-Type", "")
    except Exception as error:  # noqa: BLE001 - classified, re-raised if unknown
        raise _classify_error(error) from None


def download(
    url: str,
    options: FetchOptions,
    *,
    sleep: Callable[[float], None] = time.sleep,
) -> tuple[bytes, str]:
    """GET ``url`` with retries and exponential backoff for transient failures."""
    attempt = 0
    while True:
        try:
            return download_once(url, options)
        except FetchError as error:
            if not error.transient or attempt >= options.retries:
                if attempt:
                    raise FetchError(f"{error.reason} (after {attempt + 1} attempts)") from None
                raise
            wait = options.backoff * (2**attempt)
            logger.info("%s: %s; retrying in %.1f s", url, error.reason, wait)
            sleep(wait)
            attempt += 1


# --------------------------------------------------------------------------------------------
# File edge


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".partial"
    )
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o644)  # mkstemp makes 0600; documents are ordinary files
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def default_lock_path(manifest: Path) -> Path:
    """``manifest.lock.csv`` beside ``manifest.csv``."""
    return manifest.with_name(f"{manifest.stem}.lock.csv")


def read_lock(path: Path) -> dict[str, dict[str, str]]:
    """The lock file's rows by doc_id (empty when there is no lock yet)."""
    if not path.exists():
        return {}
    rows = read_table(path)
    if rows and not set(LOCK_COLUMNS) <= set(rows[0]):
        raise UserError(f"{path}: a lock file needs the columns {', '.join(LOCK_COLUMNS)}")
    return {row["doc_id"]: row for row in rows}


def write_lock(path: Path, entries: Mapping[str, Mapping[str, str]]) -> None:
    """Write the lock file, sorted by doc_id (deterministic bytes)."""
    rows = [dict(entries[doc_id]) for doc_id in sorted(entries)]
    write_table(path, rows, LOCK_COLUMNS)


def read_manifest_rows(manifest: Path) -> list[dict[str, str]]:
    """The manifest's rows; a missing file or column is a :class:`UserError`."""
    if not manifest.is_file():
        raise UserError(f"{manifest}: no such manifest; give the path to a manifest.csv")
    rows = read_table(manifest)
    if not rows:
        raise UserError(f"{manifest}: the manifest has no rows")
    missing = [column for column in REQUIRED_COLUMNS if column not in rows[0]]
    if missing:
        raise UserError(f"{manifest}: missing column(s) {', '.join(missing)}; fetch needs them")
    return rows


def target_path(manifest: Path, row: Mapping[str, str], line: int) -> Path:
    """Where a row's document lives; refuses paths that leave the manifest's folder."""
    relative = (row.get("file") or "").strip()
    if not relative:
        raise UserError(f"{manifest}, line {line}: empty 'file'; say where the document lives")
    root = manifest.parent.resolve()
    path = (root / relative).resolve()
    if not path.is_relative_to(root):
        raise UserError(
            f"{manifest}, line {line}: file {relative!r} lies outside the manifest's folder"
        )
    return path


# --------------------------------------------------------------------------------------------
# One document


def _by_hand(path: Path, url: str) -> str:
    where = f"open {url} in a browser" if url else "find the document"
    return f"{where}, save it as {path}, then rerun (its checksum is pinned then)"


def _save(path: Path, body: bytes, kind: str | None) -> tuple[str, ...]:
    """Write the document (and, for HTML, its main text); returns notes for the summary."""
    notes: tuple[str, ...] = ()
    if kind == "html":
        text = html_main_text(body)
        write_atomically(path.with_name(path.name + ".txt"), (text + "\n").encode("utf-8"))
        words = len(text.split())
        notes = (f"main text: {words} words",)
        if words < 150:
            notes += ("little main text: the page may be a landing page, not the document",)
    write_atomically(path, body)
    return notes


def fetch_document(
    *,
    doc_id: str,
    url: str,
    path: Path,
    pinned: str,
    options: FetchOptions,
    sleep: Callable[[float], None] = time.sleep,
) -> FetchOutcome:
    """Make sure ``path`` holds the document ``doc_id`` from ``url``, matching ``pinned``.

    Returns the outcome; never raises for network or content problems (they are failures
    in the outcome) and never leaves a partial file.
    """
    outcome = FetchOutcome(doc_id=doc_id, url=url, path=path, status=FAILED)
    kind = promised_type(path)
    on_disk = sha256_file(path) if path.is_file() else ""
    if on_disk and (not pinned or on_disk == pinned):
        notes: tuple[str, ...] = () if pinned else ("pinned the file found on disk",)
        text_file = path.with_name(path.name + ".txt")
        if kind == "html" and not text_file.exists():
            notes += _save(path, path.read_bytes(), kind)
        return replace(
            outcome, status=PRESENT, sha256=on_disk, size=path.stat().st_size, notes=notes
        )
    if not url:
        return replace(outcome, reason="no url in the manifest", hint=_by_hand(path, url))
    try:
        body, content_type = download(url, options, sleep=sleep)
        check_content(body, content_type, kind)
    except FetchError as error:
        return replace(outcome, reason=error.reason, hint=_by_hand(path, url))
    digest = sha256_bytes(body)
    notes = ()
    if pinned and digest != pinned:
        if not options.accept_changed:
            kept = "the file on disk is kept" if on_disk else "nothing was written"
            return replace(
                outcome,
                reason=(
                    f"content changed: sha256 {digest[:12]}… differs from the pinned "
                    f"{pinned[:12]}…; {kept}"
                ),
                hint=(
                    "check the new version; if the change is expected, rerun with "
                    "--accept-changed (it is then pinned)"
                ),
                sha256=digest,
            )
        notes = (f"accepted a changed file (was {pinned[:12]}…)",)
    try:
        notes += _save(path, body, kind)
    except OSError as error:
        return replace(outcome, reason=f"could not write the file ({error})", hint="")
    return replace(outcome, status=FETCHED, sha256=digest, size=len(body), notes=notes)


# --------------------------------------------------------------------------------------------
# A whole manifest


def fetch_manifest(
    manifest: str | os.PathLike[str],
    *,
    lock: str | os.PathLike[str] | None = None,
    only: Iterable[str] | None = None,
    options: FetchOptions | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> list[FetchOutcome]:
    """Fetch every row of ``manifest`` (or the ``only`` doc_ids) and update the lock file.

    Returns one outcome per document, in manifest order. The lock file is rewritten with
    every document that has a checksum, whatever happened to the others.
    """
    manifest = Path(manifest)
    options = options or FetchOptions()
    lock_path = Path(lock) if lock else default_lock_path(manifest)
    rows = read_manifest_rows(manifest)
    wanted = set(only or ())
    unknown = wanted - {row["doc_id"] for row in rows}
    if unknown:
        raise UserError(f"{manifest}: no row with doc_id {', '.join(sorted(unknown))}")
    entries = read_lock(lock_path)
    outcomes: list[FetchOutcome] = []
    for line, row in enumerate(rows, start=2):
        doc_id = row["doc_id"].strip()
        if wanted and doc_id not in wanted:
            continue
        url = (row.get("url") or "").strip()
        path = target_path(manifest, row, line)
        from_manifest = (row.get("sha256") or "").strip().lower()
        from_lock = entries.get(doc_id, {}).get("sha256", "").strip().lower()
        if from_manifest and from_lock and from_manifest != from_lock:
            outcomes.append(
                FetchOutcome(
                    doc_id=doc_id,
                    url=url,
                    path=path,
                    status=FAILED,
                    reason=f"the manifest's sha256 and {lock_path.name} disagree",
                    hint=f"keep the right checksum in one of them (line {line} of {manifest})",
                )
            )
            continue
        logger.info("%s: %s", doc_id, url or "(no url)")
        outcome = fetch_document(
            doc_id=doc_id,
            url=url,
            path=path,
            pinned=from_manifest or from_lock,
            options=options,
            sleep=sleep,
        )
        outcomes.append(outcome)
        if outcome.status in {FETCHED, PRESENT}:
            entries[doc_id] = {
                "doc_id": doc_id,
                "url": url,
                "sha256": outcome.sha256,
                "bytes": str(outcome.size),
            }
    if entries:
        write_lock(lock_path, entries)
    return outcomes


def summarise(outcomes: Sequence[FetchOutcome], *, manifest: str | os.PathLike[str]) -> str:
    """One readable summary: counts, then every failure with its reason and the manual fix."""
    counts = {status: sum(o.status == status for o in outcomes) for status in (FETCHED, PRESENT)}
    failures = [o for o in outcomes if o.status == FAILED]
    lines = [
        f"fetch summary for {manifest}: {counts[FETCHED]} fetched, {counts[PRESENT]} already "
        f"present, {len(failures)} failed ({len(outcomes)} documents)"
    ]
    noted = [o for o in outcomes if o.notes and o.status != FAILED]
    if noted:
        lines += ["", "notes:"]
        lines += [f"  {o.doc_id}: {'; '.join(o.notes)}" for o in noted]
    if failures and all(o.reason.startswith(OFFLINE_REASON) for o in failures):
        lines += [
            "",
            "no host could be resolved: this machine is probably offline. Rerun when online, "
            "or supply the files by hand as below.",
        ]
    if failures:
        lines += ["", "failed (what was fetched is kept; fix these and rerun):"]
        for outcome in failures:
            lines += [
                f"  {outcome.doc_id}",
                f"    url:     {outcome.url or '(none)'}",
                f"    reason:  {outcome.reason}",
            ]
            if outcome.hint:
                lines.append(f"    by hand: {outcome.hint}")
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# Command line
