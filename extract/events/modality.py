"""Whether an event happened: future, hypothetical, negated or perfect readings of its clause.

"none" is the reading of an event whose party is denied ("no soldiers were killed", "there will be
no talks"): nothing happened, and the reader drops it; "negated" keeps a denied act as an event
("Russia did not withdraw").
"""

from __future__ import annotations

from spacy.tokens import Token

from extract.events.grammar import OBJECTS, PASSIVE_SUBJECTS, SUBJECTS, content_clause
from extract.events.lexicon import EventLexicon

_FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
_HYPOTHETICAL_AUX = frozenset({"would", "could", "might", "may", "should", "must", "'d", "can"})
_PERFECT_AUX = frozenset({"have", "has", "had", "'ve", "'d"})
_CONDITIONAL_MARKS = frozenset({"if", "unless", "whether"})
_BE = frozenset({"is", "are", "was", "were", "be", "'s", "'re"})
_NO_ONE = frozenset({"nobody", "none", "no-one", "nothing"})


def own_readings(verb: Token) -> set[str]:
    """future / hypothetical / negated / perfect from the verb's own auxiliaries, negation, marks."""
    out = set()
    for child in verb.children:
        word = child.lower_
        if child.dep_ == "neg":
            out.add("negated")
        elif child.dep_ in SUBJECTS or child.dep_ in PASSIVE_SUBJECTS or child.dep_ in OBJECTS:
            if denied(child):
                out.add("none")  # "no soldiers were killed", "killed nobody"
        elif child.dep_ in ("aux", "auxpass"):
            if word in _FUTURE_AUX:
                out.add("future")
            elif word in _HYPOTHETICAL_AUX:
                out.add("hypothetical")
            elif word in _PERFECT_AUX:
                out.add("perfect")
        elif child.dep_ == "mark" and word in _CONDITIONAL_MARKS:
            out.add("hypothetical")
        elif child.dep_ == "xcomp" and verb.lower_ in _BE and any(c.lower_ == "to" for c in child.children):
            out.add("future")  # "is to meet"
    return out


def readings(verb: Token, lex: EventLexicon) -> set[str]:
    """The verb's readings, with those of the verbs that frame it ("is scheduled to visit")."""
    out: set[str] = set()
    current = verb
    for _ in range(4):
        out |= own_readings(current)
        head = current.head
        if head == current:
            break
        if current.dep_ == "xcomp":
            out |= {r for r in ("future", "hypothetical", "negated") if lex.reads(head, r)}
            if any(c.dep_ == "advmod" and c.lower_ == "yet" for c in head.children):
                out.add("negated")  # "has yet to withdraw"
        elif current.dep_ == "conj" and not any(
            c.dep_ in ("aux", "auxpass") or c.dep_ in SUBJECTS for c in current.children
        ):
            pass  # "will visit Kyiv and meet Zelenskiy" shares the auxiliary
        elif (
            current.dep_ == "pcomp"
            and head.dep_ == "prep"
            and head.head.pos_ == "VERB"
            and lex.reads(head.head, "hypothetical")
        ):
            out.add("hypothetical")  # "accused her of plotting to seize power": alleged, not told
            break
        elif current.dep_ in ("pobj", "pcomp", "acl") and (frame := _framing_noun(current)) is not None:
            # "no intention of fighting", "the threat of sanctions", "plans to visit"
            out |= {r for r in ("future", "hypothetical") if lex.reads(frame, r)}
            out |= {"none"} if denied(frame) else set()
            break
        elif content_clause(current) and lex.reads(head, "hypothetical"):
            out.add("hypothetical")  # "called for Germany to send tanks", "demanded that Russia end"
            break
        elif current.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in current.children):
            pass  # a purpose: "travels to Kyiv to meet" reads as the travel does
        else:
            break
        current = head
    return out


def noun_readings(noun: Token, lex: EventLexicon) -> set[str]:
    """'no talks': a noun event denied by its determiner; 'a potential invasion', 'planned talks':
    one its modifier puts ahead or in doubt."""
    out = {"none"} if denied(noun) else set()
    for child in noun.children:
        if child.dep_ in ("amod", "compound"):
            out |= {r for r in ("future", "hypothetical") if lex.reads(child, r)}
    return out


def _framing_noun(word: Token) -> Token | None:
    """The noun whose complement a word is: "intention" in "intention of fighting", "plans" in
    "plans to visit"."""
    if word.dep_ == "acl":
        return word.head if word.head.pos_ == "NOUN" else None
    prep = word.head
    if prep.dep_ == "prep" and prep.lower_ in ("of", "for") and prep.head.pos_ == "NOUN":
        return prep.head
    return None


def denied(word: Token) -> bool:
    """'no soldiers', 'nobody', 'none of the hostages': a noun phrase that names no one."""
    return word.lower_ in _NO_ONE or any(c.dep_ in ("det", "neg") and c.lower_ == "no" for c in word.children)
