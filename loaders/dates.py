"""Dates as a table writes them, read into the record format's partial dates.

A table declares how its dates are written (`date_format: DD-MM-YYYY` in its metadata file),
so a numeric date such as 03-04-2005 is read the way its publisher meant and never guessed.
Whatever the declaration, a date with a four-digit year first (YYYY, YYYY-MM, YYYY-MM-DD) is
the record format's own and is taken as it is, and a date that names its month ("12 March
2014", "March 2014", "12 марта 2014") cannot be read two ways: its month is one of the CLDR
month names (babel) of the table's language or English, and it is as precise as it is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import get_month_names

from graph.model import SCHEMA
from loaders.records import check_partial_date

_ISO = re.compile(SCHEMA.types["PartialDate"].pattern)
_TOKENS = re.compile(r"YYYY|MMMM|MMM|MM|M|DD|D|[-./ ,]+")

#: What `date_format` takes, for messages: each is a pattern of these parts and separators.
EXAMPLES = ("DD-MM-YYYY", "DD.MM.YYYY", "DD/MM/YYYY", "MM/DD/YYYY", "YYYY-MM-DD", "D MMMM YYYY", "MMMM D, YYYY")


@dataclass(frozen=True)
class DateFormat:
    """A declared pattern: DD or D the day, MM or M the month's number, MMM or MMMM its name,
    YYYY the year, with `-`, `.`, `/`, `,` or spaces between them."""

    pattern: str
    full: re.Pattern[str] | None  # a numeric date, all three parts
    month_year: re.Pattern[str] | None  # the same without its day: 08-2005

    @classmethod
    def parse(cls, pattern: str) -> DateFormat:
        tokens = _TOKENS.findall(pattern)
        parts = [token for token in tokens if token[0] in "DMY"]
        if "".join(tokens) != pattern or sorted(token[0] for token in parts) != ["D", "M", "Y"]:
            raise ValueError(f"'{pattern}' is not a date format: write the day (DD or D), the month (MM, M, or MMM/MMMM "
                             f"for its name) and the year (YYYY) once each, e.g. {', '.join(EXAMPLES)}")
        named = any(token.startswith("MMM") for token in parts)
        return cls(pattern, None if named else _numeric(tokens), None if named else _numeric(_without_day(tokens)))


def _numeric(tokens: list[str]) -> re.Pattern[str]:
    groups = {"YYYY": r"(?P<year>\d{4})", "MM": r"(?P<month>\d{1,2})", "M": r"(?P<month>\d{1,2})",
              "DD": r"(?P<day>\d{1,2})", "D": r"(?P<day>\d{1,2})"}
    return re.compile("^" + "".join(groups.get(token, re.escape(token)) for token in tokens) + "$")


def _without_day(tokens: list[str]) -> list[str]:
    at = next(i for i, token in enumerate(tokens) if token[0] == "D")
    rest = tokens[:at] + tokens[at + 1:]
    # The separator that joined the day to the rest goes with it.
    if at < len(rest) and rest[at][0] not in "DMY":
        del rest[at]
    elif at > 0 and rest[at - 1][0] not in "DMY":
        del rest[at - 1]
    return rest


@lru_cache(maxsize=32)
def month_names(languages: tuple[str, ...]) -> dict[str, int]:
    """Month names and abbreviations (CLDR, through babel) of these languages -> month number,
    in both grammatical forms (Russian "марта" as in a date, "март" alone)."""
    names: dict[str, int] = {}
    for language in languages:
        try:
            locale = Locale.parse(language.replace("-", "_"))
        except (UnknownLocaleError, ValueError):
            continue
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, locale).items():
                    key = name.casefold().rstrip(".")
                    if key and not any(ch.isdigit() or ch.isspace() for ch in key):
                        names.setdefault(key, number)
    return names


def read_date(text: str, declared: DateFormat | None, languages: tuple[str, ...]) -> str:
    """The partial date `text` stands for in a table that declares `declared` (or nothing);
    ValueError says why it is none."""
    text = " ".join(text.split())
    if _ISO.match(text):
        return check_partial_date(text)
    if not re.search(r"[^\W\d_]", text):  # digits and separators only: the declaration decides
        if declared is None:
            raise ValueError(f"'{text}' is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD, and the table declares "
                             "no date format, so its day and month could be read either way: declare it in the "
                             "table's metadata file, e.g. date_format: DD-MM-YYYY")
        for regex in (declared.full, declared.month_year):
            match = regex.match(text) if regex else None
            if match:
                parts = match.groupdict()
                value = f"{parts['year']}-{int(parts['month']):02d}"
                value += f"-{int(parts['day']):02d}" if parts.get("day") else ""
                try:
                    return check_partial_date(value)
                except ValueError as error:
                    raise ValueError(f"'{text}' (as {declared.pattern}, {value}): {error}") from None
        raise ValueError(f"'{text}' does not match the table's date format {declared.pattern} (declared in its "
                         "metadata file): write it as the format says, or as YYYY-MM-DD")
    return _named_month(text, declared, languages)


def _named_month(text: str, declared: DateFormat | None, languages: tuple[str, ...]) -> str:
    """A date that names its month: a month name, a four-digit year and perhaps a day, nothing
    else. Read strictly: a lenient parser reads "a 2014" or "hr8 2014" as dates, a wrong fact."""
    names = month_names(languages)
    year = day = month = None
    for token in (t for t in re.split(r"[\s,./-]+", text.casefold()) if t):
        if re.fullmatch(r"\d{4}", token) and year is None:
            year = token
        elif re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)?", token) and day is None:
            day = int(re.match(r"\d+", token).group())
        elif token in names and month is None:
            month = names[token]
        else:
            wanted = f" (the table's date format is {declared.pattern})" if declared else ""
            raise ValueError(f"'{text}' is not a date that can be read{wanted}: write a day, a month's name and the "
                             f"year in full (12 March 2014), a month and year (March 2014), or YYYY-MM-DD; "
                             f"'{token}' is not a day, a month of {'/'.join(languages)} or a year")
    if year is None or month is None:
        raise ValueError(f"'{text}' gives no {'four-digit year' if year is None else 'month'}: write the year in full "
                         "and the month by name (12 March 2014, March 2014)")
    value = f"{year}-{month:02d}" + (f"-{day:02d}" if day is not None else "")
    try:
        return check_partial_date(value)
    except ValueError as error:
        raise ValueError(f"'{text}' ({value}): {error}") from None
