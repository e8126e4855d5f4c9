"""Where a text quotes someone: its outermost quotations, found once per text."""

from __future__ import annotations

import re

__all__ = ["quotations"]

_QUOTE_MARK = re.compile('["\u201c\u201d]')


def quotations(text: str) -> list[tuple[int, int]]:
    """Outermost quotations (positions of their opening and closing marks), in text order.

    A straight quote opens after a space or line start and closes after a word, so quotes nested
    in a quotation ('"... is "paving" the way," he said') stay inside it.
    """
    found: list[tuple[int, int]] = []
    depth, opened = 0, 0
    for match in _QUOTE_MARK.finditer(text):
        at, mark = match.start(), match.group()
        before = text[at - 1] if at else " "
        opening = mark == "\u201c" or (mark == '"' and (before.isspace() or before in "([\u2014-"))
        if opening:
            if depth == 0:
                opened = at
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                found.append((opened, at))
    return found
