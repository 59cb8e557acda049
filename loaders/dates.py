"""Dates as a table writes them, read into the record format's partial dates.

A table declares how its dates are written (`date_format: DD-MM-YYYY` in its metadata file),
so a numeric date such as 03-04-2005 is read the way its publisher meant and never guessed.
Whatever the declaration, a date with a four-digit year first (YYYY, YYYY-MM, YYYY-MM-DD) is
the record format's own and is taken as it is, and a date that names its month ("12 March
2014", "March 2014", "12 марта 2014") cannot be read two ways: dateparser reads it in the
table's language or English, as precise as it is written (a day, a month or a year).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from dateparser.date import DateDataParser

from graph.model import SCHEMA
from loaders.records import check_partial_date

_ISO = re.compile(SCHEMA.types["PartialDate"].pattern)
_TOKENS = re.compile(r"YYYY|MMMM|MMM|MM|M|DD|D|[-./ ,]+")
_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")
_PRECISION = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}

#: What `date_format` takes, for messages: each is a pattern of these parts and separators.
EXAMPLES = ("DD-MM-YYYY", "DD.MM.YYYY", "DD/MM/YYYY", "MM/DD/YYYY", "YYYY-MM-DD", "D MMMM YYYY", "MMMM D, YYYY")


@dataclass(frozen=True)
class DateFormat:
    """A declared pattern: DD or D the day, MM or M the month's number, MMM or MMMM its name,
    YYYY the year, with `-`, `.`, `/`, `,` or spaces between them."""

    pattern: str
    order: str  # "DMY", "MDY" or "YMD", as dateparser's DATE_ORDER
    full: re.Pattern[str] | None  # a numeric date, all three parts
    month_year: re.Pattern[str] | None  # the same without its day: 08-2005

    @classmethod
    def parse(cls, pattern: str) -> DateFormat:
        tokens = _TOKENS.findall(pattern)
        parts = [token for token in tokens if token[0] in "DMY"]
        if "".join(tokens) != pattern or sorted(token[0] for token in parts) != ["D", "M", "Y"]:
            raise ValueError(f"'{pattern}' is not a date format: write the day (DD or D), the month (MM, M, or MMM/MMMM "
                             f"for its name) and the year (YYYY) once each, e.g. {', '.join(EXAMPLES)}")
        order = "".join(token[0] for token in parts)
        named = any(token.startswith("MMM") for token in parts)
        return cls(pattern, order, None if named else _numeric(tokens), None if named else _numeric(_without_day(tokens)))

    def read(self, text: str, languages: tuple[str, ...]) -> str:
        """The partial date `text` stands for; ValueError says why it is none."""
        return read_date(text, self, languages)


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
def _parser(languages: tuple[str, ...], order: str) -> DateDataParser:
    settings = {"DATE_ORDER": order, "PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["year"]}
    try:
        return DateDataParser(languages=list(languages), settings=settings)
    except ValueError:  # a language dateparser has no data for: English month names still read
        return DateDataParser(languages=["en"], settings=settings)


def read_date(text: str, declared: DateFormat | None, languages: tuple[str, ...]) -> str:
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
    if not _YEAR.search(text):
        raise ValueError(f"'{text}' gives no four-digit year: write the year in full (12 March 2014, March 2014)")
    found = _parser(languages, declared.order if declared else "DMY").get_date_data(text)
    if found.date_obj is None or found.period not in _PRECISION:
        wanted = f" (declared format {declared.pattern})" if declared else ""
        raise ValueError(f"'{text}' is not a date that can be read{wanted}: write it as a day, month and year "
                         "(12 March 2014), a month and year (March 2014), or YYYY-MM-DD")
    return check_partial_date(found.date_obj.strftime(_PRECISION[found.period]))
