"""Find entities by name or alias: an index of their names with exact, prefix and typo-tolerant lookups.

`NameIndex.build(g)` reads every entity's label and aliases once; a query then touches only the
names that share a word with it, so a search costs about the same on ten nodes or a million.
A query matches a name when each query word matches one of the name's words: exactly, as a prefix,
or within a small edit distance (1 for words of 4-7 letters, 2 for longer ones; shorter words must
match exactly or as a prefix). Candidate words for the edit-distance match come from an index of
letter triples by word length (a q-gram count filter) and are then checked with a real
Levenshtein distance.
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
_MIN_TYPO_LENGTH = 4
_NON_WORD = re.compile(r"[\W_]+")


def normalize_name(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a name: "Zelens'kyy" -> "zelens kyy"."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_NON_WORD.sub(" ", stripped.casefold()).split())


def _max_typos(word: str) -> int:
    if len(word) < _MIN_TYPO_LENGTH:
        return 0
    return 1 if len(word) <= 7 else 2


def _trigrams(word: str) -> list[str]:
    """The word's letter triples, padded so each end counts: len(word) + 2 of them."""
    padded = f"^^{word}$$"
    return [padded[i : i + 3] for i in range(len(padded) - 2)]


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
        self._exact: dict[str, list[int]] = {}  # normalized full name -> owners
        self._surnames: dict[str, list[int]] = {}  # last word of a person's full name -> owners
        self._words: list[str] = []
        self._word_ids: dict[str, int] = {}
        self._sorted_words: list[str] = []
        self._gram_words: dict[tuple[str, int], np.ndarray] = {}  # (trigram, word length) -> words
        self._by_mentions: list[int] | None = None
        # Arrays for scoring many names at once. Postings are CSR: the names holding word w are
        # _post_names[_post_start[w] : _post_start[w + 1]].
        self._post_start = np.zeros(1, dtype=np.int64)
        self._post_names = np.zeros(0, dtype=np.int32)
        self._name_owner = np.zeros(0, dtype=np.int32)
        self._name_length = np.zeros(0, dtype=np.int32)  # words in the name
        self._owner_kind = np.zeros(0, dtype=np.int8)
        self._owner_mentions = np.zeros(0, dtype=np.int64)
        self._owner_order = np.zeros(0, dtype=np.int64)  # rank of each owner's id in sorted order

    @classmethod
    def build(cls, g: nx.MultiDiGraph) -> NameIndex:
        index = cls()
        postings: list[list[int]] = []
        owners: list[int] = []
        lengths: list[int] = []
        gram_lists: dict[tuple[str, int], list[int]] = {}
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
                number = len(index._name_text)
                index._name_text.append(name)
                index._exact.setdefault(norm, []).append(owner)
                owners.append(owner)
                name_words = norm.split()
                lengths.append(len(name_words))
                for word in dict.fromkeys(name_words):
                    postings[index._word_id(word, gram_lists, postings)].append(number)
        index._sorted_words = sorted(index._words)
        index._gram_words = {key: np.asarray(ids, dtype=np.int32) for key, ids in gram_lists.items()}
        index._post_start = np.concatenate([[0], np.cumsum([len(p) for p in postings], dtype=np.int64)])
        index._post_names = np.fromiter(
            (n for p in postings for n in p), dtype=np.int32, count=int(index._post_start[-1])
        )
        index._name_owner = np.asarray(owners, dtype=np.int32)
        index._name_length = np.asarray(lengths, dtype=np.int32)
        index._owner_kind = np.asarray([ENTITY_KINDS.index(k) for k in index.kinds], dtype=np.int8)
        index._owner_mentions = np.asarray(index.mentions, dtype=np.int64)
        order = np.empty(len(index.ids), dtype=np.int64)
        order[sorted(range(len(index.ids)), key=index.ids.__getitem__)] = np.arange(len(index.ids))
        index._owner_order = order
        return index

    def _word_id(
        self, word: str, gram_lists: dict[tuple[str, int], list[int]], postings: list[list[int]]
    ) -> int:
        word_id = self._word_ids.get(word)
        if word_id is None:
            word_id = len(self._words)
            self._word_ids[word] = word_id
            self._words.append(word)
            postings.append([])
            if len(word) >= _MIN_TYPO_LENGTH - 2:  # shorter words are never within reach of a typo
                for gram in set(_trigrams(word)):
                    gram_lists.setdefault((gram, len(word)), []).append(word_id)
        return word_id

    def __len__(self) -> int:
        return len(self.ids)

    # -- lookups ---------------------------------------------------------------------------

    def exact(self, name: str) -> list[str]:
        """Ids of entities whose label or an alias is `name` (ignoring case, accents, punctuation)."""
        return sorted({self.ids[owner] for owner in self._exact.get(normalize_name(name), ())})

    def surname(self, name: str) -> list[str]:
        """Ids of people whose full name ends with `name` ("Kuleba" -> Dmytro Kuleba)."""
        return sorted({self.ids[owner] for owner in self._surnames.get(normalize_name(name), ())})

    def browse(self, *, kind: str | None = None, limit: int = 20, offset: int = 0) -> SearchPage:
        """Entities (of one kind) by mentions, most first: what a search with no words lists."""
        if self._by_mentions is None:
            self._by_mentions = sorted(range(len(self.ids)), key=lambda i: (-self.mentions[i], self.ids[i]))
        owners = [i for i in self._by_mentions if kind is None or self.kinds[i] == kind]
        page = owners[offset : offset + limit]
        return SearchPage(len(owners), [Hit(self.ids[i], 0.0, self.labels[i]) for i in page])

    def search(self, query: str, *, kind: str | None = None, limit: int = 20, offset: int = 0) -> SearchPage:
        """Entities matching `query`, best first, then by mentions, then by id; with the total.

        A name's score is 100 x the mean similarity of the query's words to their best match in
        the name, x (0.8 + 0.2 x the share of the name's words the query covers), so "Blinken"
        ranks the alias "Blinken" above "Blinken Foundation". An entity scores its best name.
        """
        words = list(dict.fromkeys(normalize_name(query).split()))
        if not words:
            return SearchPage(0, [])
        matches = [self._similar_words(word) for word in words]
        if any(not m for m in matches):
            return SearchPage(0, [])
        names: np.ndarray | None = None
        total_similarity: np.ndarray | None = None
        # every word must match: start from the rarest, then keep the names the others match too
        for match in sorted(matches, key=self._postings_size):
            found, similarity = self._best_per_name(match)
            if names is None or total_similarity is None:
                names, total_similarity = found, similarity
            else:
                names, mine, theirs = np.intersect1d(names, found, assume_unique=True, return_indices=True)
                total_similarity = total_similarity[mine] + similarity[theirs]
            if not len(names):
                return SearchPage(0, [])
        assert names is not None and total_similarity is not None
        owners = self._name_owner[names]
        if kind is not None:
            keep = self._owner_kind[owners] == ENTITY_KINDS.index(kind)
            names, owners, total_similarity = names[keep], owners[keep], total_similarity[keep]
        length = self._name_length[names]
        covered = np.minimum(len(words), length) / length
        scores = 100.0 * (total_similarity / len(words)) * (0.8 + 0.2 * covered)
        # an entity's best name: sort by owner, best score first, keep the first of each owner
        by_owner = np.lexsort((-scores, owners))
        owners, names, scores = owners[by_owner], names[by_owner], scores[by_owner]
        first = np.ones(len(owners), dtype=bool)
        first[1:] = owners[1:] != owners[:-1]
        owners, names, scores = owners[first], names[first], scores[first]
        ranked = np.lexsort((self._owner_order[owners], -self._owner_mentions[owners], -np.round(scores, 6)))
        page = ranked[offset : offset + limit]
        hits = [
            Hit(self.ids[owners[i]], round(float(scores[i]), 2), self._name_text[names[i]])
            for i in page.tolist()
        ]
        return SearchPage(len(owners), hits)

    # -- internals -------------------------------------------------------------------------

    def _postings_size(self, match: dict[int, float]) -> int:
        return int(sum(self._post_start[w + 1] - self._post_start[w] for w in match))

    def _best_per_name(self, match: dict[int, float]) -> tuple[np.ndarray, np.ndarray]:
        """(sorted names holding a matched word, the best similarity of a word in each)."""
        parts = [self._post_names[self._post_start[w] : self._post_start[w + 1]] for w in match]
        names = np.concatenate(parts)
        similarity = np.repeat(np.fromiter(match.values(), dtype=np.float64), [len(p) for p in parts])
        order = np.lexsort((-similarity, names))
        names, similarity = names[order], similarity[order]
        first = np.ones(len(names), dtype=bool)
        first[1:] = names[1:] != names[:-1]
        return names[first], similarity[first]

    def _similar_words(self, word: str) -> dict[int, float]:
        """Indexed words that `word` may stand for, each with a similarity in (0, 1]."""
        found: dict[int, float] = {}
        exact = self._word_ids.get(word)
        if exact is not None:
            found[exact] = 1.0
        sorted_words = self._sorted_words
        start = bisect.bisect_left(sorted_words, word)
        for position in range(start, min(start + PREFIX_CAP, len(sorted_words))):
            other = sorted_words[position]
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
        """Words within `typos` edits of `word`: a trigram count filter, then a real distance."""
        grams = set(_trigrams(word))
        # An edit touches at most three trigrams: a word within `typos` edits holds all but at
        # most 3 * typos of this word's distinct trigrams.
        need = max(1, len(grams) - 3 * typos)
        for length in range(len(word) - typos, len(word) + typos + 1):
            parts = [self._gram_words[(g, length)] for g in grams if (g, length) in self._gram_words]
            if not parts:
                continue
            candidates, shared = np.unique(np.concatenate(parts), return_counts=True)
            for word_id in candidates[shared >= need].tolist():
                other = self._words[word_id]
                if other != word:
                    distance = Levenshtein.distance(word, other, score_cutoff=typos)
                    if distance <= typos:
                        yield word_id, distance


def search_entities(g: nx.MultiDiGraph, query: str, *, kind: str | None = None, limit: int = 20) -> list[Hit]:
    """One-off search that builds a throwaway index; servers keep a `NameIndex` per graph version."""
    return NameIndex.build(g).search(query, kind=kind, limit=limit).hits
