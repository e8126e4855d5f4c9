"""One parsed document as the event reader sees it: its text, its sentences and its quotations."""

from __future__ import annotations

from bisect import bisect_right

import numpy as np
from spacy.attrs import SENT_START
from spacy.tokens import Doc, Span, Token

from extract.quotations import quotations


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
        """Outermost quotations (positions of their opening and closing marks)."""
        if self._quotes is None:
            self._quotes = quotations(self.text)
        return self._quotes
