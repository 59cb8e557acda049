"""Countries: ISO 3166-1 from pycountry, names in many languages from CLDR (Babel).

Records may name a country by alpha-2 or alpha-3 code or by its name in any language these
libraries know ("Belarus", "Беларусь", "Cộng hòa Belarus" after the prefix is dropped...).
"""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import pycountry
from babel import Locale
from rapidfuzz import fuzz, process

from hdkg import PROJECT_ROOT

#: Languages whose CLDR names are stored on Country nodes and accepted in records.
NAME_LANGUAGES = ("en", "vi", "ru", "uk", "az", "uz", "kk", "ky", "be", "fr", "es", "de", "zh", "ar", "tr")

#: Wikidata items for countries, curated by hand where the identifier is certain.
WIKIDATA_FILE = PROJECT_ROOT / "ontology" / "country-wikidata.csv"

# Words that precede a country's short name in official styles ("Republic of Belarus",
# "Cộng hòa Belarus"); stripped only as a fallback when the full name is unknown.
_STYLE_WORDS = ("republic of", "the", "cộng hòa", "nước", "республика")

# Common English usages that neither ISO nor CLDR lists as a name.
_USAGE_NAMES = {"UK": "GB", "Great Britain": "GB", "Britain": "GB", "Holy See": "VA", "USA": "US"}


@dataclass(frozen=True)
class Country:
    code: str
    alpha3: str
    numeric: str
    name: str
    official_name: str | None
    names: dict[str, str] = field(hash=False, compare=False)
    wikidata: str | None = None


class UnknownCountry(ValueError):
    def __init__(self, text: str, suggestions: list[Country]):
        self.text = text
        self.suggestions = suggestions
        hint = ""
        if suggestions:
            hint = ": did you mean " + " or ".join(f"{c.name} ({c.code})" for c in suggestions) + "?"
        super().__init__(f"unknown country '{text}'{hint} Use an ISO 3166-1 code or a country name.")


def _key(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold().strip())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("’", "'")


class CountryIndex:
    def __init__(self) -> None:
        wikidata = _read_wikidata()
        locales = [Locale.parse(lang) for lang in NAME_LANGUAGES]
        self.by_code: dict[str, Country] = {}
        self._by_key: dict[str, str] = {}
        for entry in pycountry.countries:
            names = {}
            for locale in locales:
                local_name = locale.territories.get(entry.alpha_2)
                if local_name:
                    names[str(locale)] = local_name
            country = Country(
                code=entry.alpha_2,
                alpha3=entry.alpha_3,
                numeric=entry.numeric,
                name=names.get("en", entry.name),
                official_name=getattr(entry, "official_name", None),
                names=names,
                wikidata=wikidata.get(entry.alpha_2),
            )
            self.by_code[entry.alpha_2] = country
            for text in (entry.alpha_2, entry.alpha_3, entry.name, getattr(entry, "common_name", None),
                         getattr(entry, "official_name", None), *names.values()):
                if text:
                    self._by_key.setdefault(_key(text), entry.alpha_2)
        for usage, code in _USAGE_NAMES.items():
            self._by_key.setdefault(_key(usage), code)

    def resolve(self, text: str) -> Country:
        key = _key(text)
        code = self._by_key.get(key)
        if code is None:
            for style in (_key(word) + " " for word in _STYLE_WORDS):
                if key.startswith(style) and key[len(style):] in self._by_key:
                    code = self._by_key[key[len(style):]]
                    break
        if code is None:
            raise UnknownCountry(text, self.suggest(text))
        return self.by_code[code]

    def suggest(self, text: str, limit: int = 2) -> list[Country]:
        matches = [match for match, _, _ in process.extract(_key(text), self._by_key.keys(), scorer=fuzz.ratio,
                                                            limit=limit * 3, score_cutoff=60)]
        seen: list[Country] = []
        for match in matches:
            country = self.by_code[self._by_key[match]]
            if country not in seen:
                seen.append(country)
        return seen[:limit]

    def __iter__(self):
        return iter(self.by_code.values())


def _read_wikidata() -> dict[str, str]:
    if not WIKIDATA_FILE.exists():
        return {}
    with WIKIDATA_FILE.open(encoding="utf-8") as handle:
        return {row["alpha2"]: row["wikidata"] for row in csv.DictReader(handle)}


@lru_cache
def countries() -> CountryIndex:
    return CountryIndex()
