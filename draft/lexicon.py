"""What the matcher looks for, per language: SKOS labels from ontology/, CLDR country names,
and the cue phrases of draft/lexicon.yaml. Everything here is data; nothing is language code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Annotated, get_args

import pycountry
import yaml
from babel import Locale, UnknownLocaleError
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from draft.text import PhraseTable, abbreviations, fold, pattern, surface_pattern
from loaders.countries import countries
from loaders.vocab import vocabularies

LEXICON_FILE = Path(__file__).with_name("lexicon.yaml")

#: Languages the draft is built and tested for; lingua detects among these.
LANGUAGES = ("en", "ru", "uk", "be", "vi", "es", "fr")


class LexiconError(ValueError):
    """The lexicon file is malformed: the message names the file, the key and what is valid."""


class _Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class NameWords(_Rule):
    """Words of one language inside the names of bodies (`name_words`)."""

    connectors: tuple[str, ...] = ()
    not_before_country: tuple[str, ...] = ()
    continues: tuple[str, ...] = ()
    articles: tuple[str, ...] = ()
    stop: tuple[str, ...] = ()


class CapitalisedField(_Rule):
    """How a language writes a minister's field in capitals around the title (`capitalised_field`)."""

    conjunction: str = Field(min_length=1)
    of: str = Field(min_length=1)
    health: tuple[str, ...] = Field(min_length=1)


class LabelStems(_Rule):
    """How a language's scheme labels match their declined forms (`label_stems`)."""

    shortest: int = Field(ge=2)
    stem: int = Field(ge=1)
    endings: tuple[str, ...] = Field(min_length=1)
    alike: tuple[tuple[str, str], ...] = ()


class PluralHeads(_Rule):
    """How a language writes an instrument's word in the plural (`plural_heads`)."""

    ending: str | None = None
    words: tuple[str, ...] = ()


class NameStems(_Rule):
    """How a language's one-word country names match their declined forms (`country_stems`)."""

    shortest: int = Field(ge=2)
    endings: tuple[str, ...] = Field(min_length=1)


class _Rules(BaseModel):
    """The lexicon's settings by language; the phrase lists beside them are read as they are."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    name_words: dict[str, NameWords] = {}
    field_prepositions: dict[str, tuple[str, ...]] = {}
    capitalised_field: dict[str, CapitalisedField] = {}
    label_stems: dict[str, LabelStems] = {}
    country_stems: dict[str, NameStems] = {}
    plural_heads: dict[str, PluralHeads] = {}
    title_ends: dict[str, tuple[str, ...]] = {}
    title_modifiers: dict[str, tuple[str, ...]] = {}
    postposed_adjectives: dict[str, bool] = {}
    home_country: dict[str, Annotated[str, Field(pattern=r"^[A-Z]{2}$")]] = {}
    abbreviations: dict[str, tuple[str, ...]] = {}


def read_lexicon(path: Path) -> dict:
    """The lexicon file as data, its settings checked: a malformed one is refused by key."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise LexiconError(f"{path}: not YAML: {error}") from None
    if not isinstance(data, dict):
        raise LexiconError(f"{path}: a mapping of keys (instrument_type, status, ...) is expected")
    _settings(data, path)
    _national_bodies(data, path)
    return data


#: What each entry of `national_bodies` states beside its phrases by language.
NATIONAL_FIELDS = ("country", "kind", "english", "slug")


