"""Noun phrase -> the entities of the document it names, directly or through the word it stands for.

"Blinken", "Antony Blinken and Zelenskiy" name entities directly (through the EntityIndex), and
"I" or "we" inside a quotation name its speaker;
"Russian troops", "Ukraine's leadership", "officials from the G7" name them through a proxy noun
(extract/data/proxy_nouns.txt); an object also names its owner ("Russia's behavior").
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from spacy.tokens import Token

from extract.data import words
from extract.entities import Entity, EntityIndex
from extract.events.grammar import prepositional_objects
from extract.events.lexicon import EventLexicon, TriggerRule
from extract.facts import dominant_country
from graph.names import fold_name

# who a proxy noun stands for ("Russian troops", "U.S. officials", "Ukraine's leadership")
_PROXY_OWNER_DEPS = frozenset({"poss", "compound", "amod", "nmod"})
# who owns any other noun ("Russia's behavior"); a compound only names a kind ("Javelin missiles")
_OWNER_DEPS = frozenset({"poss", "amod"})
_PROXY_PREPS = ("of", "from", "in")
_FIRST_PERSON = frozenset({"i", "me", "my", "we", "us", "our"})


class Participants:
    """Looks up which entities the noun phrases of one document name."""

    def __init__(
        self,
        index: EntityIndex,
        lexicon: EventLexicon,
        *,
        event_words: Mapping[int, TriggerRule] | None = None,
    ) -> None:
        self.index = index
        self.lex = lexicon
        self.known = {e.id for e in index.entities}
        self.surnames = _surnames(index.entities)
        # "met with Prime Minister of Bulgaria Kiril Petkov": the words of a title stand for its holder
        self.titled = {
            i: e
            for e in index.entities
            if e.kind == "person"
            for m in e.mentions
            if m.title is not None and m.named
            for i in m.title.title_tokens
        }
        # (title, body) -> its holder: "the presidents of Russia and the United States"
        self.offices: dict[tuple[str, str], Entity] = {}
        for e in index.entities:
            for m in e.mentions:
                if e.kind != "person" or m.title is None or m.title.body is None or m.span is None:
                    continue
                doc = m.span.doc
                start, end = m.title.body
                body = index.at(doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text))
                if body is not None:
                    self.offices.setdefault((m.title.title.lower(), body.id), e)
        # ... and a conjunct the parser hung on that name belongs to the title's phrase ("between
        # President of Russia Vladimir Putin and President of the United States Joseph Biden")
        self.titled_names = {
            i: m.span.root
            for e in index.entities
            if e.kind == "person"
            for m in e.mentions
            if m.title is not None and m.named and m.span is not None
            for i in m.title.title_tokens
        }
        self.home = dominant_country(index.entities)  # "the government" with no owner is its
        # token positions of event words and their rows: "the invasion by Russia"
        self.event_words: Mapping[int, TriggerRule] = event_words or {}
        # the participants of the meeting last told, for "the two leaders", "the parties", "both"
        self.parties: list[Entity] = []
        self.parties_until = 0  # ... and "they" does, up to this character offset
        # quotations and who said them: "I" and "we" inside one are its speaker
        self.voices: list[tuple[int, int, Entity]] = []

    def refer(self, token: Token, *, owner: bool = False, also: Iterable[Token] = ()) -> list[Entity]:
        """The entities a noun phrase names, with its conjuncts and appositions.

        `owner`: the phrase is an object, so its owner counts ("condemned Russia's behavior").
        `also`: appositions the parser hung elsewhere.
        """
        named: list[Entity] = []
        stood_for: list[Entity] = []
        owned: list[Entity] = []
        grouped: list[Entity] = []
        heads = [*coordinated(token), *also]
        for head in list(heads):
            name = self.titled_names.get(head.i)
            if name is not None and name.i != head.i:
                heads += [c for conj in name.children if conj.dep_ == "conj" for c in coordinated(conj)]
        for head in heads:
            entity = self.entity(head)
            if entity is not None:
                named.append(entity)
            elif proxied := self._stands_for(head, owner=owner):
                is_proxy = self.lex.lemma(head, "noun") in self.lex.proxies
                (stood_for if is_proxy or head.pos_ == "PRON" else owned).extend(proxied)
            elif self._is_party_group(head):
                grouped.extend(self.parties)
        if not named:  # "Russia's behavior"; but "Russia's second bank, VTB" is VTB
            stood_for += owned
        if not named and not stood_for:  # "the two leaders"; but "the Tories and Lib Dems both"
            stood_for += grouped
        if any(e.kind == "person" for e in named + stood_for):
            # "President of Russia Vladimir Putin": the person, not the country of the title
            stood_for = [e for e in stood_for if e.kind == "person"]
        found: list[Entity] = []
        for entity in named + stood_for:
            if entity.id in self.known and all(e.id != entity.id for e in found):
                found.append(entity)
        return found

    def entity(self, token: Token) -> Entity | None:
        """The entity one word names, if the document knows it.

        A capitalized surname the NER left untagged ("On Monday, Macron urged ...") names the one
        person of the document whose full name ends in it.
        """
        found = self.index.for_token(token) or self.titled.get(token.i)
        if found is None and token.tag_ == "NNP" and token.ent_type_ in ("", "PERSON"):
            found = self.surnames.get(fold_name(token.text))
        if found is None and token.lower_ in _FIRST_PERSON and token.tag_ in ("PRP", "PRP$"):
            found = next((who for start, end, who in self.voices if start <= token.idx < end), None)
        return found if found is not None and found.id in self.known else None

    def at(self, start: int, end: int) -> Entity | None:
        found = self.index.at(start, end)
        return found if found is not None and found.id in self.known else None

    def _places_named(self, noun: Token) -> list[Entity]:
        """The places a place noun is told with: "Kandahar province", "the city of Kirkuk"."""
        named = [c for c in noun.children if c.dep_ in ("compound", "nmod")]
        named += prepositional_objects(noun, ("of",))
        return [e for c in named for each in coordinated(c) if (e := self.entity(each)) and e.kind == "place"]

    def _is_party_group(self, token: Token) -> bool:
        """'the two leaders', 'the parties', 'both sides', 'the two': the sides of the last meeting;
        so is 'they' right after it."""
        if token.lower_ in ("they", "them", "their") and token.tag_ in ("PRP", "PRP$"):
            return token.idx < self.parties_until
        counted = any(c.lower_ in ("two", "both") for c in token.children) or token.lower_ in ("two", "both")
        definite = counted or any(c.dep_ == "det" and c.lower_ in ("the", "both") for c in token.children)
        group = token.lower_ in ("two", "both") or (
            self.lex.lemma(token, "noun") in self.lex.parties and (token.tag_ == "NNS" or counted)
        )
        return group and definite and not any(c.dep_ in ("poss", "prep") for c in token.children)

    def _stands_for(self, token: Token, *, owner: bool, depth: int = 0) -> list[Entity]:
        found = self.entity(token)
        if found is not None or depth > 1 or token.pos_ not in ("NOUN", "PROPN", "PRON"):
            return [found] if found is not None else []
        lemma = self.lex.lemma(token, "noun")
        if lemma in words("place_nouns.txt") and (places := self._places_named(token)):
            return places  # "in Kandahar province", "the city of Kirkuk"
        proxy = lemma in self.lex.proxies
        if not (owner or proxy):
            return []
        owners = _PROXY_OWNER_DEPS if proxy and lemma not in self.lex.weapons else _OWNER_DEPS
        if token.i in self.event_words:  # "U.S. support", "the EU sanctions": whose act it is
            owners = owners | {"compound"}
        for child in token.children:
            if child.dep_ in owners and not is_partisan(child):
                found = self.entity(child)
                if found is not None:
                    return [found]
        if lemma in self.lex.governments and self.home is not None and _bare(token):
            return [self.home]  # "the government said": the article's country's
        if owner and (lemma in words("part_nouns.txt") or token.text == "%"):
            # "bought 100% of Baikal", "a 51% stake in Verizon": the part's owner
            for pobj in prepositional_objects(token, ("of", "in")):
                parts = [e for each in coordinated(pobj) if (e := self.entity(each)) is not None]
                if parts:
                    return parts
        if not (proxy or (owner and token.i in self.event_words)):
            return []
        for prep in token.children:
            if prep.dep_ not in ("prep", "agent") or prep.lower_ not in (_PROXY_PREPS if proxy else ("by",)):
                continue
            for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                # "the leaders of France and Germany", "the presidents of Russia and of the
                # United States": every conjunct of the object
                out: list[Entity] = []
                for each in coordinated(pobj):
                    # "President of the United States Joseph Biden": the named person first
                    person = next(
                        (
                            p
                            for c in each.children
                            if c.dep_ == "appos" and (p := self.entity(c)) is not None and p.kind == "person"
                        ),
                        None,
                    )
                    bodies = (
                        [person]
                        if person is not None
                        else self._stands_for(each, owner=False, depth=depth + 1)
                    )
                    # "the presidents of Russia and the United States": the holders of that office
                    out.extend(self.offices.get((lemma, e.id), e) for e in bodies)
                if out:
                    return out
        return []


def _bare(noun: Token) -> bool:
    """'the government', not 'a government' or 'the government of Chad' or 'Chad's government'."""
    return any(c.dep_ == "det" and c.lower_ == "the" for c in noun.children) and not any(
        c.dep_ in ("poss", "prep", "compound", "amod", "nmod") for c in noun.children
    )


def _surnames(entities: Iterable[Entity]) -> dict[str, Entity]:
    """Folded surname -> the one person of the document with a full name ending in it."""
    found: dict[str, Entity | None] = {}
    for entity in entities:
        words = fold_name(entity.label).split()
        if entity.kind == "person" and len(words) > 1:
            found[words[-1]] = entity if words[-1] not in found else None
    return {name: entity for name, entity in found.items() if entity is not None}


def coordinated(token: Token) -> Iterator[Token]:
    """A noun phrase's head, then the heads of its conjuncts and appositions (and of a conjunct
    the parser hung as a modifier: "[Sberbank and] VTB Bank")."""
    queue = [token]
    seen = 0
    while queue and seen < 12:
        head = queue.pop(0)
        seen += 1
        yield head
        queue.extend(
            c
            for c in head.children
            if c.dep_ in ("conj", "appos")
            or (c.dep_ in ("nmod", "compound") and any(g.dep_ == "cc" for g in c.children))
        )


def is_partisan(token: Token) -> bool:
    """'pro-Russian separatists' are not Russia."""
    before = token.doc[max(token.i - 2, 0) : token.i].text.lower().replace(" ", "")
    return token.lower_.startswith(("pro-", "anti-")) or before in ("pro-", "anti-")
