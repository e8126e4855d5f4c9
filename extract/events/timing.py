"""When an event happened: the date phrase that governs its trigger, else the published day for news.

Each DATE entity is hung once under the word it dates (its trigger or the clause verb), walking up
through prepositions and noun modifiers; an event takes the nearest date under itself or the
clauses that govern it. An event told as today's news (finite past or present, not perfect) with no
date phrase takes the published date; background and plans without one stay undated.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token

from extract.dates import Prefer, ResolvedDate, resolve_date
from extract.events.grammar import governors, is_finite, reduced_relative
from extract.events.lexicon import TriggerRule
from extract.events.modality import own_readings

# the words between a date phrase and the word it dates
_DATE_PATH = frozenset(
    {"pobj", "prep", "npadvmod", "nmod", "compound", "amod", "nummod", "appos", "advmod", "quantmod", "pcomp"}
)


class EventDates:
    """Dates the triggers of one document."""

    def __init__(self, doc: Doc, triggers: dict[int, TriggerRule], *, published: str | None) -> None:
        self.doc = doc
        self.triggers = triggers
        self.published = published
        self.anchors = self._anchors() if triggers else {}

    def date(self, token: Token, clause: Token | None, reads: set[str]) -> ResolvedDate | None:
        """The date of the event `token` announces; `clause` is the verb it is told in."""
        prefer: Prefer = "future" if "future" in reads else "past"
        for anchor in self._sources(token, clause):
            for ent in sorted(self.anchors.get(anchor.i, ()), key=lambda e: abs(e.start - token.i)):
                found = resolve_date(ent.text, published=self.published, prefer=prefer)
                if found is not None:
                    return found
        if clause is None or reads & {"future", "hypothetical", "perfect"}:
            return None
        # today's news takes the published date; an infinitive or participle goes by its clause
        tensed = next((g for g in governors(clause) if is_finite(g)), None)
        if tensed is not None and self.published and not own_readings(tensed) & {"perfect", "future"}:
            return resolve_date("today", published=self.published)
        return None

    def _anchors(self) -> dict[int, list[Span]]:
        """Each date phrase under the word it dates."""
        anchors: dict[int, list[Span]] = {}
        for ent in self.doc.ents:
            if ent.label_ != "DATE":
                continue
            root = ent.root
            for clause in root.children:  # "since 2014, when Russia annexed Crimea"
                if clause.dep_ == "relcl" and any(c.lower_ == "when" for c in clause.children):
                    anchors.setdefault(clause.i, []).append(ent)
            if _comparison(root):
                continue
            current = root
            while (current.dep_ in _DATE_PATH or reduced_relative(current)) and current.head is not current:
                current = current.head
                rule = self.triggers.get(current.i)
                if rule is not None and rule.event_type == "STATEMENT" and rule.pos == "noun":
                    continue  # "said in a statement on March 1": the statement is the saying
                if rule is not None or (current.pos_ in ("VERB", "AUX") and not reduced_relative(current)):
                    break
            anchors.setdefault(current.i, []).append(ent)
        return anchors

    @staticmethod
    def _sources(token: Token, clause: Token | None) -> Iterator[Token]:
        yield token
        if clause is None:
            return
        if clause is not token:
            yield clause
        chain = list(governors(clause))
        yield from chain[1:]
        top = chain[-1]
        if top.dep_ == "ccomp" and top.head is not top:  # reported: as of the report
            yield top.head


def _comparison(root: Token) -> bool:
    """'its biggest buildup since 2014' compares with 2014; it does not date the buildup."""
    prep = root.head
    if root.dep_ != "pobj" or prep.lower_ != "since":
        return False
    return any(c.tag_ == "JJS" for c in prep.head.children) or prep.head.tag_ == "JJS"
