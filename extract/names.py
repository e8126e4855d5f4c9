"""Name forms: the text of a mention -> the name it gives, and the key that names one thing.

A person's name loses courtesy titles and office titles ("Coroner Gary Hargrove" -> "Gary
Hargrove"), a possessive and the debris of scraped speaker lines; its key also loses a generational
suffix ("Martin Luther King Jr." and "Martin Luther King" share one id). An organization's key loses
its legal form ("Advanced Micro Devices Inc." = "Advanced Micro Devices", through cleanco). Keys
are folded to ASCII (anyascii), so a name in any script has a readable, stable id.

Whether a word is a given name or a surname comes from the US Census name frequencies (first names
of men and women, surnames) that the `names` package ships.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from importlib import resources

from anyascii import anyascii
from cleanco import basename
from nameparser.config import CONSTANTS

from extract.data import rows, words
from graph.names import fold_name

__all__ = [
    "bare_given_name",
    "common_surname",
    "generational_suffixes",
    "given_name",
    "given_name_first",
    "honorifics",
    "is_particle",
    "normalize_name",
    "organization_key",
    "organization_name",
    "person_key",
    "person_name",
    "person_shaped",
    "title_words",
    "to_ascii",
]

_POSSESSIVE = re.compile(r"(?:'s|\u2019s|'|\u2019)$")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_GLUED = re.compile(r"(?<=[a-z])(?=[A-Z][a-z])")  # "EmmanuelPresident": two words a scraper joined
_PARTICLES = frozenset({"ten", "ben", "bint", "y", "e", "o", "ap", "mac"})  # beside nameparser's
_GROUP_WORDS = frozenset({"group", "holdings", "holding"})
_GIVEN_MIN = 0.005  # percent of people with this first name: about the 2,500 most common
_BARE_MIN = 0.01  # rarer first names may be how one person is known ("Madonna", "Kylie")
_BARE_RATIO = 15  # how many times more often a first name than a surname a bare given name is
_SURNAME_MIN = 0.005  # percent of people with this surname: about the 10,000 most common
_EDGE_PUNCT = " .,;:-\u2013\u2014\"'\u201c\u201d\u2018\u2019()[]"


def to_ascii(text: str) -> str:
    """Any script in Latin letters ("Иван" -> "Ivan"); what ids and keys are made of."""
    return anyascii(text)


def normalize_name(text: str) -> str:
    """A mention's text as a name: one space between words, no possessive, no leading "the"."""
    text = " ".join(text.split())
    text = _POSSESSIVE.sub("", text)
    return _LEADING_THE.sub("", text).strip(_EDGE_PUNCT)


@cache
def honorifics() -> dict[str, str]:
    """Courtesy titles and abbreviations (lowercase, no dot) -> the title they stand for, or ""."""
    return {row[0]: row[1] if len(row) > 1 else "" for row in rows("honorifics.tsv")}


@cache
def styles() -> frozenset[str]:
    """Titles of nobility or office that, with one name after them, are how a person is known."""
    return frozenset(word for word, stands_for in honorifics().items() if stands_for == "style")


@cache
def title_words() -> frozenset[str]:
    """Every word of every title and honorific, lowercased: what never starts a person's name."""
    titles = {w for row in rows("titles.tsv") for w in re.split(r"[\s\-]+", row[0])}
    return frozenset(titles | set(honorifics()) | words("title_modifiers.txt"))


@cache
def generational_suffixes() -> frozenset[str]:
    """ "jr", "sr", "ii", "iii", ... (nameparser's list, without the dot)."""
    return frozenset(s for s in CONSTANTS.suffix_not_acronyms if s.isalpha() and s not in ("esquire", "esq"))


@cache
def _census(*filenames: str) -> dict[str, float]:
    """Name -> percent of the population (US Census 1990) from the `names` package's tables."""
    out: dict[str, float] = {}
    for filename in filenames:
        for line in resources.files("names").joinpath(filename).read_text("ascii").splitlines():
            parts = line.split()
            if len(parts) > 1:
                out[parts[0]] = out.get(parts[0], 0.0) + float(parts[1])
    return out


def given_name(word: str) -> bool:
    """A common first name that is far more often a first name than a surname: "Sheila", "Carolina",
    "Robert"; not "Morgan", "Martin", "Newton"."""
    key = word.upper()
    first = _census("dist.male.first", "dist.female.first").get(key, 0.0)
    return first >= _GIVEN_MIN and first > 2 * _census("dist.all.last").get(key, 0.0)


def bare_given_name(word: str) -> bool:
    """A word that alone is a first name, hardly ever a surname: "Sheila", "Brian", "Troy"; not
    "Terry", "Henry", "Douglas", which name people by their surname as often."""
    key = word.upper()
    first = _census("dist.male.first", "dist.female.first").get(key, 0.0)
    return first >= _BARE_MIN and first >= _BARE_RATIO * _census("dist.all.last").get(key, 0.0)


