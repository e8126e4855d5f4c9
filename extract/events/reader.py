"""One document's trigger words -> event mentions: type, mode, parties, date, readings and evidence."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from spacy.tokens import Doc, Token

from extract.data import words
from extract.dates import resolve_date
from extract.entities import Entity, EntityIndex
from extract.events.arguments import Arguments, Roles
from extract.events.document import DocumentText
from extract.events.grammar import governors, prepositions, subject_of
from extract.events.lexicon import EventLexicon, TriggerRule, pos_of
from extract.events.lists import list_leads
from extract.events.mentions import EventMention
from extract.events.modality import noun_readings, readings
from extract.events.participants import Participants
from extract.events.quotes import quotation_of, quote_of
from extract.events.speech import (
    REPRISAL_TYPES,
    blamed_subjects,
    condition_of,
    condition_subjects,
    obliged_subjects,
    reproaches,
    threatens,
)
from extract.events.timing import EventDates
from extract.events.triggers import find_triggers, gives_event_to_object
from extract.events.turns import speaker_turns
from extract.sentences import DATELINE, opening
from graph.records import Document
from graph.vocabulary import MUTUAL, EventType

# material conflict is reported by its victims too ("30 soldiers were killed")
_VICTIM_TYPES: frozenset[EventType] = frozenset({"ASSAULT", "COERCE", "SANCTION"})
# force: told by whom it hit or where it hit, even with no doer named
_FORCE: frozenset[EventType] = frozenset({"ASSAULT", "COERCE"})
# how long after a meeting is told "they" may stand for its parties
_THEY_SENTENCES = 2
# "killed in shelling", "wounded by a bomb", "died during clashes"
_MEANS_PREPS = frozenset({"in", "by", "during", "from", "with"})
# acts for someone: told as a noun ("U.S. support", "his demands"), an event only with whom it is for
_AIMED: frozenset[EventType] = frozenset({"SUPPORT", "AID", "COOPERATE", "REQUEST"})


class EventReader:
    """Reads the event mentions of one parsed document."""

    def __init__(self, doc: Doc, index: EntityIndex, document: Document, lexicon: EventLexicon) -> None:
        self.doc = doc
        self.lex = lexicon
        self.refs = Participants(index, lexicon)
        self.triggers, self.quiet = find_triggers(doc, lexicon, self.refs)
        self.args = Arguments(lexicon, self.refs)
        self.text = DocumentText(doc, document.text)
        self.dates = EventDates(doc, self.triggers, published=document.published, text=self.text.text)
        self.published = document.published
        self._roles: dict[int, Roles] = {}
        self.refs.voices = list(self._voices())
        self.means = dict(self._means())
        self.results = dict(self._results())
        self.leads = list(list_leads(self.text, self.refs.refer)) if self.triggers else []
        self.body_start = _headline_end(self.text.text, document.title)
        self._dateline = self.dateline()

    def dateline(self) -> Entity | None:
        """The place a wire report is filed from: "KYIV, Ukraine, May 6 (Reuters) -" at its start."""
        match = DATELINE.match(opening(self.doc))
        if match is None:
            return None
        found = self.refs.at(match.start(1), match.end(1))
        return found if found is not None and found.kind == "place" else None

    def mentions(self) -> Iterator[EventMention]:
        yield from self._turns()
        told = {noun.i for nouns in self.means.values() for noun in nouns}
        told |= {verb.i for verbs in self.results.values() for verb in verbs}
        for i, rule in self.triggers.items():
            token = self.doc[i]
            if token.idx < self.body_start:
                continue  # a headline kept for the speaker it names: events are read from the body
            if i in told:
                continue  # "killed in shelling": the shelling is the killing
            if pos_of(token) == "verb" and gives_event_to_object(token, self.lex, self.triggers):
                continue  # "held talks", "announced a pullback": the noun is the event
            if rule.event_type == "STATEMENT" and token.dep_ == "pcomp" and rule.pos == "verb":
                continue  # "accused X of telling lies", "by saying": not a statement of its own
            if self.means.get(i) == []:
                continue  # "killed in a car crash": no act of force
            mention = self._read(token, rule)
            if mention is not None:
                yield mention
                if rule.event_type == "STATEMENT":
                    yield from self._speech_acts(token, mention)

    def _turns(self) -> Iterator[EventMention]:
        """'President of Russia Vladimir Putin: It is a pleasure to see you ...': a statement."""
        today = resolve_date("today", published=self.published) if self.published else None
        for speaker, sentence in speaker_turns(self.text, self.refs.at):
            text = sentence.text.strip()
            start = sentence.start_char + len(sentence.text) - len(sentence.text.lstrip())
            quote = text.split(":", 1)[1].strip() if ":" in text else text
            yield EventMention(
                event_type="STATEMENT",
                mode=None,
                trigger=":",
                actors=[speaker],
                recipients=[],
                locations=[],
                date=today,
                sentence=text,
                start=start,
                end=start + len(text),
                quote=quote or None,
            )

    def _speech_acts(self, verb: Token, statement: EventMention) -> Iterator[EventMention]:
        """The demand or threat a statement makes ("said Russia must withdraw", "warned that if
        Russia moves further, sanctions will follow")."""
        for clause in (c for c in verb.children if c.dep_ == "ccomp"):
            speakers = {e.id for e in statement.actors}
            obliged = [
                e for s in obliged_subjects(clause) for e in self.refs.refer(s) if e.id not in speakers
            ]
            if obliged:  # "said Russia must withdraw"; "said the government should have acted"
                kind, mode = ("ACCUSE", "disapprove") if reproaches(clause) else ("REQUEST", None)
                yield replace(statement, event_type=kind, mode=mode, recipients=obliged, quote=None)
            blamed = [
                e
                for s in blamed_subjects(clause, self.lex)
                for e in self.refs.refer(s, owner=True)
                if e.id not in speakers
            ]
            if blamed:  # "stressed that Nord Stream 2 is a geopolitical weapon and a threat"
                yield replace(
                    statement, event_type="ACCUSE", mode="disapprove", recipients=blamed, quote=None
                )
            condition = condition_of(clause)
            if condition is not None and threatens(clause, condition, self._own_reprisal):
                targets = [e for s in condition_subjects(condition) for e in self.refs.refer(s)]
                if targets:
                    yield replace(statement, event_type="THREATEN", recipients=targets, quote=None)

    def _own_reprisal(self, token: Token) -> bool | None:
        """Whether a word tells a reprisal (None: no), and whether that reprisal names its doer
        ("the EU will impose sanctions if ..." threatens by itself, not through its reporter)."""
        rule = self.triggers.get(token.i)
        if rule is not None and rule.event_type in REPRISAL_TYPES:
            return bool(self._parties(token, rule).actors)
        return False if self.lex.reads(token, "reprisal") else None

    def _voices(self) -> Iterator[tuple[int, int, Entity]]:
        """Each quotation with the one speaker its tag names ('"I thank NATO," Zelensky said')."""
        for i, rule in self.triggers.items():
            if rule.event_type != "STATEMENT" or rule.pos != "verb":
                continue
            quoted = quotation_of(self.doc[i], self.text)
            if quoted is None or not quoted.direct:
                continue
            speakers = self._parties(self.doc[i], rule).actors
            if len(speakers) == 1 and speakers[0].kind != "place":
                yield quoted.start, quoted.end, speakers[0]

    def _means(self) -> Iterator[tuple[int, list[Token]]]:
        """Nouns that tell how a verb's act was done: "killed in an air strike", "wounded by
        shelling" are one act, the verb's; "killed in a crash" was no act of force (no nouns)."""
        for i, rule in self.triggers.items():
            verb = self.doc[i]
            if rule.event_type not in _FORCE or pos_of(verb) != "verb":
                continue
            means = [
                pobj
                for prep in verb.children
                if prep.dep_ in ("prep", "agent") and prep.lower_ in _MEANS_PREPS
                for pobj in prep.children
                if pobj.dep_ in ("pobj", "pcomp")
            ]
            if any(m.i in self.quiet for m in means):
                yield i, []
                continue
            nouns = [m for m in means if m.i in self.triggers and self.triggers[m.i].event_type in _FORCE]
            if nouns:
                yield i, nouns

    def _results(self) -> Iterator[tuple[int, list[Token]]]:
        """What an attack did, told as a participle: "missiles struck Odesa, killing eight people"
        is one attack, the one the clause tells."""
        for i, rule in self.triggers.items():
            verb = self.doc[i]
            if rule.event_type != "ASSAULT" or pos_of(verb) != "verb":
                continue
            told = [
                c
                for c in verb.children
                if c.dep_ == "advcl"
                and c.tag_ == "VBG"
                and c.i in self.triggers
                and self.triggers[c.i].event_type == "ASSAULT"
                and not any(s.dep_ in ("nsubj", "nsubjpass") for s in c.children)
            ]
            if told:
                yield i, told

    def _partners(self, verb: Token, roles: Roles) -> list[Entity]:
        """'Modi met Wickremesinghe and discussed trade', '... and agreed to expand trade': the
        verb joined to a meeting's shares its other side."""
        head = verb.head
        rule = self.triggers.get(head.i)
        if verb.dep_ != "conj" or rule is None or rule.event_type not in MUTUAL or pos_of(head) != "verb":
            return []
        met = self._parties(head, rule)
        if not {e.id for e in roles.actors} <= {e.id for e in met.actors}:
            return []
        return [e for e in met.recipients if e.kind != "place"]

    def _parties(self, token: Token, rule: TriggerRule) -> Roles:
        roles = self._roles.get(token.i)
        if roles is None:
            is_verb = pos_of(token) == "verb"
            roles = self.args.of_verb(token, rule) if is_verb else self.args.of_noun(token, rule)
            self._roles[token.i] = roles
        return Roles(list(roles.actors), list(roles.recipients), list(roles.locations))

    def _read(self, token: Token, rule: TriggerRule) -> EventMention | None:
        is_verb = pos_of(token) == "verb"
        roles = self._parties(token, rule)
        mode = self._mode(token, rule)
        means = self.means.get(token.i, [])
        for noun in means:  # "killed in a Russian air strike on Kharkiv": Russia killed, in Kharkiv
            told = self._parties(noun, self.triggers[noun.i])
            roles.add("actor", told.actors)
            roles.add("recipient", told.recipients)
            roles.add("location", told.locations)
            mode = mode or self._mode(noun, self.triggers[noun.i])
        if rule.event_type in MUTUAL and is_verb and not roles.recipients:
            roles.add("recipient", self._partners(token, roles))
        for verb in self.results.get(token.i, []):  # "..., killing the governor of Kandahar"
            done = self._parties(verb, self.triggers[verb.i])
            roles.add("recipient", [e for e in done.recipients if e.kind != "place"])
        lead = next((lead for s, e, lead in self.leads if s <= token.idx < e), None)
        if not roles.actors and rule.event_type not in _FORCE and lead is not None:
            # "- Full blocking sanctions on VTB Bank": a list item's act is its lead's subject's
            roles.add("actor", lead.doers)
        else:
            lead = None
        # only a passive clause names the victim without the doer ("30 soldiers were killed")
        passive = is_verb and subject_of(token, self.lex)[1]
        roles.recipients = [e for e in roles.recipients if all(e.id != a.id for a in roles.actors)]
        roles.locations = [e for e in roles.locations if all(e.id != a.id for a in roles.actors)]
        told_done = (
            is_verb
            or self.args.light_verb(token, rule) is not None
            or self.args.party_clause(token, rule) is not None
        )
        if (
            told_done
            and rule.event_type in _FORCE | {"PROTEST"}
            and not (roles.recipients or roles.locations)
        ):
            # "PARIS (Reuters) - ... Police fired tear gas at protesters": a wire story's force and
            # protests with no place of their own happened where it was filed
            roles.add("location", [self._dateline] if self._dateline is not None else [])
        if not roles.actors and not self._happened_to(token, rule, roles, passive=passive or not is_verb):
            return None
        if rule.recipient and not roles.recipients:
            return None  # "noted the importance of the ceasefire" asks no one
        sentence = self.text.sentence(token)
        if sentence.text.rstrip(' "\u201d\n').endswith("?"):
            return None  # a question tells nothing
        # with each other: each named party is an actor or a recipient
        mutual = rule.event_type in MUTUAL or any(_reciprocal(c) for c in token.children)
        if mutual and mode != "visit" and len(roles.actors) > 1 and not roles.recipients:
            # "Chile and Peru signed an agreement": one side acts, the other is acted with
            roles.actors, roles.recipients = roles.actors[:1], roles.actors[1:]
        if not is_verb and rule.event_type in _AIMED and not roles.recipients:
            return None  # "welcomed U.S. support", "Russia's proposals": an act for no one named
        if rule.event_type == "CONSULT" and mode is None and len(roles.actors) + len(roles.recipients) > 2:
            mode = "multilateral"
        if rule.event_type == "CONSULT" and len(roles.actors) + len(roles.recipients) > 1:
            # "... met Ruto. The two leaders agreed": later group nouns stand for these parties,
            # and "they" does in the next sentences
            self.refs.parties = [e for e in roles.actors + roles.recipients if e.kind != "place"]
            self.refs.parties_until = self._sentences_on(token, _THEY_SENTENCES)
        clause: Token | None = token
        light = self.args.light_verb(token, rule) if not is_verb else None
        if not is_verb:
            clause = light or self.args.occurrence(token) or self.args.party_clause(token, rule)
            clause = clause or (lead.verb if lead is not None else None)
        reads = noun_readings(token, self.lex) if not is_verb else set()
        if clause is not None:
            reads |= readings(clause, self.lex)
        if light is not None:  # "proposed a summit", "plans talks"
            reads |= {r for r in ("future", "hypothetical") if self.lex.reads(light, r)}
        if "none" in reads:
            return None  # "no soldiers were killed", "there will be no talks"
        event_type = rule.event_type
        condition = condition_of(clause) if clause is not None and rule.event_type in REPRISAL_TYPES else None
        if condition is not None and roles.actors and reads & {"future", "hypothetical"}:
            # "Washington would impose sanctions if Moscow invades": a threat against Moscow
            event_type, mode = "THREATEN", self.lex.modes.get(("THREATEN", rule.event_type.lower()))
            roles.add("recipient", [e for s in condition_subjects(condition) for e in self.refs.refer(s)])
            reads -= {"future", "hypothetical"}
        text = sentence.text
        start = sentence.start_char + len(text) - len(text.lstrip())
        return EventMention(
            event_type=event_type,
            mode=mode,
            trigger=token.lower_ if rule.particle is None else f"{token.lower_} {rule.particle}",
            actors=roles.actors,
            recipients=roles.recipients,
            locations=roles.locations,
            date=self.dates.date(token, clause, reads, means=means, narrated=event_type != "STATEMENT"),
            sentence=text.strip(),
            start=start,
            end=start + len(text.strip()),
            quote=quote_of(token, self.text) if rule.event_type == "STATEMENT" else None,
            occasion=self._occasion(token, roles) if rule.event_type == "STATEMENT" else None,
            future="future" in reads,
            negated="negated" in reads,
            hypothetical="hypothetical" in reads,
        )

    def _occasion(self, verb: Token, roles: Roles) -> str | None:
        """What a statement was said on: "at a news conference", "in an interview with Andrew Marr",
        "Speaking at a rally, ...", or whom it was told to ("told the BBC")."""
        for clause in governors(verb):
            settings = [c for c in clause.children if c.dep_ == "advcl" and c.tag_ == "VBG"]
            for head in (clause, *settings):
                for prep in prepositions(head):
                    for noun in (c for c in prep.children if c.dep_ == "pobj"):
                        if self.lex.lemma(noun, "noun") in words("occasion_nouns.txt"):
                            who = sorted({e.id for w in noun.subtree for e in self.refs.refer(w)})
                            return ":".join([self.lex.lemma(noun, "noun"), *who])
        if roles.recipients:
            return ":".join(["to", *sorted(e.id for e in roles.recipients)])
        return None

    def _sentences_on(self, token: Token, count: int) -> int:
        """The character offset where the `count`-th sentence after the token's ends."""
        sentence = self.text.sentence(token)
        for _ in range(count):
            if sentence.end >= len(self.doc):
                break
            sentence = self.text.sentence(self.doc[sentence.end])
        return sentence.end_char

    def _happened_to(self, token: Token, rule: TriggerRule, roles: Roles, *, passive: bool) -> bool:
        """Force is told by whom it hit or where, without a doer: "the camp was bombed", "the
        shelling of Kharkiv", "gunmen shot dead a police officer in Lagos"; so are protests
        ("thousands protested in Minsk") and penalties suffered ("Gazprom was banned"). Harm with
        neither doer nor weapon nor place ("limped off injured") may have been an accident."""
        if rule.event_type in _FORCE and self.lex.reads(token, "harm") and not self.means.get(token.i):
            return bool(roles.locations)
        if rule.event_type in _FORCE or rule.event_type == "PROTEST":
            return bool(roles.recipients or roles.locations)
        if self.lex.reads(token, "legal"):  # "was charged with murder", "a court found him guilty"
            return bool(roles.recipients)
        return rule.event_type in _VICTIM_TYPES and passive and bool(roles.recipients) and rule.pos == "verb"

    def _mode(self, token: Token, rule: TriggerRule) -> str | None:
        """A word next to the trigger may set the mode ("a phone call", "deployed tanks")."""
        near = list(token.children)
        near += [g for c in near if c.dep_ in ("prep", "agent") for g in c.children]
        for word in near:
            mode = self.lex.modes.get((rule.event_type, self.lex.lemma(word, "noun")))
            if mode:
                return mode
        return rule.mode


def _headline_end(text: str, title: str | None) -> int:
    """Where the body starts after a headline that opens the text ("Remarks by President Biden")."""
    stripped = text.lstrip()
    if not title or not title.strip() or not stripped.startswith(title.strip()):
        return 0
    return len(text) - len(stripped) + len(title.strip())


def _reciprocal(word: Token) -> bool:
    """'accuse each other', 'blamed one another': the parties do it to one another."""
    words = {w.lower_ for w in word.subtree}
    return (
        word.dep_ in ("dobj", "pobj", "prep")
        and bool(words & {"other", "another"})
        and bool(words & {"each", "one"})
    )