def _national_bodies(data: dict, path: Path) -> dict[tuple[str, tuple[str, ...]], "OrgCue"]:
    """The cues of `national_bodies` by (language, phrase pattern), checked: each entry names its
    country (ISO 3166-1), kind, English name and slug, and phrases only in the draft's languages;
    one phrase shared by bodies of several countries must name them alike (same kind, English
    name and slug), so the phrase alone says what the body is, the report says whose."""
    entries = data.get("national_bodies") or []
    if not isinstance(entries, list):
        raise LexiconError(f"{path}: national_bodies: a list of bodies is expected")
    codes = {c.alpha_2 for c in pycountry.countries}
    found: dict[tuple[str, tuple[str, ...]], OrgCue] = {}
    for k, entry in enumerate(entries):
        where = f"national_bodies[{k}]"
        missing = [name for name in NATIONAL_FIELDS if not isinstance(entry, dict) or not entry.get(name)]
        if missing:
            raise LexiconError(f"{path}: {where}: {', '.join(missing)} missing; each body states "
                               f"{', '.join(NATIONAL_FIELDS)}")
        if entry["country"] not in codes:
            raise LexiconError(f"{path}: {where}.country: {entry['country']!r} is no ISO 3166-1 code")
        unknown = sorted(set(entry) - set(NATIONAL_FIELDS) - {"health_ministry"} - set(LANGUAGES))
        if unknown:
            raise LexiconError(f"{path}: {where}.{unknown[0]}: not a language of the draft nor a field; "
                               f"valid: {', '.join(NATIONAL_FIELDS + ('health_ministry',) + LANGUAGES)}")
        for lang in LANGUAGES:
            for phrase in entry.get(lang) or []:
                key = (lang, pattern(str(phrase), lang))
                known = found.get(key)
                cue = OrgCue(entry["kind"], entry["english"], entry["slug"],
                             national=tuple(sorted({entry["country"], *(known.national if known else ())})))
                if known and (known.kind, known.english, known.slug) != (cue.kind, cue.english, cue.slug):
                    raise LexiconError(f"{path}: {where}.{lang}: '{phrase}' names another body of another "
                                       f"country ({known.english}, {', '.join(known.national)}) otherwise")
                found[key] = cue
    return found


@lru_cache
def health_ministries() -> dict[str, dict]:
    """Each country's ministry of health where it has a name of its own (`national_bodies` with
    `health_ministry: true`): what a report calls "the Ministry of Health" of that country."""
    return {entry["country"]: entry for entry in lexicon().get("national_bodies") or [] if entry.get("health_ministry")}


def _settings(data: dict, path: Path) -> _Rules:
    try:
        settings = _Rules.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        key = ".".join(str(part) for part in first["loc"])
        hint = ""
        if first["type"] == "extra_forbidden" and len(first["loc"]) == 3:
            # a misspelt setting: the valid ones of its kind
            model = get_args(_Rules.model_fields[str(first["loc"][0])].annotation)[1]
            hint = f"; valid: {', '.join(model.model_fields)}"
        raise LexiconError(f"{path}: {key}: {first['msg']} (got {first['input']!r}){hint}") from None
    for name in _Rules.model_fields:
        unknown = sorted(set(getattr(settings, name)) - set(LANGUAGES))
        if unknown:
            raise LexiconError(f"{path}: {name}.{unknown[0]}: not a language of the draft; "
                               f"valid: {', '.join(LANGUAGES)}")
    return settings


@lru_cache
def lexicon() -> dict:
    return read_lexicon(LEXICON_FILE)


@lru_cache
def rules() -> _Rules:
    """The lexicon's settings by language, typed."""
    return _settings(lexicon(), LEXICON_FILE)


@dataclass(frozen=True)
class OrgCue:
    kind: str
    english: str | None  # the English name when the phrase alone names it ("Ministry of Health")
    slug: str | None
    proper: bool = False  # a name only when written in capitals before a capitalised word
    #: The countries whose body the phrase names (`national_bodies`): its country when the report
    #: names no other with it.
    national: tuple[str, ...] = ()
    #: The generic ministry of health ("Ministry of Health"), which is named in some countries
    #: otherwise (`national_bodies` with `health_ministry`).
    health_ministry: bool = False


@dataclass(frozen=True)
class CountryCue:
    code: str
    proper: bool  # a name (capitalised in running text), not an adjective


