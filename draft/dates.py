"""Dates as precise as the report: YYYY, YYYY-MM, YYYY-MM-DD or --MM-DD; relative dates ("on
Tuesday", "yesterday") resolved against the publication date.

dateparser reads the dates. It is slow to search a whole sentence, so candidates are found
first with a pattern built from dateparser's own month, weekday and relative-day words for the
language, and only those are parsed; the parts it reports (year, month, day) give the precision.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from draft.lexicon import lexicon

_DAY = r"\d{1,2}(?:st|nd|rd|th|er|-?го|-?е)?"
_YEAR = r"(?:1[89]|20)\d{2}"


@dataclass(frozen=True)
class FoundDate:
    value: str  # partial date
    text: str  # as the sentence gives it
    rule: str
    relative: bool = False


def _alternatives(words) -> str:
    unique = sorted({w for w in words if w and len(w) > 1}, key=len, reverse=True)
    return "|".join(re.escape(w) for w in unique)


@lru_cache(maxsize=16)
def _candidates(lang: str) -> re.Pattern:
    # Imported on first use: the API and the CLI import this module at start-up but seldom draft, and
    # the library is slow to import.
    from dateparser.languages.loader import LocaleDataLoader

    try:
        info = next(LocaleDataLoader().get_locales(languages=[lang])).info
    except (StopIteration, ValueError):
        info = {}
    months = _alternatives(w for m in ("january", "february", "march", "april", "may", "june", "july", "august",
                                       "september", "october", "november", "december") for w in info.get(m, []))
    weekdays = _alternatives(w for d in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
                             for w in info.get(d, []) if len(w) > 3)
    relative = _alternatives(w for key, words in info.get("relative-type", {}).items()
                             if key in ("1 day ago", "0 day ago") for w in words)
    before_year = _alternatives(lexicon().get("year_prepositions", {}).get(lang, []))
    before_day = _alternatives(lexicon().get("day_words", {}).get(lang, []))
    parts = [r"\d{4}-\d{2}-\d{2}", r"\d{1,2}[./-]\d{1,2}[./-]\d{4}"]
    if before_day:  # "ngày 21/10": a day and month without the year
        parts.append(rf"(?:\b(?:{before_day})\s(?P<day_month>\d{{1,2}}/\d{{1,2}}))")
    if months:
        parts.append(rf"(?:{_DAY}\s+(?:de\s+)?)?(?:{months})(?:\s+{_DAY}(?!\d))?(?:,?\s+(?:de\s+|năm\s+)?{_YEAR})?")
    if weekdays:
        parts.append(rf"(?:{weekdays})")
    if relative:
        parts.append(rf"(?:{relative})")
    if before_year:
        parts.append(rf"(?:\b(?:{before_year})\s(?P<year>{_YEAR}))")
    return re.compile(r"(?<![\w/.-])(?:" + "|".join(parts) + r")(?![\w/-])", re.IGNORECASE)


@lru_cache(maxsize=64)
def _parser(lang: str, base: dt.datetime | None):
    # Imported on first use: the API and the CLI import this module at start-up but seldom draft, and
    # the library is slow to import.
    from dateparser.date import DateDataParser

    settings = {"PREFER_DATES_FROM": "past", "DATE_ORDER": "DMY"}
    if base is not None:
        settings["RELATIVE_BASE"] = base
    return DateDataParser(languages=[lang], settings=settings)


def _base(published: str | None) -> dt.datetime | None:
    if published and not published.startswith("--"):
        parts = [int(p) for p in published.split("-")]
        while len(parts) < 3:
            parts.append(1)
        return dt.datetime(*parts, 23)
    return None


def _relative(text: str, lang: str, base: dt.datetime | None) -> dt.date | None:
    """The day a weekday or "yesterday" names in a report of day `base`, or None."""
    if base is None:
        return None
    try:
        when = _parser(lang, base).get_date_data(text).date_obj
    except (ValueError, OverflowError):
        return None
    if when is None or when.date() > base.date() or (base.date() - when.date()).days > 8:
        return None
    if when.weekday() == base.weekday() and (base.date() - when.date()).days == 7:
        return base.date()
    return when.date()


def parse_date(sentence: str, lang: str, published: str | None, anchor: int | None = None) -> FoundDate | None:
    """The first date a sentence gives, or None; with `anchor` (the offset of what is dated, a
    status cue), the date nearest it ("by the letter of 10/04, on 18 July ... the signing")."""
    base = _base(published)
    sentence = sentence.replace("’", "'")  # "aujourd’hui" as dateparser spells it
    found = list(_candidates(lang).finditer(sentence))
    # an explicit date ("3 de septiembre de 2024") before a weekday next to it ("martes")
    found.sort(key=lambda m: (not re.search(r"\d", m.group()), 0 if anchor is None else abs(m.start() - anchor)))
    for match in found:
        groups = match.groupdict()
        text = groups.get("year") or groups.get("day_month") or match.group()
        try:
            data = _parser(lang, base).get_date_data(text)
        except (ValueError, OverflowError):
            continue
        when = data.date_obj
        if when is None:
            continue
        parts = set(data.parts or ())
        if not re.search(r"\d", text):
            # A weekday or "yesterday": meaningful only against a known publication day.
            if base is None or published is None or len(published) < 10:
                continue
            if when.date() > base.date() or (base.date() - when.date()).days > 8:
                continue
            if when.weekday() == base.weekday() and (base.date() - when.date()).days == 7:
                when = base  # "on Tuesday" in a report of a Tuesday means that day
            others = {_relative(other.group(), lang, base) for other in found
                      if other is not match and not re.search(r"\d", other.group())} - {None}
            if others - {when.date()}:
                # "today, Saturday" in a report of a Sunday: the day is uncertain, the month is not
                days = others | {when.date()}
                if len({(d.year, d.month) for d in days}) == 1:
                    return FoundDate(f"{when.year}-{when.month:02d}", text, f"relative dates in the sentence "
                                     f"disagree against the publication date {published}: month only", relative=True)
                continue
            return FoundDate(when.date().isoformat(), text, f"relative date '{text}' resolved against "
                             f"the publication date {published}", relative=True)
        if parts == {"year"}:
            return FoundDate(str(when.year), text, f"year '{text}'")
        if parts == {"year", "month"}:
            return FoundDate(f"{when.year}-{when.month:02d}", text, f"month '{text}'")
        if parts == {"month", "day"}:
            if base is not None:
                later = (when.month, when.day) > (base.month, base.day) and len(published) >= 10
                year = base.year - 1 if later else base.year
                try:
                    value = dt.date(year, when.month, when.day).isoformat()
                except ValueError:
                    continue
                return FoundDate(value, text, f"day and month '{text}', year from the publication date {published}")
            return FoundDate(f"--{when.month:02d}-{when.day:02d}", text, f"day and month '{text}'; the year is not given")
        if {"year", "month", "day"} <= parts:
            return FoundDate(when.date().isoformat(), text, f"date '{text}'")
    return None
