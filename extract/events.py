"""Trigger words in a parsed document -> PLOVER events with actor, recipient, place and date.

Triggers are found by one dictionary lookup per token (extract/triggers.py); from each, the
dependency tree is walked (extract/clauses.py) to the words that fill its roles, and those words are
mapped to the document's entities (extract/referents.py). A trigger becomes an event only when some
entity acts in it (or, in a passive clause of material conflict, suffers it). Mentions of one event
are merged and written as records by extract/event_records.py.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import numpy as np
from spacy.attrs import SENT_START
from spacy.tokens import Doc, Span, Token

from extract.clauses import (
    OBJECTS,
    PASSIVE_SUBJECTS,
    SUBJECTS,
    content_clauses,
    governors,
    introduced_clause,
    is_finite,
    own_readings,
    prepositions,
    readings,
    reduced_relative,
    subject_of,
)
from extract.dates import Prefer, ResolvedDate, resolve_date
from extract.entities import Entity, EntityIndex
from extract.event_records import EventMention, build_records, is_country
from extract.referents import Referents, is_partisan
from extract.sentences import DATELINE, opening
from extract.triggers import EventLexicon, TriggerRule, load_lexicon, pos_of
from graph.records import Document, EdgeRecord, EventRecord

_DATIVES = frozenset({"dative", "iobj"})
_PARTICLE_DEPS = frozenset({"prt", "prep", "advmod", "dobj", "agent", "dative"})
# the words between a date phrase and the word it dates
_DATE_PATH = frozenset(
    {"pobj", "prep", "npadvmod", "nmod", "compound", "amod", "nummod", "appos", "advmod", "quantmod", "pcomp"}
)
# material conflict is reported by its victims too ("30 soldiers were killed")
_VICTIM_TYPES = frozenset({"ASSAULT", "COERCE", "SANCTION"})
# a meeting noun in "on a visit", "during talks", "at a summit" is the clause subject's own
_PARTICIPATION_PREPS = frozenset({"on", "during", "at", "while"})
_QUOTE_MARK = re.compile('["\u201c\u201d]')
# how far a quotation may end before its speaker tag, or start after it ('," the President said')
_SPEAKER_TAG = 60


@dataclass(slots=True)
class _Roles:
    actors: list[Entity] = field(default_factory=list)
    recipients: list[Entity] = field(default_factory=list)
    locations: list[Entity] = field(default_factory=list)

    def add(self, role: str, found: Iterable[Entity]) -> None:
        for entity in found:
            if role == "both":
                self.add("recipient", [entity])
                if entity.kind == "place":
                    self.add("location", [entity])
                continue
            if role == "location" and entity.kind != "place":
                continue
            target = {"actor": self.actors, "recipient": self.recipients, "location": self.locations}.get(
                role
            )
            if target is not None and all(e.id != entity.id for e in target):
                target.append(entity)


def extract_events(
    doc: Doc, index: EntityIndex, document: Document
) -> tuple[list[EventRecord], list[EdgeRecord]]:
    """The events one parsed document tells, and the role edges that tie them to its entities."""
    reader = _EventReader(doc, index, document, load_lexicon())
    return build_records(
        list(reader.mentions()), document=document, entities=index.entities, dateline=reader.dateline()
    )


class _EventReader:
    """Walks one document's dependency trees from its trigger words."""

    def __init__(self, doc: Doc, index: EntityIndex, document: Document, lexicon: EventLexicon) -> None:
        self.doc = doc
        self.document = document
        self.lex = lexicon
        self.triggers: dict[int, TriggerRule] = {}
        self.refs = Referents(index, lexicon, event_words=self.triggers)
        for token in lexicon.candidates(doc):
            rules = lexicon.rules(token)
            if rules and token.dep_ not in ("amod", "compound"):
                rule = next((r for r in rules if self._holds(r, token)), None)
                if rule is not None:
                    self.triggers[token.i] = rule
        self.dates = self._date_anchors() if self.triggers else {}
        self._sentence_starts: list[int] | None = None
        self._quotes: list[tuple[int, int]] | None = None

    def dateline(self) -> Entity | None:
        """The place a wire report is filed from: "KYIV, Ukraine, May 6 (Reuters) -" at its start."""
        match = DATELINE.match(opening(self.doc))
        if match is None:
            return None
        found = self.refs.at(match.start(1), match.end(1))
        return found if found is not None and found.kind == "place" else None

    # -- the walk -------------------------------------------------------------------------------

    def mentions(self) -> Iterator[EventMention]:
        for i, rule in self.triggers.items():
            token = self.doc[i]
            if pos_of(token) == "verb" and self._hands_over(token):
                continue  # "held talks", "announced a pullback": the noun is the event
            if rule.event_type == "STATEMENT" and token.dep_ == "pcomp" and rule.pos == "verb":
                continue  # "accused X of telling lies", "by saying": not a statement of its own
            mention = self._read(token, rule)
            if mention is not None:
                yield mention

    def _hands_over(self, verb: Token) -> bool:
        """A light verb whose object is itself a trigger word gives the event to that noun."""
        return self.lex.reads(verb, "light") and any(
            c.dep_ in OBJECTS and c.i in self.triggers for c in verb.children
        )

    def _read(self, token: Token, rule: TriggerRule) -> EventMention | None:
        is_verb = pos_of(token) == "verb"
        roles = self._verb_roles(token, rule) if is_verb else self._noun_roles(token, rule)
        # only a passive clause names the victim without the doer ("30 soldiers were killed")
        passive = is_verb and any(c.dep_ in PASSIVE_SUBJECTS for c in token.children)
        roles.recipients = [e for e in roles.recipients if all(e.id != a.id for a in roles.actors)]
        roles.locations = [e for e in roles.locations if all(e.id != a.id for a in roles.actors)]
        if not roles.actors and not (rule.event_type in _VICTIM_TYPES and roles.recipients and passive):
            return None
        clause: Token | None = token
        if not is_verb:
            clause = self._light_verb(token) or self._occurrence(token)
            clause = clause or self._party_clause(token, rule, joint=True)
        reads = self._noun_readings(token) if not is_verb else set()
        if clause is not None:
            reads |= readings(clause, self.lex)
        if clause is not None and clause is not token:  # "proposed a summit", "plans talks"
            reads |= {r for r in ("future", "hypothetical") if self.lex.reads(clause, r)}
        date = self._date(token, clause, reads)
        sentence = self._sentence(token)
        text = sentence.text
        start = sentence.start_char + len(text) - len(text.lstrip())
        return EventMention(
            event_type=rule.event_type,
            mode=self._mode(token, rule),
            trigger=token.lower_ if rule.particle is None else f"{token.lower_} {rule.particle}",
            actors=roles.actors,
            recipients=roles.recipients,
            locations=roles.locations,
            date=date,
            sentence=text.strip(),
            start=start,
            end=start + len(text.strip()),
            quote=self._quote(token) if rule.event_type == "STATEMENT" else None,
            future="future" in reads,
            negated="negated" in reads,
            hypothetical="hypothetical" in reads,
        )

    def _holds(self, rule: TriggerRule, token: Token) -> bool:
        if (
            rule.particle
            and not any(
                (c.dep_ in _PARTICLE_DEPS and c.lower_ == rule.particle and not self._is_time(c))
                or (c.dep_ in OBJECTS and self.lex.lemma(c, "noun") == rule.particle)
                or (
                    c.dep_ in ("advcl", "acl")
                    and any(m.dep_ == "mark" and m.lower_ == rule.particle for m in c.children)
                )
                for c in token.children
            )
            and not (introduced_clause(token) is not None and token.doc[token.i + 1].lower_ == rule.particle)
        ):
            return False
        if rule.obj or rule.obj_kinds:
            objects = [c for c in token.children if c.dep_ in OBJECTS]
            if rule.obj and not any(self.lex.lemma(o, "noun") in rule.obj for o in objects):
                return False
            if rule.obj_kinds and not any(
                e.kind in rule.obj_kinds for o in objects for e in self.refs.refer(o, owner=True)
            ):
                return False
        if rule.subj or rule.subj_kinds:
            subjects, passive = subject_of(token, self.lex)
            if rule.subj and not any(self.lex.lemma(s, "noun") in rule.subj for s in subjects):
                return False
            if rule.subj_kinds and (
                passive or not any(e.kind in rule.subj_kinds for s in subjects for e in self.refs.refer(s))
            ):
                return False
        if rule.mod and not any(
            c.dep_ in ("amod", "compound", "nmod") and self.lex.lemma(c, "noun") in rule.mod
            for c in token.children
        ):
            return False
        return not rule.ccomp or any(c.dep_ == "ccomp" for c in token.children)

    # -- roles ----------------------------------------------------------------------------------

    def _verb_roles(self, verb: Token, rule: TriggerRule) -> _Roles:
        roles = _Roles()
        obj_role = self.lex.role(rule, "obj") or "recipient"
        subjects, passive = subject_of(verb, self.lex)
        for subject in subjects:
            if passive:
                roles.add(obj_role, self.refs.refer(subject, owner=True))
            else:
                roles.add("actor", self.refs.refer(subject))
        carried = _Roles()  # what the object carries: "troops near the border", "$N in aid for X"
        for child in verb.children:
            if child.dep_ in OBJECTS and not (
                rule.particle and self.lex.lemma(child, "noun") == rule.particle
            ):
                roles.add(obj_role, self.refs.refer(child, owner=True))
                self._add_object_prepositions(carried, child, rule)
            elif child.dep_ in _DATIVES:
                roles.add("recipient", self.refs.refer(child, owner=True))
        roles.add("recipient", carried.recipients)
        self._add_clause_roles(roles, verb, rule)
        self._add_prepositions(roles, verb, rule)
        if not roles.locations:
            roles.add("location", self._clause_place(verb))
        if not roles.locations:  # the object's place, when the clause names none of its own
            roles.add("location", carried.locations)
        return roles

    def _noun_roles(self, noun: Token, rule: TriggerRule) -> _Roles:
        roles = _Roles()
        obj_role = self.lex.role(rule, "obj") or "recipient"
        for child in noun.children:
            if child.dep_ == "poss":
                roles.add("actor", self.refs.refer(child))
        for child in noun.children:
            if child.dep_ in ("amod", "compound", "nmod") and not is_partisan(child):
                found = self.refs.refer(child)
                # "the Minsk agreements", "a Kremlin meeting": a city names where, not who
                for entity in found:
                    where = child.dep_ != "amod" and entity.kind == "place" and not is_country(entity)
                    if where:
                        roles.add("both" if obj_role == "both" else "location", [entity])
                    else:
                        roles.add(obj_role if roles.actors else "actor", [entity])
        owned = bool(roles.actors)  # "Russia's pullback": announcing it does not make it yours
        self._add_clause_roles(roles, noun, rule)
        self._add_prepositions(roles, noun, rule)
        verb = self._light_verb(noun)
        if verb is not None:
            subjects, passive = subject_of(verb, self.lex)
            if not owned and not passive:  # "Turkey hosted talks between X and Y": Turkey takes part
                for subject in subjects:
                    roles.add("actor", self.refs.refer(subject))
            self._add_prepositions(roles, verb, rule)
        elif not roles.actors and (party := self._party_clause(noun, rule)) is not None:
            subjects, passive = subject_of(party, self.lex)
            for subject in subjects if not passive else ():
                roles.add("actor", self.refs.refer(subject))
        happened = self._occurrence(noun)
        if happened is not None:  # "talks ended on Friday in Istanbul"
            self._add_prepositions(roles, happened, rule, places_only=True)
        if not roles.locations:
            roles.add("location", self._clause_place(verb if verb is not None else noun))
        return roles

    @staticmethod
    def _party_clause(noun: Token, rule: TriggerRule, *, joint: bool = False) -> Token | None:
        """The clause whose subject takes part in an event noun: 'on a visit to Kyiv', 'during talks',
        'told a joint news conference with Zelensky' (a joint act is its subject's own). With `joint`,
        only the last: 'briefed reporters on the call' is not when the call happened."""
        if rule.event_type != "CONSULT":
            return None
        head = noun.head
        is_joint = any(c.dep_ == "amod" and c.lower_ == "joint" for c in noun.children)
        if joint and not is_joint:
            return None
        if noun.dep_ == "pobj" and head.lower_ in _PARTICIPATION_PREPS:
            head = head.head
        elif not (noun.dep_ in OBJECTS and is_joint):
            return None
        return head if head.pos_ in ("VERB", "AUX") else None

    def _occurrence(self, noun: Token) -> Token | None:
        """'the conversation has just concluded': the verb that says when the event noun happened."""
        head = noun.head
        if noun.dep_ in SUBJECTS and head is not noun and self.lex.reads(head, "occur"):
            return head
        return None

    def _add_clause_roles(self, roles: _Roles, head: Token, rule: TriggerRule) -> None:
        """Whom a request or accusation is about: "demanded that Russia end", "calls for Ukraine to join"."""
        subject_role = self.lex.role(rule, "ccomp")
        object_role = self.lex.role(rule, "ccomp-object")
        if not subject_role and not object_role:
            return
        for clause in content_clauses(head):
            for child in clause.children:
                if child.dep_ in SUBJECTS or child.dep_ in PASSIVE_SUBJECTS:
                    roles.add(subject_role or "none", self.refs.refer(child))
                elif child.dep_ in OBJECTS and object_role:
                    roles.add(object_role, self.refs.refer(child))

    def _light_verb(self, noun: Token) -> Token | None:
        head = noun.head
        if noun.dep_ in OBJECTS | PASSIVE_SUBJECTS and head is not noun and self.lex.reads(head, "light"):
            return head
        return None

    def _add_prepositions(
        self, roles: _Roles, head: Token, rule: TriggerRule, *, places_only: bool = False
    ) -> None:
        for prep in prepositions(head):
            role = self.lex.role(rule, prep.lower_)
            if role is None or role == "none" or (places_only and role != "location"):
                continue
            for pobj in prep.children:
                if pobj.dep_ == "pobj":
                    roles.add(role, self.refs.refer(pobj, owner=role != "actor"))
                    # "a meeting of the G7 in London", "the visit of Xi to Moscow": a place that
                    # the parser hung on the argument is the event's
                    for inner in prepositions(pobj):
                        inner_role = self.lex.role(rule, inner.lower_)
                        if inner_role not in ("location", "both"):
                            continue
                        for place in (c for c in inner.children if c.dep_ == "pobj"):
                            places = [e for e in self.refs.refer(place, owner=True) if e.kind == "place"]
                            roles.add(inner_role, places)

    def _add_object_prepositions(self, roles: _Roles, obj: Token, rule: TriggerRule) -> None:
        """'$408 million in security aid for Ukraine', 'troops near the border': what the object carries."""
        for prep in prepositions(obj):
            role = self.lex.role(rule, prep.lower_)
            for pobj in prep.children:
                if pobj.dep_ != "pobj":
                    continue
                usable = role in ("recipient", "location", "both") and prep.lower_ != "of"
                found = self.refs.refer(pobj, owner=True) if usable else []
                if found:
                    roles.add(role or "none", found)
                elif prep.lower_ == "in":  # one step further in: "$N in aid for X"
                    self._add_object_prepositions(roles, pobj, rule)

    def _clause_place(self, token: Token) -> list[Entity]:
        """A place the clause is set in: "where" after a place, or a place the governing clause names."""
        for clause in governors(token):
            if clause.dep_ == "relcl" and any(c.lower_ == "where" for c in clause.children):
                found = [e for e in self.refs.refer(clause.head) if e.kind == "place"]
                if found:
                    return found
            if clause is not token:
                for prep in prepositions(clause):
                    if self.lex.role(None, prep.lower_) == "location":
                        for pobj in prep.children:
                            found = [e for e in self.refs.refer(pobj, owner=True) if e.kind == "place"]
                            if pobj.dep_ == "pobj" and found:
                                return found
        return []

    @staticmethod
    def _is_time(prep: Token) -> bool:
        """'called Putin on Thursday': a preposition of time is no particle."""
        return any(c.ent_type_ in ("DATE", "TIME") for c in prep.children)

    def _noun_readings(self, noun: Token) -> set[str]:
        return (
            {"negated"}
            if any(c.dep_ in ("det", "neg") and c.lower_ == "no" for c in noun.children)
            else set()
        )

    def _mode(self, token: Token, rule: TriggerRule) -> str | None:
        near = list(token.children)
        near += [g for c in near if c.dep_ in ("prep", "agent") for g in c.children]
        for word in near:
            mode = self.lex.modes.get((rule.event_type, self.lex.lemma(word, "noun")))
            if mode:
                return mode
        return rule.mode

    def _date_anchors(self) -> dict[int, list[Span]]:
        """Each date phrase under the word it dates (once per document)."""
        anchors: dict[int, list[Span]] = {}
        for ent in self.doc.ents:
            if ent.label_ != "DATE":
                continue
            root = ent.root
            for clause in root.children:  # "since 2014, when Russia annexed Crimea"
                if clause.dep_ == "relcl" and any(c.lower_ == "when" for c in clause.children):
                    anchors.setdefault(clause.i, []).append(ent)
            if self._comparison(root):
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
    def _comparison(root: Token) -> bool:
        """'its biggest buildup since 2014' compares with 2014; it does not date the buildup."""
        prep = root.head
        if root.dep_ != "pobj" or prep.lower_ != "since":
            return False
        return any(c.tag_ == "JJS" for c in prep.head.children) or prep.head.tag_ == "JJS"

    def _date(self, token: Token, clause: Token | None, reads: set[str]) -> ResolvedDate | None:
        prefer: Prefer = "future" if "future" in reads else "past"
        published = self.document.published
        for anchor in self._date_sources(token, clause):
            for ent in sorted(self.dates.get(anchor.i, ()), key=lambda e: abs(e.start - token.i)):
                found = resolve_date(ent.text, published=published, prefer=prefer)
                if found is not None:
                    return found
        if clause is None or reads & {"future", "hypothetical", "perfect"}:
            return None
        # today's news takes the published date; an infinitive or participle goes by its clause
        tensed = next((g for g in governors(clause) if is_finite(g)), None)
        if tensed is not None and published and not own_readings(tensed) & {"perfect", "future"}:
            return resolve_date("today", published=published)
        return None

    def _date_sources(self, token: Token, clause: Token | None) -> Iterator[Token]:
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

    def _quote(self, verb: Token) -> str | None:
        """What was said: the clause after "said that", else the quotation its speaker tag is attached to
        ('"... NATO," the President said', 'He said: "..."')."""
        for child in verb.children:
            if child.dep_ == "ccomp" and child.i > verb.i:
                words = [t for t in child.subtree if not (t.dep_ == "mark" and t.head.i == child.i)]
                text = self.doc[words[0].i : words[-1].i + 1].text.strip(" ,") if words else ""
                if len(text) > 1 and text[0] in '"\u201c' and text[-1] in '"\u201d':
                    text = text[1:-1]
                return text or None
        spans = self._quotations()
        sentence = self._sentence(verb)  # the quotation ends or starts in the speaker's sentence
        before = [
            (s, e) for s, e in spans if sentence.start_char <= e <= verb.idx and verb.idx - e <= _SPEAKER_TAG
        ]
        after = [
            (s, e) for s, e in spans if verb.idx <= s < sentence.end_char and s - verb.idx <= _SPEAKER_TAG
        ]
        if not before and not after:
            return None
        start, end = before[-1] if before else after[0]
        found = self._text()[start + 1 : end].strip(" ,")
        return found if len(found.split()) >= 2 else None

    def _quotations(self) -> list[tuple[int, int]]:
        """Outermost quotations (positions of their opening and closing marks), once per document.

        A straight quote opens after a space or line start and closes after a word, so quotes nested
        in a quotation ('"... is "paving" the way," he said') stay inside it; a line break ends all.
        """
        if self._quotes is None:
            self._quotes = []
            text = self._text()
            depth, opened = 0, 0
            for match in _QUOTE_MARK.finditer(text):
                at, mark = match.start(), match.group()
                if mark == "\n":
                    depth = 0
                    continue
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

    def _text(self) -> str:
        """The document's text (the parsed text has the same offsets; Doc.text would rebuild it)."""
        last = self.doc[-1] if len(self.doc) else None
        length = last.idx + len(last.text_with_ws) if last is not None else 0
        return self.document.text if len(self.document.text) == length else self.doc.text

    def _sentence(self, token: Token) -> Span:
        """The sentence of a token (Token.sent and Doc.sents walk the document on every call)."""
        if self._sentence_starts is None:
            starts = np.flatnonzero(self.doc.to_array(SENT_START) == 1)
            self._sentence_starts = [0, *(int(i) for i in starts if i)]
        n = bisect_right(self._sentence_starts, token.i)
        end = self._sentence_starts[n] if n < len(self._sentence_starts) else len(self.doc)
        return self.doc[self._sentence_starts[n - 1] : end]
