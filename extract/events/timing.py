"""When an event happened: the date phrase that governs its trigger, else the published day for news.

Each DATE entity is hung once under the word it dates (its trigger or the clause verb), walking up
through prepositions and noun modifiers; an event takes the nearest date under itself or the
clauses that govern it. An event told as today's news (finite past or present, not perfect) with no
date phrase takes the published date; background and plans without one stay undated.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence

from spacy.tokens import Doc, Span, Token

from extract.dates import Prefer, ResolvedDate, resolve_date
from extract.events.grammar import governors, is_finite, reduced_relative
from extract.events.lexicon import TriggerRule
from extract.events.modality import own_readings

_PARAGRAPH = re.compile(r"\n\s*\n")
# the words between a date phrase and the word it dates
_DATE_PATH = frozenset(
    {"pobj", "prep", "npadvmod", "nmod", "compound", "amod", "nummod", "appos", "advmod", "quantmod", "pcomp"}
)


class EventDates:
    """Dates the triggers of one document."""

    def __init__(
        self, doc: Doc, triggers: dict[int, TriggerRule], *, published: str | None, text: str = ""
    ) -> None:
        self.doc = doc
        self.triggers = triggers
        self.published = published
        self.anchors = self._anchors() if triggers else {}
        self.paragraphs = [0, *(m.end() for m in _PARAGRAPH.finditer(text))]
        self._told: dict[int, ResolvedDate] = {}  # paragraph -> the last past day a phrase named

    def date(
        self,
        token: Token,
        clause: Token | None,
        reads: set[str],
        *,
        means: Sequence[Token] = (),
        narrated: bool = True,
    ) -> ResolvedDate | None:
        """The date of the event `token` announces; `clause` is the verb it is told in, `means` the
        event nouns that tell how it was done ("killed in shelling on Sunday"). A narrated event
        (not a reporter's "said") told in the past with no date of its own happened on the past
        day its paragraph last named."""
        prefer: Prefer = "future" if "future" in reads else "past"
        paragraph = bisect_right(self.paragraphs, token.idx)
        for anchor in [*means, *self._sources(token, clause)]:
            for ent in sorted(self.anchors.get(anchor.i, ()), key=lambda e: abs(e.start - token.i)):
                found = resolve_date(ent.text, published=self.published, prefer=prefer)
                if found is not None:
                    narrative = anchor.pos_ in ("VERB", "AUX")  # "On Monday, X met": not "the May 5 talks"
                    if narrative and found.precision == "day" and found.value < (self.published or "")[:10]:
                        self._told[paragraph] = found
                    return found
        if clause is None or reads & {"future", "hypothetical"}:
            return None
        # today's news takes the published date; an infinitive or participle goes by its clause;
        # the perfect is background, unless it "has just" happened
        tensed = next((g for g in governors(clause) if is_finite(g)), None)
        if tensed is None and clause.dep_ == "conj" and is_finite(clause.head):
            tensed = clause.head  # "was killed and another injured": the tense is shared
        if tensed is None or not self.published or own_readings(tensed) & {"future"}:
            return None
        if ("perfect" in reads or "perfect" in own_readings(tensed)) and not _just(tensed):
            return None
        earlier = self._told.get(paragraph)
        if earlier is not None and narrated and _past(tensed):
            return earlier  # "Yesterday, Putin recognized ... He authorized ...": the same day
        return resolve_date("today", published=self.published)

    def _anchors(self) -> dict[int, list[Span]]:
        """Each date phrase under the word it dates."""
        anchors: dict[int, list[Span]] = {}
        for ent in self.doc.ents:
            if ent.label_ not in ("DATE", "TIME"):  # "last night", "this morning" name a day too
                continue
            root = ent.root
            for clause in root.children:  # "since 2014, when Russia annexed Crimea"
                if clause.dep_ == "relcl" and any(c.lower_ == "when" for c in clause.children):
                    anchors.setdefault(clause.i, []).append(ent)
            if _comparison(root):
                continue
            current = root
            while (current.dep_ in _DATE_PATH or reduced_relative(current)) and current.head != current:
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
        if clause != token:
            yield clause
        chain = list(governors(clause))
        yield from chain[1:]
        top = chain[-1]
        if top.dep_ == "ccomp" and top.head != top:  # reported: as of the report
            yield top.head


def _past(verb: Token) -> bool:
    return verb.tag_ == "VBD" or any(c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in verb.children)


def _just(verb: Token) -> bool:
    """'has just concluded': the perfect of what happened moments ago."""
    return any(c.dep_ == "advmod" and c.lower_ in ("just", "now") for c in verb.children)


def _comparison(root: Token) -> bool:
    """'its biggest buildup since 2014' compares with 2014; it does not date the buildup."""
    prep = root.head
    if root.dep_ != "pobj" or prep.lower_ != "since":
        return False
    return any(c.tag_ == "JJS" for c in prep.head.children) or prep.head.tag_ == "JJS"
