"""CSV tables of agreements, as a ministry publishes them: one instrument per row.

Columns (header required, order free; see docs/loading.md):
  country                    required  the publishing country (ISO code or name)
  partner                    required  partner country or countries, separated by ';'
  date                       optional  signing date, as the table's `date_format` says (default: YYYY,
                                       YYYY-MM, YYYY-MM-DD or --MM-DD); month names are read too
  type                       required  instrument type: vocabulary id or label ("Memorandum of Understanding")
  subject                    required  what the instrument is about, used as its title
  domains                    required  health domains, ids or labels, separated by ';'
  status                     optional  instrument status (default: signed)
  id                         optional  instrument id; by default derived from countries, type, subject and year
  organization               optional  the organization that signed for the publishing country: an
                                       organization id, or a name with `organization_kind`
  organization_kind          optional  its kind (organization-kind vocabulary: ministry, agency, company ...)
  partner_organization       optional  the same for the partner (one partner country per row)
  partner_organization_kind  optional
  url                        optional  where the table was published (same for every row)
  publisher                  optional  who published it (same for every row)

The table's source is described beside it in `<table>.source.yaml`: the record format's `source`
(title, publisher, url, language, published, ...), checked with the same model as a record
file's, and how the table writes its dates (`date_format`). Each row becomes an instrument whose
evidence is the row itself, so provenance points back to that source, the table's line and its
checksum.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from anyascii import anyascii
from pydantic import Field, ValidationError, create_model

from graph.model import SCHEMA
from loaders.countries import UnknownCountry, countries
from loaders.dates import DateFormat, read_date
from loaders.reading import Limits, Unreadable, current_limits, read_limited
from loaders.records import SLUG_PATTERN, Instrument, Record, RecordFile, Source
from loaders.validate import CheckedFile, Path_, Problem, _check_terms, _field_label, _line, _pydantic_message, \
    read_document
from loaders.vocab import UnknownTerm, vocabularies

REQUIRED = ("country", "partner", "type", "subject", "domains")
OPTIONAL = ("date", "status", "id", "organization", "organization_kind", "partner_organization",
            "partner_organization_kind", "url", "publisher")
TYPE_ABBREVIATIONS = {"memorandum-of-understanding": "mou", "memorandum-of-cooperation": "moc",
                      "memorandum-of-intent": "moi"}
#: The metadata file beside a table: `agreements.csv` is described by `agreements.source.yaml`.
SIDECAR_SUFFIX = ".source.yaml"
#: Ids are at most this long (the schema's Slug); a longer one keeps a readable start and a hash.
ID_LIMIT = SCHEMA.types["Slug"].max_length
_HASH_LENGTH = 10
_ID = re.compile(SLUG_PATTERN)

#: The metadata file: the record format's source (the same model as a record file's `source`,
#: its id defaulting to the table's) and how the table writes its dates.
TableMetadata = create_model(
    "TableMetadata", __base__=Record, __doc__="What a table's metadata file says about it.",
    source=(Source, Field(description="The table's source, as in a record file; `id` defaults to the table's name.")),
    date_format=(str | None, Field(default=None, description="How the table writes dates, e.g. DD-MM-YYYY.")),
)


def sidecar_of(table: Path) -> Path:
    return table.with_name(table.stem + SIDECAR_SUFFIX)


def table_of(path: Path) -> Path | None:
    """The table a metadata file describes, if `path` is named as one."""
    if not path.name.endswith(SIDECAR_SUFFIX):
        return None
    return path.with_name(path.name.removesuffix(SIDECAR_SUFFIX) + ".csv")


def _slug(text: str) -> str:
    # Transliterated first, so a subject in Cyrillic gives a readable id, not an empty one.
    return re.sub(r"[^a-z0-9]+", "-", anyascii(text).lower()).strip("-")


def _digest(text: str) -> str:
    canonical = " ".join(unicodedata.normalize("NFC", text).casefold().split())
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:_HASH_LENGTH]


def derived_id(prefix: list[str], text: str, suffix: list[str] = (), limit: int = ID_LIMIT) -> str:
    """`prefix-<slug of text>-suffix`, whole when it fits the id length; otherwise the slug is cut
    and a hash of the full text follows it, so two long texts never share an id."""
    parts = [part for part in prefix if part]
    tail = [part for part in suffix if part]
    slug = _slug(text)
    whole = "-".join([*parts, slug, *tail]) if slug else ""
    if slug and len(whole) <= limit:
        return whole
    room = limit - len("-".join([*parts, *tail])) - (1 if parts or tail else 0) - _HASH_LENGTH - 1
    cut = slug[:max(room, 0)].rstrip("-")
    return "-".join([*parts, *([cut] if cut else []), _digest(text), *tail])


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


def _source_id(path: Path) -> str | Problem:
    """The table's source id is its file name as a slug; a name too short for an id is refused."""
    slug = _slug(path.stem)
    if len(slug) >= 2:
        return derived_id([], path.stem)
    return Problem(str(path), None, "table", "",
                   f"the file name becomes the source id, and '{path.stem}' gives '{slug}', which is not an id "
                   "of at least 2 lowercase letters or digits: rename the file, e.g. "
                   f"'{slug or 'ministry'}-agreements.csv'")