@dataclass
class Tables:
    lang: str
    types: PhraseTable[str] = field(default_factory=PhraseTable)
    statuses: PhraseTable[str] = field(default_factory=PhraseTable)
    domains: PhraseTable[str] = field(default_factory=PhraseTable)
    countries: PhraseTable[CountryCue] = field(default_factory=PhraseTable)
    organizations: PhraseTable[OrgCue] = field(default_factory=PhraseTable)
    roles: PhraseTable[str] = field(default_factory=PhraseTable)
    events: PhraseTable[str] = field(default_factory=PhraseTable)
    engagements: PhraseTable[str] = field(default_factory=PhraseTable)
    modes: PhraseTable[str] = field(default_factory=PhraseTable)
    words: dict[str, PhraseTable[str]] = field(default_factory=dict)  # future, negation, renewal, ...
    #: Forms of a signing cue that name the act (a noun, an infinitive: "the signing", "to sign",
    #: "подписание", "подписать"), not that it happened: matched on the words as written.
    signing_acts: PhraseTable[str] = field(default_factory=PhraseTable)
    #: What ends with a dot but not a sentence, in any language's words (a report quotes titles
    #: in others: "Mr." in a Vietnamese one).
    abbreviated: re.Pattern = field(default_factory=lambda: abbreviations(()))
    #: The field of a ministry said after a minister's title ("of health", "de la santé"), and
    #: said before it ("health" in "Health Minister"), from the ministry cues.
    minister_fields: PhraseTable[OrgCue] = field(default_factory=PhraseTable)
    minister_fields_before: dict[tuple[str, ...], OrgCue] = field(default_factory=dict)
    ministry_word: str | None = None  # "Ministère": how a name of a ministry begins
    #: Words inside names of bodies, of every language's `name_words`: reports quote names in
    #: other languages than their own (an English name in a Vietnamese report).
    connectors: frozenset[str] = frozenset()  # join a name's words ("of the", "de la")
    before_country: frozenset[str] = frozenset()  # between a minister's field and a country after it
    articles: frozenset[str] = frozenset()  # begin a sentence, not a name ("La Secretaría ...")
    name_stop: frozenset[str] = frozenset()  # never the first or last word of a name
    continues: frozenset[str] = frozenset()  # go on with a name before a capital ("of", "de")
    continues_before: frozenset[str] = frozenset()  # those that also go on before another ("the", "la")
    #: Prepositions before the field of a body named after its country ("... КНР по здравоохранению").
    field_prepositions: frozenset[str] = frozenset()
    #: Whether and how the language writes a minister's field in capitals ("Health and Child Care Minister").
    capitalised_field: CapitalisedField | None = None
    plural_heads: PluralHeads = PluralHeads()  # "agreements", "memoranda": one instrument per pair of sides
    title_ends: frozenset[str] = frozenset()  # end the words after an instrument's kind taken as its title
    title_modifiers: frozenset[str] = frozenset()  # before a minister's title, no part of the field ("deputy")
    postposed_adjectives: bool = False  # a country's adjective follows the body's word ("le gouvernement tunisien")
    #: Words before an instrument's word that refer back to one named ("the", "this", "ce", "этот").
    determiners: frozenset[str] = frozenset()
    #: How an anaphora about several instruments ends ("the documents", "документы"): no fact for one.
    anaphora_all: tuple[str, ...] = ()
    #: Instrument words that do not say the kind ("memorandum"): the kind drafted is marked for review.
    bare_kinds: frozenset[str] = frozenset()
    #: Words that may stand between a title and a name ("Minister of Health", "Міністр охорони здоров'я").
    title_gap: frozenset[str] = frozenset()


def _minister_fields(t: Tables, lex: dict, lang: str) -> None:
    words = [str(w) for w in (lex.get("ministry_word") or {}).get(lang, [])]
    if not words:
        return
    t.ministry_word = words[0]
    heads = [pattern(w, lang)[0] for w in words]

    def is_head(token: str) -> bool:
        return any(token == h or (h.endswith("*") and token.startswith(h[:-1])) for h in heads)

    for org in lex["organization"]:
        if org["kind"] != "ministry" or not org.get("english"):
            continue
        cue = OrgCue(org["kind"], org["english"], org.get("slug"), health_ministry=bool(org.get("health_ministry")))
        for phrase in org.get(lang, []):
            pat = pattern(phrase, lang)
            if len(pat) > 1 and is_head(pat[0]):
                t.minister_fields.add(phrase.split(None, 1)[1], lang, cue)
            elif len(pat) > 1 and is_head(pat[-1]):
                t.minister_fields_before[pat[:-1]] = cue


