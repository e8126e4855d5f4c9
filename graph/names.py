"""Name forms: how one name is folded, split into parts and shortened, for ids and for resolution.

A person's name folds to lowercase ASCII words ("Zelenskiy" and "Zelenskyy" fold alike) and splits
into given names, a surname and a generational suffix ("Jr.", "III"). An organization's name loses
its legal suffix ("Inc.", "Ltd", "Co.": the `cleanco` package's lists) and yields its acronym
("International Business Machines" -> "ibm") and the shorter forms a writer may use for it.
Given-name variants ("Bill" / "William") come from the `nicknames` package.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources

from cleanco.clean import custom_basename, normalize_terms, normalized, strip_punct, strip_tail
from cleanco.termdata import terms_by_type
from nicknames import NickNamer

# transliteration variants of one name: Zelenskiy / Zelenskyy / Zelensky, Yuriy / Yury
# a transliterated ending after a stem of three letters or more ("Zelenskiy", "Dmitrii"); a short name
# that is all ending ("Yi", the generational "II") stays as written
_TRANSLIT_ENDINGS = re.compile(r"(?<=[a-z]{3})(?:iy|yy|yi|ii|ij)$")
_GENERATIONAL = frozenset({"jr", "sr", "ii", "iii", "iv", "v"})
_VOWELS = re.compile(r"[aeiouy]+")
_REPEATS = re.compile(r"(.)\1+")
_WORD = re.compile(r"[a-z0-9]+")
# words an acronym skips ("Bank of England" -> "BE", "Food and Drug Administration" -> "FDA")
_ACRONYM_SKIP = frozenset({"of", "the", "and", "for", "in", "on", "de", "du", "des", "la", "le", "&"})
_MIN_SKELETON = 6  # shorter given names differ by a vowel too often: Dan / Don, Maria / Mario


def fold_name(name: str) -> str:
    """A person's name with accents, dots and transliteration endings folded, for matching and ids."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return " ".join(_TRANSLIT_ENDINGS.sub("y", part) for part in ascii_name.replace(".", "").split())


def surname_key(label: str) -> str | None:
    """The folded last word of a person's name: how "Zelensky" finds "Volodymyr Zelenskiy"."""
    return person_parts(label)[1] or None


@lru_cache(maxsize=65536)
def person_parts(label: str) -> tuple[tuple[str, ...], str, str]:
    """ "W. Mark Felt Jr." -> (("w", "mark"), "felt", "jr"): given names, surname, suffix."""
    words = _WORD.findall(fold_name(label))
    suffix = ""
    if len(words) > 1 and words[-1] in _GENERATIONAL:
        suffix = words.pop()
    if not words:
        return (), "", suffix
    return tuple(words[:-1]), words[-1], suffix


def skeleton(word: str) -> str:
    """A word's consonants, repeats collapsed: "Mohammed" and "Muhammad" are both "mhmd"."""
    return _REPEATS.sub(r"\1", _VOWELS.sub("", word))


@lru_cache(maxsize=1)
def _nicknamer() -> NickNamer:
    return NickNamer()


@lru_cache(maxsize=8192)
def _name_group(given: str) -> frozenset[str]:
    """A given name with its known variants: "bill" -> {"bill", "william", "will", ...}."""
    namer = _nicknamer()
    return frozenset({given} | namer.canonicals_of(given) | namer.nicknames_of(given))


def given_names_match(a: str, b: str) -> bool:
    """One given name, as two writers may spell it: equal, an initial, a nickname, a transliteration."""
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    if b in _name_group(a) or a in _name_group(b):
        return True
    return min(len(a), len(b)) >= _MIN_SKELETON and a[0] == b[0] and skeleton(a) == skeleton(b)


