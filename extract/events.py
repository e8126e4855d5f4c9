"""Trigger words in a parsed document -> PLOVER events with actor, recipient, place and date.

Triggers are found by one dictionary lookup per token (extract/triggers.py); from each, the
dependency tree is walked to the words that fill its roles, and those words are mapped to the
document's entities through the EntityIndex. A trigger becomes an event only when some entity acts
in it (or, for material conflict, suffers it). Mentions of one event are merged and written as
records by extract/event_records.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from extract.dates import Prefer, ResolvedDate, resolve_date
from extract.entities import Entity, EntityIndex
from extract.event_records import EventMention, build_records, is_country
from extract.sentences import DATELINE
from extract.triggers import EventLexicon, TriggerRule, load_lexicon, pos_of
from graph.records import Document, EdgeRecord, EventRecord

_SUBJECTS = frozenset({"nsubj", "csubj"})
_PASSIVE_SUBJECTS = frozenset({"nsubjpass", "csubjpass"})
_OBJECTS = frozenset({"dobj", "obj"})
_DATIVES = frozenset({"dative", "iobj"})
_RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
# who a proxy noun stands for ("Russian troops", "U.S. officials", "Ukraine's leadership")
_PROXY_OWNER_DEPS = frozenset({"poss", "compound", "amod", "nmod"})
# who owns any other noun ("Russia's behavior"); a compound only names a kind ("Javelin missiles")
_OWNER_DEPS = frozenset({"poss", "amod"})
_PROXY_PREPS = ("of", "from", "in")
_PARTICLE_DEPS = frozenset({"prt", "prep", "advmod", "dobj", "agent", "dative"})
# clauses that share their head's subject, time and place
_CHAIN = frozenset({"xcomp", "advcl", "conj", "pcomp"})
# the words between a date phrase and the word it dates
_DATE_PATH = frozenset(
    {"pobj", "prep", "npadvmod", "nmod", "compound", "amod", "nummod", "appos", "advmod", "quantmod", "pcomp"}
)
_FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
_HYPOTHETICAL_AUX = frozenset({"would", "could", "might", "may", "should", "must", "'d", "can"})
_PERFECT_AUX = frozenset({"have", "has", "had", "'ve", "'d"})
_CONDITIONAL_MARKS = frozenset({"if", "unless", "whether"})
_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP"})
# material conflict is reported by its victims too ("30 soldiers were killed")
_VICTIM_TYPES = frozenset({"ASSAULT", "COERCE", "SANCTION"})
# a meeting noun in "on a visit", "during talks", "at a summit" is the clause subject's own
_PARTICIPATION_PREPS = frozenset({"on", "during", "at", "while"})
# "accused Russia of massing troops", "banned Ukraine from ...": the object does the gerund
_OBJECT_CONTROL_PREPS = frozenset({"for", "of", "from"})
_QUOTE = re.compile(r"\"([^\"\n]{3,}?)\"|\u201c([^\u201d\n]{3,}?)\u201d")


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
        self.index = index
        self.document = document
        self.lex = lexicon
        self.known = {e.id for e in index.entities}
        self.triggers: dict[int, TriggerRule] = {}
        for token in doc:
            rules = lexicon.rules(token)
            if rules and token.dep_ not in ("amod", "compound"):
                rule = next((r for r in rules if self._holds(r, token)), None)
                if rule is not None:
                    self.triggers[token.i] = rule
        self.dates = self._date_anchors() if self.triggers else {}
        self._quotes: list[tuple[int, int, str]] | None = None

    def dateline(self) -> Entity | None:
        """The place a wire report is filed from: "KYIV, Ukraine, May 6 (Reuters) -" at its start."""
        match = DATELINE.match(self.doc.text[:300])
        if match is None:
            return None
        found = self.index.at(match.start(1), match.end(1))
        return found if found is not None and found.kind == "place" and found.id in self.known else None

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
            c.dep_ in _OBJECTS and c.i in self.triggers for c in verb.children
        )

    def _read(self, token: Token, rule: TriggerRule) -> EventMention | None:
        is_verb = pos_of(token) == "verb"
        roles = self._verb_roles(token, rule) if is_verb else self._noun_roles(token, rule)
        # only a passive clause names the victim without the doer ("30 soldiers were killed")
        passive = is_verb and any(c.dep_ in _PASSIVE_SUBJECTS for c in token.children)
        roles.recipients = [e for e in roles.recipients if all(e.id != a.id for a in roles.actors)]
        roles.locations = [e for e in roles.locations if all(e.id != a.id for a in roles.actors)]
        if not roles.actors and not (rule.event_type in _VICTIM_TYPES and roles.recipients and passive):
            return None
        clause = token if is_verb else (self._light_verb(token) or self._occurrence(token))
        readings = self._noun_readings(token) if not is_verb else set()
        if clause is not None:
            readings |= self._readings(clause)
        if clause is not None and clause is not token:  # "proposed a summit", "plans talks"
            readings |= {r for r in ("future", "hypothetical") if self.lex.reads(clause, r)}
        date = self._date(token, clause, readings)
        sentence = token.sent
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
            future="future" in readings,
            negated="negated" in readings,
            hypothetical="hypothetical" in readings,
        )

    def _holds(self, rule: TriggerRule, token: Token) -> bool:
        if rule.particle and not any(
            (c.dep_ in _PARTICLE_DEPS and c.lower_ == rule.particle and not self._is_time(c))
            or (c.dep_ in _OBJECTS and self.lex.lemma(c, "noun") == rule.particle)
            or (
                c.dep_ in ("advcl", "acl")
                and any(m.dep_ == "mark" and m.lower_ == rule.particle for m in c.children)
            )
            for c in token.children
        ):
            return False
        if rule.obj or rule.obj_kinds:
            objects = [c for c in token.children if c.dep_ in _OBJECTS]
            if rule.obj and not any(self.lex.lemma(o, "noun") in rule.obj for o in objects):
                return False
            if rule.obj_kinds and not any(
                e.kind in rule.obj_kinds for o in objects for e in self._refer(o, owner=True)
            ):
                return False
        if rule.subj or rule.subj_kinds:
            subjects, passive = self._subject(token)
            if rule.subj and not any(self.lex.lemma(s, "noun") in rule.subj for s in subjects):
                return False
            if rule.subj_kinds and (
                passive or not any(e.kind in rule.subj_kinds for s in subjects for e in self._refer(s))
            ):
                return False
        return not rule.ccomp or any(c.dep_ == "ccomp" for c in token.children)

    # -- roles ----------------------------------------------------------------------------------

    def _verb_roles(self, verb: Token, rule: TriggerRule) -> _Roles:
        roles = _Roles()
        event_type = rule.event_type
        obj_role = self.lex.role(event_type, "obj") or "recipient"
        subjects, passive = self._subject(verb)
        for subject in subjects:
            if passive:
                roles.add(obj_role, self._refer(subject, owner=True))
            else:
                roles.add("actor", self._refer(subject))
        for child in verb.children:
            if child.dep_ in _OBJECTS and not (
                rule.particle and self.lex.lemma(child, "noun") == rule.particle
            ):
                roles.add(obj_role, self._refer(child, owner=True))
                self._add_object_prepositions(roles, child, event_type)
            elif child.dep_ in _DATIVES:
                roles.add("recipient", self._refer(child, owner=True))
        self._add_clause_roles(roles, verb, event_type)
        self._add_prepositions(roles, verb, event_type)
        if not roles.locations:
            roles.add("location", self._clause_place(verb))
        return roles

    def _noun_roles(self, noun: Token, rule: TriggerRule) -> _Roles:
        roles = _Roles()
        event_type = rule.event_type
        obj_role = self.lex.role(event_type, "obj") or "recipient"
        for child in noun.children:
            if child.dep_ == "poss":
                roles.add("actor", self._refer(child))
        for child in noun.children:
            if child.dep_ in ("amod", "compound", "nmod") and not self._is_partisan(child):
                found = self._refer(child)
                # "the Minsk agreements", "a Kremlin meeting": a city names where, not who
                for entity in found:
                    where = child.dep_ != "amod" and entity.kind == "place" and not is_country(entity)
                    if where:
                        roles.add("both" if obj_role == "both" else "location", [entity])
                    else:
                        roles.add(obj_role if roles.actors else "actor", [entity])
        owned = bool(roles.actors)  # "Russia's pullback": announcing it does not make it yours
        self._add_clause_roles(roles, noun, event_type)
        self._add_prepositions(roles, noun, event_type)
        verb = self._light_verb(noun)
        if verb is not None:
            subjects, passive = self._subject(verb)
            if not owned and not passive:  # "Turkey hosted talks between X and Y": Turkey takes part
                for subject in subjects:
                    roles.add("actor", self._refer(subject))
            self._add_prepositions(roles, verb, event_type)
        elif (
            event_type == "CONSULT"
            and not roles.actors
            and noun.dep_ == "pobj"
            and noun.head.lower_ in _PARTICIPATION_PREPS
            and noun.head.head.pos_ in ("VERB", "AUX")
        ):
            subjects, passive = self._subject(noun.head.head)
            for subject in subjects if not passive else ():
                roles.add("actor", self._refer(subject))
        happened = self._occurrence(noun)
        if happened is not None:  # "talks ended on Friday in Istanbul"
            self._add_prepositions(roles, happened, event_type, places_only=True)
        if not roles.locations:
            roles.add("location", self._clause_place(verb if verb is not None else noun))
        return roles

    def _occurrence(self, noun: Token) -> Token | None:
        """'the conversation has just concluded': the verb that says when the event noun happened."""
        head = noun.head
        if noun.dep_ in _SUBJECTS and head is not noun and self.lex.reads(head, "occur"):
            return head
        return None

    def _add_clause_roles(self, roles: _Roles, head: Token, event_type: str) -> None:
        """Whom a request or accusation is about: "demanded that Russia end", "calls for Ukraine to join"."""
        subject_role = self.lex.role(event_type, "ccomp")
        object_role = self.lex.role(event_type, "ccomp-object")
        if not subject_role and not object_role:
            return
        for clause in self._content_clauses(head):
            for child in clause.children:
                if child.dep_ in _SUBJECTS or child.dep_ in _PASSIVE_SUBJECTS:
                    roles.add(subject_role or "none", self._refer(child))
                elif child.dep_ in _OBJECTS and object_role:
                    roles.add(object_role, self._refer(child))

    @staticmethod
    def _content_clauses(head: Token) -> Iterator[Token]:
        for child in head.children:
            if child.dep_ == "ccomp" or (
                child.dep_ in ("advcl", "acl", "xcomp")
                and any(c.dep_ == "mark" and c.lower_ in ("that", "for") for c in child.children)
            ):
                yield child

    def _light_verb(self, noun: Token) -> Token | None:
        head = noun.head
        if noun.dep_ in _OBJECTS | _PASSIVE_SUBJECTS and head is not noun and self.lex.reads(head, "light"):
            return head
        return None

    def _add_prepositions(
        self, roles: _Roles, head: Token, event_type: str, *, places_only: bool = False
    ) -> None:
        for prep in self._prepositions(head):
            role = self.lex.role(event_type, prep.lower_)
            if role is None or role == "none" or (places_only and role != "location"):
                continue
            for pobj in prep.children:
                if pobj.dep_ == "pobj":
                    roles.add(role, self._refer(pobj, owner=role != "actor"))
                    for inner in self._prepositions(pobj):  # "a meeting of the G7 in London"
                        if self.lex.role("*", inner.lower_) == "location":
                            for place in inner.children:
                                if place.dep_ == "pobj":
                                    roles.add("location", self._refer(place, owner=True))

    def _add_object_prepositions(self, roles: _Roles, obj: Token, event_type: str) -> None:
        """'$408 million in security aid for Ukraine', 'troops near the border': what the object carries."""
        for prep in self._prepositions(obj):
            role = self.lex.role(event_type, prep.lower_)
            for pobj in prep.children:
                if pobj.dep_ != "pobj":
                    continue
                usable = role in ("recipient", "location", "both") and prep.lower_ != "of"
                found = self._refer(pobj, owner=True) if usable else []
                if found:
                    roles.add(role or "none", found)
                elif prep.lower_ == "in":  # one step further in: "$N in aid for X"
                    self._add_object_prepositions(roles, pobj, event_type)

    @staticmethod
    def _prepositions(head: Token) -> Iterator[Token]:
        for child in head.children:
            if child.dep_ in ("prep", "agent") or (child.dep_ == "dative" and child.pos_ == "ADP"):
                yield child
                yield from (c for c in child.children if c.dep_ == "conj" and c.pos_ == "ADP")

    def _clause_place(self, token: Token) -> list[Entity]:
        """A place the clause is set in: "where" after a place, or a place the governing clause names."""
        for clause in self._governors(token):
            if clause.dep_ == "relcl" and any(c.lower_ == "where" for c in clause.children):
                found = [e for e in self._refer(clause.head) if e.kind == "place"]
                if found:
                    return found
            if clause is not token:
                for prep in self._prepositions(clause):
                    if self.lex.role("*", prep.lower_) == "location":
                        for pobj in prep.children:
                            found = [e for e in self._refer(pobj, owner=True) if e.kind == "place"]
                            if pobj.dep_ == "pobj" and found:
                                return found
        return []

    def _governors(self, token: Token) -> Iterator[Token]:
        """The token, then the clauses it hangs from while they share its subject and setting."""
        current = token
        for _ in range(6):
            yield current
            if current.dep_ not in _CHAIN and not (current.dep_ == "pobj" and current.head.dep_ == "prep"):
                return
            if current.dep_ == "conj" and any(
                c.dep_ in _SUBJECTS | _PASSIVE_SUBJECTS for c in current.children
            ):
                return  # "..., and Blinken said": a clause of its own
            head = current.head
            if head.dep_ == "prep":
                head = head.head
            if head is current:
                return
            current = head

    def _subject(self, verb: Token, depth: int = 0) -> tuple[list[Token], bool]:
        """Who the verb is said of: its subject, or the subject it shares with the clause it hangs from."""
        for child in verb.children:
            if child.dep_ in _SUBJECTS or child.dep_ in _PASSIVE_SUBJECTS:
                passive = child.dep_ in _PASSIVE_SUBJECTS
                if child.lower_ in _RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                    return [verb.head], passive
                return [child], passive
        head = verb.head
        if depth > 5 or head is verb:
            return [], False
        if verb.dep_ == "conj":
            return self._subject(head, depth + 1)
        if verb.dep_ == "xcomp":
            # "urged Russia to", "called on Russia to", "appealed to NATO to": the one asked acts
            controller = [c for c in head.children if c.dep_ in _OBJECTS] + [
                pobj
                for prep in head.children
                if prep.dep_ in ("prep", "prt") and prep.lower_ in ("on", "upon", "to")
                for pobj in prep.children
                if pobj.dep_ == "pobj"
            ]
            if controller:
                return controller[:1], False
            return self._subject(head, depth + 1)[0], False
        # "held for three years, accused of ...": a bare past participle is passive
        participle = verb.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)
        if verb.dep_ == "pcomp":
            prep, head = head, head.head
            objects = [c for c in head.children if c.dep_ in _OBJECTS]
            if prep.lower_ in _OBJECT_CONTROL_PREPS and objects:
                return objects[:1], False  # "criticized Ukraine for removing": Ukraine removed
            subjects = self._subject(head, depth + 1)[0]
            if prep.lower_ == "in" and self.lex.reads(head, "joint"):
                # "joined ministers from the G7 in condemning": the joined share the act
                subjects = (
                    subjects
                    + objects
                    + [
                        pobj
                        for p in head.children
                        if p.dep_ == "prep" and p.lower_ in ("from", "of")
                        for pobj in p.children
                        if pobj.dep_ == "pobj"
                    ]
                )
            return subjects, False
        if verb.dep_ == "advcl":
            detached = verb.i > 0 and verb.doc[verb.i - 1].text == ","
            if detached and head.dep_ == "ccomp":  # "demanded that X end ..., warning": the speaker warns
                head = head.head
            return self._subject(head, depth + 1)[0], participle
        return [], False

    # -- entities -------------------------------------------------------------------------------

    def _refer(self, token: Token, *, owner: bool = False) -> list[Entity]:
        """The entities a noun phrase names, with its conjuncts and appositions."""
        named: list[Entity] = []
        stood_for: list[Entity] = []
        for head in self._coordinated(token):
            entity = self.index.for_token(head)
            if entity is not None:
                named.append(entity)
            elif (entity := self._entity(head, owner=owner)) is not None:
                stood_for.append(entity)
        if any(e.kind == "person" for e in named + stood_for):
            # "President of Russia Vladimir Putin": the person, not the country of the title
            stood_for = [e for e in stood_for if e.kind == "person"]
        found: list[Entity] = []
        for entity in named + stood_for:
            if entity.id in self.known and all(e.id != entity.id for e in found):
                found.append(entity)
        return found

    @staticmethod
    def _coordinated(token: Token) -> Iterator[Token]:
        stack = [token]
        seen = 0
        while stack and seen < 12:
            head = stack.pop(0)
            seen += 1
            yield head
            stack.extend(c for c in head.children if c.dep_ in ("conj", "appos"))

    def _entity(self, token: Token, *, owner: bool, depth: int = 0) -> Entity | None:
        found = self.index.for_token(token)
        if found is not None or depth > 1 or token.pos_ not in ("NOUN", "PROPN", "PRON"):
            return found
        proxy = self.lex.lemma(token, "noun") in self.lex.proxies
        if not (owner or proxy):
            return None
        for child in token.children:
            if child.dep_ in (_PROXY_OWNER_DEPS if proxy else _OWNER_DEPS) and not self._is_partisan(child):
                found = self.index.for_token(child)
                if found is not None:
                    return found
        if proxy or (owner and token.i in self.triggers):  # "the invasion by Russia"
            for prep in token.children:
                if prep.dep_ in ("prep", "agent") and prep.lower_ in (_PROXY_PREPS if proxy else ("by",)):
                    for pobj in prep.children:
                        if pobj.dep_ != "pobj":
                            continue
                        # "President of the United States Joseph Biden": the named person first
                        for named in (c for c in pobj.children if c.dep_ == "appos"):
                            person = self.index.for_token(named)
                            if person is not None and person.kind == "person":
                                return person
                        found = self._entity(pobj, owner=False, depth=depth + 1)
                        if found is not None:
                            return found
        return None

    @staticmethod
    def _is_time(prep: Token) -> bool:
        """'called Putin on Thursday': a preposition of time is no particle."""
        return any(c.ent_type_ in ("DATE", "TIME") for c in prep.children)

    def _is_partisan(self, token: Token) -> bool:
        """'pro-Russian separatists' are not Russia."""
        before = token.doc[max(token.i - 2, 0) : token.i].text.lower().replace(" ", "")
        return token.lower_.startswith(("pro-", "anti-")) or before in ("pro-", "anti-")

    # -- readings, mode, date, quote --------------------------------------------------------------

    def _readings(self, verb: Token) -> set[str]:
        """future / hypothetical / negated / perfect, from the verb's auxiliaries and framing verbs."""
        out: set[str] = set()
        current = verb
        for _ in range(4):
            own = self._own_readings(current)
            out |= own
            head = current.head
            if head is current:
                break
            if current.dep_ == "xcomp":
                out |= {r for r in ("future", "hypothetical", "negated") if self.lex.reads(head, r)}
                if head.lemma_ == "be" or head.lower_ in ("is", "are", "was", "were", "be"):
                    out.add("future")  # "is to meet"
                if any(c.dep_ == "advmod" and c.lower_ == "yet" for c in head.children):
                    out.add("negated")  # "has yet to withdraw"
            elif current.dep_ == "conj" and not any(
                c.dep_ in ("aux", "auxpass") or c.dep_ in _SUBJECTS for c in current.children
            ):
                pass  # "will visit Kyiv and meet Zelenskiy" shares the auxiliary
            elif current.dep_ == "advcl" and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in current.children
            ):
                pass  # a purpose: "travels to Kyiv to meet" reads as the travel does
            else:
                break
            current = head
        return out

    @staticmethod
    def _own_readings(verb: Token) -> set[str]:
        out = set()
        for child in verb.children:
            word = child.lower_
            if child.dep_ == "neg":
                out.add("negated")
            elif child.dep_ in _SUBJECTS or child.dep_ in _PASSIVE_SUBJECTS:
                if any(c.dep_ == "det" and c.lower_ == "no" for c in child.children):
                    out.add("negated")  # "no soldiers were killed"
            elif child.dep_ in ("aux", "auxpass"):
                if word in _FUTURE_AUX:
                    out.add("future")
                elif word in _HYPOTHETICAL_AUX:
                    out.add("hypothetical")
                elif word in _PERFECT_AUX:
                    out.add("perfect")
            elif child.dep_ == "mark" and word in _CONDITIONAL_MARKS:
                out.add("hypothetical")
        return out

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
            while (
                current.dep_ in _DATE_PATH or self._reduced_relative(current)
            ) and current.head is not current:
                current = current.head
                rule = self.triggers.get(current.i)
                if rule is not None and rule.event_type == "STATEMENT" and rule.pos == "noun":
                    continue  # "said in a statement on March 1": the statement is the saying
                if rule is not None or (
                    current.pos_ in ("VERB", "AUX") and not self._reduced_relative(current)
                ):
                    break
            anchors.setdefault(current.i, []).append(ent)
        return anchors

    @staticmethod
    def _reduced_relative(token: Token) -> bool:
        """'an interview to be aired on May 2': a non-finite clause describing a noun."""
        return token.dep_ in ("acl", "relcl") and not _finite(token)

    @staticmethod
    def _comparison(root: Token) -> bool:
        """'its biggest buildup since 2014' compares with 2014; it does not date the buildup."""
        prep = root.head
        if root.dep_ != "pobj" or prep.lower_ != "since":
            return False
        return any(c.tag_ == "JJS" for c in prep.head.children) or prep.head.tag_ == "JJS"

    def _date(self, token: Token, clause: Token | None, readings: set[str]) -> ResolvedDate | None:
        prefer: Prefer = "future" if "future" in readings else "past"
        published = self.document.published
        for anchor in self._date_sources(token, clause):
            for ent in sorted(self.dates.get(anchor.i, ()), key=lambda e: abs(e.start - token.i)):
                found = resolve_date(ent.text, published=published, prefer=prefer)
                if found is not None:
                    return found
        if clause is None or readings & {"future", "hypothetical", "perfect"}:
            return None
        # today's news takes the published date; an infinitive or participle goes by its clause
        tensed = next((g for g in self._governors(clause) if _finite(g)), None)
        if tensed is not None and published and not self._own_readings(tensed) & {"perfect", "future"}:
            return resolve_date("today", published=published)
        return None

    def _date_sources(self, token: Token, clause: Token | None) -> Iterator[Token]:
        yield token
        if clause is None:
            return
        if clause is not token:
            yield clause
        chain = list(self._governors(clause))
        yield from chain[1:]
        top = chain[-1]
        if top.dep_ == "ccomp" and top.head is not top:  # reported: as of the report
            yield top.head

    def _quote(self, verb: Token) -> str | None:
        for child in verb.children:
            if child.dep_ == "ccomp" and child.i > verb.i:
                words = [t for t in child.subtree if not (t.dep_ == "mark" and t.head is child)]
                text = self.doc[words[0].i : words[-1].i + 1].text if words else ""
                return text.strip(" \"'\u201c\u201d,") or None
        sentence = verb.sent
        best: tuple[int, str] | None = None
        for start, end, text in self._quote_spans():
            if end < sentence.start_char or start > sentence.end_char:
                continue
            distance = min(abs(verb.idx - start), abs(verb.idx - end))
            if best is None or distance < best[0]:
                best = (distance, text)
        return best[1].strip(" ,") if best else None

    def _quote_spans(self) -> list[tuple[int, int, str]]:
        if self._quotes is None:
            self._quotes = [
                (m.start(), m.end(), m.group(1) or m.group(2) or "")
                for m in _QUOTE.finditer(self.doc.text)
                if len((m.group(1) or m.group(2) or "").split()) >= 3
            ]
        return self._quotes


def _finite(verb: Token) -> bool:
    """A verb with tense of its own: "said", "is", "was killed" (not "to be aired", "visiting")."""
    return verb.tag_ in _FINITE_TAGS or any(
        c.dep_ in ("aux", "auxpass") and c.tag_ in _FINITE_TAGS for c in verb.children
    )
