"""Countries: ISO 3166-1 from pycountry, names from CLDR (Babel), iso-codes and country_converter.

Records may name a country by alpha-2 or alpha-3 code or by a name, tried in this order:

1. names the curated table refuses (ontology/country-names.csv: ambiguous names such as "Korea",
   states that split such as "Czechoslovakia") raise `AmbiguousCountry` with the candidates;
2. a code in capitals, then exact names: ISO 3166-1 names (pycountry), CLDR names in
   `NAME_LANGUAGES`, the iso-codes translations of the ISO names, and the curated colloquial and
   former names; then a code in other cases, unless it also reads as another country's name;
3. country_converter's regular expressions, which know common English names, exonyms and former
   names ("Turkey", "Ivory Coast", "Burma", "DR Congo", "Swaziland"); a name two of them match is
   ambiguous, and a match on a state without a current ISO code is refused;
4. the name with an official style word dropped ("Cộng hòa Belarus", "Республика Казахстан").
"""

from __future__ import annotations

import csv
import gettext
import importlib.util
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pycountry
from babel import Locale
from rapidfuzz import fuzz, process

from hdkg import PROJECT_ROOT

#: Languages whose CLDR names are stored on Country nodes and accepted in records.
NAME_LANGUAGES = ("en", "vi", "ru", "uk", "az", "uz", "kk", "ky", "be", "fr", "es", "de", "zh", "ar", "tr")

#: Wikidata items for all ISO 3166-1 countries (see ontology/README.md for the source).
WIKIDATA_FILE = PROJECT_ROOT / "ontology" / "country-wikidata.csv"

#: Curated names: colloquial and former names the libraries lack, and names that are refused.
NAMES_FILE = PROJECT_ROOT / "ontology" / "country-names.csv"

#: Kinds of row in NAMES_FILE that refuse a name instead of resolving it.
REFUSED_KINDS = {"ambiguous": "may mean", "dissolved": "is a former state; its successors are"}
NAME_KINDS = {"colloquial", "former", "abbreviation", *REFUSED_KINDS}

# Words that precede a country's short name in official styles ("Republic of Belarus",
# "Cộng hòa Belarus"); stripped only as a fallback when the full name is unknown.
_STYLE_WORDS = ("republic of", "the", "cộng hòa", "nước", "liên bang", "республика")

# Record identifiers ("astrazeneca-kazakhstan") contain country names; they are never names.
_RECORD_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)+")


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
    def __init__(self, text: str, suggestions: list[Country], message: str | None = None):
        self.text = text
        self.suggestions = suggestions
        if message is None:
            hint = "."
            if suggestions:
                hint = ": did you mean " + " or ".join(_named(c) for c in suggestions) + "?"
            message = f"unknown country '{text}'{hint} Use an ISO 3166-1 code or a country name."
        super().__init__(message)


class AmbiguousCountry(UnknownCountry):
    """A name that denotes more than one country, or a state that split into several."""

    def __init__(self, text: str, candidates: list[Country], reason: str = "may mean"):
        choices = " or ".join(_named(c) for c in candidates)
        super().__init__(text, candidates, f"country '{text}' {reason} {choices}; write the one the source means.")


def _named(country: Country) -> str:
    return f"{country.name} ({country.code})"


def _key(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold().strip())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("’", "'")


@dataclass(frozen=True)
class _Pattern:
    """One row of country_converter's table: a regular expression and the ISO code it stands for."""

    regex: re.Pattern[str]
    code: str  # "" when the state has no ISO 3166-1 alpha-2 code
    name: str
    obsolete: bool


