"""Reading and writing the project's output files: tidy CSV tables, JSON, checksums.

One writer for every table, so that all of them share the same bytes for the same content:
UTF-8, ``\\n`` line ends, a header row, rows in the order given (callers sort), floats with a
fixed number of significant digits, so that results are byte-identical across runs.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

FLOAT_DIGITS = 6


def format_value(value: Any, *, digits: int = FLOAT_DIGITS) -> str:
    """Render one cell: floats to ``digits`` significant digits, NaN and None as empty.

    >>> format_value(1 / 3)
    '0.333333'
    >>> format_value(float("nan"))
    ''
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) or type(value).__name__.startswith("float"):
        number = float(value)
        if math.isnan(number):
            return ""
        if number == 0:
            return "0"
        return f"{number:.{digits}g}"
    return str(value)


def write_table(
    path: str | os.PathLike[str],
    rows: Iterable[Mapping[str, Any]],
    columns: Sequence[str],
    *,
    digits: int = FLOAT_DIGITS,
) -> Path:
    """Write ``rows`` (mappings) to ``path`` as CSV with exactly ``columns``, in that order.

    The parent folder is created. The file is written to a temporary name and moved into
    place, so a failed run never leaves a half-written table behind.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    with partial.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([format_value(row.get(column), digits=digits) for column in columns])
    partial.replace(path)
    return path


def read_table(path: str | os.PathLike[str]) -> list[dict[str, str]]:
    """Read a CSV written by :func:`write_table` into a list of dicts of strings."""
    with Path(path).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_json(
    path: str | os.PathLike[str], value: Any, *, indent: int = 2, ascii_only: bool = False
) -> Path:
    """Write ``value`` as JSON with sorted keys and a final newline, atomically like tables.

    ``ascii_only`` escapes every non-ASCII character (``\\u00e0``) instead of writing UTF-8.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    text = json.dumps(value, indent=indent, sort_keys=True, ensure_ascii=ascii_only)
    partial.write_text(text + "\n", encoding="utf-8")
    partial.replace(path)
    return path


def sha256_bytes(data: bytes) -> str:
    """The hex sha256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: str | os.PathLike[str], *, block_bytes: int = 1 << 20) -> str:
    """The hex sha256 of the file at ``path``, read in blocks so memory stays flat."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(block_bytes), b""):
            digest.update(block)
    return digest.hexdigest()
