"""Parametrised cases with the known gaps marked, so that a gap is stated, not hidden."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pytest


def cases_with_known_gaps(
    cases: Iterable[tuple[str, str]],
    known_gaps: Mapping[tuple[str, str], str],
    *,
    ids: bool = False,
) -> list[object]:
    """Each pair as a pytest case; a pair in ``known_gaps`` is a strict expected failure
    whose reason is its measured score and cause (it fails the suite once it passes).
    ``ids`` names each case ``first-second``."""
    return [
        pytest.param(
            *case,
            marks=[pytest.mark.xfail(strict=True, reason=known_gaps[case])]
            if case in known_gaps
            else [],
            id="-".join(case) if ids else None,
        )
        for case in cases
    ]