#: The longest cell read: the csv module's default limit, kept here because that limit is global
#: to the process and a library may raise it (frictionless does on import). A longer cell is
#: almost always a quote that never closes.
CELL_CHARACTERS = 131_072


def _unreadable(name: str, row: int, reason: str, limit: int) -> Problem:
    return Problem(name, row, f"row {row}", "",
                   f"unreadable CSV ({reason}): a cell of more than {limit:,} characters is refused; usually a "
                   "double quote (\") opens a cell that never closes: remove it or close it")


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
            problems.append(_unreadable(name, last + 1, str(error), min(csv.field_size_limit(), CELL_CHARACTERS)))
            return
        longest = max(map(len, cells), default=0)
        if longest > CELL_CHARACTERS:
            problems.append(_unreadable(name, last + 1, f"a cell of {longest:,} characters", CELL_CHARACTERS))
            return
        first, last = last + 1, reader.line_num
        yield first, last, cells


def read_metadata(table: Path, source_id: str, limits: Limits | None = None
                  ) -> tuple[Any, str | None, DateFormat | None, list[Problem]]:
    """The table's metadata file, if it has one: (metadata, its checksum, date format, problems)."""
    path = sidecar_of(table)
    name = str(path)
    if not path.exists():
        return None, None, None, []
    try:
        raw = read_limited(path, current_limits(limits).file_bytes)
        text = raw.decode("utf-8")
    except Unreadable as error:
        return None, None, None, [Problem(name, None, "", "", str(error))]
    except UnicodeDecodeError as error:
        return None, None, None, [Problem(name, None, "", "", f"not UTF-8 (byte {error.start}): save it as UTF-8")]
    checksum = hashlib.sha256(raw).hexdigest()
    data, lines, problems = read_document(path, text, limits)
    if data is None and problems:
        return None, checksum, None, problems
    if not isinstance(data, dict):
        return None, checksum, None, problems + [Problem(
            name, 1, "", "", f"the metadata of {table.name} is a mapping with 'source' (title, publisher, url, "
            "language, published ...) and, if the table's dates need it, 'date_format'")]
    source = data.get("source")
    if isinstance(source, dict) and "id" not in source:
        data = {**data, "source": {"id": source_id, **source}}
    date_format = None
    if isinstance(data.get("date_format"), str):
        try:
            date_format = DateFormat.parse(data["date_format"].strip())
        except ValueError as error:
            problems.append(Problem(name, _line(lines, ("date_format",)), "", "date_format", str(error)))
    try:
        metadata = TableMetadata.model_validate(data, strict=True)
    except ValidationError as error:
        for item in error.errors():
            loc = tuple(item["loc"])
            problems.append(Problem(name, _line(lines, loc), "source" if loc[:1] == ("source",) else "",
                                    _field_label(loc), _pydantic_message(item)))
        return None, checksum, date_format, problems
    return metadata, checksum, date_format, problems


