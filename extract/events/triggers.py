"""Which words of a document announce an event: trigger rows whose conditions hold in the parse."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from extract.events.grammar import OBJECTS, introduced_clause, light_verb, objects_of, subject_of
from extract.events.lexicon import NO_EVENT, EventLexicon, TriggerRule
from extract.events.participants import Participants
from graph.vocabulary import EventType

_WH_TAGS = frozenset({"WDT", "WP", "WP$", "WRB"})
# types whose object must itself be the party: meeting Putin's aide is meeting the aide, attacking
# Britain's record is no attack on Britain
_OBJECT_ITSELF: frozenset[EventType] = frozenset({"CONSULT", "ASSAULT", "COERCE"})
_PARTICLE_DEPS = frozenset({"prt", "prep", "advmod", "dobj", "agent", "dative", "oprd", "acomp", "ccomp"})


def find_triggers(
    doc: Doc, lex: EventLexicon, participants: Participants
) -> tuple[dict[int, TriggerRule], set[int]]:
    """Token position -> the first trigger row that holds for it; and the positions of words whose
    first holding row says they are no event here ("a heart attack", "killed in a crash")."""
    found: dict[int, TriggerRule] = {}
    quiet: set[int] = set()
    participants.event_words = found  # "the invasion by Russia": an event noun's doer is its owner
    for token in lex.candidates(doc):
        rules = lex.rules(token)
        if rules and token.dep_ not in ("amod", "compound"):
            rule = next((r for r in rules if _conditions_hold(r, token, lex, participants)), None)
            if rule is not None and rule.event_type == NO_EVENT:
                quiet.add(token.i)
            elif rule is not None:
                found[token.i] = rule
    return found, quiet


def gives_event_to_object(verb: Token, lex: EventLexicon, triggers: dict[int, TriggerRule]) -> bool:
    """A light verb whose object is itself a trigger word gives the event to that noun
    ("held talks", "announced a pullback")."""
    return any(
        c.i in triggers and light_verb(c, lex, triggers[c.i].event_type) == verb for c in _carried(verb, lex)
    )


def _carried(verb: Token, lex: EventLexicon) -> list[Token]:
    """A verb's objects, and the nouns its objects count ("imposed a package of sanctions")."""
    out = []
    for obj in objects_of(verb):
        out.append(obj)
        if lex.reads(obj, "quantity"):
            out += [
                p for prep in obj.children if prep.lower_ == "of" for p in prep.children if p.dep_ == "pobj"
            ]
    return out


def _conditions_hold(rule: TriggerRule, token: Token, lex: EventLexicon, participants: Participants) -> bool:
    """Whether every condition of the row (particle, object, subject, light verb, ...) holds here."""
    if rule.particle and not _has_particle(rule.particle, token, lex):
        return False
    if rule.obj or rule.obj_kinds:
        subjects, passive = subject_of(token, lex)
        objects = objects_of(token) + (_particle_objects(token, rule.particle) if rule.particle else [])
        if rule.pos == "noun":  # "movements of troops": a noun's object follows "of"
            objects += _particle_objects(token, "of")
        if passive:  # "was charged with murder": the subject is the object
            objects += subjects
        if rule.obj and not any(lex.lemma(o, "noun") in rule.obj for o in objects):
            return False
        # "backed the Home Office's powers" backs the office; "met his target" meets no one, and
        # "defended his proposals" defends no one else
        actors = set() if passive else {e.id for s in subjects for e in participants.refer(s)}
        if rule.obj_kinds and not any(
            e.kind in rule.obj_kinds and e.id not in actors
            for o in objects
            for e in participants.refer(o, owner=rule.event_type not in _OBJECT_ITSELF)
        ):
            return False
    if rule.subj or rule.subj_kinds:
        subjects, passive = subject_of(token, lex)
        if rule.subj and not any(lex.lemma(s, "noun") in rule.subj for s in subjects):
            return False
        if rule.subj_kinds and (
            passive or not any(e.kind in rule.subj_kinds for s in subjects for e in participants.refer(s))
        ):
            return False
    if rule.intransitive and objects_of(token):
        return False
    if rule.named and not _names_something(token):
        return False
    if rule.question and not any(
        c.dep_ == "ccomp" and any(w.tag_ in _WH_TAGS or w.lower_ in ("if", "whether") for w in c.subtree)
        for c in token.children
    ):
        return False
    if rule.xcomp and not any(
        c.dep_ == "xcomp" and lex.lemma(c, "verb") in rule.xcomp for c in token.children
    ):
        return False
    if rule.clause and not any(
        c.dep_ == "ccomp" and any(w.lower_ in rule.clause or w.lemma_ in rule.clause for w in c.subtree)
        for c in token.children
    ):
        return False
    if rule.mutual and len([e for s in subject_of(token, lex)[0] for e in participants.refer(s)]) < 2:
        return False
    if rule.light:
        verb = light_verb(token, lex, rule.event_type)
        if verb is None and not rule.light_verbs and _taken_part_in(token, lex):
            pass  # "went on strike", "took part in protests": the subject does the noun's act
        elif verb is None or (rule.light_verbs and lex.lemma(verb, "verb") not in rule.light_verbs):
            return False
    if rule.mod and not any(
        c.dep_ in ("amod", "compound", "nmod") and lex.lemma(c, "noun") in rule.mod for c in token.children
    ):
        return False
    return not rule.ccomp or any(c.dep_ == "ccomp" for c in token.children)


def _has_particle(particle: str, token: Token, lex: EventLexicon) -> bool:
    """The phrase's second word hangs from the first: "call on", "pull back", "cut ties", or it
    introduces the clause that follows the first ("calls for Ukraine to join")."""
    for child in token.children:
        if child.dep_ in _PARTICLE_DEPS and child.lower_ == particle and not _is_time(child):
            return True
        if child.dep_ in OBJECTS and lex.lemma(child, "noun") == particle:
            return True
        if child.dep_ in ("advcl", "acl") and any(
            m.dep_ == "mark" and m.lower_ == particle for m in child.children
        ):
            return True
    return introduced_clause(token) is not None and token.doc[token.i + 1].lower_ == particle


def _particle_objects(token: Token, particle: str) -> list[Token]:
    """The objects of a phrase's preposition: "Putin" in "spoke with Putin"."""
    return [
        pobj
        for child in token.children
        if child.lower_ == particle and (child.dep_ in _PARTICLE_DEPS or child.dep_ == "prep")
        for pobj in child.children
        if pobj.dep_ == "pobj"
    ]


def _names_something(verb: Token) -> bool:
    """'called the camp a scandal': an object and what it is called (the parser makes the first a
    dative or the second a predicate)."""
    deps = {c.dep_ for c in verb.children}
    return "oprd" in deps or ({"dative", "dobj"} <= deps)


def _taken_part_in(noun: Token, lex: EventLexicon) -> bool:
    prep = noun.head
    return noun.dep_ == "pobj" and prep.lower_ in ("in", "on") and lex.reads(prep.head, "participate")


def _is_time(prep: Token) -> bool:
    """'called Putin on Thursday': a preposition of time is no particle."""
    return any(c.ent_type_ in ("DATE", "TIME") for c in prep.children)
