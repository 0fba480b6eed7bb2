"""A block of words that the layout has grouped into rows already.

It lives apart from :mod:`policytext.extract.layout` because it subclasses ``list``: the
layout module is compiled with mypyc where a C compiler is at hand (see ``setup.py``), and
mypyc compiles no subclass of a built-in type; this module stays plain Python.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from policytext.extract.layout import Word


class GroupedBlock(list):
    """A block's words (a list, as :func:`~policytext.extract.layout.segment_region`
    returns blocks) that the segmentation grouped into rows already: a region read whole,
    or a run of a region's rows. Its ``rows`` are what the layout's line grouping makes of
    its words (the rows of a grouping, or a run of them, group into the same rows again),
    handed on so that the block's lines need not be grouped again."""

    __slots__ = ("rows",)

    def __init__(self, words: list[Word], rows: list[list[Word]]) -> None:
        super().__init__(words)
        self.rows = rows
