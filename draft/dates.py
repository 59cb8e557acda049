"""Dates as precise as the report: YYYY, YYYY-MM, YYYY-MM-DD or --MM-DD; relative dates ("on
Tuesday", "yesterday") resolved against the publication date with dateparser."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_NUMERIC_FULL = re.compile(r"\b\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})\b|\b\d{4}-\d{2}-\d{2}\b")
# Numbers that dateparser would read as dates but a report means otherwise (ordinals, counts).
_JUST_NUMBER = re.compile(r"^\W*\d{1,3}\W*$")


@dataclass(frozen=True)
class FoundDate:
    value: str  # partial date
    text: str  # as the sentence gives it
    rule: str
    relative: bool = False


def _base(published: str | None) -> dt.datetime | None:
    if published and not published.startswith("--"):
        parts = [int(p) for p in published.split("-")]
        while len(parts) < 3:
            parts.append(1)
        return dt.datetime(*parts)
    return None


def parse_date(sentence: str, lang: str, published: str | None) -> FoundDate | None:
    """The first date a sentence gives, or None."""
    from dateparser.search import search_dates

    base = _base(published)
    settings = {"PREFER_DATES_FROM": "past", "DATE_ORDER": "DMY", "RETURN_TIME_AS_PERIOD": False,
                "REQUIRE_PARTS": []}
    if base:
        settings["RELATIVE_BASE"] = base + dt.timedelta(hours=23)
    try:
        found = search_dates(sentence, languages=[lang], settings=settings)
    except (ValueError, OverflowError):
        return None
    for text, when in found or []:
        text = text.strip()
        if _JUST_NUMBER.match(text) or len(text.strip(" ,.")) < 3:
            continue
        has_digits = bool(re.search(r"\d", text))
        has_year = bool(_YEAR.search(text)) or bool(_NUMERIC_FULL.search(text))
        if not has_digits:
            # A weekday or "yesterday": meaningful only against a known publication day.
            if base is None or published is None or len(published) < 10:
                continue
            if when.date() > base.date() or (base.date() - when.date()).days > 8:
                continue  # weekdays and "yesterday" are within the week; anything else was misread
            if when.weekday() == base.weekday() and (base.date() - when.date()).days == 7:
                when = base  # "on Tuesday" in a report of a Tuesday means that day
            return FoundDate(when.date().isoformat(), text, f"relative date '{text}' resolved against "
                             f"the publication date {published}", relative=True)
        day_given = bool(re.search(r"\b\d{1,2}\b(?![./-]\d{4}\b)", _YEAR.sub("", text))) or bool(_NUMERIC_FULL.search(text))
        month_given = day_given or not re.fullmatch(r"\W*(?:of|in|năm|год[а]?|року|de|en)?\W*\d{4}\W*\S*", text)
        if has_year:
            if not month_given:
                return FoundDate(str(when.year), text, f"year '{text}'")
            if not day_given:
                return FoundDate(f"{when.year}-{when.month:02d}", text, f"month '{text}'")
            return FoundDate(when.date().isoformat(), text, f"date '{text}'")
        if not day_given:
            continue  # a month name alone is too weak
        if base is not None and published and len(published) >= 4:
            year = base.year if (when.month, when.day) <= (base.month, base.day) or len(published) == 4 else base.year - 1
            try:
                value = dt.date(year, when.month, when.day).isoformat()
            except ValueError:
                continue
            return FoundDate(value, text, f"day and month '{text}', year from the publication date {published}")
        return FoundDate(f"--{when.month:02d}-{when.day:02d}", text, f"day and month '{text}'; the year is not given")
    return None
