"""Find entities by name or alias: an index of their names with exact, prefix and typo-tolerant lookups.

`NameIndex.build(g)` reads every entity's label and aliases once; a query then touches only the
names that share a word with it, so a search costs about the same on ten nodes or a million.
A query matches a name when each query word matches one of the name's words: exactly, as a prefix,
or within a small edit distance (1 for words of 4-7 letters, 2 for longer ones; shorter words must
match exactly or as a prefix). Candidate words for the edit-distance match come from an index of
letter pairs (a q-gram count filter) and are then checked with a real Levenshtein distance.
Prefix matches are capped at `PREFIX_CAP` words per query word, so a one-letter query stays fast.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx
import numpy as np
from rapidfuzz.distance import Levenshtein

from graph.records import ENTITY_KINDS

PREFIX_CAP = 1000
_NON_WORD = re.compile(r"[\W_]+")


def normalize_name(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a name: "Zelens'kyy" -> "zelens kyy"."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_NON_WORD.sub(" ", stripped.casefold()).split())


def _max_typos(word: str) -> int:
    if len(word) < 4:
        return 0
    return 1 if len(word) <= 7 else 2


def _bigrams(word: str) -> set[str]:
    padded = f"^{word}$"
    return {padded[i : i + 2] for i in range(len(padded) - 1)}


@dataclass(frozen=True, slots=True)
class Hit:
    id: str
    score: float  # 0-100: 100 is an exact name
    name: str  # the label or alias that matched, as stored


@dataclass(frozen=True, slots=True)
class SearchPage:
    total: int
    hits: list[Hit]


class NameIndex:
    """Every entity's label and aliases, indexed by normalized word."""

    def __init__(self) -> None:
        self.ids: list[str] = []
        self.kinds: list[str] = []
        self.mentions: list[int] = []
        self.labels: list[str] = []
        self._name_text: list[str] = []  # as stored (for display)
        self._name_owner: list[int] = []
        self._name_words: list[tuple[int, ...]] = []
        self._exact: dict[str, list[int]] = {}  # normalized full name -> owners
        self._surnames: dict[str, list[int]] = {}  # last word of a person's full name -> owners
        self._words: list[str] = []
        self._word_ids: dict[str, int] = {}
        self._sorted_words: list[str] = []
        self._postings: list[list[int]] = []  # word -> names holding it
        self._bigram_words: dict[str, np.ndarray] = {}
        self._by_mentions: list[int] | None = None

    @classmethod
    def build(cls, g: nx.MultiDiGraph) -> NameIndex:
        index = cls()
        bigram_lists: dict[str, list[int]] = {}
        for node_id, data in g.nodes(data=True):
            kind = data.get("kind")
            if kind not in ENTITY_KINDS:
                continue
            owner = len(index.ids)
            index.ids.append(node_id)
            index.kinds.append(kind)
            index.mentions.append(int(data.get("mentions") or 0))
            index.labels.append(str(data.get("label") or node_id))
            words = normalize_name(index.labels[-1]).split()
            if kind == "person" and len(words) > 1:
                index._surnames.setdefault(words[-1], []).append(owner)
            seen: set[str] = set()
            for name in (data.get("label") or node_id, *(data.get("aliases") or ())):
                if not isinstance(name, str):
                    continue
                norm = normalize_name(name)
                if not norm or norm in seen:
                    continue
                seen.add(norm)
                index._add_name(name, norm, owner, bigram_lists)
        index._sorted_words = sorted(index._words)
        index._bigram_words = {gram: np.asarray(ids, dtype=np.int32) for gram, ids in bigram_lists.items()}
        return index

    def _add_name(self, name: str, norm: str, owner: int, bigram_lists: dict[str, list[int]]) -> None:
        number = len(self._name_text)
        self._name_text.append(name)
        self._name_owner.append(owner)
        self._exact.setdefault(norm, []).append(owner)
        word_ids: list[int] = []
        for word in norm.split():
            word_id = self._word_ids.get(word)
            if word_id is None:
                word_id = len(self._words)
                self._word_ids[word] = word_id
                self._words.append(word)
                self._postings.append([])
                for gram in _bigrams(word):
                    bigram_lists.setdefault(gram, []).append(word_id)
            if not self._postings[word_id] or self._postings[word_id][-1] != number:
                self._postings[word_id].append(number)
            word_ids.append(word_id)
        self._name_words.append(tuple(word_ids))

    def __len__(self) -> int:
        return len(self.ids)

    # -- lookups ---------------------------------------------------------------------------

    def exact(self, name: str) -> list[str]:
        """Ids of entities whose label or an alias is `name` (ignoring case, accents, punctuation)."""
        return sorted({self.ids[owner] for owner in self._exact.get(normalize_name(name), ())})

    def browse(self, *, kind: str | None = None, limit: int = 20, offset: int = 0) -> SearchPage:
        """Entities (of one kind) by mentions, most first: what a search with no words lists."""
        if self._by_mentions is None:
            self._by_mentions = sorted(range(len(self.ids)), key=lambda i: (-self.mentions[i], self.ids[i]))
        owners = [i for i in self._by_mentions if kind is None or self.kinds[i] == kind]
        page = owners[offset : offset + limit]
        hits = [Hit(self.ids[i], 0.0, self.labels[i]) for i in page]
        return SearchPage(len(owners), hits)

    def surname(self, name: str) -> list[str]:
        """Ids of people whose full name ends with `name` ("Kuleba" -> Dmytro Kuleba)."""
        return sorted({self.ids[owner] for owner in self._surnames.get(normalize_name(name), ())})

    def search(self, query: str, *, kind: str | None = None, limit: int = 20, offset: int = 0) -> SearchPage:
        """Entities matching `query`, best first, then by mentions, then by id; with the total."""
        words = list(dict.fromkeys(normalize_name(query).split()))
        if not words:
            return SearchPage(0, [])
        matches = [self._similar_words(word) for word in words]
        if any(not m for m in matches):
            return SearchPage(0, [])
        best: dict[int, tuple[float, int]] = {}  # owner -> (score, name number)
        for number in self._candidate_names(matches):
            owner = self._name_owner[number]
            if kind is not None and self.kinds[owner] != kind:
                continue
            score = self._score(number, matches)
            if score is not None and score > best.get(owner, (-1.0, 0))[0]:
                best[owner] = (score, number)
        ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], -self.mentions[kv[0]], self.ids[kv[0]]))
        hits = [
            Hit(self.ids[owner], round(score, 2), self._name_text[number])
            for owner, (score, number) in ranked[offset : offset + limit]
        ]
        return SearchPage(len(ranked), hits)

    # -- internals -------------------------------------------------------------------------

    def _similar_words(self, word: str) -> dict[int, float]:
        """Indexed words that `word` may stand for, each with a similarity in (0, 1]."""
        found: dict[int, float] = {}
        exact = self._word_ids.get(word)
        if exact is not None:
            found[exact] = 1.0
        start = bisect.bisect_left(self._sorted_words, word)
        for other in self._sorted_words[start : start + PREFIX_CAP]:
            if not other.startswith(word):
                break
            if other != word:
                found[self._word_ids[other]] = 0.6 + 0.3 * len(word) / len(other)
        typos = _max_typos(word)
        if typos:
            for word_id, distance in self._near_words(word, typos):
                similarity = 1.0 - distance / max(len(word), len(self._words[word_id]))
                found[word_id] = max(found.get(word_id, 0.0), similarity)
        return found

    def _near_words(self, word: str, typos: int) -> Iterable[tuple[int, int]]:
        grams = [self._bigram_words[g] for g in _bigrams(word) if g in self._bigram_words]
        if not grams:
            return
        counts = np.bincount(np.concatenate(grams), minlength=len(self._words))
        # Words within `typos` edits share at least max(len) + 1 - 2 * typos of their letter pairs.
        need = max(1, len(word) + 1 - 2 * typos)
        for word_id in np.flatnonzero(counts >= need).tolist():
            other = self._words[word_id]
            if abs(len(other) - len(word)) > typos or other == word:
                continue
            distance = Levenshtein.distance(word, other, score_cutoff=typos)
            if distance <= typos:
                yield word_id, distance

    def _candidate_names(self, matches: list[dict[int, float]]) -> Iterable[int]:
        """Names holding a match for the rarest query word (every word must match, so that is enough)."""
        rarest = min(matches, key=lambda m: sum(len(self._postings[w]) for w in m))
        seen: set[int] = set()
        for word_id in rarest:
            for number in self._postings[word_id]:
                if number not in seen:
                    seen.add(number)
                    yield number

    def _score(self, number: int, matches: list[dict[int, float]]) -> float | None:
        name_words = self._name_words[number]
        total = 0.0
        used: set[int] = set()
        for match in matches:
            best, where = 0.0, -1
            for position, word_id in enumerate(name_words):
                similarity = match.get(word_id, 0.0)
                if similarity > best:
                    best, where = similarity, position
            if not best:
                return None
            total += best
            used.add(where)
        # Mostly how well the query's words match; a little for how much of the name they cover,
        # so "Blinken" ranks the alias "Blinken" above "Blinken Foundation".
        return 100.0 * (total / len(matches)) * (0.8 + 0.2 * len(used) / len(name_words))


def search_entities(g: nx.MultiDiGraph, query: str, *, kind: str | None = None, limit: int = 20) -> list[Hit]:
    """One-off search that builds a throwaway index; servers keep a `NameIndex` per graph version."""
    return NameIndex.build(g).search(query, kind=kind, limit=limit).hits
