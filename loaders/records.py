"""The curated record format: one YAML (or JSON) file per source report.

The models are built from the one declaration of the model, ontology/hdkg.schema.yaml (the
classes reachable from `RecordFile`, without the graph-only `derived` slots): its types give each
field's pattern and lengths, its attributes the fields, cardinalities and descriptions, its
`rules` annotations the checks across fields. What a type means beyond its pattern (a partial
date must be a real day, text must not hide control characters) is the one thing written here,
per type name. `hdkg schema` exports the models as JSON Schema (ontology/records.schema.json,
tested to be current). References to countries, domains, vocabulary terms and other records are
resolved by `loaders.validate`, which knows the vocabularies and every file of a load.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, create_model, model_validator

from graph.model import SCHEMA, Schema, SlotSpec, TypeSpec
from loaders.vocab import vocabularies

#: The version of the record format files declare (`schema_version`).
SCHEMA_VERSION = SCHEMA.types["SchemaVersion"].maximum_value
SLUG_PATTERN = SCHEMA.types["Slug"].pattern
LANGUAGE_PATTERN = SCHEMA.types["LanguageTag"].pattern

_PARTIAL_DATE = re.compile(r"^(?:(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?|--(?P<md_month>\d{2})-(?P<md_day>\d{2}))$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def check_partial_date(value: str) -> str:
    """A date as precise as the report: YYYY, YYYY-MM, YYYY-MM-DD, or --MM-DD (year unknown)."""
    match = _PARTIAL_DATE.match(value)
    if not match:
        raise ValueError(
            f"'{value}' is not a date: use YYYY, YYYY-MM, YYYY-MM-DD, or --MM-DD when the year is unknown"
        )
    parts = match.groupdict()
    if parts["md_month"]:
        month, day = int(parts["md_month"]), int(parts["md_day"])
        if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(2024, month)[1]:
            raise ValueError(f"'{value}' is not a day of the year")
        return value
    year = int(parts["year"])
    if year < 1800:
        raise ValueError(f"'{value}': year {year} is before any record this graph holds (1800 or later)")
    month = int(parts["month"]) if parts["month"] else 1
    day = int(parts["day"]) if parts["day"] else 1
    if not 1 <= month <= 12:
        raise ValueError(f"'{value}': month {month} does not exist")
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise ValueError(f"'{value}': {year}-{month:02d} has no day {day}")
    if dt.date(year, month, 1 if not parts["day"] else day) > dt.date.today():
        raise ValueError(f"'{value}' is in the future; records describe what a report says has happened")
    return value


def check_clean_text(value: str) -> str:
    if _CONTROL.search(value):
        raise ValueError("contains control or invisible formatting characters; remove them")
    return value


#: What each schema type checks beyond its pattern and lengths.
_TYPE_CHECKS: dict[str, tuple[Callable[[str], str], ...]] = {
    "PartialDate": (check_partial_date,),
    "Text": (check_clean_text,),
    "Paragraph": (check_clean_text,),
    "Quote": (check_clean_text,),
    "Term": (check_clean_text,),
}

#: Types whose check reads the whole value, pattern included.
_PARSED_TYPES = frozenset({"PartialDate"})


def _python_type(spec: TypeSpec) -> Any:
    if spec.name == "SchemaVersion":
        return Literal[tuple(range(spec.minimum_value, spec.maximum_value + 1))]  # type: ignore[misc]
    if spec.typeof == "integer":
        return int
    if spec.typeof == "boolean":
        return bool
    checks = _TYPE_CHECKS.get(spec.name, ())
    # A check that parses the whole value (a partial date) says more than "should match pattern":
    # the pattern is then only published in the JSON Schema.
    parses = spec.name in _PARSED_TYPES
    constraints = StringConstraints(pattern=None if parses else spec.pattern,
                                    min_length=spec.min_length, max_length=spec.max_length)
    published = [Field(json_schema_extra={"pattern": spec.pattern})] if parses and spec.pattern else []
    return Annotated[str, constraints, *(AfterValidator(check) for check in checks), *published]


TYPES: dict[str, Any] = {name: _python_type(spec) for name, spec in SCHEMA.types.items()}

PartialDate = TYPES["PartialDate"]
Slug = TYPES["Slug"]
LanguageTag = TYPES["LanguageTag"]


# -- rules across fields, named by the schema's `rules` annotations ---------------------------

def _sortable(partial: str) -> str:
    return partial if not partial.startswith("--") else "0000" + partial[1:]


def english_when_foreign(record: Any) -> None:
    if record.lang != "en" and not record.english:
        raise ValueError(f"a quote in '{record.lang}' needs an 'english' rendering")


def anchored_role(record: Any) -> None:
    if not record.organization and not record.country:
        raise ValueError("a role needs an 'organization' or a 'country'")


def participant_named(record: Any) -> None:
    if not record.country and not record.organization:
        raise ValueError("a participant needs a 'country' or an 'organization'")


def distinct_parties(record: Any) -> None:
    seen = set()
    for party in record.parties:
        key = (party.country, party.organization)
        if key in seen:
            raise ValueError(f"party {party.country or '-'}/{party.organization or '-'} is listed twice")
        seen.add(key)


def title_original_language(record: Any) -> None:
    if record.title_original and not record.language:
        raise ValueError("'title_original' needs 'language'")


def valid_range(record: Any) -> None:
    if record.valid_from and record.valid_until and _sortable(record.valid_until) < _sortable(record.valid_from):
        raise ValueError("'valid_until' is before 'valid_from'")


def not_self_referencing(record: Any) -> None:
    if record.id in {*record.renews, *record.amends, *record.implements, *record.refers_to}:
        raise ValueError("an instrument cannot renew, amend, implement or refer to itself")


#: Kinds of organization that may stand for no one country (a joint commission of two governments
#: is recorded with its member states instead).
INTERNATIONAL_KINDS = frozenset({"international-organization", "forum", "intergovernmental-commission"})


def country_unless_international(record: Any) -> None:
    if not record.country and record.kind not in INTERNATIONAL_KINDS:
        raise ValueError(f"a '{record.kind}' needs a 'country'; only an international organization, forum or "
                         "intergovernmental commission has none")


def party_named(record: Any) -> None:
    if not record.country and not record.organization:
        raise ValueError("a party needs a 'country', an 'organization', or both")


def enough_parties(record: Any) -> None:
    if len(record.parties) < 2 and not record.forum:
        raise ValueError("an instrument needs two parties, or one party and the 'forum' it was adopted in")


def status_stated(record: Any) -> None:
    if not record.status and not record.status_history:
        raise ValueError("say the status the report gives: 'status', or the steps in 'status_history'")


def update_adds_something(record: Any) -> None:
    stated = [name for name in type(record).model_fields
              if name not in ("instrument", "evidence") and getattr(record, name) not in (None, [], {})]
    if not stated:
        raise ValueError(f"an update of '{record.instrument}' states nothing: give its status, steps, parties, dates or domains")


RULES: dict[str, Callable[[Any], None]] = {rule.__name__: rule for rule in (
    english_when_foreign, anchored_role, participant_named, distinct_parties, title_original_language,
    valid_range, not_self_referencing, country_unless_international, party_named, enough_parties,
    status_stated, update_adds_something)}


# -- the models ----------------------------------------------------------------------------

class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


def _field(slot: SlotSpec, schema: Schema, models: dict[str, type[Record]]) -> tuple[Any, Any]:
    if slot.range in models:
        item: Any = models[slot.range]
        if slot.note("also_accepts"):
            item = item | TYPES[slot.note("also_accepts")]
    elif slot.range in TYPES:
        item = TYPES[slot.range]
    else:
        raise ValueError(f"{slot.name}: range '{slot.range}' is neither a type nor a record class of the schema")
    if slot.range == "SmallCount" and (slot.minimum_value is not None or slot.maximum_value is not None):
        item = Annotated[int, Field(ge=slot.minimum_value, le=slot.maximum_value)]
    options: dict[str, Any] = {}
    if slot.description:
        options["description"] = slot.description
    if slot.note("keyed_by_language"):
        return dict[LanguageTag, item], Field(default_factory=dict, **options)
    if slot.multivalued:
        if slot.minimum_cardinality:
            options["min_length"] = slot.minimum_cardinality
        if slot.required:
            return list[item], Field(**options)
        return list[item], Field(default_factory=list, **options)
    if slot.required:
        return item, Field(**options)
    return item | None, Field(default=None, **options)


def _rule_validator(names: tuple[str, ...]) -> Any:
    rules = [RULES[name] for name in names]

    def check(self: Any) -> Any:
        for rule in rules:
            rule(self)
        return self

    return model_validator(mode="after")(check)


def build_models(schema: Schema = SCHEMA) -> dict[str, type[Record]]:
    models: dict[str, type[Record]] = {}
    for name in schema.record_classes:
        spec = schema.classes[name]
        fields = {slot.name: _field(slot, schema, models)
                  for slot in schema.slots_of(name).values() if not slot.derived}
        validators = {"_rules": _rule_validator(spec.rules)} if spec.rules else {}
        models[name] = create_model(name, __base__=Record, __doc__=spec.description or None,
                                    __validators__=validators, **fields)
    return models


MODELS = build_models()
Evidence = MODELS["Evidence"]
Source = MODELS["Source"]
Organization = MODELS["Organization"]
Role = MODELS["Role"]
Person = MODELS["Person"]
Attendance = MODELS["Attendance"]
Event = MODELS["Event"]
Party = MODELS["Party"]
StatusChange = MODELS["StatusChange"]
Instrument = MODELS["Instrument"]
Participant = MODELS["Participant"]
Engagement = MODELS["Engagement"]
InstrumentUpdate = MODELS["InstrumentUpdate"]
Alias = MODELS["Alias"]
Membership = MODELS["Membership"]
RecordFile = MODELS["RecordFile"]


def vocabulary_fields(schema: Schema = SCHEMA) -> dict[str, dict[str, str]]:
    """Record collection -> {field: vocabulary scheme} for every vocabulary-valued field."""
    found: dict[str, dict[str, str]] = {}
    for spec in schema.classes.values():
        collection = spec.note("record_collection")
        if not collection:
            continue
        fields = {slot.name: slot.note("vocabulary") for slot in spec.slots.values() if slot.note("vocabulary")}
        if fields:
            found[collection] = fields
    return found


def json_schema() -> dict:
    """The JSON Schema, with vocabulary fields enumerating the ids ontology/ defines."""
    schema = RecordFile.model_json_schema()
    vocab = vocabularies()
    for name, definition in schema["$defs"].items():
        slots = SCHEMA.slots_of(name) if name in SCHEMA.classes else {}
        for prop_name, prop in definition.get("properties", {}).items():
            scheme = slots[prop_name].note("vocabulary") if prop_name in slots else None
            if scheme:
                terms = sorted(vocab.scheme(scheme).concepts)
                target = next((option for option in prop.get("anyOf", []) if option.get("type") == "string"), prop)
                target["enum"] = terms
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://w3id.org/hdkg/schema/records.schema.json"
    schema["title"] = "Health diplomacy knowledge graph: curated record file"
    return schema
