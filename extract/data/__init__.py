"""The data tables extraction reads (word lists, tab-separated rows), each loaded once.

A table is a text file in this folder: `#` starts a comment line, blank lines are skipped. A `.tsv`
row is split on tabs (empty trailing columns kept); a word list has one entry a line.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

__all__ = ["lines", "rows", "words"]


@cache
def lines(filename: str) -> tuple[str, ...]:
    """The non-comment, non-blank lines of a data file, stripped."""
    text = resources.files(__name__).joinpath(filename).read_text("utf-8")
    return tuple(ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#"))


@cache
def rows(filename: str) -> tuple[tuple[str, ...], ...]:
    """The rows of a tab-separated table."""
    text = resources.files(__name__).joinpath(filename).read_text("utf-8")
    return tuple(
        tuple(cell.strip() for cell in ln.split("\t"))
        for ln in text.splitlines()
        if ln.strip() and not ln.startswith("#")
    )


@cache
def words(filename: str) -> frozenset[str]:
    """A word list, lowercased."""
    return frozenset(ln.lower() for ln in lines(filename))
