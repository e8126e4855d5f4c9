"""Who fills an event trigger's roles: actor, recipient and location, from its clause or noun phrase.

A verb's subject acts and its object receives (a passive subject receives); prepositions link
further parties by the role tables (extract/data/event_roles.tsv). An event noun takes its owner
("Russia's pullback") and modifiers ("a Kremlin meeting") as parties, and a light verb lends it its
subject ("Turkey hosted talks").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Token

from extract.entities import Entity
from extract.events.geography import is_country
from extract.events.grammar import (
    OBJECTS,
    PASSIVE_SUBJECTS,
    SUBJECTS,
    content_clauses,
    governors,
    prepositions,
    subject_of,
)
from extract.events.lexicon import EventLexicon, TriggerRule
from extract.events.participants import Participants, is_partisan

_DATIVES = frozenset({"dative", "iobj"})
# a meeting noun in "on a visit", "during talks", "at a summit" is the clause subject's own
_PARTICIPATION_PREPS = frozenset({"on", "during", "at", "while"})


@dataclass(slots=True)
class Roles:
    """The parties found for one trigger, each entity once per role."""

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


class Arguments:
    """Finds the parties of the triggers of one document."""

    def __init__(self, lex: EventLexicon, participants: Participants) -> None:
        self.lex = lex
        self.refs = participants

    def of_verb(self, verb: Token, rule: TriggerRule) -> Roles:
        roles = Roles()
        obj_role = self.lex.role(rule, "obj") or "recipient"
        subjects, passive = subject_of(verb, self.lex)
        for subject in subjects:
            if passive:
                roles.add(obj_role, self.refs.refer(subject, owner=True))
            else:
                roles.add("actor", self.refs.refer(subject))
        carried = Roles()  # what the object carries: "troops near the border", "$N in aid for X"
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

    def of_noun(self, noun: Token, rule: TriggerRule) -> Roles:
        roles = Roles()
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
        verb = self.light_verb(noun)
        if verb is not None:
            subjects, passive = subject_of(verb, self.lex)
            if not owned and not passive:  # "Turkey hosted talks between X and Y": Turkey takes part
                for subject in subjects:
                    roles.add("actor", self.refs.refer(subject))
            self._add_prepositions(roles, verb, rule)
        elif not roles.actors and (party := self.party_clause(noun, rule)) is not None:
            subjects, passive = subject_of(party, self.lex)
            for subject in subjects if not passive else ():
                roles.add("actor", self.refs.refer(subject))
        happened = self.occurrence(noun)
        if happened is not None:  # "talks ended on Friday in Istanbul"
            self._add_prepositions(roles, happened, rule, places_only=True)
        if not roles.locations:
            roles.add("location", self._clause_place(verb if verb is not None else noun))
        return roles

    def light_verb(self, noun: Token) -> Token | None:
        """'held talks', 'imposed sanctions': the verb that hands its subject to the event noun."""
        head = noun.head
        if noun.dep_ in OBJECTS | PASSIVE_SUBJECTS and head is not noun and self.lex.reads(head, "light"):
            return head
        return None

    def occurrence(self, noun: Token) -> Token | None:
        """'the conversation has just concluded': the verb that says when the event noun happened."""
        head = noun.head
        if noun.dep_ in SUBJECTS and head is not noun and self.lex.reads(head, "occur"):
            return head
        return None

    @staticmethod
    def party_clause(noun: Token, rule: TriggerRule, *, joint: bool = False) -> Token | None:
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

    def _add_clause_roles(self, roles: Roles, head: Token, rule: TriggerRule) -> None:
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

    def _add_prepositions(
        self, roles: Roles, head: Token, rule: TriggerRule, *, places_only: bool = False
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

    def _add_object_prepositions(self, roles: Roles, obj: Token, rule: TriggerRule) -> None:
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
