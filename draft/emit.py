"""The one place that knows the record format (loaders/records.py, schema_version 1).

A draft becomes a record file: each fact's sentence becomes an evidence quote in the report's
language. What the draft leaves to the curator is listed as review items, and is written so
`hdkg validate` names it: a quote in another language has no `english` rendering yet (the
draft translates nothing), a status the matcher could not find is missing, a status the
vocabulary does not have yet is written as found. When the record format changes, this module
changes with it and nothing else does.
"""

from __future__ import annotations

import io
from typing import Any

import yaml

from draft.model import Draft, DraftInstrument, Fact, Review
from loaders.records import SCHEMA_VERSION
from loaders.vocab import vocabularies

MAX_QUOTE = 400
#: Internal names of what a fact backs -> the `supports` words of the record format.
SUPPORTS = {"signed_date": "date", "signed_at": "event", "refers_to": "references", "type": "type",
            "status": "status", "parties": "parties", "signatory": "signatory", "domains": "domains",
            "renews": "renews", "date": "date", "mode": "mode", "country": "country", "kind": "kind",
            "participants": "participants", "opposed_by": "opposed-by", "event": "", "evidence": ""}
#: Internal status -> instrument-status term of the current format (identity where it has one).
STATUS_TERMS = {"discussed": "under-negotiation"}


def _quote(text: str) -> tuple[str, bool]:
    text = " ".join(text.split())
    if len(text) <= MAX_QUOTE:
        return text, False
    cut = text[:MAX_QUOTE].rsplit(" ", 1)[0]
    return cut, True


class Emitter:
    def __init__(self, draft: Draft) -> None:
        self.d = draft
        self.review: list[Review] = list(draft.review)
        self.explain: list[tuple[str, str]] = list(draft.explain)
        self.lang = draft.language

    def _evidence(self, where: str, facts: list[Fact]) -> list[dict[str, Any]]:
        grouped: dict[str, list[str]] = {}
        for fact in facts:
            if not fact.quote:
                continue
            supports = grouped.setdefault(fact.quote, [])
            word = SUPPORTS.get(fact.field, fact.field.replace("_", "-"))
            if word and word not in supports:
                supports.append(word)
        out = []
        for quote, supports in grouped.items():
            text, cut = _quote(quote)
            item: dict[str, Any] = {"quote": text, "lang": self.lang}
            if supports:
                item["supports"] = supports
            out.append(item)
            if cut:
                self.review.append(Review(f"{where}.evidence", f"sentence shortened to {MAX_QUOTE} characters: "
                                          "check that the kept part supports the fact"))
        if self.lang != "en" and out:
            self.review.append(Review(f"{where}.evidence", f"{len(out)} quote(s) in '{self.lang}' need an "
                                      "English rendering ('english'); the draft translates nothing"))
        return out

    def _facts(self, where: str, facts: list[Fact]) -> None:
        for fact in facts:
            value = "" if fact.value is None else f" = {fact.value}"
            self.explain.append((f"{where}.{fact.field}{value}", fact.rule))
            if fact.review:
                self.review.append(Review(f"{where}.{fact.field}", fact.review))

    def record(self) -> dict[str, Any]:
        d = self.d
        source: dict[str, Any] = {"id": d.source_id, "title": d.title[:300], "publisher": d.publisher,
                                  "url": d.url, "language": d.language, "published": d.published,
                                  "dateline": d.dateline, "document": d.document}
        notes = " ".join(d.notes)
        if notes:
            source["notes"] = notes[:2000]
        out: dict[str, Any] = {"schema_version": SCHEMA_VERSION, "source": _clean(source)}
        if not d.published:
            self.review.append(Review("source.published", "the report gives no publication date; add it, "
                                      "or pass --published so relative dates can be resolved"))
        if not d.publisher:
            self.review.append(Review("source.publisher", "publisher not found in the report"))
        out["organizations"] = [self._organization(i, o) for i, o in enumerate(d.organizations)]
        out["people"] = [self._person(i, p) for i, p in enumerate(d.people)]
        out["events"] = [self._event(i, e) for i, e in enumerate(d.events)]
        out["instruments"] = [self._instrument(i, x) for i, x in enumerate(d.instruments)]
        out["engagements"] = [self._engagement(i, e) for i, e in enumerate(d.engagements)]
        return {k: v for k, v in out.items() if v != []}

    def _organization(self, i: int, o) -> dict[str, Any]:
        where = f"organizations[{i}] '{o.id}'"
        self.explain.append((f"{where}", o.rule))
        for reason in o.review:
            self.review.append(Review(where, reason))
        item = {"id": o.id, "name": o.name[:300], "names": o.names or None, "kind": o.kind, "country": o.country}
        if not o.linked:
            item["evidence"] = self._evidence(where, [Fact("", None, o.quote, o.rule)])
        return _clean(item)

    def _person(self, i: int, p) -> dict[str, Any]:
        where = f"people[{i}] '{p.id}'"
        self.explain.append((where, p.rule))
        for reason in p.review:
            self.review.append(Review(where, reason))
        roles = []
        if p.role and (p.organization or p.country):
            roles.append(_clean({"role": p.role, "title": (p.title or p.role)[:300], "organization": p.organization,
                                 "country": p.country, "date": self.d.published if self.d.published and not self.d.published.startswith("--") else None}))
            if self.lang != "en":
                self.review.append(Review(f"{where}.roles[0].title", "title is in the report's language; give it in English"))
        item = {"id": p.id, "name": p.name, "name_original": p.name_original,
                "name_original_lang": p.lang if p.name_original else None, "roles": roles}
        if not p.linked:
            item["evidence"] = self._evidence(where, [Fact("", None, p.quote, p.rule)])
        return _clean(item)

    def _event(self, i: int, e) -> dict[str, Any]:
        where = f"events[{i}] '{e.id}'"
        self._facts(where, e.facts)
        return _clean({"id": e.id, "kind": e.kind, "name": e.name[:300], "date": e.date, "country": e.country,
                       "mode": e.mode, "session_number": e.session_number,
                       "attendees": [_clean({"person": pid, "represents": rep}) for pid, rep in e.attendees],
                       "evidence": self._evidence(where, e.facts)})

    def _instrument(self, i: int, x: DraftInstrument) -> dict[str, Any]:
        where = f"instruments[{i}] '{x.id}'"
        self._facts(where, x.facts)
        status = STATUS_TERMS.get(x.status, x.status) if x.status else None
        statuses = vocabularies().scheme("instrument-status")
        if status is None:
            self.review.append(Review(f"{where}.status", "no status cue (signed, approved, proposed, adopted, "
                                      "discussed ...) found: set it from the report"))
        elif status not in statuses:
            self.review.append(Review(f"{where}.status", f"the report says '{status}', which the instrument-status "
                                      "vocabulary does not have yet: choose the nearest term, never 'signed' unless it was signed"))
        if len(x.parties) < 2:
            self.review.append(Review(f"{where}.parties", "fewer than two parties found: add the other side"))
        history = []
        if x.linked:
            history.append(_clean({"status": status, "date": x.signed_date if status == "signed" else None,
                                   "evidence": self._evidence(where + ".status_history",
                                                              [f for f in x.facts if f.field == "status"][:1])}))
            if x.graph_status and x.graph_status != status:
                self.review.append(Review(f"{where}.status", f"the graph has this instrument as '{x.graph_status}'; "
                                          f"this report states '{status}': a status event on it. Other records of it "
                                          "state the older status: reconcile them"))
        item = {
            "id": x.id, "type": x.type, "title": x.title[:300], "title_original": x.title_original,
            "language": self.lang if x.title_original else None, "status": status, "status_history": history,
            "signed_date": x.signed_date,
            "parties": [_clean({"country": p.country, "organization": p.organization, "signatory": p.signatory})
                        for p in x.parties],
            "domains": most_specific(x.domains), "signed_at": x.signed_at, "renews": x.renews, "refers_to": x.refers_to,
            "unknown": x.unknown, "evidence": self._evidence(where, x.facts),
        }
        return _clean(item)

    def _engagement(self, i: int, e) -> dict[str, Any]:
        where = f"engagements[{i}] '{e.id}'"
        self._facts(where, e.facts)

        def actors(group):
            return [_clean({"country": c, "organization": o}) for c, o in group]

        return _clean({"id": e.id, "kind": e.kind, "status": e.status, "title": e.title, "date": e.date,
                       "participants": actors(e.participants), "proposed_by": actors(e.proposed_by),
                       "opposed_by": actors(e.opposed_by), "domains": most_specific(e.domains), "event": e.event,
                       "evidence": self._evidence(where, e.facts)})


