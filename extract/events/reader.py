"""One document's trigger words -> event mentions: type, mode, parties, date, readings and evidence."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Token

from extract.entities import Entity, EntityIndex
from extract.events.arguments import Arguments
from extract.events.document import DocumentText
from extract.events.grammar import PASSIVE_SUBJECTS
from extract.events.lexicon import EventLexicon, TriggerRule, pos_of
from extract.events.mentions import EventMention
from extract.events.modality import noun_readings, readings
from extract.events.participants import Participants
from extract.events.quotes import quote_of
from extract.events.timing import EventDates
from extract.events.triggers import find_triggers, hands_over
from extract.sentences import DATELINE, opening
from graph.records import Document

# material conflict is reported by its victims too ("30 soldiers were killed")
_VICTIM_TYPES = frozenset({"ASSAULT", "COERCE", "SANCTION"})


class EventReader:
    """Reads the event mentions of one parsed document."""

    def __init__(self, doc: Doc, index: EntityIndex, document: Document, lexicon: EventLexicon) -> None:
        self.doc = doc
        self.lex = lexicon
        self.refs = Participants(index, lexicon)
        self.triggers = find_triggers(doc, lexicon, self.refs)
        self.args = Arguments(lexicon, self.refs)
        self.dates = EventDates(doc, self.triggers, published=document.published)
        self.text = DocumentText(doc, document.text)

    def dateline(self) -> Entity | None:
        """The place a wire report is filed from: "KYIV, Ukraine, May 6 (Reuters) -" at its start."""
        match = DATELINE.match(opening(self.doc))
        if match is None:
            return None
        found = self.refs.at(match.start(1), match.end(1))
        return found if found is not None and found.kind == "place" else None

    def mentions(self) -> Iterator[EventMention]:
        for i, rule in self.triggers.items():
            token = self.doc[i]
            if pos_of(token) == "verb" and hands_over(token, self.lex, self.triggers):
                continue  # "held talks", "announced a pullback": the noun is the event
            if rule.event_type == "STATEMENT" and token.dep_ == "pcomp" and rule.pos == "verb":
                continue  # "accused X of telling lies", "by saying": not a statement of its own
            mention = self._read(token, rule)
            if mention is not None:
                yield mention

    def _read(self, token: Token, rule: TriggerRule) -> EventMention | None:
        is_verb = pos_of(token) == "verb"
        roles = self.args.of_verb(token, rule) if is_verb else self.args.of_noun(token, rule)
        # only a passive clause names the victim without the doer ("30 soldiers were killed")
        passive = is_verb and any(c.dep_ in PASSIVE_SUBJECTS for c in token.children)
        roles.recipients = [e for e in roles.recipients if all(e.id != a.id for a in roles.actors)]
        roles.locations = [e for e in roles.locations if all(e.id != a.id for a in roles.actors)]
        if not roles.actors and not (rule.event_type in _VICTIM_TYPES and roles.recipients and passive):
            return None
        clause: Token | None = token
        if not is_verb:
            clause = self.args.light_verb(token) or self.args.occurrence(token)
            clause = clause or self.args.party_clause(token, rule, joint=True)
        reads = noun_readings(token) if not is_verb else set()
        if clause is not None:
            reads |= readings(clause, self.lex)
        if clause is not None and clause is not token:  # "proposed a summit", "plans talks"
            reads |= {r for r in ("future", "hypothetical") if self.lex.reads(clause, r)}
        sentence = self.text.sentence(token)
        text = sentence.text
        start = sentence.start_char + len(text) - len(text.lstrip())
        return EventMention(
            event_type=rule.event_type,
            mode=self._mode(token, rule),
            trigger=token.lower_ if rule.particle is None else f"{token.lower_} {rule.particle}",
            actors=roles.actors,
            recipients=roles.recipients,
            locations=roles.locations,
            date=self.dates.date(token, clause, reads),
            sentence=text.strip(),
            start=start,
            end=start + len(text.strip()),
            quote=quote_of(token, self.text) if rule.event_type == "STATEMENT" else None,
            future="future" in reads,
            negated="negated" in reads,
            hypothetical="hypothetical" in reads,
        )

    def _mode(self, token: Token, rule: TriggerRule) -> str | None:
        """A word next to the trigger may set the mode ("a phone call", "deployed tanks")."""
        near = list(token.children)
        near += [g for c in near if c.dep_ in ("prep", "agent") for g in c.children]
        for word in near:
            mode = self.lex.modes.get((rule.event_type, self.lex.lemma(word, "noun")))
            if mode:
                return mode
        return rule.mode