class CountryIndex:
    def __init__(self) -> None:
        wikidata = _read_wikidata()
        locales = [Locale.parse(lang) for lang in NAME_LANGUAGES]
        self.by_code: dict[str, Country] = {}
        self._by_alpha: dict[str, str] = {}
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
            self._by_alpha[entry.alpha_2] = self._by_alpha[entry.alpha_3] = entry.alpha_2
            for text in (entry.name, getattr(entry, "common_name", None),
                         getattr(entry, "official_name", None), *names.values()):
                if text:
                    self._by_key.setdefault(_key(text), entry.alpha_2)
        self._refused: dict[str, tuple[str, list[str]]] = {}
        for row in _read_names():
            codes = row["alpha2"].split()
            if row["kind"] in REFUSED_KINDS:
                self._refused[_key(row["name"])] = (REFUSED_KINDS[row["kind"]], codes)
            else:
                self._by_key.setdefault(_key(row["name"]), codes[0])
        for key, code in _translated_names().items():
            self._by_key.setdefault(key, code)
        self._patterns = _read_patterns()

    def resolve(self, text: str) -> Country:
        key = _key(text)
        if key in self._refused:
            reason, codes = self._refused[key]
            raise AmbiguousCountry(text, [self.by_code[c] for c in codes], reason)
        # A code in capitals is a code; otherwise a name that reads the same wins: Vietnamese "Nga" is
        # Russia, not Nigeria's NGA, and "Mỹ" the United States, not MY. In lower case both readings
        # are plausible ("ao": Angola, or "Áo", Austria) and the name is refused.
        code = self._by_alpha.get(text.strip())
        if code is None:
            by_name, by_code = self._by_key.get(key), self._by_alpha.get(text.strip().upper())
            if by_name and by_code and by_name != by_code and text.strip().islower():
                raise AmbiguousCountry(text, [self.by_code[by_code], self.by_code[by_name]])
            code = by_name or by_code
        if code is None:
            code = self._match_pattern(text)
        if code is None:
            for style in (_key(word) + " " for word in _STYLE_WORDS):
                if key.startswith(style) and key[len(style):] in self._by_key:
                    code = self._by_key[key[len(style):]]
                    break
        if code is None:
            raise UnknownCountry(text, self.suggest(text))
        return self.by_code[code]

    def _match_pattern(self, text: str) -> str | None:
        """The one current country whose country_converter expression matches the name, if any."""
        if _RECORD_ID.fullmatch(text.strip()):
            return None
        hits = [p for p in self._patterns if p.regex.search(text)]
        current = sorted({p.code for p in hits if p.code in self.by_code and not p.obsolete})
        others = sorted({p.name for p in hits if p.code not in current})
        if len(current) > 1 or (current and others):
            reason = f"matches {', '.join(others)}, which has no ISO 3166-1 code, and" if others else "may mean"
            raise AmbiguousCountry(text, [self.by_code[c] for c in current], reason)
        if others:
            raise UnknownCountry(text, [], f"country '{text}' is {', '.join(others)}, which has no ISO 3166-1 "
                                           "code; the graph holds ISO 3166-1 countries only.")
        return current[0] if current else None

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


def _read_names() -> list[dict[str, str]]:
    with NAMES_FILE.open(encoding="utf-8") as handle:
        return list(csv.DictReader(line for line in handle if not line.startswith("#")))


def _translated_names() -> dict[str, str]:
    """ISO 3166-1 names and official names as translated by iso-codes (shipped with pycountry).

    A translation that two countries share in one language is left out: it decides nothing.
    """
    found: dict[str, set[str]] = {}
    for lang in NAME_LANGUAGES:
        try:
            catalogue = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
        except OSError:
            continue
        for entry in pycountry.countries:
            for text in (entry.name, getattr(entry, "official_name", None)):
                if text:
                    found.setdefault(_key(catalogue.gettext(text)), set()).add(entry.alpha_2)
    return {key: codes.pop() for key, codes in found.items() if len(codes) == 1}


def _country_converter_table() -> Path:
    """country_converter's table of countries (`country_data.tsv`), found without importing the
    package, whose import brings in pandas at every command's start-up."""
    spec = importlib.util.find_spec("country_converter")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("country_converter is not installed (it is a dependency in pyproject.toml)")
    return Path(next(iter(spec.submodule_search_locations))) / "country_data.tsv"


def _read_patterns() -> list[_Pattern]:
    # country_converter's own loader parses this table with pandas, which in pandas 3 reads
    # Namibia's code "NA" as missing; the table is read here as plain text instead.
    with _country_converter_table().open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    patterns = []
    for row in rows:
        # The ISO2 column is itself a pattern for a few rows ("^GB$|^UK$"): its first branch is the code.
        code = "".join(ch for ch in row["ISO2"].split("|")[0] if ch.isalnum()).upper()
        patterns.append(_Pattern(re.compile(row["regex"], re.IGNORECASE), code, row["name_short"],
                                 bool(row["obsolete"].strip())))
    return patterns


@lru_cache
def countries() -> CountryIndex:
    return CountryIndex()