class _Row:
    """One row's checks: every problem of the row, each naming its column."""

    def __init__(self, name: str, line: int, row: dict[str, str], date_format: DateFormat | None,
                 languages: tuple[str, ...]) -> None:
        self.name, self.line, self.row = name, line, row
        self.date_format, self.languages = date_format, languages
        self.problems: list[Problem] = []

    def bad(self, column: str, message: str) -> None:
        self.problems.append(Problem(self.name, self.line, f"row {self.line}", column, message))

    @property
    def columns_with_problems(self) -> set[str]:
        return {problem.field.split("[")[0] for problem in self.problems}

    def country(self, column: str, text: str) -> str | None:
        if not text:
            return None
        try:
            return countries().resolve(text).code
        except UnknownCountry as error:
            self.bad(column, str(error))
            return None

    def term(self, column: str, scheme: str, text: str) -> str | None:
        if not text:
            return None
        try:
            return vocabularies().scheme(scheme).resolve(text).id
        except UnknownTerm as error:
            self.bad(column, str(error))
            return None

    def domains(self) -> None:
        for index, text in enumerate(_split(self.row["domains"])):
            try:
                vocabularies().domains.resolve(text)
            except UnknownTerm as error:
                self.bad(f"domains[{index}]", str(error))

    def date(self) -> str | None:
        if not self.row["date"]:
            return None
        try:
            return read_date(self.row["date"], self.date_format, self.languages)
        except ValueError as error:
            self.bad("date", str(error))
            return None

    def organization(self, column: str, code: str | None, country_column: str) -> tuple[str | None, dict | None]:
        """(organization id, its record when the row defines it) for one side of the row."""
        text, kind_text = self.row[column], self.row[f"{column}_kind"]
        if not text and not kind_text:
            return None, None
        if not text:
            self.bad(f"{column}_kind", f"a kind but no organization: name it in '{column}', or leave "
                                       f"'{column}_kind' empty")
            return None, None
        if not kind_text:
            if _ID.match(text):
                return text, None  # an organization a record file or the graph defines, by id
            self.bad(f"{column}_kind", f"say what kind of organization '{text}' is (a term of the organization-kind "
                                       "vocabulary: ministry, agency, embassy, hospital, company ...), or give "
                                       "the id of an organization the graph has")
            return None, None
        kind = self.term(f"{column}_kind", "organization-kind", kind_text)
        if code is None:
            if not self.row[country_column]:
                self.bad(column, f"an organization needs its country in '{country_column}'")
            return None, None
        if kind is None:
            return None, None
        org_id = derived_id([code.lower()], text)
        return org_id, {"id": org_id, "name": text, "kind": kind, "country": code}


_COLUMN_OF = {"signed_date": "date", "title": "subject", "parties": "partner", "type": "type", "status": "status",
              "domains": "domains"}