def _name_words(t: Tables, settings: _Rules, lang: str) -> None:
    def every(kind: str) -> frozenset[str]:
        return frozenset(fold(w, lang) for words in settings.name_words.values() for w in getattr(words, kind))

    t.connectors = every("connectors")
    t.before_country = t.connectors - every("not_before_country")
    t.articles = every("articles")
    t.name_stop = every("stop")
    t.continues = every("continues")
    t.continues_before = t.continues & t.articles
    t.field_prepositions = frozenset(fold(w, lang) for w in settings.field_prepositions.get(lang, ()))
    t.capitalised_field = settings.capitalised_field.get(lang)
    t.plural_heads = settings.plural_heads.get(lang, PluralHeads())
    t.title_ends = frozenset(fold(w, lang) for w in settings.title_ends.get(lang, ()))
    t.title_modifiers = frozenset(fold(w, lang) for w in settings.title_modifiers.get(lang, ()))
    t.postposed_adjectives = settings.postposed_adjectives.get(lang, False)
    lex = lexicon()
    t.determiners = frozenset(fold(str(w), lang) for w in (lex.get("determiners") or {}).get(lang, []))
    t.anaphora_all = tuple(fold(str(w), lang) for w in (lex.get("anaphora_all") or {}).get(lang, []))
    t.bare_kinds = frozenset(fold(str(w), lang) for w in (lex.get("bare_kinds") or {}).get(lang, []))
    t.title_gap = frozenset(fold(str(w), lang) for w in (lex.get("title_gap") or {}).get(lang, []))
    t.abbreviated = abbreviations([w for words in settings.abbreviations.values() for w in words])


def _by_language(table: PhraseTable, entries: dict, lang: str) -> None:
    for value, phrases in entries.items():
        for phrase in (phrases or {}).get(lang, []):
            table.add(str(phrase), lang, value)


def _skos(table: PhraseTable, scheme, lang: str, plurals: dict | None = None,
          stems: LabelStems | None = None) -> None:
    for concept in scheme.concepts.values():
        labels = [label for label_lang, label in concept.labels.items() if label_lang == lang]
        labels += [label for label_lang, label in concept.alt_labels if label_lang == lang]
        for label in labels:
            if stems:
                for form in _stemmed(pattern(label, lang), stems):
                    table.add_pattern(form, concept.id, label)
                continue
            table.add(label, lang, concept.id)
            if plurals:
                for form in _plural_forms(label, plurals):
                    table.add(form, lang, concept.id)


def _stemmed(pat: tuple[str, ...], rule: LabelStems) -> list[tuple[str, ...]]:
    """A label's tokens as stems that match the words in any case and number, by the language's
    rule of `label_stems` (lexicon.yaml): a word of `shortest` letters or more loses the longest
    of `endings` that leaves at least `stem` letters, and matches any ending; a word of a pair
    of `alike` is either of the pair."""
    endings = sorted(rule.endings, key=len, reverse=True)
    alike = {a: b for pair in rule.alike for a, b in (pair, pair[::-1])}
    forms: list[tuple[str, ...]] = [()]
    for token in pat:
        if len(token) < rule.shortest or not token[0].isalpha() or token.endswith("*"):
            options = [token] + ([alike[token]] if token in alike else [])
        else:
            cut = next((e for e in endings if token.endswith(e) and len(token) - len(e) >= rule.stem), "")
            options = [token[:len(token) - len(cut)] + "*"]
        forms = [form + (option,) for form in forms for option in options]
    return forms


_VOWELS = set("aeiouyáéíóúàèìòùâêîôûäëïöü")


def _plural_forms(label: str, rule: dict) -> list[str]:
    """The label with its head word(s) in the plural, and, for a label of several words, in the
    singular when it is written in the plural, by the language's rule of `label_plurals`
    (lexicon.yaml)."""
    words = label.split()
    keep = {str(w) for w in rule.get("keep", [])}
    where = range(len(words)) if rule.get("words") == "all" else [len(words) - 1]
    plural, singular = list(words), list(words)
    for k in where:
        word = words[k]
        if word.casefold() in keep or len(word) < 4 or not word.isalpha():
            continue
        ending = rule["vowel"] if word[-1].casefold() in _VOWELS else rule["consonant"]
        if word.endswith("s"):
            if len(words) == 1:
                continue  # "generics", "pharmaceuticals": the singular alone is an adjective
            for end in sorted({rule["vowel"], rule["consonant"]}, key=len, reverse=True):
                if word.endswith(end) and len(word) - len(end) >= 3:
                    singular[k] = word[:-len(end)]
                    break
        else:
            plural[k] = word + ending
    return [" ".join(form) for form in (plural, singular) if form != words]


