"""Check record files: syntax, schema, vocabularies, countries, domains and references.

Every problem names the file, the line, the record, the field and what would be valid.
Nothing here touches Neo4j; references to records already in the graph are checked through
an optional `known` callback the loader provides.
"""

from __future__ import annotations

import hashlib
import json
import sys
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from graph.model import SCHEMA, SlotSpec
from loaders.checks import run_rules
from loaders.countries import Country, UnknownCountry, countries
from loaders.reading import Limits, Unreadable, current_limits, read_limited
from loaders.records import (
    LANGUAGE_PATTERN, SCHEMA_VERSION, SLUG_PATTERN, Engagement, Event, Instrument, Organization, Person, RecordFile,
    vocabulary_fields,
)
from loaders.vocab import UnknownTerm, vocabularies

MAX_FILE_BYTES = 5 * 1024 * 1024

#: record collection -> vocabulary scheme of each vocabulary-valued field
VOCAB_FIELDS: dict[str, dict[str, str]] = vocabulary_fields()
COLLECTIONS = ("organizations", "people", "events", "instruments", "engagements")
_SINGULAR = {"organizations": "organization", "people": "person", "events": "event", "instruments": "instrument",
             "engagements": "engagement"}

Path_ = tuple[str | int, ...]
Known = Callable[[str, set[str]], set[str]]  # (collection, ids) -> the ids the graph has


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int | None
    record: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        parts = [where]
        if self.record:
            parts.append(self.record)
        if self.field:
            parts.append(self.field)
        return ": ".join(parts) + f": {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "record": self.record, "field": self.field,
                "message": self.message}


@dataclass
class CheckedFile:
    """A record file that parsed and matched the schema, with what resolution found."""

    path: Path
    checksum: str
    records: RecordFile
    lines: dict[Path_, int]
    countries: dict[str, Country] = field(default_factory=dict)  # as written -> resolved
    domains: dict[str, str] = field(default_factory=dict)  # as written -> concept id
    terms: dict[tuple[str, str], str] = field(default_factory=dict)  # (scheme, label as written) -> concept id
    problems: list[Problem] = field(default_factory=list)
    metadata: Path | None = None  # a table's metadata file, read with it
    metadata_checksum: str | None = None  # SHA-256 of that file's bytes

    @property
    def fingerprint(self) -> str:
        """What says the graph holds this input as it is now: its checksum, and its metadata file's."""
        return self.checksum + (f"+{self.metadata_checksum}" if self.metadata_checksum else "")

    @property
    def ok(self) -> bool:
        return not self.problems


# -- reading with line numbers -----------------------------------------------------------

# libyaml's loader when PyYAML has it (much faster), else the pure-Python one.
_BaseYamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_YAML_TAG = "tag:yaml.org,2002:"
_PLAIN_TAGS = frozenset(_YAML_TAG + name for name in ("str", "int", "float", "bool", "null", "map", "seq"))
_TIMESTAMP = _YAML_TAG + "timestamp"
_MAX_NUMBER_DIGITS = 30


class _YamlLoader(_BaseYamlLoader):
    """Safe loading, except that a date YAML would read as a date object stays its text: the
    walk below asks for quotes, and a date that does not exist (2024-02-30) cannot crash."""


_YamlLoader.add_constructor(_TIMESTAMP, lambda loader, node: str(node.value))


def _parse_yaml(text: str) -> tuple[yaml.Node | None, Any]:
    """One parse gives both the node tree (for line numbers) and the data."""
    node, _ = _compose_yaml(text)
    return node, (_construct(node) if node is not None else None)


def _compose_yaml(text: str) -> tuple[yaml.Node | None, None]:
    loader = _YamlLoader(text)
    try:
        return loader.get_single_node(), None
    finally:
        loader.dispose()


def _construct(node: yaml.Node) -> Any:
    loader = _YamlLoader("")
    try:
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix(_YAML_TAG) if tag.startswith(_YAML_TAG) else tag


