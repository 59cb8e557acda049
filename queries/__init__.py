"""Canned Cypher queries: one `.cypher` file each, described by its own header.

The registry reads every file in this folder; nothing about a particular query lives in Python.
A file starts with a block of `//` comment lines:

    // name: partners
    // description: Partners of a country: who signed instruments with it.
    // param: country: country (required)  The country. example: "UA"
    // param: domain: domain | null = null  Only this domain or a narrower one. example: "oncology"
    // param: statuses: list[term:instrument-status] = ["signed", "in-force"]  Statuses that count.

A line indented further (`//    more text`) continues the previous entry. A `param` line is
`NAME: TYPE (required)  DESCRIPTION` or `NAME: TYPE = DEFAULT  DESCRIPTION`, where DEFAULT is
JSON, and DESCRIPTION may end with `example: JSON`. TYPE is one or more alternatives joined by
`|`:

- `str`, `int`, `bool`; `count`: an integer >= 0 (a cap on what a row lists);
- `country`: an ISO 3166-1 alpha-2 or alpha-3 code or a country name in any language,
  passed to Cypher as the alpha-2 code;
- `domain`: a health-domain id or any of its labels, passed as the domain id;
- `term:SCHEME`: a term of a controlled vocabulary in ontology/vocabularies.ttl, passed as its id;
- a JSON string such as `"country"`: one allowed value;
- `list[X]` of any of the above but a JSON string; `null` makes the parameter nullable.

Every declared parameter is used in the Cypher text as `$NAME` and every `$NAME` is declared.
Pagination is not written in the files: the runner (graph.queries) runs `paged_text`, the query
followed by `SKIP $page_offset LIMIT $page_size`, so the server sorts what matches but builds the
projections (evidence lists, sources) of the requested page only. A query therefore ends with one
top-level `RETURN` (a `UNION` of whole queries would page its last branch only) and orders its
rows completely, so pages do not overlap. A query may read `$page_offset` and `$page_size` itself,
to stop early when the page is known to lie among what it has read; run unpaged (counting the
whole answer), it is given a page as large as the answer.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

# The runner raises ParameterError too (for the offset), so it is defined in graph/; kept importable here.
from graph.errors import ParameterError
from loaders.countries import UnknownCountry, countries
from loaders.vocab import UnknownTerm, vocabularies

QUERIES_DIR = Path(__file__).resolve().parent

SCALAR_TYPES = ("str", "int", "count", "bool", "country", "domain")
#: The largest `count`: queries slice lists with it, and a Cypher list index is a 32-bit integer.
COUNT_MAX = 2**31 - 1
_TRUE = {"true", "1", "yes", "on", "y", "t"}
_FALSE = {"false", "0", "no", "off", "n", "f"}


# -- errors --------------------------------------------------------------------------------

class QueryFileError(ValueError):
    """A `.cypher` file whose header cannot be read."""


class UnknownQuery(KeyError):
    def __init__(self, name: str, known: list[str]):
        self.name = name
        self.known = known
        super().__init__(name)

    def __str__(self) -> str:
        return f"unknown query '{self.name}'; known queries: {', '.join(self.known)}"


class UnknownValue(ParameterError):
    """A country or domain that does not exist; carries suggestions."""

    def __init__(self, parameter: str, kind: str, value: str, suggestions: list[Any], message: str):
        self.kind = kind
        self.suggestions = suggestions
        super().__init__(parameter, message, value, {"kind": kind, "suggestions": suggestions})


# -- parameter types -------------------------------------------------------------------------

@dataclass(frozen=True)
class ParamType:
    base: str  # one of SCALAR_TYPES, "term" or "choice"
    is_list: bool = False
    nullable: bool = False
    scheme: str | None = None  # for "term"
    choices: tuple[str, ...] = ()  # for "choice"
    text: str = ""

    @classmethod
    def parse(cls, text: str) -> ParamType:
        alternatives = [part.strip() for part in text.split("|")]
        nullable = "null" in alternatives
        rest = [alt for alt in alternatives if alt != "null"]
        if not rest:
            raise ValueError(f"type '{text}' has no alternative besides null")
        if all(alt.startswith('"') for alt in rest):
            choices = tuple(json.loads(alt) for alt in rest)
            return cls("choice", nullable=nullable, choices=choices, text=text)
        if len(rest) != 1:
            raise ValueError(f"type '{text}': only JSON strings and null may be combined with |")
        alt = rest[0]
        is_list = alt.startswith("list[") and alt.endswith("]")
        if is_list:
            alt = alt[5:-1].strip()
        if alt.startswith("term:"):
            return cls("term", is_list, nullable, scheme=alt[5:], text=text)
        if alt not in SCALAR_TYPES:
            raise ValueError(f"unknown type '{alt}' in '{text}'")
        return cls(alt, is_list, nullable, text=text)

    def json_schema(self) -> dict[str, Any]:
        if self.base == "choice":
            item: dict[str, Any] = {"type": "string", "enum": list(self.choices)}
        elif self.base == "term":
            item = {"type": "string", "enum": sorted(vocabularies().scheme(self.scheme).concepts)}
        elif self.base == "int":
            item = {"type": "integer"}
        elif self.base == "count":
            item = {"type": "integer", "minimum": 0, "maximum": COUNT_MAX}
        elif self.base == "bool":
            item = {"type": "boolean"}
        elif self.base == "country":
            item = {"type": "string", "format": "country",
                    "description": "ISO 3166-1 alpha-2 or alpha-3 code, or a country name in any language"}
        elif self.base == "domain":
            item = {"type": "string", "format": "domain",
                    "description": "health-domain id or label in any language (ontology/domains.ttl)"}
        else:
            item = {"type": "string"}
        schema = {"type": "array", "items": item} if self.is_list else item
        return {"anyOf": [schema, {"type": "null"}]} if self.nullable else schema


@dataclass(frozen=True)
class Param:
    name: str
    type: ParamType
    required: bool
    default: Any
    description: str
    example: Any = None
    has_example: bool = False

    def bind(self, value: Any) -> Any:
        """The value Cypher receives, from text (HTTP, CLI) or from Python values."""
        t = self.type
        if value is None or (isinstance(value, str) and value.strip().lower() in ("", "null")):
            if t.nullable:
                return None
            raise ParameterError(self.name, "a value is required", value)
        if t.is_list:
            items = value if isinstance(value, (list, tuple)) else [value]
            flat: list[Any] = []
            for item in items:
                if isinstance(item, str):
                    flat.extend(part.strip() for part in item.split(",") if part.strip())
                else:
                    flat.append(item)
            if not flat:
                raise ParameterError(self.name, "give at least one value", value)
            return list(dict.fromkeys(self._scalar(item) for item in flat))
        if isinstance(value, (list, tuple)):
            if len(value) != 1:
                raise ParameterError(self.name, "takes a single value", value)
            value = value[0]
        return self._scalar(value)

    def _scalar(self, value: Any) -> Any:
        base = self.type.base
        if base in ("int", "count"):
            if isinstance(value, bool):
                raise ParameterError(self.name, "must be an integer", value)
            try:
                number = int(value)
            except (TypeError, ValueError):
                raise ParameterError(self.name, f"must be an integer, not '{value}'", value) from None
            if not -2**63 <= number < 2**63:  # Cypher integers are 64-bit
                raise ParameterError(self.name, "must be a 64-bit integer", value)
            if base == "count" and number < 0:
                raise ParameterError(self.name, f"must be 0 or more, not {number}", value)
            if base == "count" and number > COUNT_MAX:
                raise ParameterError(self.name, f"must be at most {COUNT_MAX:,}, not {number:,}", value)
            return number
        if base == "bool":
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in _TRUE:
                return True
            if text in _FALSE:
                return False
            raise ParameterError(self.name, f"must be true or false, not '{value}'", value)
        text = str(value).strip()
        if base == "choice":
            if text not in self.type.choices:
                raise ParameterError(self.name, f"must be one of {', '.join(self.type.choices)}, not '{text}'",
                                     text, {"allowed": list(self.type.choices)})
            return text
        if base == "country":
            try:
                return countries().resolve(text).code
            except UnknownCountry as error:
                suggestions = [{"code": c.code, "name": c.name} for c in error.suggestions]
                raise UnknownValue(self.name, "country", text, suggestions, str(error)) from None
        if base == "domain":
            try:
                return vocabularies().domains.resolve(text).id
            except UnknownTerm as error:
                raise UnknownValue(self.name, "domain", text, list(error.suggestions), str(error)) from None
        if base == "term":
            scheme = vocabularies().scheme(self.type.scheme)
            try:
                return scheme.resolve(text).id
            except UnknownTerm as error:
                raise ParameterError(self.name, str(error), text, {
                    "suggestions": list(error.suggestions), "allowed": sorted(scheme.concepts)}) from None
        return text

    def describe(self) -> dict[str, Any]:
        return {
            "name": self.name, "type": self.type.text, "required": self.required,
            "default": None if self.required else self.default, "description": self.description,
            "example": self.example, "schema": self.type.json_schema(),
        }


@dataclass(frozen=True)
class CannedQuery:
    name: str
    description: str
    params: tuple[Param, ...]
    text: str
    path: Path
    _by_name: dict[str, Param] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_name.update({p.name: p for p in self.params})

    def param(self, name: str) -> Param:
        return self._by_name[name]

    @property
    def paged_text(self) -> str:
        """The query with the page clause; bind `page_offset` and `page_size` besides `bind()`'s."""
        return self.text + _PAGE_CLAUSE

    def bind(self, raw: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Checked Cypher parameters: defaults filled, text converted, names resolved."""
        raw = dict(raw or {})
        unknown = sorted(set(raw) - set(self._by_name))
        if unknown:
            valid = ", ".join(p.name for p in self.params) or "none"
            raise ParameterError(unknown[0], f"unknown parameter for query '{self.name}' (parameters: {valid})",
                                 details={"unknown": unknown, "valid": [p.name for p in self.params]})
        bound: dict[str, Any] = {}
        for param in self.params:
            if param.name in raw:
                bound[param.name] = param.bind(raw[param.name])
            elif param.required:
                raise ParameterError(param.name, f"is required by query '{self.name}'")
            else:
                bound[param.name] = copy.deepcopy(param.default)
        return bound

    def example_params(self, required_only: bool = False) -> dict[str, Any]:
        return {p.name: p.example for p in self.params
                if p.has_example and (p.required or not required_only)}

    def plan_parameters(self) -> list[dict[str, Any]]:
        """Bound parameters (the page clause's too) to plan the query with ahead of its first use.

        The server plans a query once per set of parameter types (a filter left null is planned
        apart from one given), so both the defaults and every filter given (the examples).
        """
        planned: list[dict[str, Any]] = []
        for given in (self.example_params(required_only=True), self.example_params()):
            bound = {**self.bind(given), PAGE_PARAMS[0]: 0, PAGE_PARAMS[1]: 1}
            if bound not in planned:
                planned.append(bound)
        return planned

    def describe(self) -> dict[str, Any]:
        return {"name": self.name, "description": self.description, "file": self.path.name,
                "params": [p.describe() for p in self.params]}


# -- parsing -------------------------------------------------------------------------------

_HEADER_KEY = re.compile(r"^(name|description|param):\s*(.*)$")
_PARAM_HEAD = re.compile(r"^(?P<name>[a-z_][a-z0-9_]*):\s*(?P<type>[^=(]+?)\s*(?P<kind>\(required\)|=)\s*(?P<rest>.*)$")
_CYPHER_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
#: Parameters of the page clause the runner appends; no query file may declare them (it may read them).
PAGE_PARAMS = ("page_offset", "page_size")
_PAGE_CLAUSE = "\nSKIP $page_offset LIMIT $page_size"
#: Clauses at the start of a line that would make the appended page clause wrong.
_TOP_LEVEL_CLAUSE = re.compile(r"(UNION|SKIP|LIMIT|OFFSET)\b")
_EXAMPLE = " example:"


def _decode_json_prefix(text: str, what: str) -> tuple[Any, str]:
    try:
        value, end = json.JSONDecoder().raw_decode(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"{what} is not JSON: {text!r}") from error
    return value, text[end:]


def _parse_param(text: str) -> Param:
    match = _PARAM_HEAD.match(text)
    if not match:
        raise ValueError(f"cannot read parameter line {text!r}")
    param_type = ParamType.parse(match["type"])
    required = match["kind"] == "(required)"
    rest = match["rest"]
    default = None
    if not required:
        default, rest = _decode_json_prefix(rest, "default")
    description = " " + rest.strip()
    example, has_example = None, False
    if _EXAMPLE in description:
        description, example_text = description.rsplit(_EXAMPLE, 1)
        example, tail = _decode_json_prefix(example_text.strip(), "example")
        if tail.strip():
            raise ValueError(f"text after the example of '{match['name']}': {tail.strip()!r}")
        has_example = True
    return Param(match["name"], param_type, required, default, description.strip(), example, has_example)


def parse_query_file(path: Path) -> CannedQuery:
    text = path.read_text(encoding="utf-8")
    entries: list[list[str]] = []
    body_start = 0
    lines = text.splitlines()
    for number, line in enumerate(lines):
        stripped = line.strip()
        if not stripped.startswith("//"):
            body_start = number
            break
        content = stripped[2:]
        key = _HEADER_KEY.match(content.strip())
        if key and not content.startswith("  "):
            entries.append([key[1], key[2].strip()])
        elif content.strip() and entries:
            entries[-1][1] += " " + content.strip()
        elif content.strip():
            raise QueryFileError(f"{path.name}:{number + 1}: header line outside an entry: {line!r}")
    else:
        body_start = len(lines)
    body = "\n".join(lines[body_start:]).strip()
    names = [value for key, value in entries if key == "name"]
    descriptions = [value for key, value in entries if key == "description"]
    if len(names) != 1 or len(descriptions) != 1:
        raise QueryFileError(f"{path.name}: the header needs exactly one 'name' and one 'description'")
    if names[0] != path.stem:
        raise QueryFileError(f"{path.name}: name '{names[0]}' differs from the file name")
    try:
        params = tuple(_parse_param(value) for key, value in entries if key == "param")
    except ValueError as error:
        raise QueryFileError(f"{path.name}: {error}") from error
    declared = [p.name for p in params]
    if len(set(declared)) != len(declared):
        raise QueryFileError(f"{path.name}: a parameter is declared twice")
    if set(declared) & set(PAGE_PARAMS):
        raise QueryFileError(f"{path.name}: {sorted(set(declared) & set(PAGE_PARAMS))} are reserved for pagination")
    for number, line in enumerate(lines[body_start:], start=body_start + 1):
        clause = _TOP_LEVEL_CLAUSE.match(line)
        if clause:
            raise QueryFileError(f"{path.name}:{number}: top-level {clause[1]}; the runner pages every query,"
                                 " so it ends with a single RETURN and has no SKIP or LIMIT of its own")
    used = set(_CYPHER_PARAM.findall(body)) - set(PAGE_PARAMS)
    if used - set(declared):
        raise QueryFileError(f"{path.name}: undeclared parameters {sorted(used - set(declared))}")
    if set(declared) - used:
        raise QueryFileError(f"{path.name}: declared but unused parameters {sorted(set(declared) - used)}")
    if not body:
        raise QueryFileError(f"{path.name}: no Cypher after the header")
    return CannedQuery(names[0], descriptions[0], params, body, path)


class QueryRegistry:
    def __init__(self, queries: list[CannedQuery]) -> None:
        self._queries = {q.name: q for q in sorted(queries, key=lambda q: q.name)}

    def __iter__(self) -> Iterator[CannedQuery]:
        return iter(self._queries.values())

    def __len__(self) -> int:
        return len(self._queries)

    def __contains__(self, name: str) -> bool:
        return name in self._queries

    def names(self) -> list[str]:
        return list(self._queries)

    def get(self, name: str) -> CannedQuery:
        try:
            return self._queries[name]
        except KeyError:
            raise UnknownQuery(name, self.names()) from None

    def catalog(self) -> list[dict[str, Any]]:
        return [q.describe() for q in self]


def load_queries(directory: Path = QUERIES_DIR) -> QueryRegistry:
    return QueryRegistry([parse_query_file(path) for path in sorted(directory.glob("*.cypher"))])


@lru_cache
def registry() -> QueryRegistry:
    """The canned queries shipped in this folder (read once)."""
    return load_queries()


def load_lookups() -> None:
    """Read the canned queries and the country and vocabulary tables parameters resolve against.

    Each is read on first use otherwise: by the first requests a server answers, every thread
    serving one at that moment reading its own copy.
    """
    registry()
    countries()
    vocabularies()