def given_names_compatible(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Two given-name lists of one person: "Mark" fits "W. Mark" (called by the middle name) and
    "George W." fits "George Walker", but "George W." and "George H. W." are two people."""
    if not a or not b:
        return False
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) == 1:
        return given_names_match(short[0], long[0]) or (
            len(long[-1]) > 1 and len(short[0]) > 1 and given_names_match(short[0], long[-1])
        )
    return len(short) == len(long) and all(given_names_match(x, y) for x, y in zip(short, long, strict=True))


# The forms of incorporated companies among cleanco's legal terms; not a sole trader's or a
# professional corporation's ("SP", "PC"), nor terms only some country uses ("FA"), which after a
# name are more often an acronym ("Scottish FA", "Windows PC").
_COMPANY_FORMS = frozenset(
    {
        "Corporation",
        "General Partnership",
        "Joint Stock / Unlimited",
        "Limited",
        "Limited Liability Company",
        "Limited Liability Limited Partnership",
        "Limited Liability Partnership",
        "Limited Partnership",
        "Private Company",
    }
)


@lru_cache(maxsize=1)
def _legal_terms() -> list[tuple[int, list[str]]]:
    """cleanco's terms for company forms, prepared as its `prepare_default_terms` prepares all."""
    terms = {t for kind, found in terms_by_type.items() if kind in _COMPANY_FORMS for t in found}
    parts = sorted((t.split() for t in normalize_terms(terms)), key=lambda p: (-len(p), p))
    return [(len(p), p) for p in parts]


@lru_cache(maxsize=1)
def _legal_suffix_ends() -> frozenset[str]:
    """The last word of every company form ("ltd", "inc", "co", "gmbh", ...)."""
    return frozenset(parts[-1] for _, parts in _legal_terms())


def _strip_legal_suffix(name: str) -> str:
    """The name without its company form (cleanco's basename), asked only when the name ends in
    a word some form ends in: it tries each of its forms in turn, and most names end in none."""
    words = normalized(strip_tail(name)).split()
    if not words or strip_punct(words[-1]) not in _legal_suffix_ends():
        return str(strip_tail(name))
    return str(custom_basename(name, _legal_terms()))


@lru_cache(maxsize=65536)
def has_legal_suffix(label: str) -> bool:
    """ "News Corp", "Tesco plc": a company's full name, never a shorter form of another."""
    return _strip_legal_suffix(label) != strip_tail(label)


def leads_with(label: str, size: int) -> bool:
    """Whether the first `size` words of a name end where one of its space-separated parts ends,
    and are not written in capitals: "Los Angeles" of "Los Angeles Lakers", not "Derby" of
    "Derby-Fulham" (two names joined) or "GMT" of "GMT Carnival"."""
    parts = label.split()
    seen = 0
    for end, part in enumerate(parts, start=1):
        seen += len(plain_words(part))
        if seen == size:
            lead = " ".join(parts[:end])
            return not (lead.isupper() and len(lead) > 1)
        if seen > size:
            return False
    return False


@lru_cache(maxsize=65536)
def org_words(label: str) -> tuple[str, ...]:
    """An organization's name as folded words, without "the" and its legal suffix."""
    text = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    text = re.sub(r"^the\s+", "", text.strip(), flags=re.IGNORECASE)
    cleaned = _strip_legal_suffix(text) or text
    words = _WORD.findall(cleaned.replace(".", "").replace("&", " and ").lower())
    return tuple(words)


def plain_words(label: str) -> tuple[str, ...]:
    """A name's folded words, nothing removed: "Los Angeles" -> ("los", "angeles")."""
    text = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode().lower()
    return tuple(_WORD.findall(text.replace(".", "")))


def acronym(words: tuple[str, ...]) -> str | None:
    """ "International Atomic Energy Agency" -> "iaea"; None for a name of fewer than two words."""
    letters = [w[0] for w in words if w not in _ACRONYM_SKIP]
    return "".join(letters) if len(letters) >= 2 else None


def is_acronym(label: str) -> bool:
    """ "IAEA", "AMD", "U.N.": a name written as capital letters."""
    letters = label.replace(".", "").replace("&", "")
    return 2 <= len(letters) <= 8 and letters.isalpha() and letters.isupper()


@lru_cache(maxsize=1)
def _org_kind_words() -> dict[str, bool]:
    """graph/data/org_kind_words.tsv: each word for a kind of body, and whether writers drop it."""
    text = resources.files("graph.data").joinpath("org_kind_words.tsv").read_text("utf-8")
    rows = [ln.split("\t") for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    return {row[0].strip().lower(): row[1].strip() == "yes" for row in rows[1:]}


@lru_cache(maxsize=1)
def generic_org_words() -> frozenset[str]:
    """Words that say what kind of body a name is ("Group", "Council"), not which one."""
    return frozenset(_org_kind_words())


@lru_cache(maxsize=1)
def dropped_org_words() -> frozenset[str]:
    """Kind words a writer leaves out while still naming the body: "Amnesty" for "Amnesty
    International", "Labour" for "Labour Party"; not "Council" ("Borders" is not "Borders Council")."""
    return frozenset(w for w, dropped in _org_kind_words().items() if dropped)


def org_core(words: tuple[str, ...]) -> tuple[str, ...]:
    """An organization's words without the kind words a writer may drop from its end:
    ("yukos", "oil") -> ("yukos",). Every shorter form of one name has the same core."""
    dropped = dropped_org_words()
    end = len(words)
    while end > 1 and words[end - 1] in dropped:
        end -= 1
    return words[:end]


def org_extends(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    """`longer` is `shorter` with kind words a writer drops added at its end (or the same words):
    "Amnesty International" extends "Amnesty"; "Army Board" does not extend "Army"."""
    size = len(shorter)
    return (
        len(longer) >= size
        and longer[:size] == shorter
        and all(w in dropped_org_words() for w in longer[size:])
    )
