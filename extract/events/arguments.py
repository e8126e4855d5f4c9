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

from extract.data import words
from extract.entities import Entity
from extract.events.geography import is_country, is_venue
from extract.events.grammar import (
    OBJECTS,
    PASSIVE_SUBJECTS,
    SUBJECTS,
    content_clauses,
    governors,
    light_verb,
    objects_of,
    prepositional_objects,
    prepositions,
    subject_of,
)
from extract.events.lexicon import EventLexicon, TriggerRule
from extract.events.participants import Participants, coordinated, is_partisan

_DATIVES = frozenset({"dative", "iobj"})
# the preposition that names whom a requested act is aimed at: "sanctions against Belarus"
_AGAINST = frozenset({"against", "on", "to", "for"})
# a meeting noun in "on a visit", "during talks", "at a summit" is the clause subject's own
_PARTICIPATION_PREPS = frozenset({"on", "during", "at", "while"})
# ... and in "after talks with Macron", when it names the other side
_SEQUENCE_PREPS = frozenset({"after", "following", "before", "ahead"})
# a phrase that sets an act inside another event: "during the talks", "on the sidelines of the
# summit", "as part of his visit"
_SETTING_PREPS = _SEQUENCE_PREPS | _PARTICIPATION_PREPS | {"as", "in"}
# a rule that reads prepositions by their general roles only (for places)
_PLACES = TriggerRule(lemma="", pos="verb", event_type="", mode=None)