def country_names(lang: str) -> dict[str, set[str]]:
    """CLDR (Babel) names of every ISO 3166-1 country in `lang` and English, and ISO names."""
    codes = {c.alpha_2 for c in pycountry.countries}
    names: dict[str, set[str]] = {code: set() for code in codes}
    for locale_name in dict.fromkeys((lang, "en")):
        try:
            territories = Locale.parse(locale_name).territories
        except (UnknownLocaleError, ValueError):
            continue
        for code in codes:
            if territories.get(code):
                names[code].add(territories[code])
    for entry in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            if getattr(entry, attr, None):
                names[entry.alpha_2].add(getattr(entry, attr))
    return names


def _name_stem(name: str, lang: str, rule: NameStems | None) -> str:
    """A one-word country name as the stem that matches its declined forms, in a language the
    matcher has no lemmas for (`country_stems`); any other name as it is."""
    word = fold(name, lang)
    if rule is None or " " in word or len(word) < rule.shortest:
        return name
    return (word[:-1] if word[-1] in rule.endings else word) + "*"


@lru_cache(maxsize=16)
def tables(lang: str) -> Tables:
    lex = lexicon()
    vocab = vocabularies()
    t = Tables(lang)
    _skos(t.types, vocab.scheme("instrument-type"), lang)
    _by_language(t.types, lex["instrument_type"], lang)
    _skos(t.statuses, vocab.scheme("instrument-status"), lang)
    _by_language(t.statuses, lex["status"], lang)
    settings = rules()
    _skos(t.domains, vocab.domains, lang, (lex.get("label_plurals") or {}).get(lang), settings.label_stems.get(lang))
    _by_language(t.domains, lex["domain"], lang)
    _skos(t.roles, vocab.scheme("role-type"), lang)
    _by_language(t.roles, lex["role"], lang)
    _skos(t.events, vocab.scheme("event-kind"), lang)
    _by_language(t.events, lex["event_kind"], lang)
    _by_language(t.engagements, lex["engagement"], lang)
    _by_language(t.modes, lex["mode"], lang)
    _minister_fields(t, lex, lang)
    _name_words(t, settings, lang)
    # A country's own body first: on a phrase of the same length it wins over a generic one.
    for (phrase_lang, pat), cue in _national_bodies(lex, LEXICON_FILE).items():
        if phrase_lang == lang:
            t.organizations.add_pattern(pat, cue, " ".join(pat))
    for org in lex["organization"]:
        cue = OrgCue(org["kind"], org.get("english"), org.get("slug"), bool(org.get("proper")),
                     health_ministry=bool(org.get("health_ministry")))
        for phrase in org.get(lang, []):
            t.organizations.add(phrase, lang, cue)
    common = {fold(w, lang) for w in (lex.get("not_country") or {}).get(lang, [])}
    for code, names in country_names(lang).items():
        for name in names:
            if fold(name, lang) in common:
                continue
            t.countries.add(_name_stem(name, lang, settings.country_stems.get(lang)), lang, CountryCue(code, True))
    for code, aliases in (lex.get("country_aliases") or {}).items():
        for phrase in aliases.get(lang, []) + (aliases.get("en", []) if lang != "en" else []):
            t.countries.add(phrase, lang, CountryCue(code, True))
    for code, forms in lex["country_forms"].items():
        for phrase in forms.get(lang, []) + (forms.get("en", []) if lang != "en" else []):
            t.countries.add(phrase, lang, CountryCue(code, False))
    for key in ("future", "negation", "renewal", "reference", "between", "conjunction", "honorific",
                "anaphora", "presence", "place", "occasion", "term", "company", "company_form", "both_sides", "speech", "relative_day",
                "denial"):
        table: PhraseTable[str] = PhraseTable()
        for phrase in lex[key].get(lang, []):
            table.add(str(phrase), lang, key)
        t.words[key] = table
    for phrase in (lex.get("signing_act") or {}).get(lang, []):
        t.signing_acts.add_pattern(surface_pattern(str(phrase), lang), "signing_act", str(phrase))
    return t


def english_country_name(code: str) -> str:
    return countries().by_code[code].name
