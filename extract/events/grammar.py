"""Clause grammar over a dependency parse: a verb's subject, objects, prepositions and governing clauses."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from extract.events.lexicon import EventLexicon
from graph.vocabulary import VERBAL

SUBJECTS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECTS = frozenset({"nsubjpass", "csubjpass"})
OBJECTS = frozenset({"dobj", "obj"})
_RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
# clauses that share their head's subject, time and place
_CHAIN = frozenset({"xcomp", "advcl", "conj", "pcomp"})
_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP"})
# "accused Russia of massing troops", "banned Ukraine from ...": the object does the gerund
_OBJECT_CONTROL_PREPS = frozenset({"for", "of", "from"})
# "urged Russia to", "called on Russia to", "appealed to NATO to", "called for him to": the one
# asked does it
_CONTROL_PARTICLES = frozenset({"on", "upon", "to", "for"})
_CONTENT_MARKS = frozenset({"that", "for"})


def is_finite(verb: Token) -> bool:
    """A verb with tense of its own: "said", "is", "was killed" (not "to be aired", "visiting")."""
    return verb.tag_ in _FINITE_TAGS or any(
        c.dep_ in ("aux", "auxpass") and c.tag_ in _FINITE_TAGS for c in verb.children
    )


def has_subject(verb: Token) -> bool:
    return any(c.dep_ in SUBJECTS or c.dep_ in PASSIVE_SUBJECTS for c in verb.children)


def objects_of(head: Token) -> list[Token]:
    return [c for c in head.children if c.dep_ in OBJECTS]


def light_verb(noun: Token, lex: EventLexicon, event_type: str) -> Token | None:
    """'held talks', 'imposed sanctions', 'announced a package of sanctions', 'stressed the need':
    the verb that hands its subject to the event noun (a verb of saying does so only for acts of
    saying: 'confirmed the strike' is not the striker's)."""
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and lex.reads(noun.head.head, "quantity"):
        noun = noun.head.head  # "a first tranche of sanctions", "a raft of proposals"
    elif noun.dep_ == "pobj" and noun.head.lower_ == "in" and _amount(noun.head.head):
        noun = noun.head.head  # "gave Ukraine $100 million in aid"
    for clause in noun.children:  # "the sanctions (that) the US would impose"
        if clause.dep_ == "relcl" and not objects_of(clause) and _lends(clause, lex, event_type):
            return clause
    head = noun.head
    if noun.dep_ not in OBJECTS | PASSIVE_SUBJECTS or head == noun:
        return None
    return head if _lends(head, lex, event_type) else None


def _amount(word: Token) -> bool:
    """'$100 million', '2,000 tonnes': a counted amount."""
    return word.like_num or any(c.dep_ in ("nummod", "quantmod") or c.tag_ == "$" for c in word.children)


def _lends(verb: Token, lex: EventLexicon, event_type: str) -> bool:
    return lex.reads(verb, "light") or (lex.reads(verb, "utter") and event_type in VERBAL)


def prepositions(head: Token) -> Iterator[Token]:
    """The prepositions hanging from a word, with those coordinated to them ("near X and in Y")."""
    for child in head.children:
        if child.dep_ in ("prep", "agent") or (child.dep_ == "dative" and child.pos_ == "ADP"):
            yield child
            yield from (c for c in child.children if c.dep_ == "conj" and c.pos_ == "ADP")


def prepositional_objects(head: Token, words: frozenset[str] | tuple[str, ...]) -> list[Token]:
    return [
        pobj
        for prep in head.children
        if prep.dep_ in ("prep", "prt", "agent") and prep.lower_ in words
        for pobj in prep.children
        if pobj.dep_ == "pobj"
    ]


def content_clauses(head: Token) -> Iterator[Token]:
    """What a word of saying or asking is about: "that Russia end ...", "for Ukraine to join ..."."""
    for child in head.children:
        if content_clause(child):
            yield child
    following = introduced_clause(head)
    if following is not None and following.head != head:
        yield following


def content_clause(clause: Token) -> bool:
    """A clause that says what is said or asked: "(that) Russia ends ...", "for Ukraine to join"."""
    return clause.dep_ == "ccomp" or (
        clause.dep_ in ("advcl", "acl", "xcomp")
        and any(c.dep_ == "mark" and c.lower_ in _CONTENT_MARKS for c in clause.children)
    )


def introduced_clause(word: Token) -> Token | None:
    """The clause a word's next token introduces ("calls for Ukraine to join"), wherever the parser
    hung it ("renewed [calls] [for Ukraine to join]" gives the clause to the verb)."""
    if word.i + 1 >= len(word.doc):
        return None
    mark = word.doc[word.i + 1]
    if mark.dep_ != "mark" or mark.lower_ not in _CONTENT_MARKS or mark.head.i < mark.i:
        return None
    return mark.head


def reduced_relative(token: Token) -> bool:
    """'an interview to be aired on May 2': a non-finite clause describing a noun."""
    return token.dep_ in ("acl", "relcl") and not is_finite(token)


def governors(token: Token) -> Iterator[Token]:
    """The token, then the clauses it hangs from while they share its subject and setting."""
    current = token
    for _ in range(6):
        yield current
        if current.dep_ not in _CHAIN and not (current.dep_ == "pobj" and current.head.dep_ == "prep"):
            return
        if current.dep_ == "conj" and has_subject(current):
            return  # "..., and Blinken said": a clause of its own
        head = current.head
        if head.dep_ == "prep":
            head = head.head
        if head == current:
            return
        current = head


def _stray_subject(verb: Token) -> list[Token]:
    """'As part of his visit to the summit, President X held talks': a subject the parser hung as an
    apposition on the fronted phrase's last noun, right before the verb that has none."""
    if verb.i == 0 or not is_finite(verb):
        return []
    before = verb.doc[verb.i - 1]
    for word in (before, *before.ancestors):
        if word.dep_ == "appos" and word.head.i < word.i and word.right_edge.i == verb.i - 1:
            edge = word.left_edge.i
            return [word] if edge > 0 and verb.doc[edge - 1].text == "," else []
        if word.i > verb.i or word == verb:
            break
    return []


def subject_of(verb: Token, lex: EventLexicon, depth: int = 0) -> tuple[list[Token], bool]:
    """Who the verb is said of, and whether it is passive (then the subject undergoes it).

    Its own subject; else the one it shares with the clause it hangs from: a conjunct's, a
    controller's ("urged Russia to withdraw"), an adjunct's ("Speaking in Kyiv, Blinken said");
    a passive verb's shared subject underwent it ("after being convicted", "and was arrested").
    """
    subjects, passive = _subject_of(verb, lex, depth)
    if not passive and any(c.dep_ == "auxpass" for c in verb.children):
        return subjects, True
    return subjects, passive


def _subject_of(verb: Token, lex: EventLexicon, depth: int = 0) -> tuple[list[Token], bool]:
    for child in verb.children:
        if child.dep_ in SUBJECTS or child.dep_ in PASSIVE_SUBJECTS:
            passive = child.dep_ in PASSIVE_SUBJECTS
            if child.lower_ in _RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                return [verb.head], passive
            return [child], passive
    head = verb.head
    if head == verb:
        return _stray_subject(verb), False
    if depth > 5:
        return [], False
    if verb.dep_ == "acl" and head.pos_ == "NOUN" and any(c.lower_ == "to" for c in verb.children):
        # "Russia's decision to pull back", "efforts by Moscow to destabilize": the noun's owner
        owners = [c for c in head.children if c.dep_ == "poss"] + prepositional_objects(head, ("of", "by"))
        return owners[:1], False
    if verb.dep_ == "conj":
        return subject_of(head, lex, depth + 1)
    if verb.dep_ == "xcomp":
        controller = objects_of(head) + prepositional_objects(head, _CONTROL_PARTICLES)
        if controller:
            return controller[:1], False
        return subject_of(head, lex, depth + 1)[0], False
    if verb.dep_ == "pcomp":
        prep, head = head, head.head
        if prep.lower_ in _OBJECT_CONTROL_PREPS and objects_of(head):
            return objects_of(head)[:1], False  # "criticized Ukraine for removing": Ukraine removed
        subjects, passive = subject_of(head, lex, depth + 1)
        if passive:
            return [], False  # "were killed in shelling": who was killed did not shell
        if prep.lower_ == "in" and lex.reads(head, "joint"):
            # "joined ministers from the G7 in condemning": the joined share the act
            subjects = subjects + objects_of(head) + prepositional_objects(head, ("from", "of"))
        return subjects, False
    if verb.dep_ == "advcl":
        detached = verb.i > 0 and verb.doc[verb.i - 1].text == ","
        if detached and head.dep_ == "ccomp":  # "demanded that X end ..., warning": the speaker warns
            head = head.head
        # "held for three years, accused of ...": a bare past participle is passive
        participle = verb.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)
        return subject_of(head, lex, depth + 1)[0], participle
    return [], False
