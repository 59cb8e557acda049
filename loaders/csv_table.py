"""CSV tables of agreements, as a ministry publishes them: one instrument per row.

Columns (header required, order free; see docs/loading.md):
  country   required  the publishing country (ISO code or name)
  partner   required  partner country or countries, separated by ';'
  date      optional  signing date: YYYY, YYYY-MM, YYYY-MM-DD or --MM-DD
  type      required  instrument type: vocabulary id or label ("Memorandum of Understanding")
  subject   required  what the instrument is about, used as its title
  domains   required  health domains, ids or labels, separated by ';'
  status    optional  instrument status (default: signed)
  id        optional  instrument id; by default derived from countries, type, subject and year
  url       optional  where the table was published (same for every row)
  publisher optional  who published it (same for every row)

Each row becomes an instrument whose evidence is the row itself, so provenance points back
to the table, its line and its checksum.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from pydantic import ValidationError

from loaders.countries import UnknownCountry, countries
from loaders.reading import Limits, Unreadable, current_limits, read_limited
from loaders.records import RecordFile
from loaders.validate import CheckedFile, Problem, _check_terms, _pydantic_message
from loaders.vocab import UnknownTerm, vocabularies

REQUIRED = ("country", "partner", "type", "subject", "domains")
OPTIONAL = ("date", "status", "id", "url", "publisher")
TYPE_ABBREVIATIONS = {"memorandum-of-understanding": "mou", "memorandum-of-cooperation": "moc",
                      "memorandum-of-intent": "moi"}


def _slug(text: str, limit: int = 40) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:limit].rstrip("-") or "untitled"


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


def _source_id(path: Path) -> str | Problem:
    """The table's source id is its file name as a slug; a name too short for an id is refused."""
    slug = _slug(path.stem, 80)
    if len(slug) >= 2 and slug != "untitled":
        return slug
    return Problem(str(path), None, "table", "",
                   f"the file name becomes the source id, and '{path.stem}' gives '{slug}', which is not an id "
                   "of at least 2 lowercase letters or digits: rename the file, e.g. "
                   f"'{(slug if slug != 'untitled' else 'ministry')}-agreements.csv'")


def _rows(name: str, text: str, problems: list[Problem]) -> Iterator[tuple[int, int, list[str]]]:
    """(first line, last line, cells) of each row; reading stops at the first row csv cannot read."""
    reader = csv.reader(io.StringIO(text, newline=""))
    last = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            problems.append(Problem(name, last + 1, f"row {last + 1}", "",
                                    f"unreadable CSV ({error}): a cell of more than {csv.field_size_limit():,} "
                                    "characters is refused; usually a double quote (\") opens a cell that never "
                                    "closes: remove it or close it"))
            return
        first, last = last + 1, reader.line_num
        yield first, last, cells