def common_surname(word: str) -> bool:
    """A word that is also a common surname: "Church", "Lane", "Park", "Martin"."""
    return _census("dist.all.last").get(word.upper(), 0.0) >= _SURNAME_MIN


_INITIAL = re.compile(r"^[A-Z]\.?$")


def person_shaped(name: str) -> bool:
    """A given name or initials before a surname: "Arjen Robben", "Carolina Kluft", "S Jones",
    "J. Allard"; not "Morgan Stanley", "BT Openzone", "Goldman Sachs"."""
    parts = name.split()
    if not 2 <= len(parts) <= 4 or not _surname_like(parts[-1]):
        return False
    if all(_INITIAL.match(p) for p in parts[:-1]):
        return True
    inner = all(_surname_like(p) or _INITIAL.match(p) or is_particle(p) for p in parts[1:-1])
    return inner and given_name(parts[0]) and parts[0][:1].isupper() and parts[0][1:].islower()


def given_name_first(name: str) -> bool:
    """ "Arjen Robben" but not "S Jones": the name starts with a given name, not initials."""
    return person_shaped(name) and not _INITIAL.match(name.split()[0])


def _surname_like(word: str) -> bool:
    """Capitalized letters with lowercase among them ("Robben", "Lewis-Francis", "O'Brien")."""
    letters = all(c.isalpha() or c in "-'\u2019" for c in word)
    return word[:1].isupper() and any(c.islower() for c in word) and letters


def is_particle(word: str) -> bool:
    """A lowercase word inside a name: "von", "der", "bin", "al-", "ten" (nameparser's list and ours)."""
    return word.islower() and (
        word in CONSTANTS.prefixes or word.rstrip("-") + "-" in CONSTANTS.prefixes or word in _PARTICLES
    )


def _is_title_word(word: str) -> bool:
    return word.casefold().rstrip(".") in title_words()


def person_name(text: str) -> str:
    """A person's name from a mention: leading titles off, scraped repeats and glued titles cut.

    "Prof Joni Lovenduski" -> "Joni Lovenduski"; "Emmanuel Macron Macron EmmanuelPresident" ->
    "Emmanuel Macron"; a style before a single name stays ("Lord Walker", "Pope Francis").
    """
    words_ = normalize_name(text).split()
    while len(words_) > 1 and _is_title_word(words_[0]):
        if len(words_) == 2 and words_[0].casefold().rstrip(".") in styles():
            break
        words_ = words_[1:]
    for i, word in enumerate(words_):
        parts = _GLUED.split(word)
        if len(parts) > 1 and parts[1].casefold() in title_words():
            words_ = [*words_[:i], parts[0]]
            break
    half = len(words_) // 2
    if len(words_) >= 4 and len(words_) % 2 == 0 and words_[half:] in (words_[:half], words_[:half][::-1]):
        words_ = words_[:half]
    if "of" in words_[1:-1]:  # a peer's territorial designation: "Walker of Gestingthorpe"
        words_ = words_[: words_.index("of")]
    return " ".join(words_).strip(_EDGE_PUNCT)


def without_suffix(name: str) -> str:
    """A person's name without a generational suffix: "Martin Luther King Jr." -> "Martin Luther King"."""
    words_ = name.replace(",", " ").split()
    while len(words_) > 2 and words_[-1].casefold().rstrip(".") in generational_suffixes():
        words_ = words_[:-1]
    return " ".join(words_) if len(words_) < len(name.split()) else name


@lru_cache(maxsize=65536)
def person_key(name: str, *, keep_suffix: bool = False) -> str:
    """What makes two person names one: folded, transliterated, without a generational suffix
    (unless `keep_suffix`: a father and son named in one text)."""
    return fold_name(to_ascii(name if keep_suffix else without_suffix(name)))


@lru_cache(maxsize=65536)
def organization_name(text: str) -> str:
    """An organization's name without its legal form: "Advanced Micro Devices Inc." ->
    "Advanced Micro Devices"; a name that is only a legal form stays as it is."""
    name = normalize_name(text)
    if len(name.split()) < 2:
        return name
    base = basename(name).strip(_EDGE_PUNCT)
    return base if base and len(base) >= 2 and base[0].isalnum() else name


@lru_cache(maxsize=65536)
def organization_key(name: str) -> str:
    """What makes two organization names one: no legal form, dots, "the", case or accents, nor a
    closing "Group" or "Holdings" ("World Bank Group" = "World Bank")."""
    text = organization_name(name).replace("&", " and ").replace(".", "")
    parts = _LEADING_THE.sub("", to_ascii(unicodedata.normalize("NFKC", text))).casefold().split()
    while len(parts) > 1 and parts[-1] in _GROUP_WORDS:
        parts = parts[:-1]
    return " ".join(parts)