@dataclass(slots=True)
class Roles:
    """The parties found for one trigger, each entity once per role."""

    actors: list[Entity] = field(default_factory=list)
    recipients: list[Entity] = field(default_factory=list)
    locations: list[Entity] = field(default_factory=list)

    def add(self, role: str, found: Iterable[Entity], *, venues: bool = False) -> None:
        """Add each entity once to a role; `venues`: a venue ("at the Kremlin") is a location too."""
        for entity in found:
            if role == "both":
                self.add("recipient", [entity])
                if entity.kind == "place":
                    self.add("location", [entity])
                continue
            if role == "location" and entity.kind != "place" and not (venues and is_venue(entity)):
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
                found = self.refs.refer(child, owner=True)
                roles.add(obj_role, found)
                # a meeting's place hangs on whom it met ("hosted Biden in Ottawa"), not on what
                # it discussed ("the situation in Sudan"); a visit's, on what it saw ("the tomb in Ramallah")
                if found or rule.event_type != "CONSULT" or rule.mode == "visit":
                    self._add_object_prepositions(carried, child, rule)
            elif child.dep_ in _DATIVES:
                roles.add("recipient", self.refs.refer(child, owner=True))
        roles.add("recipient", carried.recipients)
        self._add_clause_roles(roles, verb, rule)
        self._add_prepositions(roles, verb, rule)
        if not roles.locations:
            roles.add("location", self._clause_place(verb))
        elif not any(e.attrs.get("country_code") for e in roles.locations):
            roles.add("location", [e for e in self._clause_place(verb) if is_country(e)])
        if not roles.locations:  # the object's place, when the clause names none of its own
            roles.add("location", carried.locations)
        if not roles.locations and not passive:  # "a court in Minsk sentenced", "police in Lagos arrested"
            for subject in subjects:
                self._add_prepositions(roles, subject, _PLACES, places_only=True)
                # "a Paris court convicted", "Kabul police arrested": a city's, not a country's
                for word in (c for c in subject.children if c.dep_ in ("compound", "nmod")):
                    roles.add(
                        "location",
                        [e for e in self.refs.refer(word) if e.kind == "place" and not is_country(e)],
                    )
        return roles

    def of_noun(self, noun: Token, rule: TriggerRule) -> Roles:
        roles = Roles()
        obj_role = self.lex.role(rule, "obj") or "recipient"
        for child in noun.children:
            if child.dep_ == "poss":  # "Russia's invasion"; "his arrest" (role table: poss)
                roles.add(self.lex.role(rule, "poss") or "actor", self.refs.refer(child))
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
        verb = self.light_verb(noun, rule)
        if verb is not None:
            subjects, passive = subject_of(verb, self.lex)
            if not owned and not passive:  # "Turkey hosted talks between X and Y": Turkey first
                hosts = [e for subject in subjects for e in self.refs.refer(subject)]
                roles.actors[:0] = [e for e in hosts if all(e.id != a.id for a in roles.actors)]
            elif passive:  # "was handed a prison sentence": the subject receives it
                roles.add("recipient", [e for subject in subjects for e in self.refs.refer(subject)])
            # "gave Ukraine support", "handed Kolesnikova a sentence": the light verb's other object
            others = [c for c in verb.children if c.dep_ in OBJECTS | _DATIVES and c != noun]
            roles.add("recipient", [e for c in others for e in self.refs.refer(c, owner=True)])
            self._add_prepositions(roles, verb, rule)
        elif not roles.actors and (party := self.party_clause(noun, rule)) is not None:
            subjects, passive = subject_of(party, self.lex)
            for subject in subjects if not passive else ():
                roles.add("actor", self.refs.refer(subject))
        if not roles.actors and roles.recipients and rule.event_type == "CONSULT":
            # "Zelenskyy said that the key issues in the talks with Johnson were ...": who tells of
            # talks with someone held them
            teller = next((a for a in noun.ancestors if self._tells(a)), None)
            if teller is not None:
                subjects, passive = subject_of(teller, self.lex)
                tellers = [e for s in subjects if not passive for e in self.refs.refer(s)]
                roles.add("actor", [e for e in tellers if all(e.id != r.id for r in roles.recipients)])
        if not roles.actors and not roles.recipients and noun.dep_ == "conj":
            # "the talks between Russia and the US, and the December 30 telephone conversation": an
            # event noun without parties of its own shares those of the one it is listed with (which
            # the parser may have made an object of the verb it hung this one on)
            verb = noun.head
            pobjs = [p for prep in prepositions(verb) for p in prep.children if p.dep_ == "pobj"]
            for other in (verb, *objects_of(verb), *pobjs):
                shared = self.refs.event_words.get(other.i)
                if other.i < noun.i and shared is not None and shared.event_type == rule.event_type:
                    listed = self.of_noun(other, shared)
                    roles.add("actor", listed.actors)
                    roles.add("recipient", listed.recipients)
                    break
        happened = self.occurrence(noun)
        if happened is not None:  # "talks ended on Friday in Istanbul"
            self._add_prepositions(roles, happened, rule, places_only=True)
        if not roles.locations:
            roles.add("location", self._clause_place(verb if verb is not None else noun))
            if not roles.locations and verb is not None:  # "held talks on the sidelines of the summit"
                roles.add("location", self._clause_place(noun))
        elif not any(e.attrs.get("country_code") for e in roles.locations):
            # "lost a concession in Bolivia after protests in El Alto": a place the gazetteer does
            # not know lies in the country the clause around it names
            roles.add("location", [e for e in self._clause_place(noun) if is_country(e)])
        return roles

    def light_verb(self, noun: Token, rule: TriggerRule) -> Token | None:
        return light_verb(noun, self.lex, rule.event_type)

    def occurrence(self, noun: Token) -> Token | None:
        """'the conversation has just concluded': the verb that says when the event noun happened."""
        head = noun.head
        if noun.dep_ in SUBJECTS and head != noun and self.lex.reads(head, "occur"):
            return head
        return None

    def party_clause(self, noun: Token, rule: TriggerRule, *, joint: bool = False) -> Token | None:
        """The clause whose subject takes part in a meeting noun: 'on a visit to Kyiv', 'during talks',
        'took part in the summit', 'after talks with Macron' (its partner named, the subject is the
        other side), 'told a joint news conference with Zelensky' (a joint act is its subject's own).
        With `joint`, only the last: 'briefed reporters on the call' is not when the call happened."""
        if rule.event_type not in ("CONSULT", "PROTEST"):
            return None
        is_joint = any(c.dep_ == "amod" and c.lower_ == "joint" for c in noun.children)
        if joint and not is_joint:
            return None
        head = noun.head
        if noun.dep_ == "pobj" and not joint:
            word, head = head.lower_, head.head
            if word == "of" and head.lower_ == "ahead":  # "ahead of talks with X"
                word, head = "ahead", head.head
            if word in ("in", "on") and self._participates(head):  # "took part in", "went on strike"
                head = head.head if head.dep_ in OBJECTS else head
            elif word in _SEQUENCE_PREPS:
                if not any(p.lower_ == "with" for p in prepositions(noun)):
                    return None
            elif word not in _PARTICIPATION_PREPS or (word == "on" and rule.mode != "visit"):
                return None  # "on a visit" is the subject's, "briefed on the talks" is not
        elif not (noun.dep_ in OBJECTS and is_joint):
            return None
        return head if head.pos_ in ("VERB", "AUX") else None

    def _tells(self, word: Token) -> bool:
        rule = self.refs.event_words.get(word.i)
        return rule is not None and rule.event_type == "STATEMENT" and rule.pos == "verb"

    def _participates(self, word: Token) -> bool:
        """'participated in', 'took part in' (the parser hangs "in" on either word)."""
        return self.lex.reads(word, "participate") or any(
            self.lex.reads(o, "participate") for o in objects_of(word)
        )

    def _add_clause_roles(self, roles: Roles, head: Token, rule: TriggerRule) -> None:
        """Whom a request or accusation is about: "demanded that Russia end", "calls for Ukraine to join"."""
        subject_role = self.lex.role(rule, "ccomp")
        object_role = self.lex.role(rule, "ccomp-object")
        if not subject_role and not object_role:
            return
        clauses = list(content_clauses(head))
        if rule.pos == "verb" and not objects_of(head):  # "refused to allow IAEA inspectors in"
            clauses += [c for c in head.children if c.dep_ == "xcomp" and _infinitive(c)]
        if rule.pos == "noun":  # "the need to impose sanctions", "the importance of enhancing aid"
            clauses += [c for c in head.children if c.dep_ == "acl" and _infinitive(c)]
            clauses += [g for p in head.children if p.lower_ == "of" for g in p.children if g.dep_ == "pcomp"]
        for clause in clauses:
            for child in clause.children:
                if child.dep_ in SUBJECTS or child.dep_ in PASSIVE_SUBJECTS:
                    roles.add(subject_role or "none", self.refs.refer(child))
                elif child.dep_ in OBJECTS and object_role:
                    roles.add(object_role, self.refs.refer(child, owner=True))
                    # "to impose sanctions against Belarus": whom the asked-for act is against
                    for pobj in prepositional_objects(child, _AGAINST):
                        roles.add(object_role, self.refs.refer(pobj, owner=True))

    def _add_prepositions(
        self, roles: Roles, head: Token, rule: TriggerRule, *, places_only: bool = False
    ) -> None:
        for prep in prepositions(head):
            role = self.lex.role(rule, prep.lower_)
            if role is None or role == "none" or (places_only and role != "location"):
                continue
            for pobj in prep.children:
                if pobj.dep_ == "pobj":
                    found = self.refs.refer(pobj, owner=role != "actor", also=_stray_appositions(head, prep))
                    if role == "actor" and rule.mode == "visit":  # "a tour of England" is where
                        roles.add("both", [e for e in found if e.kind == "place"])
                        found = [e for e in found if e.kind != "place"]
                    roles.add(role, found)
                    # "a meeting of the G7 in London", "the visit of Xi to Moscow": a place that
                    # the parser hung on the argument is the event's
                    self._add_inner_places(roles, pobj, rule)

    def _add_inner_places(self, roles: Roles, word: Token, rule: TriggerRule, *, depth: int = 0) -> None:
        """Places hung on an argument, or on a place-less argument of it: "at the hearing in the
        bankruptcy court in Houston"."""
        for inner in (p for each in coordinated(word) for p in prepositions(each)):
            inner_role = self.lex.role(rule, inner.lower_)
            for place in (c for c in inner.children if c.dep_ == "pobj"):
                places = [e for e in self.refs.refer(place, owner=True) if e.kind == "place"]
                if inner_role in ("location", "both"):
                    roles.add(inner_role, places)
                if not places and depth < 1:  # "talks with Stoltenberg in Brussels"
                    self._add_inner_places(roles, place, rule, depth=depth + 1)

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
        """A place the clause is set in: "where" after a place, a place the governing clause names,
        a setting clause's place ("Speaking at a news conference in Moscow, Putin said"), or the
        place of the event it is told after ("told reporters after the talks in Kyiv")."""
        setting = Roles()
        for child in token.children:
            if child.dep_ == "advcl" and child.tag_ in ("VBG", "VBN") and child.i < token.i:
                self._add_prepositions(setting, child, _PLACES, places_only=True)
                for pobj in (p for prep in prepositions(child) for p in prep.children if p.dep_ == "pobj"):
                    setting.add("location", self.refs.refer(pobj), venues=True)  # "Speaking at the X Summit"
            elif child.dep_ == "prep" and child.lower_ in _SETTING_PREPS:
                for pobj in (c for c in child.children if c.dep_ == "pobj"):
                    event = self._setting(pobj)
                    if event is not None:
                        setting.add("location", self._event_place(event))
                        if not setting.locations and _definite(event):
                            # "The summit opened in Johannesburg. ... on the sidelines of the summit"
                            earlier = (t for t in reversed(event.doc[: event.i]) if t.lower_ == event.lower_)
                            setting.add(
                                "location", next((p for t in earlier if (p := self._event_place(t))), [])
                            )
        if setting.locations:
            return setting.locations
        for clause in governors(token):
            if clause.dep_ == "relcl" and any(c.lower_ == "where" for c in clause.children):
                found = [e for e in self.refs.refer(clause.head) if e.kind == "place"]
                if found:
                    return found
            if clause != token:
                for prep in prepositions(clause):
                    if self.lex.role(None, prep.lower_) == "location":
                        for pobj in prep.children:
                            found = [e for e in self.refs.refer(pobj, owner=True) if e.kind == "place"]
                            if pobj.dep_ == "pobj" and found:
                                return found
        return []

    def _event_place(self, event: Token) -> list[Entity]:
        """Where an event noun or venue was: "the G20 summit in Rome", "the Munich Security
        Conference", "the Bali summit", "the summit opened in Johannesburg"."""
        found = Roles()
        self._add_inner_places(found, event, _PLACES)
        found.add("location", self.refs.refer(event), venues=True)
        # "the Munich Security Conference", "the Bali summit": a place in its name
        for word in (w for w in event.lefts if w.dep_ in ("compound", "nmod", "amod")):
            for part in word.subtree:
                found.add("location", [e for e in self.refs.refer(part) if e.kind == "place"])
        happened = self.occurrence(event)
        if happened is not None and not found.locations:
            self._add_prepositions(found, happened, _PLACES, places_only=True)
        return found.locations

    def _setting(self, noun: Token) -> Token | None:
        """The event a setting phrase leads to: "[the talks]", "the sidelines of [the G20 summit]",
        "part of his participation in [the Munich Security Conference]"."""
        for _ in range(4):
            found = self.refs.refer(noun)
            venue = self.lex.lemma(noun, "noun") in words("venue_words.txt")
            if venue or noun.i in self.refs.event_words or any(is_venue(e) for e in found):
                return noun
            if self.lex.lemma(noun, "noun") not in words("setting_nouns.txt"):
                return None
            inner = [p for prep in noun.children if prep.lower_ in ("of", "in") for p in prep.children]
            inner = [p for p in inner if p.dep_ == "pobj"]
            if not inner:
                return None
            noun = inner[0]
        return None


def _definite(noun: Token) -> bool:
    """'the summit', 'the talks': an event told before."""
    return any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in noun.children)


def _infinitive(clause: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children)


def _stray_appositions(head: Token, prep: Token) -> list[Token]:
    """'sanctions on Russia's second bank, VTB Bank': a name the parser hung on the event noun right
    after a prepositional object is that object's apposition."""
    if head.pos_ != "NOUN":
        return []
    after = [c for c in head.children if c.i > prep.i]
    if not after or after[0].dep_ != "appos":
        return []
    return [after[0]]
