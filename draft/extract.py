"""From a report's sentences to draft facts: instruments, parties, people, events, engagements.

Rules are deliberately plain and each fact records which one fired. A fact the rules are unsure
of is kept but marked for review; one they cannot support is left out and named in `unknown`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

from anyascii import anyascii
from slugify import slugify

from draft.dates import FoundDate, parse_date
from draft.lexicon import (
    CapitalisedField, CountryCue, OrgCue, Tables, english_country_name, health_ministries, lexicon, rules, tables,
)
from draft.model import (
    Draft, DraftEngagement, DraftEvent, DraftInstrument, DraftOrganization, DraftParty, DraftPerson, Fact,
)
from draft.source import Article
from draft.text import Match, Token, fold, nominative, sentences, surface, tokens
from loaders.vocab import vocabularies

#: Order in which one sentence's status cues win: a later stage outranks an earlier one.
STATUS_RANK = ("discussed", "proposed", "approved-for-signing", "adopted", "signed", "in-force")
#: Internal status -> the instrument status the record states.
STATUS_TERM = {"discussed": "under-negotiation"}
TYPE_ABBREVIATION = {
    "memorandum-of-understanding": "mou", "memorandum-of-cooperation": "moc", "memorandum-of-intent": "moi",
    "statement-of-intent": "soi", "plan-of-cooperation": "plan", "programme-of-cooperation": "programme",
    "joint-communique": "communique",
}
# Engagement cues in the order they win within one sentence.
ENGAGEMENT_RANK = ("opposed", "decision", "planned-activity", "ongoing-work", "discussion")
ENGAGEMENT_KIND = {"opposed": ("proposal", "opposed"), "decision": ("decision", "agreed"),
                   "planned-activity": ("planned-activity", "planned"), "ongoing-work": ("ongoing-work", "ongoing"),
                   "discussion": ("discussion", "discussed")}
#: How many capitalised words after "of" or "and" in a minister's title name the field.
FIELD_WORDS = 2
#: Roles whose title names the holder's ministry ("Minister of Health of X").
MINISTER_ROLES = frozenset(lexicon()["minister_roles"])
#: Organization kinds that stand for no country: never given one from the pairing.
INTERNATIONAL_KINDS = frozenset({"international-organization"})
#: A company, or its office in a country, signs as itself: its home (or host) country is no party.
COMPANY_KINDS = frozenset({"company", "company-office"})
#: Bodies that are parties as themselves (hospitals, institutes, universities, associations): one
#: the report names without its country is placed only where the report leaves no doubt.
INSTITUTION_KINDS = frozenset({"hospital", "research-institute", "university", "health-centre", "rehabilitation-centre",
                               "foundation", "ngo", "insurance-fund"})
#: Kinds whose holder signs for its state; a state body named without its country may take the
#: country of the one party that has none of its bodies named yet.
STATE_BODY_KINDS = frozenset({"ministry", "government-agency"})
#: The kind whose word reports use for an instrument of any kind ("the agreement").
GENERIC_TYPE = "agreement"
#: Kinds of instrument one report may call by either name.
MEMORANDA = frozenset({"memorandum-of-understanding", "memorandum-of-cooperation"})
#: Instruments that are adopted, not signed: their approval by those who make them is their adoption.
ADOPTED_TYPES = frozenset({"declaration", "joint-statement", "joint-communique"})
#: Stages that approve or propose a signing: one whose object is the act of signing ("approved the
#: signing", "proposed to sign") is that stage, not a signing.
BEFORE_SIGNING = ("approved-for-signing", "proposed")
#: Said in the rule of a status read from the act of signing alone ("the signing of the MoU"): a
#: weaker signing, which a sentence approving or proposing that signing replaces.
ACT_OF_SIGNING = "the act of signing named, not said done"
#: The rule of a party taken from the report's main countries, the sentence naming no side of it.
MAIN_COUNTRY_RULE = "one of the report's two most-named countries"
#: How many plain words may stand between a country's adjective and the body's word it owns.
ADJECTIVE_REACH = 2
#: How many words before a company's legal form ("S.A. de C.V.", "Ltd") may be its name.
COMPANY_NAME_WORDS = 8
#: How many words (a person's name, commas) may stand between a body and the country joined to it.
JOINED_GAP = 5
#: Quotes around a body's name after the word for its kind ("громадська організація «Клуб мерів»").
OPENING_QUOTES = frozenset({"«", "“", '"'})
CLOSING_QUOTES = frozenset({"»", "”", '"'})
QUOTED_NAME_WORDS = 8
#: Said in the rule of a body known only as the like of another country's ("the ministers of A and B").
JOINED = "joined to"
#: How many words (a conjunction, an article, an adjective, quotes) may join two kinds of instrument.
JOINED_KINDS_GAP = 3
#: How a line that opens a list, or an item of one, ends: the lines after it go on about the same.
LIST_OPENERS = (":", ";", ":-", ":—")
#: How many words before a status cue a negation denies it ("it is false that it was signed").
NEGATION_REACH = 5
#: How many words after "on the sidelines of" a body is the occasion, not a party.
OCCASION_REACH = 8
EVENT_RANK = ("signing-ceremony", "commission-session", "official-visit", "working-visit", "conference", "meeting")
_ORDINAL = re.compile(r"\b(\d{1,3})(?:st|nd|rd|th|-?[йяе]|-?го|e|ème|º|ª)?\b")


@dataclass
class OrgMention:
    cue: OrgCue
    first: int
    last: int
    text: str
    country: str | None
    country_rule: str | None
    english: str | None
    plural: bool = False  # "health ministries of the two countries", "cardiology centers"
    host: str | None = None  # an embassy's: the country it is in


@dataclass
class PersonMention:
    first: int
    last: int
    name: str
    role: str | None
    title: str | None
    country: str | None
    org: OrgMention | None


@dataclass
class Sentence:
    index: int
    text: str
    toks: list[Token]
    types: list[Match[str]] = field(default_factory=list)
    statuses: list[Match[str]] = field(default_factory=list)
    countries: list[Match[CountryCue]] = field(default_factory=list)
    orgs: list[OrgMention] = field(default_factory=list)
    people: list[PersonMention] = field(default_factory=list)
    roles: list[Match[str]] = field(default_factory=list)
    domains: list[Match[str]] = field(default_factory=list)
    events: list[Match[str]] = field(default_factory=list)
    engagements: list[Match[str]] = field(default_factory=list)
    words: dict[str, list[Match[str]]] = field(default_factory=dict)
    date: FoundDate | None = None
    siblings: list[int] = field(default_factory=list)  # the other clauses of its sentence

    def has(self, key: str) -> bool:
        return bool(self.words.get(key))

    def span(self, first: int, last: int) -> str:
        return self.text[self.toks[first].start:self.toks[last].end]


def party_country(org: DraftOrganization) -> str | None:
    """The country a party of this organization stands for: none for an international
    organization, nor for a company or its office (its home or host country signs nothing)."""
    return None if org.kind in INTERNATIONAL_KINDS | COMPANY_KINDS else org.country


def _overlaps(match: Match, others: list[Match]) -> bool:
    return any(not (match.last < o.first or match.first > o.last) for o in others)


class Extractor:
    def __init__(self, article: Article, published: str | None) -> None:
        self.article = article
        self.lang = article.language
        self.t: Tables = tables(self.lang)
        self.published = published
        self.draft = Draft(
            source_id="", title=article.title or article.name, language=self.lang, publisher=article.publisher,
            url=article.url, published=published, dateline=article.dateline, document=None,
        )
        self.sentences: list[Sentence] = []
        self._cue_words = self._all_cue_words()
        self.orgs: dict[str, DraftOrganization] = {}
        self.people: dict[str, DraftPerson] = {}
        self.events: dict[str, DraftEvent] = {}
        self._company_names: dict[tuple[str, ...], OrgMention] = {}
        self._joined_orgs: set[str] = set()  # bodies known only as the like of another country's

    # -- analysis of one sentence -----------------------------------------------------------

    def _all_cue_words(self) -> set[str]:
        """Words that cannot be part of a person's name: one-word cues and the first words of cues."""
        words = set(self.t.name_stop)
        for table in (self.t.types, self.t.statuses, self.t.organizations, self.t.roles, self.t.events,
                      self.t.domains, *self.t.words.values()):
            for entries in table._exact.values():
                for pat, _, _ in entries:
                    words.add(pat[0])
        return words

    def analyse(self) -> None:
        for text, _ in sentences(self.article.text, self.t.abbreviated):
            first = len(self.sentences)
            for clause, toks in self._clauses(text):
                self._analyse(clause, toks)
            for index in range(first, len(self.sentences)):
                self.sentences[index].siblings = [k for k in range(first, len(self.sentences)) if k != index]

    def _clauses(self, text: str) -> list[tuple[str, list[Token]]]:
        """A sentence that reports two instruments, each with its own status, in clauses joined by
        ', and' or ';' ("The Meeting endorsed the Joint Statement ..., and the ministers signed the
        Memorandum ...") is read as its clauses, so each gets its own status and parties."""
        toks = tokens(text, self.lang)
        norms = [t.norm for t in toks]
        types = self.t.types.find(toks, norms=norms)
        if len(types) < 2:
            return [(text, toks)]
        statuses = self.t.statuses.find(toks, norms=norms)
        conjunctions = {w.first for w in self.t.words["conjunction"].find(toks, norms=norms)}
        for a, b in zip(types, types[1:]):
            cut = next((k for k in range(a.last + 1, b.first) if norms[k] == ";" or (
                norms[k] == "," and k + 1 in conjunctions)), None)
            if cut is None:
                continue
            left = [m for m in statuses if m.last < cut]
            right = [m for m in statuses if m.first > cut]
            if left and right and any(m.first < a.first or a.last < m.first for m in left):
                head = text[:toks[cut].start].rstrip()
                return [(head, tokens(head, self.lang)), *self._clauses(text[toks[cut].end:].strip())]
        return [(text, toks)]

    def _analyse(self, text: str, toks: list[Token]) -> None:
        index = len(self.sentences)
        s = Sentence(index, text, toks)
        norms = [t.norm for t in toks]
        s.events = self.t.events.find(toks, norms=norms)
        s.types = self.t.types.find(toks, norms=norms)
        s.statuses = [m for m in self.t.statuses.find(toks, norms=norms) if not _overlaps(m, s.events)
                      and not _overlaps(m, s.types)]
        s.countries = [m for m in self.t.countries.find(toks, norms=norms)
                       if not m.value.proper or toks[m.first].capitalised]
        s.roles = self.t.roles.find(toks, norms=norms)
        s.domains = self.t.domains.find(toks, overlap=True, norms=norms)
        # A label inside a longer one is not said on its own: "communicable diseases" in
        # "non-communicable diseases", "health" in "public health"
        s.domains = [d for d in s.domains if not any(
            e is not d and e.first <= d.first and d.last <= e.last and (e.first, e.last) != (d.first, d.last)
            for e in s.domains)]
        s.engagements = self.t.engagements.find(toks, norms=norms)
        s.words = {key: table.find(toks, norms=norms) for key, table in self.t.words.items()}
        s.words["signing_act"] = self.t.signing_acts.find(toks, norms=surface(toks, self.lang))
        # "plan" in "action plan", "plan of cooperation": the instrument's name, not a plan to sign
        s.words["future"] = [w for w in s.words.get("future", []) if not _overlaps(w, s.types)]
        # "in force for five years", "có hiệu lực trong vòng 5 năm": a term of validity, not an entry into force
        terms = {w.first for w in s.words.get("term", [])}
        s.statuses = [m for m in s.statuses if not (m.value == "in-force" and m.last + 1 in terms)]
        s.orgs = self._orgs(s)
        s.people = self._people(s)
        self.sentences.append(s)

    def _country_at(self, s: Sentence, first: int, last: int) -> Match[CountryCue] | None:
        return next((c for c in s.countries if c.first >= first and c.last <= last), None)

    def _orgs(self, s: Sentence) -> list[OrgMention]:
        found = []
        toks = s.toks
        stops = {m.first for m in s.words.get("conjunction", [])} | {m.first for m in s.words.get("between", [])}
        places = {w.last for w in s.words.get("place", [])}
        for m in self.t.organizations.find(toks):
            first, last = m.first, m.last
            if m.value.proper and not (toks[first].capitalised and last + 1 < len(toks) and toks[last + 1].capitalised):
                continue
            if m.value.kind in INTERNATIONAL_KINDS and first == last and len(toks[first].text) <= 5 \
                    and not toks[first].text.isupper():
                continue  # "WHO", "OMS", "ВООЗ" are written in capitals; "who" is a pronoun
            owner: Match[CountryCue] | None = None
            # Before the head: capitalised words of the name ("Kharkiv National Medical University"),
            # or the owner country ("Ukraine's", "Azerbaijani", "Kazakh").
            i = first - 1
            while i >= 0 and toks[i].is_word and i not in stops:
                country = next((c for c in s.countries if c.last == i or (c.last == i - 1 and toks[i].norm == "s")), None)
                if country:
                    possessive = toks[i].norm == "s" or not country.value.proper
                    if possessive:
                        owner = country
                        break
                    first = country.first
                    i = country.first - 1
                    continue
                if toks[i].norm == "s" and i > 0 and toks[i - 1].capitalised and self.lang == "en":
                    first = i - 1  # a company's office: "AstraZeneca's representative office"
                    i -= 2
                    continue
                if i - 1 in places:
                    break  # "у Києві Національна академія": the place it is in, not its name
                if toks[i].capitalised and toks[i].norm not in self.t.name_stop and toks[i].norm not in self.t.articles \
                        and toks[i].norm not in self._role_words():
                    first = i
                    i -= 1
                    continue
                break
            if owner is None and not self._country_at(s, first, m.last):
                # "німецькою мережею реабілітаційних лікарень": a country's adjective a word or two
                # before the body's word, only plain words between
                owner = next((c for c in s.countries if not c.value.proper and 0 < first - c.last <= ADJECTIVE_REACH + 1
                              and all(toks[x].is_word and not toks[x].capitalised and x not in stops
                                      and (toks[x].norm not in self._cue_words or any(d.first <= x <= d.last for d in s.domains))
                                      and toks[x].norm not in self.t.name_stop
                                      for x in range(c.last + 1, first))), None)
            # After the head: "of Health of the Republic of Kazakhstan", "Cộng hòa Belarus".
            j = last + 1
            seen_country = False
            # "Ministry of Health and Welfare": in a language that writes a field in capitals, an
            # 'of' complement may list several fields
            capitals = self.t.capitalised_field
            seen_of = capitals is not None and capitals.of in m.phrase.casefold().split()
            joined = False
            while j < len(toks) and j - last <= 9 and not seen_country:
                if capitals is not None and seen_of and toks[j].norm == "," and self._listed_field(s, j, capitals):
                    # "Ministry of Health, Labour and Welfare": a comma inside the 'of' complement
                    last, j, joined = j, j + 1, True
                    continue
                if not toks[j].is_word:
                    break
                if j in stops and self.lang != "en" and m.value.kind == "ministry" and (end := self._joined_field(s, j)) >= j:
                    # "Міністерство охорони здоров'я й соціальних служб США": more than its cue says
                    last, j, joined = end, end + 1, True
                    continue
                if j in stops:
                    # "Ministry of Labor and Social Protection": 'and' inside an 'of' complement
                    if not (capitals is not None and seen_of and toks[j].norm == capitals.conjunction and j + 1 < len(toks)
                            and toks[j + 1].capitalised and not any(c.first == j + 1 for c in s.countries)
                            and not self.t.organizations.find(toks[j + 1:j + 4])):
                        break
                    last = j
                    j += 1
                    joined = joined or m.value.english is not None
                    continue
                if capitals is not None and toks[j].norm == capitals.of:
                    seen_of = True
                if j in places and m.value.kind == "company-office":  # "representative office in Kazakhstan"
                    host = next((c for c in s.countries if c.first == j + 1), None)
                    if host:
                        last = host.last
                        break
                country = next((c for c in s.countries if c.first == j), None)
                if country and not country.value.proper and not toks[j].capitalised:
                    if not (self.t.postposed_adjectives and j == last + 1):
                        break
                    # "le gouvernement tunisien", "l'Agence française de Biomédecine": in French the
                    # adjective after the body's word names its country, and the name may go on
                    last = country.last
                    j = last + 1
                    continue
                if country:
                    last = country.last
                    seen_country = True
                    # "Государственный комитет КНР по здравоохранению": its field after its country
                    k = last + 1
                    if k + 1 < len(toks) and toks[k].norm in self.t.field_prepositions \
                            and any(d.first == k + 1 for d in s.domains):
                        last = next(d.last for d in s.domains if d.first == k + 1)
                    break
                ahead = next((c for c in s.countries if j < c.first <= j + 8), None)
                if toks[j].capitalised or toks[j].norm in self.t.continues:
                    if toks[j].norm in self.t.continues and not (
                            j + 1 < len(toks) and (toks[j + 1].capitalised or toks[j + 1].norm in self.t.continues_before)):
                        break
                    last = j
                    j += 1
                    continue
                if ahead and self.lang != "en" and not any(k in stops for k in range(j, ahead.first)):
                    last = j
                    j += 1
                    continue
                break
            while last > m.last and toks[last].norm in self.t.name_stop:
                last -= 1
            quoted = self._quoted_name(s, last + 1)
            if quoted is not None:  # "громадська організація «Клуб мерів»": its name in quotes
                last, joined = quoted, True
            inside = self._country_at(s, first, last)
            # "le CHU de Yopougon (Côte d'Ivoire)": its country in brackets after its name
            bracketed = next((c for c in s.countries if c.first == last + 2 and toks[last + 1].norm == "("
                              and c.last + 1 < len(toks) and toks[c.last + 1].norm == ")"), None)
            country = inside or owner or bracketed
            rule = None
            if inside:
                rule = f"country named in the organization's name: '{s.span(inside.first, inside.last)}'"
            elif owner:
                rule = f"country named with it: '{s.span(owner.first, owner.last)}'"
            elif bracketed:
                rule = f"country in brackets after its name: '{s.span(bracketed.first, bracketed.last)}'"
            text = s.span(first, last)
            if not country and m.value.kind == "ministry" and m.value.english is None and first == m.first and last == m.last:
                continue  # a bare "ministry" names nothing
            if first == m.first and owner is None and first > 0 and not toks[first - 1].capitalised and any(
                    d.last == first - 1 for d in s.domains):
                first = next(d.first for d in s.domains if d.last == first - 1)  # "cardiology centers"
                text = s.span(first, last)
            head = s.span(m.first, m.last)
            plural = self.lang == "en" and bool(re.search(r"(?:ies|[^s]s)\b", head, re.I)) and not country
            found.append(OrgMention(m.value, first, last, text, country.value.code if country else None, rule,
                                    None if joined else m.value.english, plural))
        found += self._minister_orgs(s, found)
        found += self._joined_countries(s, found)
        found += self._companies(s, found)
        found += self._embassies(s, found)
        # A head inside a longer name is that name ("Regional Office for Europe of the World Health Organization").
        found = [o for o in found if not any(p is not o and p.first <= o.first and o.last <= p.last
                                             and (p.first, p.last) != (o.first, o.last) for p in found)]
        # "Regional Office for Europe of the World Health Organization": the office, of that organization
        return [o for o in found if not (o.cue.kind in INTERNATIONAL_KINDS and any(
            p is not o and p.cue.kind in INTERNATIONAL_KINDS and p.first < o.first and 0 <= o.first - p.last <= 3
            and not any(toks[k].norm in (",", ";") or k in stops for k in range(p.last + 1, o.first))
            for p in found))]

    def _home_country(self) -> str | None:
        """The country of the report's language when it is the language of one country only
        (`home_country`): a body a Vietnamese report names without its country is Vietnamese."""
        return rules().home_country.get(self.lang)

    @staticmethod
    def _quoted_name(s: Sentence, k: int) -> int | None:
        """The last token (the closing quote) of a capitalised name in quotes that begins at k."""
        toks = s.toks
        if k + 1 >= len(toks) or toks[k].norm not in OPENING_QUOTES or not toks[k + 1].capitalised:
            return None
        return next((j for j in range(k + 2, min(len(toks), k + 2 + QUOTED_NAME_WORDS))
                     if toks[j].norm in CLOSING_QUOTES), None)

    def _joined_countries(self, s: Sentence, named: list[OrgMention]) -> list[OrgMention]:
        """The same body of each country joined to the one named with it: "the health ministers of
        Belarus and Serbia", "los ministros de Salud de Chile, Enrique Paris, y Uruguay", "главы
        министерств здравоохранения Узбекистана Алишер Шадманов и Казахстана". Only a body the
        lexicon names in English (a ministry of health), so the other country's is named alike;
        between the two, only a person's name and commas."""
        toks = s.toks
        conjunctions = {w.first for w in s.words.get("conjunction", [])}
        taken = {k for o in named for k in range(o.first, o.last + 1)}
        found: list[OrgMention] = []
        for o in named:
            if o.cue.kind not in STATE_BODY_KINDS or not o.english or not o.country or o.host:
                continue
            k, skipped = o.last + 1, 0
            while k < len(toks) and k not in conjunctions and skipped < JOINED_GAP and (
                    toks[k].norm == "," or toks[k].capitalised and not any(c.first == k for c in s.countries)):
                k, skipped = k + 1, skipped + 1
            if k not in conjunctions:
                continue
            country = next((c for c in s.countries if c.first == k + 1 and c.value.proper), None)
            if country is None or country.value.code == o.country or any(
                    j in taken for j in range(country.first, country.last + 1)) or any(
                    0 < p.first - country.last <= 2 for p in named):
                continue  # "of Malawi and Zambia's Health Minister": that country's own body follows
            found.append(OrgMention(o.cue, country.first, country.last, s.span(country.first, country.last),
                                    country.value.code,
                                    f"'{s.span(country.first, country.last)}' {JOINED} '{o.text}': the same body of it",
                                    o.english))
            taken.update(range(country.first, country.last + 1))
        return found

    def _minister_orgs(self, s: Sentence, named: list[OrgMention]) -> list[OrgMention]:
        """The ministry a minister's title names: "Minister of Health of Ukraine", "Ukraine's Health
        Minister", "ministre ivoirien de la Santé", "Health and Child Care Minister" (its field in
        capitals, in English), "Министр здравоохранения России"; not when the title is followed
        by the ministry's own name ("Thứ trưởng Bộ Y tế")."""
        toks, t = s.toks, self.t
        if t.ministry_word is None:
            return []
        found = []
        for r in s.roles:
            if r.value not in MINISTER_ROLES:
                continue
            if any(o.first <= r.last + 2 and o.last > r.last for o in named):
                continue
            cue, first, last, country, rule = None, r.first, r.last, None, None
            field_words: list[str] = []
            role_words = tuple(tk.norm for tk in toks[r.first:r.last + 1])
            before = role_words[:-1]
            while before and before[0] in t.title_modifiers:
                before = before[1:]
            if before in t.minister_fields_before:  # "Health Minister"
                cue = t.minister_fields_before[before]
            j = r.last + 1
            adjective = next((c for c in s.countries if c.first == j and not c.value.proper), None)
            if adjective:  # "ministre ivoirien de la Santé"
                country, rule, j = adjective, "country adjective in the minister's title", adjective.last + 1
            after = t.minister_fields.find(toks[j:j + 6])
            if cue is None and after and after[0].first == 0:
                cue, last = after[0].value, j + after[0].last
            capitals = t.capitalised_field  # the language writes a field in capitals around the title
            if capitals is not None and cue is None:
                # "Health and Child Care Minister", "Minister of Labour and Social Protection"
                k = r.first - 1
                while k >= 0 and (toks[k].capitalised or toks[k].norm == capitals.conjunction) and toks[k].is_word \
                        and not any(c.first <= k <= c.last for c in s.countries) and toks[k].norm not in t.name_stop - {capitals.conjunction}:
                    k -= 1
                words = [tk.text for tk in toks[k + 1:r.first]]
                if words and fold(words[0], self.lang) != capitals.conjunction:
                    field_words, first = words, k + 1
                elif j < len(toks) and toks[j].norm == capitals.of:
                    # at most two words after 'of' or 'and' name the field; capitals after them are
                    # the holder's name ("Minister of Labor and Social Protection Sahil Babayev")
                    k, run = j + 1, 0
                    while k < len(toks) and (toks[k].capitalised or toks[k].norm == capitals.conjunction) and toks[k].is_word \
                            and not any(c.first <= k <= c.last for c in s.countries):
                        run = 0 if toks[k].norm == capitals.conjunction else run + 1
                        if run > FIELD_WORDS:
                            break
                        k += 1
                    while k - 1 > j and toks[k - 1].norm == capitals.conjunction:
                        k -= 1
                    if k > j + 1:
                        field_words, last = [tk.text for tk in toks[j + 1:k]], k - 1
            if cue is None and not field_words:
                continue
            if self.lang != "en" and cue is not None and last > r.last:
                # "de la Santé et des Droits de la Femme", "охорони здоров'я й соціальних служб": a
                # ministry of more than health, named as the report names it
                longer = self._joined_field(s, last + 1)
                if longer > last:
                    cue, last = OrgCue("ministry", None, None), longer
            if field_words:
                field = " ".join(field_words)
                if capitals is not None and fold(field, self.lang) in {fold(h, self.lang) for h in capitals.health}:
                    cue = next(iter(t.minister_fields_before.values()), None)
                if cue is None:
                    cue = OrgCue("ministry", f"Ministry of {field}", slugify(f"ministry-of-{anyascii(field)}"))
            # The ministry's country: named after its field ("of Ukraine", "України"), or its owner
            # before the title ("Ukraine's", "Iranian").
            k = last + 1
            while k < len(toks) and toks[k].norm in self.t.before_country:
                k += 1
            after_country = next((c for c in s.countries if c.first == k and (c.value.proper or toks[k].capitalised)), None)
            if country is None and after_country and k - last <= 3:
                country, rule, last = after_country, "country named after the minister's title", after_country.last
            if country is None:
                owner = next((c for c in s.countries if c.last == first - 1 or (
                    c.last == first - 2 and toks[first - 1].norm == "s")), None)
                if owner:
                    country, rule = owner, "owner country before the minister's title"
            if self.lang == "en" or last <= r.last:
                text = s.span(first, last)
            else:  # "ministre ... de la Santé" names the "Ministère ... de la Santé"
                text = f"{t.ministry_word} {s.span(r.last + 1 if adjective is None else adjective.last + 1, last)}"
            found.append(OrgMention(cue, first, last, text, country.value.code if country else None,
                                    (f"{rule}: '{s.span(country.first, country.last)}'" if country else None),
                                    cue.english, False))
        return found

    def _embassies(self, s: Sentence, named: list[OrgMention]) -> list[OrgMention]:
        """The embassy an ambassador's title names: "Ecuador's Ambassador to Mexico", "British
        Ambassador to Kazakhstan", "Посол Беларуси в Сербии", "Đại sứ Cộng hòa Belarus tại Việt
        Nam", "su embajador en México" (the owner named just before). Not where the ambassador is
        only present ("in the presence of"), and not beside the embassy's own name."""
        toks = s.toks
        if s.has("presence"):
            return []
        places = {w.last for w in s.words.get("place", [])}
        owners = {fold(str(w), self.lang) for w in (lexicon().get("owner_words") or {}).get(self.lang, [])}
        found = []
        for r in (r for r in s.roles if r.value == "ambassador"):
            if any(o.first <= r.last + 2 and o.last >= r.first for o in named):
                continue
            sender = host = None
            last = r.last
            before = next((c for c in s.countries if c.last == r.first - 1 or (
                c.last == r.first - 2 and toks[r.first - 1].norm == "s")), None)
            if before is not None:
                sender = before
            elif r.first > 0 and toks[r.first - 1].norm in owners:
                sender = next((c for c in reversed(s.countries) if c.last < r.first - 1 and r.first - c.last <= 8
                               and c.value.proper), None)
            for c in (c for c in s.countries if r.last < c.first <= r.last + 8):
                if c.first - 1 in places:
                    host = host or c
                    last = max(last, c.last)
                    break
                if sender is None and c.value.proper:
                    sender, last = c, max(last, c.last)
            if sender is None or (host is not None and host.value.code == sender.value.code):
                continue
            cue = OrgCue("embassy", "Embassy", "embassy")
            found.append(OrgMention(cue, r.first, last, s.span(r.first, last), sender.value.code,
                                    f"the ambassador's country: '{s.span(sender.first, sender.last)}'", "Embassy",
                                    False, host.value.code if host else None))
        return found

    def _companies(self, s: Sentence, named: list[OrgMention]) -> list[OrgMention]:
        """A company the report names beside the word for one: "Novartis, a Swiss pharmaceutical
        company", "the company Novartis", "компания «Новартис»". A country adjective in the
        apposition is the company's home, not a side of what it signs."""
        toks = s.toks
        found = []
        taken = {k for o in named for k in range(o.first, o.last + 1)} | {
            k for c in s.countries if c.value.proper for k in range(c.first, c.last + 1)}
        cue = OrgCue("company", None, None)
        conjunctions = {w.first for w in s.words.get("conjunction", [])}
        for w in s.words.get("company_form", []):
            # "Pfizer, S.A. de C.V.", "Novartis AG": a legal form after a capitalised name, which may
            # hold connectors, conjunctions and a country ("Laboratorios de Biológicos y Reactivos de México")
            if not toks[w.first].text[:1].isupper():
                continue  # a legal form is written in capitals ("sa" is also a French possessive)
            end = w.first - 1 - (w.first > 0 and toks[w.first - 1].norm == ",")
            start, k = end + 1, end
            while k >= 0 and end - k < COMPANY_NAME_WORDS and toks[k].is_word and (toks[k].capitalised or (
                    (toks[k].norm in self.t.connectors or k in conjunctions) and k > 0 and toks[k - 1].capitalised)):
                start = k if toks[k].capitalised else start
                k -= 1
            while start <= end and (toks[start].norm in self.t.articles or toks[start].norm in self.t.name_stop):
                start += 1
            if start > end or any(o.first <= x <= o.last for o in named for x in range(start, w.last + 1)):
                continue
            # its home: a country in its name, or an adjective just before it ("швейцарской компанией Novartis AG")
            home = self._country_at(s, start, end) or next((c for c in s.countries if not c.value.proper and
                                                            0 < start - c.last <= 3 and not any(
                                                                toks[x].norm == "," for x in range(c.last, start))), None)
            code, rule = (home.value.code, f"its home country named with it: '{s.span(home.first, home.last)}'") \
                if home else (self._form_country(w.phrase), f"its legal form '{w.phrase}' is of one country only")
            found.append(OrgMention(cue, start, w.last, s.span(start, w.last), code, rule if code else None, None, False))
            taken.update(range(start, w.last + 1))
            self._company_names.setdefault(tuple(tk.norm for tk in toks[start:end + 1]), found[-1])
        for w in s.words.get("company", []):
            name: tuple[int, int] | None = None
            home = None
            k = w.first - 1
            while k >= 0 and w.first - k <= 4 and toks[k].norm != "," and toks[k].is_word:
                home = home or next((c for c in s.countries if c.first <= k <= c.last and not c.value.proper), None)
                k -= 1
            form_home = self._form_country(w.phrase)  # "ТОВ «Фармак»": a legal form of one country only
            if k > 0 and toks[k].norm == "," and toks[k - 1].is_word and toks[k - 1].capitalised:
                end = k - 1
                start = end
                while start - 1 >= 0 and toks[start - 1].is_word and toks[start - 1].capitalised and end - start < 3:
                    start -= 1
                name = (start, end)
            else:
                j = w.last + 1
                if j < len(toks) and toks[j].norm in ("«", "“", '"'):
                    j += 1
                end = j
                while end < len(toks) and toks[end].is_word and toks[end].capitalised and end - j < 3:
                    end += 1
                if end > j:
                    name = (j, end - 1)
            if name is None or any(k in taken for k in range(name[0], name[1] + 1)):
                continue
            if name[0] == 0 and self.lang == "en" and toks[0].text.isupper() and len(toks[0].text) > 3:
                continue  # a dateline word in capitals
            code, rule = (home.value.code, f"its home country named with it: '{s.span(home.first, home.last)}'") \
                if home else (form_home, f"its legal form '{w.phrase}' is of one country only")
            found.append(OrgMention(cue, name[0], name[1], s.span(*name), code, rule if code else None, None, False))
            taken.update(range(name[0], name[1] + 1))
            self._company_names.setdefault(tuple(tk.norm for tk in toks[name[0]:name[1] + 1]), found[-1])
        # A company the report has named as one is that company wherever it is named again.
        for words, first_mention in self._company_names.items():
            for i in range(len(toks) - len(words) + 1):
                if tuple(tk.norm for tk in toks[i:i + len(words)]) == words and not any(
                        k in taken for k in range(i, i + len(words))):
                    found.append(OrgMention(cue, i, i + len(words) - 1, first_mention.text, first_mention.country,
                                            first_mention.country_rule, None, False))
                    taken.update(range(i, i + len(words)))
        return found

    def _form_country(self, form: str) -> str | None:
        """The country of a legal form of one country only (`company_form_country`)."""
        key = fold(form, self.lang)
        return next((code for code, forms in (lexicon().get("company_form_country") or {}).items()
                     if key in {fold(str(f), self.lang) for f in forms}), None)

    def _drop_homeless_companies(self) -> None:
        """A company whose home the report does not give cannot be recorded (a company states its
        country) and is not guessed one: it is left out, and named in what its instruments leave unknown."""
        d = self.draft
        for org in [o for o in self.orgs.values() if o.kind in COMPANY_KINDS and not o.country]:
            del self.orgs[org.id]
            for inst in d.instruments:
                if any(p.organization == org.id for p in inst.parties):
                    inst.parties = [p for p in inst.parties if p.organization != org.id]
                    inst.facts = [f for f in inst.facts if not (f.field == "parties" and str(f.value).endswith(f"/{org.id}"))]
                    inst.unknown.append(f"party: '{org.name}', a company whose country the report does not give")
            for eng in d.engagements:
                eng.participants = [p for p in eng.participants if p[1] != org.id]
            for person in self.people.values():
                if person.organization == org.id:
                    person.organization = None
                    if not person.country:
                        person.review.append("role has neither organization nor country in the report; add one or drop the role")

    def _listed_field(self, s: Sentence, j: int, capitals: CapitalisedField) -> bool:
        """After a comma at j: capitalised words, then 'and' and a capitalised word, before any
        other punctuation, country or body ("Ministry of Health, Labour and Welfare")."""
        toks = s.toks
        k = j + 1
        while k < len(toks) and k - j <= 4 and toks[k].is_word and toks[k].capitalised:
            if any(c.first == k for c in s.countries):
                return False
            k += 1
        return (k > j + 1 and k + 1 < len(toks) and toks[k].norm == capitals.conjunction and toks[k + 1].capitalised
                and not any(c.first == k + 1 for c in s.countries) and not self.t.organizations.find(toks[k + 1:k + 4]))

    def _joined_field(self, s: Sentence, j: int) -> int:
        """The last token of a second field joined to a ministry's first ("et des Droits de la
        Femme"), or j - 1 when none follows: words up to the ministry's country, no other body."""
        toks = s.toks
        if j >= len(toks) or not any(w.first == j for w in s.words.get("conjunction", [])):
            return j - 1
        k = j + 1
        while k < len(toks) and k - j <= 8 and toks[k].is_word:
            if any(c.first == k for c in s.countries) or any(o.first == 0 for o in self.t.organizations.find(toks[k:k + 4])):
                break
            k += 1
        end = k - 1
        while end > j and toks[end].norm in self.t.connectors:
            end -= 1
        ends_on_country = k < len(toks) and any(c.first == k for c in s.countries)
        if end <= j or not (ends_on_country or toks[end].capitalised):
            return j - 1
        return end

    def _role_words(self) -> set[str]:
        if not hasattr(self, "_role_cache"):
            words = set()
            for entries in self.t.roles._exact.values():
                for pat, _, _ in entries:
                    words.update(pat)
            self._role_cache = words
        return self._role_cache

    def _people(self, s: Sentence) -> list[PersonMention]:
        toks = s.toks
        found = []
        used: set[int] = set()
        for org in s.orgs:
            used.update(range(org.first, org.last + 1))
        for c in s.countries:
            used.update(range(c.first, c.last + 1))
        for r in s.roles:
            used.update(range(r.first, r.last + 1))
        for m in s.types + s.statuses + s.events + s.domains:
            used.update(range(m.first, m.last + 1))
        honorific = {m.first for m in s.words.get("honorific", [])}
        i = 0
        while i < len(toks):
            if i in used or i in honorific or not toks[i].is_word or not toks[i].capitalised or toks[i].text.isupper() and len(toks[i].text) > 2:
                i += 1
                continue
            j = i
            while (j + 1 < len(toks) and j + 1 not in used and toks[j + 1].is_word and toks[j + 1].capitalised
                   and toks[j + 1].norm not in self._cue_words and j + 1 - i < 4
                   and toks[j + 1].start - toks[j].end <= 1):
                j += 1
            words = [t for t in toks[i:j + 1]]
            if len(words) >= 2 and not any(t.norm in self._cue_words for t in words) and not any(ch.isdigit() for t in words for ch in t.text):
                found.append(self._person(s, i, j))
                i = j + 1
                continue
            i += 1
        return [p for p in found if p is not None]

    def _person(self, s: Sentence, first: int, last: int) -> PersonMention | None:
        toks = s.toks
        places = {w.last for w in s.words.get("place", [])}  # "in", "to", "в", "tại": before a place
        name = s.span(first, last)
        role = title = None
        country = None
        org = None
        # A role just before the name, with at most an organization or country between them.
        before = [r for r in s.roles if r.last < first and first - r.last <= 12]
        if before:
            r = before[-1]
            honorific = {w.first for w in s.words.get("honorific", [])}
            # "Minister of Health, Name": a comma just before the name sets it beside the title
            between = [k for k in range(r.last + 1, first) if k not in honorific
                       and not (k == first - 1 and toks[k].norm == "," and first - r.last > 2)]
            # Between title and name only the body, the country or the field may stand
            # ("Health Minister", "Міністр охорони здоров'я України").
            blocked = any(toks[k].norm in (",", ";") or (toks[k].norm in self._cue_words and not any(
                o.first <= k <= o.last for o in s.orgs) and not any(c.first <= k <= c.last for c in s.countries)
                and not any(d.first <= k <= d.last for d in s.domains)
                and toks[k].norm not in self.t.title_gap)
                for k in between)
            if not blocked:
                role, title = r.value, s.span(r.first, r.last)
                org = next((o for o in s.orgs if o.first > r.last and o.last < first), None)
                org = org or next((o for o in s.orgs if o.first <= r.first and r.last <= o.last < first), None)
                org = org or next((o for o in s.orgs if o.last < r.first and r.first - o.last <= 2), None)
                c = next((c for c in s.countries if c.last < r.first and r.first - c.last <= 3), None)
                c = c or next((c for c in s.countries if r.last < c.first and c.last < first
                               and c.first - 1 not in places), None)  # "Ambassador to Peru": where, not whose
                if org and org.country:
                    country = org.country
                elif c:
                    country = c.value.code
                title = s.span(min([r.first] + ([c.first] if c and c.last < r.first else [])), first - 1).rstrip(" ,")
        if role is None:
            # "Name, Role of Country"
            after = [r for r in s.roles if r.first > last and (r.first == last + 1 or (
                r.first - last == 2 and toks[last + 1].norm == ","))]
            if after:
                r = after[0]
                role = r.value
                end = r.last
                c = next((c for c in s.countries if r.last < c.first <= r.last + 8), None)
                o = next((o for o in s.orgs if r.last < o.first <= r.last + 3), None)
                if o:
                    org, end = o, max(end, o.last)
                    country = o.country
                if c and not country:
                    country = c.value.code
                    end = max(end, c.last)
                title = s.span(r.first, end)
        if role is None:
            return None  # a capitalised run without a title is too often a place or a body
        return PersonMention(first, last, name, role, title, country, org)

    # -- document-level -------------------------------------------------------------------

    def main_countries(self) -> list[str]:
        counts: Counter[str] = Counter()
        order: dict[str, int] = {}
        for s in self.sentences:
            for c in s.countries:
                counts[c.value.code] += 1
                order.setdefault(c.value.code, len(order))
            for o in s.orgs:
                if o.country:
                    counts[o.country] += 1
        return [code for code, _ in sorted(counts.items(), key=lambda kv: (-kv[1], order.get(kv[0], 99)))]

    def _only_a_setting(self, code: str) -> bool:
        """A country the report names only as a place ("in Basel, Switzerland") or as a company's
        home ("a Swiss pharmaceutical company"): not a side to give an instrument that lacks one."""
        mentions = [(s, c) for s in self.sentences for c in s.countries if c.value.code == code]
        if not mentions or any(o.country == code and o.cue.kind not in COMPANY_KINDS for s in self.sentences for o in s.orgs):
            return False
        for s, c in mentions:
            before = s.toks[c.first - 1] if c.first > 0 else None
            place = any(w.last == c.first - 1 for w in s.words.get("place", [])) or (
                before is not None and before.norm == "," and c.first > 1 and s.toks[c.first - 2].capitalised)
            company = not c.value.proper and any(0 < w.first - c.last <= 3 for w in s.words.get("company", []))
            if not (place or company):
                return False
        return True

    def _national_countries(self) -> None:
        """A body named by a name of one state's (`national_bodies`) and without its country is that
        state's; of a name several states' bodies share, the one state of them the report names."""
        named = {c.value.code for s in self.sentences for c in s.countries}
        for s in self.sentences:
            for o in s.orgs:
                if o.country or not o.cue.national:
                    continue
                options = o.cue.national if len(o.cue.national) == 1 else [c for c in o.cue.national if c in named]
                if len(options) == 1:
                    o.country = options[0]
                    o.country_rule = (f"'{o.text}' names a body of {options[0]} (national_bodies)" if len(o.cue.national) == 1
                                      else f"'{o.text}' names a body of {', '.join(o.cue.national)}; the report "
                                      f"names {options[0]} of them")

    def run(self) -> Draft:
        self.analyse()
        self._national_countries()
        self.main = self.main_countries()[:2]
        #: The report's two main countries that may stand for a side the sentence does not name.
        self.sides = [c for c in self.main if not self._only_a_setting(c)]
        #: Every country the report names as more than a setting.
        self.named = [c for c in self.main_countries() if not self._only_a_setting(c)]
        for s in self.sentences:
            cues = s.statuses or s.events
            s.date = parse_date(s.text, self.lang, self.published, cues[0].start if cues else None) \
                if self._wants_date(s) else None
        for s in self.sentences:
            for p in s.people:
                self.person(p, s)
        self._events()
        self._instruments()
        self._engagements()
        self._drop_homeless_companies()
        d = self.draft
        d.organizations = list(self.orgs.values())
        d.people = list(self.people.values())
        d.events = list(self.events.values())
        return d

    def _wants_date(self, s: Sentence) -> bool:
        if not (s.types or s.events or s.engagements or s.statuses):
            return False
        # Without a digit, only a weekday or "yesterday" can date a sentence.
        return any(ch.isdigit() for ch in s.text) or s.has("relative_day")

    # -- organizations and people -------------------------------------------------------------

    def org(self, mention: OrgMention, s: Sentence, fallback_country: str | None = None) -> DraftOrganization | None:
        if mention.cue.kind in INTERNATIONAL_KINDS:
            return self._international(mention, s)
        if mention.cue.kind == "company":
            return self._company(mention, s)
        country = mention.country or fallback_country
        if not country:
            return None
        if mention.english:
            english, cue_slug = mention.english, mention.cue.slug
            own = health_ministries().get(country) if mention.cue.health_ministry else None
            if own:  # "the Ministry of Health of Cuba" is its Ministry of Public Health (`national_bodies`)
                english, cue_slug = own["english"], own["slug"]
            name = f"{english} of {english_country_name(country)}"
            slug = f"{country.lower()}-{cue_slug}"
            if mention.host:  # "Embassy of Ecuador in Mexico"
                name += f" in {english_country_name(mention.host)}"
                slug += f"-in-{slugify(english_country_name(mention.host))}"
        elif mention.country_rule and "stands for one of each" in mention.country_rule:
            label = mention.text[0].upper() + mention.text[1:]
            name = f"{label.rstrip('s') if label.endswith(('ers', 'res')) else label} (unnamed in the report), {english_country_name(country)}"
            slug = f"{country.lower()}-{slugify(anyascii(mention.text), max_length=60)}-unnamed"
        else:
            name = nominative(mention.text, self.lang)
            base = re.sub(r"['’]s\b", "", name)
            for c in s.countries:
                if c.value.code == country:
                    base = base.replace(s.text[c.start:c.end], "")
            base = re.sub(r"(?:\s+(?:of|in|the|for|de|du|la))+\s*$", "", base.strip())
            slug = f"{country.lower()}-{slugify(anyascii(base), max_length=80) or mention.cue.kind}"
        existing = self.orgs.get(slug)
        if existing:
            return existing
        review = []
        rule = f"'{mention.text}' is a {mention.cue.kind} (cue '{mention.cue.kind}')"
        rule += "; " + (mention.country_rule or f"country {country} from the other side of the pairing")
        if not mention.country:
            review.append(f"country {country} inferred from the pairing, not stated with the organization")
        names = {}
        if self.lang != "en":
            names[self.lang] = nominative(mention.text, self.lang)
            if not mention.english:
                review.append("English name needed: the report names it only in its own language")
        org = DraftOrganization(slug, name, mention.cue.kind, country, names, s.text, rule, review)
        self.orgs[slug] = org
        return org

    def _international(self, mention: OrgMention, s: Sentence) -> DraftOrganization:
        slug = mention.cue.slug or slugify(anyascii(mention.text), max_length=80)
        existing = self.orgs.get(slug)
        if existing:
            return existing
        names = {self.lang: nominative(mention.text, self.lang)} if self.lang != "en" else {}
        review = [] if mention.english else ["English name needed: the report names it only in its own language"]
        org = DraftOrganization(slug, mention.english or mention.text, mention.cue.kind, None, names, s.text,
                                f"'{mention.text}' is an {mention.cue.kind} (cue '{mention.cue.kind}'): it stands for no country",
                                review)
        self.orgs[slug] = org
        return org

    def _company(self, mention: OrgMention, s: Sentence) -> DraftOrganization:
        slug = slugify(anyascii(mention.text), max_length=80) or "company"
        existing = self.orgs.get(slug)
        if existing:
            existing.country = existing.country or mention.country
            return existing
        rule = f"'{mention.text}' is named as a company"
        rule += f"; {mention.country_rule}" if mention.country_rule else ""
        org = DraftOrganization(slug, mention.text, "company", mention.country, {}, s.text,
                                rule + ": it signs as itself, its home country is no party")
        self.orgs[slug] = org
        return org

    def person(self, p: PersonMention, s: Sentence) -> DraftPerson:
        latin = anyascii(p.name)
        pid = slugify(latin, max_length=60)
        if pid in self.people:
            known = self.people[pid]
            if not (known.country or known.organization) and (p.country or p.org):
                # a later sentence says whom the person stands for: take that mention's role
                org = self.org(p.org, s) if p.org else None
                known.role, known.title = p.role, p.title
                known.organization, known.country = (org.id if org else None), p.country or (org.country if org else None)
                known.quote, known.rule = s.text, f"name '{p.name}' beside the title '{p.title}' (role {p.role})"
                known.review = [r for r in known.review if not r.startswith("role has neither")]
            return known
        org = self.org(p.org, s) if p.org else None
        person = DraftPerson(pid, latin, p.name if latin != p.name else None, self.lang if latin != p.name else None,
                             p.role, p.title, org.id if org else None, p.country or (org.country if org else None),
                             s.text, f"name '{p.name}' beside the title '{p.title}' (role {p.role})")
        if not person.organization and not person.country:
            person.review.append("role has neither organization nor country in the report; add one or drop the role")
        self.people[pid] = person
        return person

    # -- events --------------------------------------------------------------------------------

    def _events(self) -> None:
        for s in self.sentences:
            for m in s.events:
                if m.value == "visit":
                    continue
                self.event_for(s, m.value, m)

    def event_for(self, s: Sentence, kind: str, m: Match | None) -> DraftEvent:
        codes = "-".join(sorted(c.lower() for c in self.main)) or "xx"
        existing = next((e for e in self.events.values() if e.kind == kind), None)
        if existing is None:
            year = (s.date.value[:4] if s.date and not s.date.value.startswith("--") else None)
            label = vocabularies().scheme("event-kind").concepts[kind].label
            eid = f"{codes}-{kind}-{year or 'undated'}"
            number = None
            if m is not None and kind in ("commission-session", "meeting"):
                window = s.text[max(0, m.start - 20):m.end]
                found = _ORDINAL.search(window)
                number = int(found.group(1)) if found and 0 < int(found.group(1)) < 1000 else None
            between = " and ".join(english_country_name(c) for c in self.main)
            existing = DraftEvent(eid, kind, f"{label[0].upper()}{label[1:]}" + (f" ({between})" if between else ""),
                                  session_number=number)
            existing.date = s.date.value if s.date and not s.date.relative else (s.date.value if s.date else None)
            if s.date:
                existing.facts.append(Fact("date", s.date.value, s.text, s.date.rule))
            place = next((c for c in s.countries for w in s.words.get("place", []) if c.first == w.last + 1), None)
            if place:
                existing.country = place.value.code
                existing.facts.append(Fact("country", place.value.code, s.text,
                                           f"'{s.span(place.first - 1, place.last)}' after the event"))
            self.events[eid] = existing
        elif existing.date is None and s.date and not s.date.relative:
            # a later sentence dates the event the report named first without a date (its headline)
            existing.date = s.date.value
            existing.facts.append(Fact("date", s.date.value, s.text, s.date.rule))
            if existing.id.endswith("-undated") and not s.date.value.startswith("--"):
                del self.events[existing.id]
                existing.id = existing.id[:-len("undated")] + s.date.value[:4]
                self.events[existing.id] = existing
        if self.t.modes.find(s.toks):
            existing.mode = self.t.modes.find(s.toks)[0].value
        if not any(f.quote == s.text for f in existing.facts):
            existing.facts.append(Fact("event", kind, s.text, f"event cue '{m.phrase if m else kind}'"))
        for p in s.people:
            person = self.person(p, s)
            if all(a[0] != person.id for a in existing.attendees):
                existing.attendees.append((person.id, person.organization or person.country))
        return existing

    # -- instruments ---------------------------------------------------------------------------

    def _status(self, s: Sentence) -> tuple[str | None, str, str | None]:
        """(status, rule, review) from one sentence's cues."""
        if not s.statuses:
            ceremony = next((m for m in s.events if m.value == "signing-ceremony"), None)
            if ceremony and s.types and not s.has("future") and not s.has("negation"):
                return "signed", f"the signing ceremony of it ('{ceremony.phrase}')", None
            return None, "", None
        best = max(s.statuses, key=lambda m: STATUS_RANK.index(m.value) if m.value in STATUS_RANK else -1)
        status = best.value
        rule = f"status cue '{best.phrase}'"
        review = None
        cues = {m.value for m in s.statuses}
        act = self._act_only(s)
        before = [m for m in s.statuses if m.value in BEFORE_SIGNING]
        if status == "signed" and act and before:
            # "approved the signing of", "одобрило подписание", "a proposé de signer": the approval
            # or proposal is of a signing still to come
            best = max(before, key=lambda m: STATUS_RANK.index(m.value))
            status = best.value
            rule = f"status cue '{best.phrase}' of the act of signing ('{act[0].phrase}'), not a signing"
            cues = {status}
        elif status == "signed" and act:
            rule += f" ({ACT_OF_SIGNING})"
        if status in ("signed", "in-force") and s.has("future"):
            status, review = "proposed", (f"'{best.phrase}' with a future or plan ('{s.words['future'][0].phrase}'): "
                                          "a signing announced, not done; check whether it was proposed, approved or agreed")
        elif status in ("signed", "in-force", "adopted", "approved-for-signing") and any(
                0 <= best.first - w.last <= NEGATION_REACH for w in s.words["negation"]):
            # "it is false that an agreement was signed": no status is better than a denied one
            word = next(w for w in s.words["negation"] if 0 <= best.first - w.last <= NEGATION_REACH)
            return None, rule, f"negation '{word.phrase}' just before '{best.phrase}': the report may deny it"
        elif status in ("signed", "in-force", "adopted", "approved-for-signing") and s.has("negation"):
            review = f"negation '{s.words['negation'][0].phrase}' in the sentence; check the status"
        elif "approved-for-signing" in cues and status == "signed":
            review = "the sentence says both approved and signed; check which one happened"
        return status, rule, review

    @staticmethod
    def _act_only(s: Sentence) -> list[Match[str]]:
        """The sentence's act-of-signing words when every signing cue in it is one ("the signing
        of", "to sign", "подписание"): it names the signing, and says nothing of its being done."""
        signed = [m for m in s.statuses if m.value == "signed"]
        acts = s.words.get("signing_act", [])
        if not signed or not all(_overlaps(m, acts) for m in signed):
            return []
        return [a for a in acts if any(_overlaps(a, [m]) for m in signed)]

    @staticmethod
    def _signed_by_act_only(inst: DraftInstrument) -> bool:
        signed = [f for f in inst.facts if f.field == "status" and f.value == "signed"]
        return bool(signed) and all(ACT_OF_SIGNING in f.rule for f in signed)

    def _party_sides(self, s: Sentence, lo: int, hi: int) -> list[list[tuple[str | None, OrgMention | None]]]:
        """Groups (separated by ';') of sides (country, organization) in tokens lo..hi."""
        groups: list[list[tuple[str | None, OrgMention | None]]] = []
        current: list[tuple[str | None, OrgMention | None]] = []
        covered: set[int] = set()
        items: list[tuple[int, str, object]] = []
        for o in s.orgs:
            if o.cue.kind in INTERNATIONAL_KINDS and any(0 < o.first - w.last <= OCCASION_REACH
                                                         for w in s.words.get("occasion", [])):
                continue  # "on the sidelines of the WHO regional committee": where, not who
            if lo <= o.first <= hi:
                items.append((o.first, "org", o))
                covered.update(range(o.first, o.last + 1))
        for c in s.countries:
            if lo <= c.first <= hi and c.first not in covered and c.value.proper:
                # an owner country right before an organization belongs to it
                if any(o.first - c.last in (1, 2) and s.toks[c.last + 1].norm == "s" for o in s.orgs):
                    continue
                items.append((c.first, "country", c))
        for k in range(lo, hi + 1):
            if s.toks[k].norm == ";":
                items.append((k, "split", None))
        for _, kind, item in sorted(items, key=lambda x: x[0]):
            if kind == "split":
                if current:
                    groups.append(current)
                current = []
            elif kind == "org" and item.plural and len(self.main) == 2 and len(self.named) == 2:
                # one organization of each of the report's two countries
                for code in self.main:
                    current.append((code, OrgMention(item.cue, item.first, item.last, item.text, code,
                                                     f"'{item.text}' stands for one of each of the two countries",
                                                     item.english)))
            elif kind == "org":
                current.append((item.country, item))
            else:
                current.append((item.value.code, None))
        if current:
            groups.append(current)
        return groups

    def _instruments(self) -> None:
        d = self.draft
        last: DraftInstrument | None = None
        denied = self._denied_kinds()
        for s in self.sentences:
            refs = [m for m in s.types if any(w.last < m.first and m.first - w.last <= 2 for w in s.words.get("reference", []))]
            own = [m for m in s.types if m not in refs]
            anaphoric = bool(s.has("anaphora")) or (own and own[0].first > 0 and s.toks[own[0].first - 1].norm in self.t.determiners)
            if own and own[0].value == GENERIC_TYPE and last is not None and not s.countries and not s.orgs:
                # "the proposed draft Agreement", "the agreement": the generic word, naming no side
                # of its own, is the instrument the report is about
                anaphoric = True
            if own and last is not None and last.type != own[0].value and not {last.type, own[0].value} <= MEMORANDA \
                    and own[0].value != GENERIC_TYPE and all(_overlaps(w, own[:1]) for w in s.words.get("anaphora", [])):
                # "the Memorandum" after a joint statement is another instrument ("the agreement"
                # may be any: the word is used for all of them)
                anaphoric = False
            same = self._same_instrument(s, own[0]) if own else None
            if same is not None:
                self._attach(same, s)
                for other in self._joined_kinds(s, own):
                    also = self._same_instrument(s, other)
                    if also is not None and also is not same:
                        self._attach(also, s)
                last = same
            elif own and not (anaphoric and last is not None):
                status, _, why = self._status(s)
                if status is None:
                    d.notes.append(f"An instrument is mentioned without a status cue{f' ({why})' if why else ''} "
                                   f"and is not drafted: '{s.span(own[0].first, own[0].last)}'.")
                    continue
                if status in ("signed", "in-force") and own[0].value in denied:
                    d.notes.append(f"The report denies that an instrument of this kind was signed; "
                                   f"'{s.span(own[0].first, own[0].last)}' is not drafted as signed: check the report.")
                    continue
                made = self._new_instruments(s, own[0])
                for other in self._joined_kinds(s, own):
                    # "signed an agreement and a road map": each kind is an instrument of its own
                    made += [inst for inst in self._new_instruments(s, other)
                             if not any(i.type == inst.type for i in made)]
                for inst in made:
                    if refs:
                        inst.facts.append(Fact("refers_to", s.span(refs[0].first, refs[0].last), s.text,
                                               f"reference cue before '{refs[0].phrase}'",
                                               "refers to an earlier instrument: find its id in the graph and add it to refers_to"))
                    d.instruments.append(inst)
                last = made[-1] if made else last
            elif last is not None and (own or anaphoric or (s.statuses and s.people and len(d.instruments) == 1)):
                if any(fold(s.text[w.start:w.end], self.lang).endswith(self.t.anaphora_all)
                       for w in s.words.get("anaphora", [])):
                    continue  # about all of them: no fact for one
                self._attach(last, s)
            elif last is not None and self._continues(last, s):
                self._continued(last, s)
        self._merge_repeated()
        self._bodies_named_elsewhere()
        for inst in list(d.instruments):
            self._finish(inst)
            if "__earlier__" in inst.renews:
                inst.renews.remove("__earlier__")
                inst.renews.append(self._earlier(inst).id)

    def _joined_kinds(self, s: Sentence, own: list[Match[str]]) -> list[Match[str]]:
        """The instrument kinds joined to the first one by a conjunction ("соглашение и «дорожную
        карту»", "an agreement and an action plan"), each of another kind: only a conjunction,
        quotes, articles or adjectives between them."""
        conjunctions = {w.first for w in s.words.get("conjunction", [])}
        joined, previous = [], own[0]
        for m in own[1:]:
            between = range(previous.last + 1, m.first)
            if not any(k in conjunctions for k in between) or len(between) > JOINED_KINDS_GAP \
                    or any(s.toks[k].norm in (",", ";", ":") for k in between):
                break
            if m.value != own[0].value and all(m.value != j.value for j in joined):
                joined.append(m)
            previous = m
        return joined

    def _denied_kinds(self) -> set[str]:
        """Kinds of instrument whose signing a sentence denies ("it is false that an agreement was
        signed"): another sentence's signing of that kind is the claim denied, not a signing."""
        kinds = set()
        for s in self.sentences:
            signed = [m for m in s.statuses if m.value in ("signed", "in-force")]
            if s.types and any(0 <= m.first - w.last <= NEGATION_REACH for m in signed for w in s.words.get("denial", [])):
                kinds.update(m.value for m in s.types)
        return kinds

    def _continues(self, inst: DraftInstrument, s: Sentence) -> bool:
        """A sentence right after one about the instrument that goes on about it ("In particular,
        the high rates of cardiovascular disease, diabetes and tuberculosis ..."): it names fields,
        and no instrument, status, event, engagement or country of its own."""
        # an item of a list the instrument's sentence opens ("covers the following areas:", "...;")
        listed = s.index > 0 and self.sentences[s.index - 1].text.rstrip().endswith(LIST_OPENERS) \
            or s.text.rstrip().endswith(LIST_OPENERS[:1] + LIST_OPENERS[2:])  # or opens one ("It covers:")
        if s.index - 1 not in inst.sentences or not (s.domains or listed):
            return False
        if s.types or s.statuses or s.events or s.engagements or s.has("anaphora"):
            return False
        codes = {p.country for p in inst.parties if p.country}
        return all(c.value.code in codes for c in s.countries)

    def _continued(self, inst: DraftInstrument, s: Sentence) -> None:
        inst.sentences.append(s.index)
        for d in s.domains:
            if d.value not in inst.domains:
                inst.domains.append(d.value)
                inst.facts.append(Fact("domains", d.value, s.text,
                                       f"domain label '{d.phrase}' in the sentence that goes on about it"))

    def _bodies_named_elsewhere(self) -> None:
        """A party given only as its country takes the state body of that country that the report
        names elsewhere ("Vice Minister X of the National Health Commission of China" attended;
        "the three vice ministers signed the memorandum"), when the report names one and only one."""
        # A body given only by being joined to another country's ("the ministers of A and B") is
        # wanting too: the body of that country the report names is the one.
        wanting = [(inst, p) for inst in self.draft.instruments for p in inst.parties
                   if p.country and (not p.organization or p.organization in self._joined_orgs)]
        if not wanting:
            return
        bodies: dict[str, dict[str, tuple[OrgMention, Sentence]]] = {}
        for s in self.sentences:
            for o in s.orgs:
                if o.country and o.cue.kind in STATE_BODY_KINDS and not o.plural and not (
                        o.country_rule and ("stands for one of each" in o.country_rule or JOINED in o.country_rule)):
                    org = self.org(o, s)
                    if org is not None:
                        bodies.setdefault(o.country, {}).setdefault(org.id, (o, s))
        for inst, party in wanting:
            found = bodies.get(party.country, {})
            if len(found) != 1 or any(q.organization in found for q in inst.parties):
                continue
            (org_id, (mention, s)), = found.items()
            if party.organization:
                joined = party.organization
                inst.facts = [f for f in inst.facts if not (f.field == "parties" and f.value == f"{party.country}/{joined}")]
                party.organization = org_id
                if not any(q.organization == joined for i in self.draft.instruments for q in i.parties) and not any(
                        person.organization == joined for person in self.people.values()):
                    self.orgs.pop(joined, None)
            party.organization = org_id
            inst.facts.append(Fact("parties", f"{party.country}/{org_id}", s.text,
                                   f"'{mention.text}', the one {party.country} state body the report names",
                                   f"the report names '{mention.text}' but not beside this instrument: check it is "
                                   f"the party for {party.country}"))

    @staticmethod
    def _same_one(a: DraftInstrument, b: DraftInstrument) -> bool:
        """Two instruments drafted from different sentences (a headline and the body, a sentence and
        a later one naming it afresh) that are one: the same kind, one's countries among the other's,
        and no body of one country named differently on the two."""
        if a.type != b.type and not {a.type, b.type} <= MEMORANDA:
            return False
        if a.renews or b.renews or set(a.sentences) & set(b.sentences):
            return False  # one sentence naming several ("memoranda were signed between ...") names several
        ca, cb = {p.country for p in a.parties if p.country}, {p.country for p in b.parties if p.country}
        if not (ca <= cb or cb <= ca):
            return False
        return not any(p.country and p.country == q.country and p.organization and q.organization
                       and p.organization != q.organization for p in a.parties for q in b.parties)

    def _merge_repeated(self) -> None:
        d = self.draft
        k = 0
        while k < len(d.instruments):
            inst = d.instruments[k]
            j = next((j for j in range(k + 1, len(d.instruments)) if self._same_one(inst, d.instruments[j])), None)
            if j is None:
                k += 1
                continue
            other = d.instruments[j]
            richer = sum(1 for p in other.parties if p.organization) > sum(1 for p in inst.parties if p.organization) \
                or len(other.parties) > len(inst.parties)
            keep, gone = (other, inst) if richer else (inst, other)
            self._merge_into(keep, gone)
            d.instruments[k] = keep
            del d.instruments[j]

    @staticmethod
    def _merge_into(keep: DraftInstrument, gone: DraftInstrument) -> None:
        for p in gone.parties:
            same = next((q for q in keep.parties if q.country == p.country and (
                q.organization == p.organization or not q.organization or not p.organization)), None)
            if same is None:
                keep.parties.append(p)
                continue
            same.organization = same.organization or p.organization
            same.signatory = same.signatory or p.signatory
        keep.facts.extend(f for f in gone.facts if f.field != "type")
        # The status: the latest stage a sentence states without doubt; a doubtful one only if none is sure.
        sure = [f.value for f in keep.facts if f.field == "status" and f.value in STATUS_RANK and not f.review
                and ACT_OF_SIGNING not in f.rule]
        named_act = any(f.field == "status" and f.value == "signed" and not f.review and ACT_OF_SIGNING in f.rule
                        for f in keep.facts)
        if sure:
            keep.status = max(sure, key=STATUS_RANK.index)
            if named_act and keep.status not in BEFORE_SIGNING and STATUS_RANK.index(keep.status) < STATUS_RANK.index("signed"):
                keep.status = "signed"
        elif named_act:
            keep.status = "signed"
        else:
            keep.status = keep.status or gone.status
        keep.signed_date = keep.signed_date or gone.signed_date
        if keep.status not in ("signed", "in-force", "adopted"):
            keep.signed_date = None
        keep.domains.extend(x for x in gone.domains if x not in keep.domains)
        keep.signed_at = keep.signed_at or gone.signed_at
        keep.refers_to.extend(x for x in gone.refers_to if x not in keep.refers_to)
        keep.sentences = sorted(set(keep.sentences) | set(gone.sentences))

    def _earlier(self, inst: DraftInstrument) -> DraftInstrument:
        """The instrument a renewal replaces: only its parties' countries and subject are known."""
        first = next(s for s in self.sentences if s.index == inst.sentences[0])
        domains = [f.value for f in inst.facts if f.field == "domains" and f.quote == first.text]
        earlier = DraftInstrument(
            id=f"{inst.id}-earlier", type=inst.type, status="signed",
            title=f"Earlier {inst.title[0].lower()}{inst.title[1:]} (renewed by {inst.id})"[:300],
            parties=[DraftParty(c) for c in sorted({p.country for p in inst.parties if p.country})],
            domains=domains or list(inst.domains[:1]), sentences=[first.index],
            unknown=["signing date: not given", "title and signatories of the earlier instrument: not given"],
        )
        renewal = next(f for f in inst.facts if f.field == "renews")
        earlier.facts.append(Fact("status", "signed", first.text, f"renewal cue '{renewal.value}': an earlier one was signed",
                                  "earlier instrument inferred from the renewal; link it to the graph's record if there is one"))
        self.draft.instruments.insert(self.draft.instruments.index(inst), earlier)
        return earlier

    def _same_instrument(self, s: Sentence, m: Match[str]) -> DraftInstrument | None:
        """An instrument already drafted that this mention names again (same kind, same parties)."""
        if not self.draft.instruments:
            return None
        mentioned = {o.country for o in s.orgs if o.country} | {c.value.code for c in s.countries}
        orgs = {o.text for o in s.orgs}
        for inst in reversed(self.draft.instruments):
            kinds = {inst.type, m.value}
            if len(kinds) > 1 and not kinds <= MEMORANDA:
                continue
            codes = {p.country for p in inst.parties if p.country}
            named = {o.names.get(self.lang) or o.name for o in self.orgs.values() if o.id in {p.organization for p in inst.parties}}
            if len(codes) >= 2 and codes <= mentioned and (not orgs or orgs & named or len(s.orgs) >= 2):
                return inst
        return None

    def _new_instruments(self, s: Sentence, m: Match[str]) -> list[DraftInstrument]:
        between = next((w for w in s.words.get("between", []) if w.first > m.last), None)
        if between is not None and not any(between.last < x.first <= between.last + 3
                                           for x in [*s.countries, *s.orgs]):
            # "between both countries", "entre otros" (among others): no list of sides follows,
            # the sides are those the sentence names
            between = None
        lo, hi = (between.last + 1, len(s.toks) - 1) if between else (0, len(s.toks) - 1)
        groups = self._party_sides(s, lo, hi)
        head = s.toks[m.first].norm
        plural_rule = self.t.plural_heads
        plural = bool(plural_rule.ending) and head.endswith(plural_rule.ending) or head in plural_rule.words
        if not plural:
            groups = [[side for g in groups for side in g]]
        status, status_rule, status_review = self._status(s)
        made = []
        for g in groups:
            inst = self._instrument(s, m, g, status, status_rule, status_review, between is not None)
            if inst:
                made.append(inst)
        return made

    def _stated_parties(self, s: Sentence, sides: list[tuple[str | None, OrgMention | None]],
                        has_between: bool) -> tuple[list[DraftParty], list[Fact]]:
        """The parties a sentence states: its sides (countries, bodies), a body's country inferred
        only where the sentence leaves one country for it."""
        parties: list[DraftParty] = []
        facts: list[Fact] = []
        countries_in_sides = [c for c, _ in sides if c]
        fallback = [c for c in self.main if c not in countries_in_sides]
        for country, mention in sides:
            if mention is not None:
                # a side named without its country is not of the country another side states; it is
                # of the one main country left when the sentence states the other side's, and of
                # none when it states no other side: which of two it is, or whether it is a side at
                # all ("the minister is authorised to sign it"), would be a guess
                if mention.cue.kind in COMPANY_KINDS:
                    org = self.org(mention, s)
                else:
                    inferred = None if mention.country or len(sides) < 2 else (fallback.pop(0) if len(fallback) == 1 else None)
                    if inferred is not None and mention.cue.kind in INSTITUTION_KINDS and len(self.named) < 2:
                        # an institution unplaced in a report of one country: which side is that
                        # country's is not said
                        inferred = None
                    if inferred is None and not mention.country and mention.cue.kind in INSTITUTION_KINDS \
                            and countries_in_sides:
                        inferred = self._home_country()
                        if inferred:
                            mention = replace(mention, country_rule=f"country {inferred} of the report's language "
                                              f"({self.lang}), the other side's being stated")
                    org = self.org(mention, s, inferred)
                if org is None:
                    continue
                if JOINED in (mention.country_rule or ""):
                    self._joined_orgs.add(org.id)
                side = party_country(org)
                if any(p.country == side and p.organization == org.id for p in parties):
                    continue
                parties.append(DraftParty(side, org.id))
                facts.append(Fact("parties", f"{side or '-'}/{org.id}", s.text,
                                  f"organization '{mention.text}' " + ("after 'between'" if has_between else "in the sentence")
                                  + (f"; {org.review[0]}" if org.review else "")))
            elif country and not any(p.country == country for p in parties):
                parties.append(DraftParty(country))
                facts.append(Fact("parties", country, s.text, f"country named {'after between' if has_between else 'in the sentence'}"))
        # A country named beside its own body is one party, not two.
        parties = [p for p in parties if p.organization or not any(
            q.organization and q.country == p.country for q in parties)]
        return parties, facts

    def _instrument(self, s, m, sides, status, status_rule, status_review, has_between) -> DraftInstrument | None:
        itype = m.value
        review_parties = None
        parties, facts = self._stated_parties(s, sides, has_between)
        if len({p.country for p in parties}) < 2 and len(parties) < 2 and s.siblings:
            # "The Meeting endorsed the Joint Statement, and the ministers of A, B and C signed ...":
            # a clause naming no side has those of its sentence's other clauses
            for k in s.siblings:
                for c in self.sentences[k].countries:
                    if c.value.proper and c.value.code not in [p.country for p in parties]:
                        parties.append(DraftParty(c.value.code))
                        facts.append(Fact("parties", c.value.code, s.text, "country named in another clause of the sentence",
                                          "the clause names no side; its sentence's other clause does: check they are the same"))
        if len({p.country for p in parties}) < 2 and len(parties) < 2:
            missing = [c for c in self.sides if c not in [p.country for p in parties]]
            for c in missing[: 2 - len(parties)]:
                parties.append(DraftParty(c))
                review_parties = ("parties taken from the report's two main countries "
                                  f"({', '.join(self.main)}): the sentence does not name both sides")
                facts.append(Fact("parties", c, s.text, MAIN_COUNTRY_RULE, review_parties))
        codes = sorted({p.country for p in parties if p.country})
        if itype in ADOPTED_TYPES and status == "approved-for-signing" and {c.value for c in s.statuses} == {status}:
            # a meeting that approves (endorses) its declaration adopts it: nobody signs it later
            status, status_rule = "adopted", status_rule + f"; a {itype} approved by those who make it is adopted"
        label = vocabularies().scheme("instrument-type").concepts[itype].label
        title_en, title_original = self._title(s, m, label, parties)
        inst = DraftInstrument(id="", type=itype, status=status, title=title_en, title_original=title_original,
                               parties=parties, sentences=[s.index])
        inst.facts.append(Fact("type", itype, s.text, f"instrument cue '{m.phrase}'",
                               "the report says only 'memorandum': check its kind" if fold(m.phrase, self.lang) in self.t.bare_kinds else None))
        if status:
            inst.facts.append(Fact("status", status, s.text, status_rule, status_review))
        inst.facts.extend(facts)
        if s.has("renewal"):
            w = s.words["renewal"][0]
            inst.facts.append(Fact("renews", w.phrase, s.text, f"renewal cue '{w.phrase}'",
                                   "renews an earlier instrument: the draft adds it as a separate record; check it"))
            inst.renews.append("__earlier__")
        if s.date and status in ("signed", "in-force", "adopted"):
            inst.signed_date = s.date.value
            inst.facts.append(Fact("signed_date", s.date.value, s.text, s.date.rule,
                                   "relative date resolved against the publication date" if s.date.relative else None))
        self._domains_from(inst, s, m.first, sides)
        self._signatories(inst, s)
        ev = self._event_of(s) or next((e for k in s.siblings if (e := self._event_of(self.sentences[k]))), None)
        if ev:
            inst.signed_at = ev.id
            inst.facts.append(Fact("signed_at", ev.id, s.text, f"event named in the same sentence ({ev.kind})"))
        inst.id = "-".join(c.lower() for c in codes)  # completed in _finish
        return inst

    def _title(self, s: Sentence, m: Match, label: str, parties: list[DraftParty]) -> tuple[str, str | None]:
        end = len(s.toks) - 1
        for k in range(m.last + 1, len(s.toks)):
            if s.toks[k].norm in (",", ";", ":") or s.toks[k].norm in self.t.title_ends:
                end = k - 1
                break
        phrase = s.span(m.first, end) if end >= m.first else s.span(m.first, m.last)
        org_names = {o.id: o.name for o in self.orgs.values()}
        names = [org_names.get(p.organization) or english_country_name(p.country) for p in parties]
        composed = f"{label[0].upper()}{label[1:]} between {' and '.join(dict.fromkeys(names))}" if names else label
        if self.lang == "en":
            title = phrase if end > m.last and len(phrase) <= 200 else composed
            if title == phrase and phrase[0].islower():
                title = phrase[0].upper() + phrase[1:]
            return title[:300], None
        return composed[:300], phrase[:300]

    def _domains_from(self, inst: DraftInstrument, s: Sentence, lo: int, sides) -> None:
        """Domains named from the instrument's mention on; with several pairs of parties in one
        sentence, each instrument takes only those inside its own pair ("cardiology centers")."""
        matches = [d for d in s.domains if d.first >= lo]
        pairs = self._party_sides(s, 0, len(s.toks) - 1)
        if len(pairs) > 1 and any(o for _, o in sides):
            # two words before a head may name its field: "cardiology centers"
            spans = [(max(o.first - 2, 0) if o.first == o.last else o.first, o.last) for _, o in sides if o]
            lo_pair, hi_pair = min(a for a, _ in spans), max(b for _, b in spans)
            matches = [d for d in s.domains if lo_pair <= d.first <= hi_pair]
        for d in matches:
            if d.value not in inst.domains:
                inst.domains.append(d.value)
                inst.facts.append(Fact("domains", d.value, s.text, f"domain label '{d.phrase}'"))

    def _signatories(self, inst: DraftInstrument, s: Sentence) -> None:
        status, _, review = self._status(s)
        if status not in ("signed",) or review or s.has("presence"):
            return
        if s.has("speech"):
            for p in s.people:
                inst.facts.append(Fact("signatory", None, s.text, "person in a sentence that reports speech",
                                       f"{p.name} speaks in a sentence about the signing; the report does not say "
                                       "they signed: add them as signatory only if it does"))
            return
        # "was inked during the meeting of A and B": the people of an event named after the signing
        # cue are that event's, not the signing's (a signer is named before the event, or by "by")
        signing = min((m.first for m in s.statuses if m.value == "signed"), default=None)
        settings = [e for e in s.events if signing is not None and e.first > signing]
        for p in s.people:
            setting = next((e for e in settings if e.last < p.first), None)
            if setting is not None:
                inst.facts.append(Fact("signatory", None, s.text, "person named in the event after the signing cue",
                                       f"{p.name} is named in '{setting.phrase}' after the signing: the report does not "
                                       "say they signed; add them as signatory only if it does"))
                continue
            person = self.person(p, s)
            if not person.country:
                inst.facts.append(Fact("signatory", person.id, s.text, "person in a signing sentence",
                                       f"{person.name} is named in a signing sentence but no country is given: "
                                       "check whether and for whom they signed"))
                continue
            candidates = [party for party in inst.parties if party.country == person.country and not party.signatory]
            if person.organization:
                exact = [party for party in candidates if party.organization == person.organization]
                candidates = exact or [party for party in candidates if party.organization is None] or candidates
            if len(candidates) == 1:
                candidates[0].signatory = person.id
                inst.facts.append(Fact("signatory", person.id, s.text,
                                       f"'{p.name}' ({p.title}) in a sentence with the signing cue, party {person.country}"))
            elif len(candidates) > 1:
                inst.facts.append(Fact("signatory", person.id, s.text, "person in a signing sentence",
                                       f"{person.name} signed for {person.country}, which has several parties: choose one"))

    def _event_of(self, s: Sentence) -> DraftEvent | None:
        kinds = [m.value for m in s.events]
        if "visit" in kinds:  # "during the visit": the visit the report already named
            kinds += ["official-visit", "working-visit"]
        for kind in EVENT_RANK:
            if kind in kinds:
                found = next((e for e in self.events.values() if e.kind == kind), None)
                if found:
                    return found
        return None

    def _attach(self, inst: DraftInstrument, s: Sentence) -> None:
        """A later sentence about the same instrument: more status, signatories, domains."""
        inst.sentences.append(s.index)
        self._sides_named_later(inst, s)
        # A later sentence may name the bodies behind parties first given as countries: by their
        # country, or, for a state body named without one ("the Health Minister signed it"), the
        # only party whose body is not named yet.
        bare = [p for p in inst.parties if p.country and p.organization is None]
        for mention in s.orgs:
            party = next((p for p in inst.parties if p.country == mention.country and p.organization is None), None)
            if party is not None and mention.country:
                org = self.org(mention, s)
                rule = f"organization '{mention.text}' in a sentence about the same instrument"
            elif mention.country is None and mention.cue.kind in STATE_BODY_KINDS and len(bare) == 1 \
                    and bare[0].organization is None and not s.has("presence"):
                party = bare[0]
                org = self.org(mention, s, party.country)
                rule = (f"state body '{mention.text}' named without its country in a sentence about the same "
                        f"instrument; {party.country} is the one party whose body was not named")
            else:
                continue
            if org and org.country == party.country and not any(p.organization == org.id for p in inst.parties):
                party.organization = org.id
                inst.facts.append(Fact("parties", f"{org.country}/{org.id}", s.text, rule))
        status, rule, review = self._status(s)
        act_only = status == "signed" and ACT_OF_SIGNING in rule
        raises = inst.status is None or STATUS_RANK.index(status or "discussed") > STATUS_RANK.index(inst.status)
        if act_only and inst.status in BEFORE_SIGNING:
            raises = False  # "the purpose of signing it", "authorised to sign it": the approved signing, named again
        # A signing read only from the act's name ("Signing of a Memorandum ...") gives way to the
        # sentence that says the signing was approved or proposed.
        lowers = status in BEFORE_SIGNING and inst.status == "signed" and self._signed_by_act_only(inst)
        if status and (raises or lowers) and not review:
            inst.status = status
            inst.facts.append(Fact("status", status, s.text, rule + " (sentence about the same instrument)"))
            if lowers:
                inst.signed_date = None
                inst.facts = [f for f in inst.facts if f.field != "signed_date"]
        self._signatories(inst, s)
        for d in s.domains:
            if d.value not in inst.domains:
                inst.domains.append(d.value)
                inst.facts.append(Fact("domains", d.value, s.text, f"domain label '{d.phrase}' in a sentence about it"))
        if not inst.signed_at:
            ev = self._event_of(s)
            if ev:
                inst.signed_at = ev.id
                inst.facts.append(Fact("signed_at", ev.id, s.text, f"event in a sentence about it ({ev.kind})"))
        if not inst.signed_date and s.date and inst.status == "signed" and status == "signed":
            inst.signed_date = s.date.value
            inst.facts.append(Fact("signed_date", s.date.value, s.text, s.date.rule))
        if not any(f.quote == s.text for f in inst.facts):
            inst.facts.append(Fact("evidence", None, s.text, "sentence about the same instrument"))

    def _sides_named_later(self, inst: DraftInstrument, s: Sentence) -> None:
        """Parties taken from the report's main countries give way to the sides a later sentence
        about the instrument names with a status ("The document was signed by the ministers of
        health of Armenia A, Belarus B, Georgia C ..."): they were a guess, the sentence states them."""
        guessed = [f for f in inst.facts if f.field == "parties" and f.rule == MAIN_COUNTRY_RULE]
        if not guessed or len(guessed) < len([f for f in inst.facts if f.field == "parties"]) or not s.statuses:
            return
        sides = [side for group in self._party_sides(s, 0, len(s.toks) - 1) for side in group]
        parties, facts = self._stated_parties(s, sides, False)
        if len({p.country for p in parties if p.country}) < 2:
            return
        inst.parties = parties
        inst.facts = [f for f in inst.facts if f.field != "parties"]
        for f in facts:
            f.rule += " (a later sentence about it names its sides, where they were taken from the main countries)"
        inst.facts.extend(facts)

    def _finish(self, inst: DraftInstrument) -> None:
        # "the Regional Office for Europe of the WHO": the office is the party, not its organization too
        within = {org["slug"]: org["part_of"] for org in lexicon()["organization"] if org.get("part_of")}
        whole = {within[p.organization] for p in inst.parties if p.organization in within}
        if whole & {p.organization for p in inst.parties}:
            inst.parties = [p for p in inst.parties if p.organization not in whole]
            inst.facts = [f for f in inst.facts if not (f.field == "parties" and str(f.value).split("/")[-1] in whole)]
        # A field named only in general terms ("health", "salud") is, for an instrument between
        # parties, their cooperation in it (`instrument_domains`)
        general = lexicon().get("instrument_domains") or {}
        if any(d in general for d in inst.domains):
            inst.domains = list(dict.fromkeys(general.get(d, d) for d in inst.domains))
            for f in inst.facts:
                if f.field == "domains" and f.value in general:
                    f.rule += f"; '{f.value}' named in general terms, of an instrument: {general[f.value]}"
                    f.value = general[f.value]
        codes = sorted({p.country for p in inst.parties if p.country})
        abbreviation = TYPE_ABBREVIATION.get(inst.type, inst.type)
        subject = inst.domains[0] if inst.domains else "cooperation"
        base = "-".join([*(c.lower() for c in codes), abbreviation, subject])
        if len(codes) == 1:
            # the bodies' ids without their country ("mx-secretaria-de-salud"); a company's has none
            prefix = f"{codes[0].lower()}-"
            orgs = [p.organization[len(prefix):] if p.organization.startswith(prefix) else p.organization
                    for p in inst.parties if p.organization]
            base = "-".join([codes[0].lower(), abbreviation, *[o.split("-")[0] for o in orgs]])
        if inst.signed_date and not inst.signed_date.startswith("--"):
            base += f"-{inst.signed_date[:4]}"
        candidate, n = base, 2
        taken = {i.id for i in self.draft.instruments if i is not inst}
        while candidate in taken:
            candidate, n = f"{base}-{n}", n + 1
        inst.id = candidate[:120].strip("-")
        event = next((e for e in self.events.values() if e.id == inst.signed_at), None)
        if not inst.signed_date and inst.status in ("signed", "adopted") and event is not None and event.date \
                and len(event.date) == 10:
            # signed at an event the report dates to the day, and dated by nothing else
            inst.signed_date = event.date
            inst.facts.append(Fact("signed_date", event.date, next((f.quote for f in event.facts if f.field == "date"), ""),
                                   f"the date of the event it was {inst.status} at ({event.id})",
                                   "dated by the event it was signed at: check it was that day"))
        if inst.status == "signed":
            if not inst.signed_date:
                inst.unknown.append("signing date: not given")
            if not any(p.signatory for p in inst.parties):
                inst.unknown.append("signatories: not named")
        if not inst.domains:
            health = [s for s in self.sentences if s.index in inst.sentences]
            inst.facts.append(Fact("domains", None, health[0].text if health else "", "no domain label found",
                                   "no health domain named: choose one from ontology/domains.ttl"))

    # -- engagements ---------------------------------------------------------------------------

    def _engagements(self) -> None:
        d = self.draft
        instrument_sentences = {i for inst in d.instruments for i in inst.sentences}
        previous: DraftEngagement | None = None
        eng_sentence: dict[str, int] = {}
        for s in self.sentences:
            if s.index in instrument_sentences or not s.engagements:
                continue
            cue = min(s.engagements, key=lambda m: ENGAGEMENT_RANK.index(m.value))
            kind, status = ENGAGEMENT_KIND[cue.value]
            countries = list(dict.fromkeys(c.value.code for c in s.countries if c.value.proper))
            if cue.value == "planned-activity" and previous is not None and not s.domains and not countries:
                # "The consultations are planned ...": the engagement just described is a plan
                previous.kind, previous.status = "planned-activity", "planned"
                previous.title = "Planned activity" + previous.title[previous.title.index(" on "):] if " on " in previous.title else previous.title
                if s.date and not s.date.relative:
                    previous.date = s.date.value
                previous.facts.append(Fact("kind", "planned-activity", s.text, f"plan cue '{cue.phrase}' after it"))
                continue
            if cue.value == "opposed" and previous is not None and not s.domains:
                previous.kind, previous.status = "proposal", "opposed"
                previous.title = "Proposal" + previous.title[previous.title.index(" on "):] if " on " in previous.title else previous.title
                previous.opposed_by = [(c, None) for c in countries] or previous.opposed_by
                previous.facts.append(Fact("opposed_by", countries, s.text, f"opposition cue '{cue.phrase}' after the proposal"))
                continue
            domains = list(dict.fromkeys(m.value for m in s.domains))
            context: list[Sentence] = []
            if not domains and kind == "discussion":
                # "A meeting was held ...": what it was about follows in the next sentences.
                for later in self.sentences[s.index + 1:s.index + 7]:
                    if later.index in instrument_sentences or later.engagements or later.types:
                        break
                    if later.domains:
                        context.append(later)
                        domains.extend(m.value for m in later.domains if m.value not in domains)
            headline = False
            if not domains and (s.has("both_sides") or len(countries) >= 2):
                # The two sides agree "to cooperate": on what the headline says, when it names a field.
                title_toks = tokens(self.draft.title or "", self.lang)
                domains = list(dict.fromkeys(m.value for m in self.t.domains.find(title_toks)))
                headline = bool(domains)
            if not domains:
                continue  # not about a field of health the scheme names
            participants: list[tuple[str | None, str | None]] = []
            for o in s.orgs:
                org = self.org(o, s)
                if org and (org.country, org.id) not in participants:
                    participants.append((org.country, org.id))
            for c in countries:
                if not any(p[0] == c for p in participants):
                    participants.append((c, None))
            rule_participants = "countries and organizations named in the sentence"
            if len({p[0] for p in participants}) < 2 and (s.has("both_sides") or not participants):
                for c in self.main:
                    if not any(p[0] == c for p in participants):
                        participants.append((c, None))
                rule_participants = "the report's two main countries ('both sides' or no names in the sentence)"
            if not participants:
                continue
            names = " and ".join(english_country_name(c) for c in dict.fromkeys(p[0] for p in participants if p[0]))
            labels = ", ".join(vocabularies().domains.concepts[x].label for x in domains[:3])
            kind_label = vocabularies().scheme("engagement-kind").concepts[kind].label
            title = f"{kind_label[0].upper()}{kind_label[1:]} on {labels}" + (f" ({names})" if names else "")
            codes = "-".join(sorted({p[0].lower() for p in participants if p[0]}))
            eid = slugify(f"{codes}-{domains[0]}-{kind}", max_length=100)
            n = 2
            while any(e.id == eid for e in d.engagements):
                eid = slugify(f"{codes}-{domains[0]}-{kind}-{n}", max_length=100)
                n += 1
            eng = DraftEngagement(eid, kind, status, title[:300], participants=participants, domains=domains)
            eng.facts.append(Fact("kind", kind, s.text, f"engagement cue '{cue.phrase}'"))
            eng.facts.append(Fact("participants", participants, s.text, rule_participants))
            for x in domains:
                if headline:
                    eng.facts.append(Fact("domains", x, s.text, "domain label in the report's headline",
                                          "the sentence names no field; the domain comes from the headline"))
                    continue
                where = next((c for c in [s, *context] if any(m.value == x for m in c.domains)), s)
                eng.facts.append(Fact("domains", x, where.text, "domain label in the sentence" if where is s
                                      else "domain label in a sentence following the meeting"))
            if s.date and not s.date.relative:
                eng.date = s.date.value
            ev = self._event_of(s)
            if ev:
                eng.event = ev.id
            eng_sentence[eng.id] = s.index
            d.engagements.append(eng)
            previous = eng
        self._merge_headline(eng_sentence)

    def _merge_headline(self, eng_sentence: dict[str, int]) -> None:
        """A headline that sums up an engagement the body reports is that engagement."""
        d = self.draft
        for head in [e for e in d.engagements if eng_sentence.get(e.id) == 0]:
            countries = {p[0] for p in head.participants}
            body = next((e for e in d.engagements if e is not head and e.kind == head.kind
                         and {p[0] for p in e.participants} == countries), None)
            if body is None:
                continue
            body.domains.extend(x for x in head.domains if x not in body.domains)
            body.facts.extend(head.facts)
            d.engagements.remove(head)
            if body.id.startswith(head.id + "-"):
                body.id = head.id


def extract(article: Article, published: str | None = None) -> Draft:
    extractor = Extractor(article, published or article.published)
    draft = extractor.run()
    for note in article.notes:
        draft.explain.append(("source", note))
    if published and published != article.published:
        draft.explain.append(("source.published", "given with --published"))
    elif article.published:
        draft.explain.append(("source.published", article.published_rule or "report metadata"))
    draft.explain.append(("source.language", f"{article.language} ({article.language_rule})"))
    return draft