def _column(loc: Path_) -> str:
    """The table column an error at `loc` (inside one instrument) is about."""
    if not loc:
        return ""
    if loc[0] == "parties" and len(loc) >= 2:  # the first party is the publishing country's side
        side = "" if loc[1] == 0 else "partner_"
        return f"{side}organization" if loc[2:3] == ("organization",) else ("country" if not side else "partner")
    return _COLUMN_OF.get(str(loc[0]), "") or _field_label(("instruments", 0, *loc))


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
    metadata, metadata_checksum, date_format, problems = read_metadata(path, source_id, limits)
    source: dict[str, Any] = {"id": source_id, "title": f"Table of agreements: {path.name}", "language": "en",
                              "document": path.name}
    if metadata is not None:
        source = {"document": path.name, **metadata.source.model_dump(exclude_none=True)}
    languages = tuple(dict.fromkeys([source["language"].split("-")[0], "en"]))
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
    organizations: dict[str, tuple[dict, int]] = {}  # id -> record, the row that first names it
    lines: dict[tuple, int] = {}
    table_values = {key: source.get(key) for key in ("url", "publisher")}
    stated_by = {key: "the table's metadata file" for key, value in table_values.items() if value}
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
        check = _Row(name, row_number, row, date_format, languages)
        for key in ("url", "publisher"):
            if not row[key]:
                continue
            if table_values[key] is None:
                table_values[key], stated_by[key] = row[key], f"row {row_number}"
            elif row[key] != table_values[key]:
                check.bad(key, f"'{row[key]}', but {stated_by[key]} gives '{table_values[key]}': one table, one "
                               f"{key}; leave the cell empty or make it the same")
        for column, what in (("country", "the publishing country"), ("partner", "the partner country"),
                             ("type", "the instrument type")):
            if not row[column]:
                check.bad(column, f"required: the cell is empty; give {what}")
        home = check.country("country", row["country"])
        partners = [check.country("partner", text) for text in _split(row["partner"])]
        type_id = check.term("type", "instrument-type", row["type"])
        check.term("status", "instrument-status", row["status"])
        check.domains()
        date = check.date()
        known = [code for code in partners if code]
        org_id, org = check.organization("organization", home, "country")
        partner_org_id, partner_org = (None, None)
        if row["partner_organization"] and len(_split(row["partner"])) > 1:
            check.bad("partner_organization",
                      f"one organization for {len(_split(row['partner']))} partner countries ({row['partner']}): "
                      "a row that names the partner's organization has one partner country")
        else:
            partner_org_id, partner_org = check.organization("partner_organization", known[0] if known else None,
                                                             "partner")
        codes = sorted({c for c in [home, *partners] if c})
        year = date[:4] if date and date[:4].isdigit() else ""
        quote = f"line {row_number}: " + "; ".join(f"{key}={row[key]}" for key in ("country", "partner", "date", "type", "subject",
                                                          "organization", "partner_organization")
                          if row.get(key))[:400]
        sides = [{"country": home or row["country"], "organization": org_id}] + [
            {"country": code or text, "organization": partner_org_id}
            for code, text in zip(partners, _split(row["partner"]), strict=True)]
        parties = [{key: value for key, value in side.items() if value} for side in sides]
        unique_parties = list({tuple(sorted(p.items())): p for p in parties}.values())
        if len(unique_parties) < min(len(parties), 2) and home:
            check.bad("partner", f"the publishing country ({home}) is also a partner: a row between two organizations "
                                 "of one country names them in organization and partner_organization")
        instrument = {
            "id": row["id"] or derived_id([c.lower() for c in codes] + [TYPE_ABBREVIATIONS.get(type_id, type_id or
                                                                                                "instrument")],
                                          row["subject"], [year]),
            "type": type_id or row["type"],
            "title": row["subject"],
            "status": row["status"] or "signed",
            "signed_date": date,
            "parties": unique_parties,
            "domains": _split(row["domains"]),
            "evidence": [{"quote": quote, "lang": "en", "supports": []}],
        }
        try:
            Instrument.model_validate(instrument, strict=True)
        except ValidationError as error:
            for item in error.errors():
                column = _column(tuple(item["loc"]))
                # A rule across columns (two parties, ...) is left unsaid when a cell it follows from is wrong.
                said = check.columns_with_problems
                if (column and column.split("[")[0] not in said) or (not column and not said):
                    check.bad(column, _pydantic_message(item))
        for record in (org, partner_org):
            if record is None:
                continue
            first = organizations.get(record["id"])
            if first is not None and first[0]["kind"] != record["kind"]:
                check.bad("organization" if record is org else "partner_organization",
                          f"'{record['name']}' is a {record['kind']} here but a {first[0]['kind']} in row {first[1]}: "
                          "one organization, one kind")
        if check.problems:
            problems.extend(check.problems)
            continue
        for record in (org, partner_org):
            if record is not None and record["id"] not in organizations:
                organizations[record["id"]] = (record, row_number)
                lines[("organizations", len(organizations) - 1)] = row_number
        lines[("instruments", len(instruments))] = row_number
        instruments.append(instrument)
    if not instruments and not problems:
        problems.append(Problem(name, 1, "table", "", "the table has a header but no rows: add one row per "
                                "instrument, or leave the file out"))
    source.update({key: value for key, value in table_values.items() if value and key not in source})
    digest = hashlib.sha256(raw).hexdigest()
    data = {
        "schema_version": 1,
        "source": source,
        "organizations": [record for record, _ in organizations.values()],
        "instruments": instruments,
    }
    try:
        records = RecordFile.model_validate(data, strict=True)
    except ValidationError as error:
        for item in error.errors():
            loc = tuple(item["loc"])
            line = lines.get(loc[:2], 1) if len(loc) >= 2 else 1
            record = f"row {line}" if loc and loc[0] in ("instruments", "organizations") else "table"
            field = _column(loc[2:]) if loc[:1] == ("instruments",) else ".".join(str(part) for part in loc[2:])
            problems.append(Problem(name, line, record, field, _pydantic_message(item)))
        return problems
    checked = CheckedFile(path, digest, records, lines, problems=problems,
                          metadata=sidecar_of(path) if metadata_checksum else None, metadata_checksum=metadata_checksum)
    _check_terms(checked)
    return checked
