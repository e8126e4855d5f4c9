"""One parsed document as the event reader sees it: its text, its sentences and its quotations."""

from __future__ import annotations

import re
from bisect import bisect_right

import numpy as np
from spacy.attrs import SENT_START
from spacy.tokens import Doc, Span, Token

_QUOTE_MARK = re.compile('["\u201c\u201d]')


class DocumentText:
    """Sentence and quotation lookups over one parsed text, computed once each."""

    def __init__(self, doc: Doc, text: str) -> None:
        self.doc = doc
        last = doc[-1] if len(doc) else None
        length = last.idx + len(last.text_with_ws) if last is not None else 0
        # the parsed text has the document's offsets; Doc.text would rebuild it
        self.text = text if len(text) == length else doc.text
        self._sentence_starts: list[int] | None = None
        self._quotes: list[tuple[int, int]] | None = None

    def sentence(self, token: Token) -> Span:
        """The sentence of a token (Token.sent and Doc.sents walk the document on every call)."""
        if self._sentence_starts is None:
            starts = np.flatnonzero(self.doc.to_array(SENT_START) == 1)
            self._sentence_starts = [0, *(int(i) for i in starts if i)]
        n = bisect_right(self._sentence_starts, token.i)
        end = self._sentence_starts[n] if n < len(self._sentence_starts) else len(self.doc)
        return self.doc[self._sentence_starts[n - 1] : end]

    def quotations(self) -> list[tuple[int, int]]:
        """Outermost quotations (positions of their opening and closing marks).

        A straight quote opens after a space or line start and closes after a word, so quotes nested
        in a quotation ('"... is "paving" the way," he said') stay inside it; a line break ends all.
        """
        if self._quotes is None:
            self._quotes = []
            text = self.text
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
                        self._quotes.append((opened, at))
        return self._quotes