def _walk_nodes(root: yaml.Node, lines: dict[Path_, int], dupes: list[tuple[Path_, int]],
                refusals: list[tuple[Path_, str]], unquoted_dates: list[tuple[Path_, str]], depth_limit: int) -> None:
    """Line numbers and duplicate keys, and what the format refuses before anything is built:
    aliases (a kilobyte of them can stand for gigabytes), tags other than the plain ones,
    nesting beyond `depth_limit`, keys that are not text, numbers too long to be one.

    Iterative, and each node is visited once: aliases are reported, never followed."""
    seen: set[int] = set()
    aliases = 0
    lines[()] = root.start_mark.line + 1
    stack: list[tuple[yaml.Node, Path_]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        if id(node) in seen:
            aliases += 1
            if aliases == 1:
                refusals.append((path, "a YAML alias (*name) repeats another part of the file here: record files "
                                       "take no anchors or aliases; write the value out"))
            continue
        seen.add(id(node))
        if len(path) > depth_limit:
            refusals.append((path, f"nested more than {depth_limit} levels deep: the record format nests "
                                   "at most 7 (e.g. instruments[0].evidence[0].supports[0])"))
            continue
        if node.tag not in _PLAIN_TAGS:
            if node.tag == _TIMESTAMP:
                unquoted_dates.append((path, str(node.value)))
            else:
                refusals.append((path, f"YAML tag {_short_tag(node.tag)} is not accepted: records hold plain "
                                       "text, numbers, true/false, lists and mappings"))
                continue
        if isinstance(node, yaml.MappingNode):
            keys: set[str] = set()
            children = []
            for key_node, value_node in node.value:
                if key_node.tag == _YAML_TAG + "merge":
                    refusals.append((path, "a YAML merge key (<<) copies another mapping here: record files take "
                                           "none; write the fields out"))
                    continue
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _PLAIN_TAGS:
                    refusals.append((path, "a mapping key must be plain text (a field name)"))
                    continue
                key = key_node.value
                if key in keys:
                    dupes.append((path + (key,), key_node.start_mark.line + 1))
                keys.add(key)
                lines[path + (key,)] = key_node.start_mark.line + 1
                children.append((value_node, path + (key,)))
            stack.extend(reversed(children))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                lines.setdefault(path + (index,), item.start_mark.line + 1)
            stack.extend((item, path + (index,)) for index, item in reversed(list(enumerate(node.value))))
        elif node.tag == _YAML_TAG + "int" and len(str(node.value)) > _MAX_NUMBER_DIGITS:
            refusals.append((path, f"a number of {len(node.value):,} characters: no field takes one that long"))
    if aliases > 1:
        path, message = next(item for item in refusals if "YAML alias" in item[1])
        refusals[refusals.index((path, message))] = (path, message + f" ({aliases - 1:,} more alias(es) in the file)")


def _line_map(node: yaml.Node, path: Path_, lines: dict[Path_, int], dupes: list[tuple[Path_, int]]) -> None:
    """Line numbers and duplicate keys only (benchmarks compare readers with it)."""
    _walk_nodes(node, lines, dupes, [], [], depth_limit=1_000_000)


def _normalise_text(data: Any, depth_limit: int) -> Any:
    """Every string (values and keys) in Unicode NFC, so a name typed with combining accents is
    the same name as the precomposed one. Also bounds nesting when no YAML walk did (JSON)."""
    def fix(value: Any) -> Any:
        return unicodedata.normalize("NFC", value) if isinstance(value, str) and not value.isascii() else value

    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        container, depth = stack.pop()
        if depth > depth_limit:
            raise _TooDeep(depth_limit)
        if isinstance(container, dict):
            items = list(container.items())
            if any(isinstance(key, str) and not key.isascii() for key, _ in items):
                container.clear()
                container.update((fix(key), value) for key, value in items)
            for key, value in container.items():
                if isinstance(value, str):
                    container[key] = fix(value)
                elif isinstance(value, (dict, list)):
                    stack.append((value, depth + 1))
        elif isinstance(container, list):
            for index, value in enumerate(container):
                if isinstance(value, str):
                    container[index] = fix(value)
                elif isinstance(value, (dict, list)):
                    stack.append((value, depth + 1))
    return fix(data)


class _TooDeep(Exception):
    def __init__(self, limit: int) -> None:
        super().__init__(f"nested more than {limit} levels deep: the record format nests at most 7")


def read_document(path: Path, text: str, limits: Limits | None = None) -> tuple[Any, dict[Path_, int], list[Problem]]:
    """Parse YAML or JSON; return the data, a path->line map and syntax problems.

    Duplicate keys are reported (YAML loaders silently keep the last one). When the data is
    None and there are problems, nothing could be read that is safe to check further."""
    depth_limit = current_limits(limits).depth
    name = str(path)
    lines: dict[Path_, int] = {}
    dupes: list[tuple[Path_, int]] = []
    refusals: list[tuple[Path_, str]] = []
    unquoted: list[tuple[Path_, str]] = []
    is_json = path.suffix.lower() == ".json"
    node = None
    try:
        if is_json:
            data = json.loads(text)
        else:
            node, _ = _compose_yaml(text)
    except json.JSONDecodeError as error:
        return None, lines, [Problem(name, error.lineno, "", "", f"invalid JSON: {error.msg} (column {error.colno})")]
    except yaml.YAMLError as error:
        return None, lines, [_yaml_problem(name, error)]
    except RecursionError:
        return None, lines, [Problem(name, None, "", "", "nested too deep to read: the record format nests at most 7 levels")]
    except ValueError:  # a JSON number of more digits than Python converts (JSONDecodeError is caught above)
        return None, lines, [Problem(name, None, "", "", f"invalid {'JSON' if is_json else 'YAML'}: a number of more "
                                     f"than {sys.get_int_max_str_digits():,} digits; no field takes one that long")]
    if is_json:
        try:
            node, _ = _compose_yaml(text)
        except (yaml.YAMLError, RecursionError, ValueError):
            node = None  # valid JSON that YAML 1.1 cannot read: no line numbers, still checked
    if node is not None:
        _walk_nodes(node, lines, dupes, refusals, unquoted, depth_limit)
    problems = [Problem(name, _line(lines, dpath[:-1] if "YAML alias" in message and dpath and isinstance(dpath[-1], int)
                                    else dpath), "", _field_label(dpath), message) for dpath, message in refusals]
    if problems and not is_json:
        return None, lines, problems
    if not is_json:
        try:
            data = _construct(node) if node is not None else None
        except yaml.YAMLError as error:
            return None, lines, [_yaml_problem(name, error)]
        except (ValueError, TypeError, OverflowError) as error:
            return None, lines, [Problem(name, None, "", "", f"invalid YAML value: {error}")]
    try:
        data = _normalise_text(data, depth_limit)
    except _TooDeep as error:
        return None, lines, [Problem(name, None, "", "", str(error))]
    problems = [
        Problem(name, line, _record_label(data, dpath), _field_label(dpath),
                "key appears twice in one mapping; keep one")
        for dpath, line in dupes
    ] + [
        Problem(name, _line(lines, dpath), _record_label(data, dpath), _field_label(dpath),
                f"unquoted date {value}: write it in quotes, \"{value}\" (unquoted, YAML reads a date "
                "object, and the record format stores dates as text as precise as the report)")
        for dpath, value in unquoted
    ]
    return data, lines, problems


def _yaml_problem(name: str, error: yaml.YAMLError) -> Problem:
    mark = getattr(error, "problem_mark", None)
    reason = getattr(error, "problem", None) or str(error)
    return Problem(name, mark.line + 1 if mark else None, "", "", f"invalid YAML: {reason}")


def _record_label(data: Any, path: Path_) -> str:
    if len(path) >= 2 and path[0] in COLLECTIONS and isinstance(path[1], int):
        try:
            record_id = data[path[0]][path[1]].get("id")
        except (KeyError, IndexError, TypeError, AttributeError):
            record_id = None
        return f"{path[0]}[{path[1]}]" + (f" '{record_id}'" if record_id else "")
    if path and path[0] == "source":
        return "source"
    return ""


def _label_of(records: RecordFile, path: Path_) -> str:
    """`_record_label` from the checked records: constant time, whatever the file's size."""
    if len(path) >= 2 and path[0] in COLLECTIONS and isinstance(path[1], int):
        items = getattr(records, str(path[0]))
        record_id = items[path[1]].id if 0 <= path[1] < len(items) else None
        return f"{path[0]}[{path[1]}]" + (f" '{record_id}'" if record_id else "")
    if path and path[0] == "source":
        return "source"
    return ""


def _field_label(path: Path_) -> str:
    rest = path[2:] if len(path) >= 2 and isinstance(path[1], int) else path[1:] if path and path[0] == "source" else path
    text = ""
    for part in rest:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _line(lines: dict[Path_, int], path: Path_) -> int | None:
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return lines.get(())


# -- checking ----------------------------------------------------------------------------

def check_file(path: Path, limits: Limits | None = None) -> CheckedFile | list[Problem]:
    """Syntax, schema and vocabulary checks of one file (no cross-file references)."""
    limits = current_limits(limits)
    name = str(path)
    try:
        raw = read_limited(path, limits.file_bytes)
    except Unreadable as error:
        return [Problem(name, None, "", "", str(error))]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return [Problem(name, None, "", "", f"not UTF-8 (byte {error.start}): save the file as UTF-8")]
    data, lines, problems = read_document(path, text, limits)
    if data is None and problems:
        return problems
    if not isinstance(data, dict):
        return problems + [Problem(name, 1, "", "", "a record file is a mapping with 'schema_version', 'source' and record lists")]
    problems.extend(Problem(name, _line(lines, loc), _record_label(data, loc), _field_label(loc), message)
                    for loc, message in raw_data_problems(data))
    checksum = hashlib.sha256(raw).hexdigest()
    try:
        # Strict: a string field takes a string, not bytes or a date; a number field not true/false.
        records = RecordFile.model_validate(data, strict=True)
    except ValidationError as error:
        broken: set[Path_] = set()
        for item in error.errors():
            loc = tuple(item["loc"])
            problems.append(Problem(name, _line(lines, loc), _record_label(data, loc), _field_label(loc),
                                    _pydantic_message(item)))
            broken.add(_record_key(loc))
        # One run lists every problem it can find: the records that matched the schema get every
        # other check, the broken ones their vocabulary, country and domain fields.
        problems.extend(_check_broken_file(path, checksum, data, lines, broken))
        return sorted(set(problems), key=lambda p: (p.line or 0, p.record, p.field, p.message))
    checked = CheckedFile(path, checksum, records, lines, problems=list(problems))
    _check_terms(checked)
    return checked


def _record_key(loc: Path_) -> Path_:
    """The record an error is in: (collection, index), ("source",), or () for the file itself."""
    if len(loc) >= 2 and loc[0] in RECORD_COLLECTIONS and isinstance(loc[1], int):
        return loc[:2]
    return loc[:1] if loc and loc[0] == "source" else ()


#: Every collection of a record file (record lists and updates), in schema order.
RECORD_COLLECTIONS = tuple(slot.name for slot in SCHEMA.slots_of("RecordFile").values() if slot.multivalued)


def _check_broken_file(path: Path, checksum: str, data: dict, lines: dict[Path_, int],
                       broken: set[Path_]) -> list[Problem]:
    """What else is wrong in a file that does not match the schema as a whole.

    The records that match are checked as a file of their own (vocabularies, countries, rules,
    unique ids), their problems worded at their places in the real file; the fields of broken
    records are read as written and checked against the vocabularies, countries and domains."""
    name = str(path)
    kept: dict[str, list[int]] = {}
    partial: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
    for collection in RECORD_COLLECTIONS:
        items = data.get(collection)
        if not isinstance(items, list):
            continue
        kept[collection] = [i for i, item in enumerate(items) if (collection, i) not in broken]
        partial[collection] = [items[i] for i in kept[collection]]
    source = data.get("source")
    source_ok = ("source",) not in broken and isinstance(source, dict)
    partial["source"] = source if source_ok else {"id": "unchecked", "title": "unchecked", "language": "und"}
    problems: list[Problem] = []
    try:
        records = RecordFile.model_validate(partial, strict=True)
    except ValidationError:
        records = None  # an error only the whole file shows (none known): the broken-field checks still run
    if records is not None:
        checked = CheckedFile(path, checksum, records, {}, problems=[])
        remap = {(collection, j): (collection, i) for collection, indices in kept.items()
                 for j, i in enumerate(indices)}

        def real(place: Path_) -> Path_:
            return remap.get(place[:2], place[:2]) + place[2:] if len(place) >= 2 else place

        _check_terms(checked, _Checker(checked, lambda place, message: problems.append(
            Problem(name, _line(lines, real(place)), _record_label(data, real(place)), _field_label(real(place)),
                    message))))
    check = _Checker(CheckedFile(path, checksum, RecordFile.model_construct(), {}), lambda place, message:
                     problems.append(Problem(name, _line(lines, place), _record_label(data, place),
                                             _field_label(place), message)))
    for key in broken:
        if key == ("source",) or not key:
            continue
        collection, index = key
        class_name = _CLASS_OF[str(collection)]
        for place, slot, value in _walk_raw(class_name, data[collection][index], key):
            _check_value(check, place, slot, value)
    return problems


#: record collection -> its record class
_CLASS_OF = {slot.name: slot.range for slot in SCHEMA.slots_of("RecordFile").values() if slot.multivalued}


def _walk_raw(class_name: str, record: Any, path: Path_) -> Iterator[tuple[Path_, SlotSpec, str]]:
    """`_walk` over data as written (mappings and lists), for a record the models refused:
    the text values of the fields the schema knows, wherever the shape allows reading them."""
    if not isinstance(record, dict):
        return
    slots = SCHEMA.slots_of(class_name)
    for key, value in record.items():
        slot = slots.get(key) if isinstance(key, str) else None
        if slot is None or slot.derived or value is None:
            continue
        items = list(enumerate(value)) if slot.multivalued and isinstance(value, list) else [(None, value)]
        for index, item in items:
            item_path = path + (key,) + ((index,) if index is not None else ())
            if slot.range in SCHEMA.classes and isinstance(item, dict):
                yield from _walk_raw(slot.range, item, item_path)
            elif isinstance(item, str):
                yield item_path, slot, item


def raw_data_problems(data: dict) -> list[tuple[Path_, str]]:
    """What the models cannot see in parsed data: `true` is equal to 1 for a Literal[1]."""
    version = data.get("schema_version")
    if isinstance(version, bool):
        return [(("schema_version",), f"schema_version is {str(version).lower()}; write the number 1")]
    return []


def _pydantic_message(item: dict) -> str:
    kind, message = item["type"], item["msg"]
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return "unknown field: not part of the record format (see ontology/records.schema.json)"
    pattern = str(item.get("ctx", {}).get("pattern", ""))
    if kind == "string_pattern_mismatch" and pattern == SLUG_PATTERN:
        return f"'{item['input']}' is not a valid id: use lowercase letters, digits and single hyphens, e.g. 'az-ministry-of-health'"
    if kind == "string_pattern_mismatch" and pattern == LANGUAGE_PATTERN:
        return f"'{item['input']}' is not a language tag: use a BCP 47 tag such as 'en', 'vi' or 'ru'"
    if kind == "literal_error":
        return f"{message}"
    return message.removeprefix("Value error, ")


class _Checker:
    def __init__(self, checked: CheckedFile, report: Callable[[Path_, str], None] | None = None) -> None:
        self.checked = checked
        self._report = report

    def problem(self, path: Path_, message: str) -> None:
        if self._report is not None:  # a file checked in parts words problems at their real places
            self._report(path, message)
            return
        self.checked.problems.append(Problem(str(self.checked.path), _line(self.checked.lines, path),
                                             _label_of(self.checked.records, path), _field_label(path), message))

    def country(self, path: Path_, text: str | None) -> None:
        if text is None or text in self.checked.countries:
            return
        try:
            self.checked.countries[text] = countries().resolve(text)
        except UnknownCountry as error:
            self.problem(path, str(error))

    def term(self, path: Path_, scheme: str, text: str | None) -> None:
        if text is None:
            return
        vocab = vocabularies().scheme(scheme)
        if text not in vocab:
            try:
                # A label or an abbreviation (MoU, LoI) stands for its concept.
                self.checked.terms[(scheme, text)] = vocab.resolve(text).id
            except UnknownTerm as error:
                self.problem(path, str(error))

    def domain(self, path: Path_, text: str) -> None:
        try:
            self.checked.domains[text] = vocabularies().domains.resolve(text).id
        except UnknownTerm as error:
            self.problem(path, str(error))


def record_fields(checked: CheckedFile) -> Iterator[tuple[Path_, SlotSpec, Any]]:
    """Every value a curator wrote, with its path and the schema slot it fills (nested records walked)."""
    records = checked.records
    yield from _walk("Source", records.source, ("source",))
    for class_name in SCHEMA.record_classes:
        collection = SCHEMA.classes[class_name].note("record_collection")
        if collection:
            for index, record in enumerate(getattr(records, collection)):
                yield from _walk(class_name, record, (collection, index))


def _walk(class_name: str, record: Any, path: Path_) -> Iterator[tuple[Path_, SlotSpec, Any]]:
    for slot in SCHEMA.slots_of(class_name).values():
        if slot.derived:
            continue
        value = getattr(record, slot.name, None)
        if value is None or value == [] or value == {}:
            continue
        items = list(enumerate(value)) if slot.multivalued else [(None, value)]
        for index, item in items:
            item_path = path + (slot.name,) + ((index,) if index is not None else ())
            if slot.range in SCHEMA.classes and not isinstance(item, str):
                yield from _walk(slot.range, item, item_path)
            else:
                yield item_path, slot, item


def _check_value(check: _Checker, path: Path_, slot: SlotSpec, value: Any) -> None:
    """A vocabulary term, a country or a domain, as the slot says."""
    if slot.note("vocabulary"):
        check.term(path, slot.note("vocabulary"), value)
    resolve = slot.note("resolve")
    if resolve == "country":
        check.country(path, value)
    elif resolve == "domain":
        check.domain(path, value)


def _check_terms(checked: CheckedFile, check: _Checker | None = None) -> None:
    check = check or _Checker(checked)
    records = checked.records
    for path, slot, value in record_fields(checked):
        _check_value(check, path, slot, value)
    for i, event in enumerate(records.events):
        if event.date and event.end_date and _order(event.end_date) < _order(event.date):
            check.problem(("events", i, "end_date"), f"ends ({event.end_date}) before it starts ({event.date})")
    published = records.source.published
    for collection in ("instruments", "updates"):
        for i, instrument in enumerate(getattr(records, collection)):
            if published and instrument.signed_date and _later(instrument.signed_date, published):
                check.problem((collection, i, "signed_date"),
                              f"signed {instrument.signed_date}, after the report was published ({published})")
            for j, change in enumerate(instrument.status_history):
                if published and change.date and _later(change.date, published):
                    check.problem((collection, i, "status_history", j, "date"),
                                  f"{change.status} {change.date}, after the report was published ({published})")
    _check_unique_ids(check)
    run_rules(records, check.problem)


def _check_unique_ids(check: _Checker) -> None:
    for collection in COLLECTIONS:
        seen: dict[str, int] = {}
        for index, record in enumerate(getattr(check.checked.records, collection)):
            if record.id in seen:
                check.problem((collection, index, "id"),
                              f"id '{record.id}' is already used by {collection}[{seen[record.id]}] in this file")
            else:
                seen[record.id] = index


def _order(partial: str) -> str:
    return partial if not partial.startswith("--") else ""


def _later(first: str, second: str) -> bool:
    """True only when `first` is certainly after `second` at their common precision."""
    if first.startswith("--") or second.startswith("--"):
        return False
    width = min(len(first), len(second))
    return first[:width] > second[:width]


# -- references (resolved across the files of a load by loaders.crossfile) -----------

def references(checked: CheckedFile, need: Callable[[CheckedFile, Path_, str, str | None], None]) -> None:
    """Every reference to another record: a field with a `target` class, or one naming a country or organization."""
    for path, slot, value in record_fields(checked):
        if slot.note("resolve") == "country_or_organization":
            _represents(checked, path, value, need)
        elif slot.note("target"):
            need(checked, path, SCHEMA.classes[slot.note("target")].note("record_collection"), value)


def _represents(checked: CheckedFile, path: Path_, text: str | None, need) -> None:
    """`represents` is a country (code or name) or an organization id."""
    if text is None or text in checked.countries:
        return
    try:
        checked.countries[text] = countries().resolve(text)
    except UnknownCountry:
        need(checked, path, "organizations", text)


__all__ = [
    "CheckedFile", "Engagement", "Event", "Instrument", "Organization", "Person", "Problem",
    "check_file", "read_document",
]