def _clean(item: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in item.items() if v is not None and v != [] and v != {}}


def emit(draft: Draft) -> tuple[dict[str, Any], list[Review], list[tuple[str, str]]]:
    """The record file's data, what is left for review, and the rule behind each fact."""
    emitter = Emitter(draft)
    record = emitter.record()
    return record, emitter.review, emitter.explain


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str):
    # Dates and other YAML-ambiguous strings stay strings ("2024-10-08", "--11-01", "no").
    return dumper.represent_scalar("tag:yaml.org,2002:str", value,
                                   style='"' if _ambiguous(value) else None)


def _ambiguous(value: str) -> bool:
    if not value or len(value) >= 40:
        return False
    try:
        return bool(yaml.safe_load(io.StringIO(value)) != value)
    except yaml.YAMLError:  # ":" or "- [": not a plain scalar, so quoted
        return True


_Dumper.add_representer(str, _str)


def to_yaml(record: dict[str, Any], review: list[Review]) -> str:
    header = ["# Draft record made by `hdkg draft`: review every fact against the report before loading.",
              "# Evidence quotes are the report's own sentences, in its language."]
    if review:
        header.append(f"# Left for the curator ({len(review)}):")
        header.extend(f"#   - {item.where}: {item.reason}" for item in review)
    body = yaml.dump(record, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=110)
    return "\n".join(header) + "\n\n" + body



def most_specific(domains: list[str]) -> list[str]:
    """The domains without a top concept of the scheme ("health") when a narrower one is named:
    any domain already counts for those above it in the queries."""
    scheme = vocabularies().domains
    kept = [domain for domain in domains if domain not in scheme.concepts or scheme.concepts[domain].broader]
    return kept or domains