def check_csv(path: Path, limits: Limits | None = None) -> CheckedFile | list[Problem]:
    name = str(path)
    try:
        raw = read_limited(path, current_limits(limits).file_bytes)
        text = raw.decode("utf-8-sig")
    except Unreadable as error:
        return [Problem(name, None, "", "", str(error))]
    except UnicodeDecodeError as error:
        return [Problem(name, None, "", "", f"not UTF-8 (byte {error.start}): save the table as UTF-8")]
    text = unicodedata.normalize("NFC", text)
    source_id = _source_id(path)
    if isinstance(source_id, Problem):
        return [source_id]
    problems: list[Problem] = []
    rows = _rows(name, text, problems)
    first_row = next(rows, None)
    header = [h.strip().lower() for h in (first_row[2] if first_row else [])]
    missing = [column for column in REQUIRED if column not in header]
    unknown = [column for column in header if column not in REQUIRED + OPTIONAL]
    twice = sorted({column for column in header if header.count(column) > 1})
    if missing or unknown or twice:
        parts = []
        if missing:
            parts.append(f"missing column(s) {', '.join(missing)}")
        if unknown:
            parts.append(f"unknown column(s) {', '.join(unknown)}")
        if twice:
            parts.append(f"column(s) {', '.join(twice)} appear twice: keep one of each")
        return problems + [Problem(name, 1, "header", "", "; ".join(parts) + f"; expected {', '.join(REQUIRED + OPTIONAL)}")]

    instruments: list[dict] = []
    lines: dict[tuple, int] = {}
    url = publisher = None
    for first_line, row_number, cells in rows:
        record_label = f"row {first_line}"
        if len(cells) > len(header):
            problems.append(Problem(name, first_line, record_label, "", "more cells than columns"))
            continue
        spanning = [header[i] for i, cell in enumerate(cells) if "\n" in cell or "\r" in cell]
        if spanning:
            problems.append(Problem(name, first_line, record_label, spanning[0],
                                    f"the cell runs from line {first_line} to line {row_number}: a cell holds no line "
                                    "break, so a double quote (\") probably opens it and never closes; remove it or "
                                    "close it"))
            continue
        row_number = first_line
        row = dict(zip(header, cells, strict=False))
        row = {column: (row.get(column) or "").strip() for column in REQUIRED + OPTIONAL}
        if not any(row.values()):
            continue
        url = url or row.get("url") or None
        publisher = publisher or row.get("publisher") or None
        record_label = f"row {row_number}"
        try:
            home = countries().resolve(row["country"]).code if row["country"] else None
            partners = [countries().resolve(p).code for p in _split(row["partner"])]
        except UnknownCountry as error:
            problems.append(Problem(name, row_number, record_label, "country/partner", str(error)))
            continue
        type_id = row["type"]
        if type_id:
            try:
                type_id = vocabularies().scheme("instrument-type").resolve(type_id).id
            except UnknownTerm as error:
                problems.append(Problem(name, row_number, record_label, "type", str(error)))
                continue
        codes = sorted({c for c in [home, *partners] if c})
        year = row["date"][:4] if row["date"][:4].isdigit() else ""
        derived_id = "-".join(
            [c.lower() for c in codes] + [TYPE_ABBREVIATIONS.get(type_id, type_id or "instrument"),
                                          _slug(row["subject"])] + ([year] if year else [])
        )
        quote = "; ".join(f"{key}={row[key]}" for key in ("country", "partner", "date", "type", "subject")
                          if row.get(key))[:400]
        parties = [{"country": code} for code in codes] if len(codes) > 1 else \
            [{"country": row["country"]}, {"country": row["partner"]}]
        instrument = {
            "id": row["id"] or derived_id,
            "type": type_id,
            "title": row["subject"],
            "status": row["status"] or "signed",
            "signed_date": row["date"] or None,
            "parties": parties,
            "domains": _split(row["domains"]),
            "evidence": [{"quote": quote, "lang": "en", "supports": []}],
        }
        index = len(instruments)
        instruments.append(instrument)
        lines[("instruments", index)] = row_number
    if not instruments and not problems:
        problems.append(Problem(name, 1, "table", "", "the table has a header but no rows: add one row per "
                                "instrument, or leave the file out"))
    digest = hashlib.sha256(raw).hexdigest()
    data = {
        "schema_version": 1,
        "source": {"id": source_id, "title": f"Table of agreements: {path.name}",
                   "language": "en", "document": path.name, "url": url, "publisher": publisher},
        "instruments": instruments,
    }
    try:
        records = RecordFile.model_validate(data, strict=True)
    except ValidationError as error:
        for item in error.errors():
            loc = tuple(item["loc"])
            line = lines.get(loc[:2], 1) if len(loc) >= 2 else 1
            record = f"row {line}" if loc and loc[0] == "instruments" else "table"
            column = {"signed_date": "date", "title": "subject"}.get(str(loc[2]) if len(loc) > 2 else "", "")
            field = column or ".".join(str(part) for part in loc[2:])
            problems.append(Problem(name, line, record, field, _pydantic_message(item)))
        return problems
    checked = CheckedFile(path, digest, records, lines, problems=problems)
    _check_terms(checked)
    return checked
