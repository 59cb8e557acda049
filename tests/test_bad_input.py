"""Bad input of many kinds, in YAML, JSON and CSV, loaded into a graph holding the curated
records: each gets a clear error (file, line, record, field, what is valid) and the graph's
fingerprint is identical before and after."""

from __future__ import annotations

import json
import pytest
import yaml

from loaders.load import run_load
from tests.test_loader import fingerprint
from tests.test_records import BAD, VALID


def _yaml_case(name: str, old: str, new: str, field: str, text: str, count: int = 1):
    return (name, "record.yaml", lambda: VALID.replace(old, new, count), field, text)


def _json_case(name: str, change, field: str, text: str):
    def make() -> str:
        data = yaml.safe_load(VALID)
        change(data)
        return json.dumps(data, ensure_ascii=False, indent=1)

    return (name, "record.json", make, field, text)


CSV_HEADER = "country,partner,date,type,subject,domains,status\n"


def _csv_case(name: str, row: str, field: str, text: str, header: str = CSV_HEADER):
    return (name, "table.csv", lambda: header + row, field, text)


def _set(path: list, value):
    def change(data):
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return change


CASES = [
    # Further YAML kinds (the record-format suite in test_records.py adds its own below).
    _yaml_case("too long a name", "name: First Signatory", "name: " + "N" * 301, "name", "at most 300 characters"),
    _yaml_case("zero-width space", "name: First Signatory", "name: \"First\u200bSignatory\"", "name", "invisible"),
    _yaml_case("right-to-left override", "title: Memorandum on oncology", "title: \"Memo\u202eon oncology\"", "title",
               "invisible"),
    _yaml_case("partial month zero", 'signed_date: "2024-05-01"', 'signed_date: "2024-00"', "signed_date",
               "month 0 does not exist"),
    _yaml_case("two-digit year", 'signed_date: "2024-05-01"', 'signed_date: "24-05-01"', "signed_date",
               "use YYYY, YYYY-MM, YYYY-MM-DD"),
    _yaml_case("date in words", 'signed_date: "2024-05-01"', 'signed_date: "May 2024"', "signed_date",
               "use YYYY, YYYY-MM, YYYY-MM-DD"),
    _yaml_case("impossible day without year", 'signed_date: "2024-05-01"', 'signed_date: "--02-30"', "signed_date",
               "not a day of the year"),
    _yaml_case("year before 1800", 'signed_date: "2024-05-01"', 'signed_date: "1648"', "signed_date",
               "before any record"),
    _yaml_case("unknown role type", "role: minister", "role: ministre", "roles[0].role", "did you mean 'minister'"),
    _yaml_case("role with no anchor", "        organization: aa-ministry-of-health\ninstruments",
               "instruments", "roles[0]", "needs an 'organization' or a 'country'"),
    _yaml_case("role at unknown organization", "        organization: aa-ministry-of-health\ninstruments",
               "        organization: zz-nowhere\ninstruments", "roles[0].organization", "no organization with id 'zz-nowhere'"),
    _yaml_case("unknown status", "    status: signed\n", "    status: sealed\n", "status", "unknown instrument-status"),
    _yaml_case("instrument renews itself", "    domains: [oncology, pediatrics]\n",
               "    domains: [oncology, pediatrics]\n    renews: [az-ua-mou-example-2024]\n", "", "cannot renew"),
    _yaml_case("renews an unknown instrument", "    domains: [oncology, pediatrics]\n",
               "    domains: [oncology, pediatrics]\n    renews: [az-ua-never-signed]\n", "renews[0]",
               "no instrument with id 'az-ua-never-signed'"),
    _yaml_case("validity reversed", "    domains: [oncology, pediatrics]\n",
               '    domains: [oncology, pediatrics]\n    valid_from: "2024-05-01"\n    valid_until: "2020"\n', "",
               "'valid_until' is before 'valid_from'"),
    _yaml_case("term of zero years", "    domains: [oncology, pediatrics]\n",
               "    domains: [oncology, pediatrics]\n    term_years: 0\n", "term_years", "greater than or equal to 1"),
    _yaml_case("original title without language", "    domains: [oncology, pediatrics]\n",
               "    domains: [oncology, pediatrics]\n    title_original: Меморандум\n", "", "needs 'language'"),
    _yaml_case("no evidence", '    evidence:\n      - quote: "The memorandum was signed."\n        lang: en\n',
               "    evidence: []\n", "evidence", "at least 1 item"),
    _yaml_case("no domains", "[oncology, pediatrics]", "[]", "domains", "at least 1 item"),
    _yaml_case("bad wikidata id", "    kind: ministry\n    country: AZ", "    kind: ministry\n    country: AZ\n    wikidata: X12",
               "wikidata", "should match pattern"),
    _yaml_case("script url", "  published: \"2024-05-02\"", "  published: \"2024-05-02\"\n  url: \"javascript:alert(1)\"",
               "url", "should match pattern"),
    _yaml_case("language as a word", "        lang: en\n", "        lang: English\n", "evidence[0].lang",
               "not a language tag"),
    _yaml_case("python object tag", "schema_version: 1", "schema_version: !!python/object:os.system 1",
               "schema_version", "YAML tag !!python/object:os.system is not accepted"),
    _yaml_case("tab indentation", "    type: memorandum-of-understanding", "\ttype: memorandum-of-understanding", "",
               "invalid YAML"),
    # JSON
    _json_case("json: string for a list", _set(["instruments"], "az-ua-mou-example-2024"), "instruments",
               "valid list"),
    _json_case("json: number for a title", _set(["instruments", 0, "title"], 5), "title", "valid string"),
    _json_case("json: null for a required field", _set(["source", "language"], None), "language", "valid string"),
    _json_case("json: object for a country", _set(["organizations", 0, "country"], {"code": "AZ"}), "country",
               "valid string"),
    _json_case("json: boolean date", _set(["instruments", 0, "signed_date"], True), "signed_date", "valid string"),
    _json_case("json: unknown attendance mode",
               _set(["events"], [{"id": "a-visit", "kind": "official-visit", "name": "A visit", "mode": "by-pigeon",
                                  "evidence": [{"quote": "A visit took place.", "lang": "en"}]}]),
               "mode", "unknown attendance-mode"),
    _json_case("json: engagement without participants",
               _set(["engagements"], [{"id": "a-talk", "kind": "discussion", "status": "discussed", "title": "Talks",
                                       "participants": [], "domains": ["oncology"],
                                       "evidence": [{"quote": "They talked.", "lang": "en"}]}]),
               "participants", "at least 1 item"),
    _json_case("json: participant with nothing",
               _set(["engagements"], [{"id": "a-talk", "kind": "discussion", "status": "discussed", "title": "Talks",
                                       "participants": [{}], "domains": ["oncology"],
                                       "evidence": [{"quote": "They talked.", "lang": "en"}]}]),
               "participants[0]", "needs a 'country' or an 'organization'"),
    _json_case("json: event ends before it starts",
               _set(["events"], [{"id": "a-visit", "kind": "official-visit", "name": "A visit", "date": "2024-05-02",
                                  "end_date": "2024-04-01", "evidence": [{"quote": "A visit.", "lang": "en"}]}]),
               "end_date", "before it starts"),
    _json_case("json: event part of an unknown event",
               _set(["events"], [{"id": "a-visit", "kind": "official-visit", "name": "A visit", "part_of": "no-such-event",
                                  "evidence": [{"quote": "A visit.", "lang": "en"}]}]),
               "part_of", "no event with id 'no-such-event'"),
    # CSV
    _csv_case("csv: unknown partner", "VN,Narnia,2024,agreement,Health,oncology,signed\n", "country/partner",
              "unknown country 'Narnia'"),
    _csv_case("csv: unknown type", "VN,BY,2024,handshake,Health,oncology,signed\n", "type", "unknown instrument-type"),
    _csv_case("csv: unknown domain", "VN,BY,2024,agreement,Health,astrology,signed\n", "domains[0]",
              "unknown domain 'astrology'"),
    _csv_case("csv: future date", "VN,BY,2999-01-01,agreement,Health,oncology,signed\n", "date", "in the future"),
    _csv_case("csv: too many cells", "VN,BY,2024,agreement,Health,oncology,signed,extra\n", "", "more cells than columns"),
    _csv_case("csv: empty domains", "VN,BY,2024,agreement,Health,,signed\n", "domains", "at least 1 item"),
    _csv_case("csv: unknown column", "VN,BY,2024,agreement,Health,oncology,signed\n", "", "unknown column(s) colour",
              header="country,partner,date,type,subject,domains,colour\n"),
    _csv_case("csv: same instrument twice", "VN,BY,2024,agreement,Health,oncology,signed\n"
              "VN,BY,2024,agreement,Health,oncology,signed\n", "id", "already used by"),
    _csv_case("csv: bad status", "VN,BY,2024,agreement,Health,oncology,ratified-ish\n", "status",
              "unknown instrument-status"),
]


def _bad_record_cases():
    """The record-format kinds of test_records.py, loaded this time."""
    for name, mutate, file_name, _line, _record, field, text in BAD:
        yield (f"record: {name}", file_name, (lambda m=mutate: m(VALID)), field, text)


ALL_CASES = [*CASES, *_bad_record_cases()]


def test_there_are_at_least_fifty_kinds():
    assert len({case[0] for case in ALL_CASES}) >= 50


@pytest.fixture(scope="module")
def curated_fingerprint(loaded_graph):
    return fingerprint(loaded_graph)


@pytest.mark.parametrize("case", ALL_CASES, ids=[case[0] for case in ALL_CASES])
def test_bad_input_is_rejected_and_the_graph_is_unchanged(loaded_graph, settings, curated_fingerprint, tmp_path, case):
    _name, file_name, make, field, text = case
    path = tmp_path / file_name
    path.write_text(make(), encoding="utf-8")
    report = run_load(loaded_graph, settings.neo4j_database, [path])
    assert not report.ok
    assert [f.status for f in report.files] == ["failed"]
    problems = report.all_problems()
    matching = [p for p in problems if text in p.message]
    assert matching, [str(p) for p in problems]
    problem = matching[0]
    assert problem.file.endswith(file_name)
    assert problem.line is not None or "json" in file_name, str(problem)
    if field:
        assert problem.field.endswith(field), str(problem)
    assert fingerprint(loaded_graph) == curated_fingerprint


def test_oversize_file_is_refused(loaded_graph, settings, curated_fingerprint, tmp_path):
    path = tmp_path / "huge.yaml"
    path.write_text(VALID + "# " + "x" * (6 * 1024 * 1024) + "\n")
    report = run_load(loaded_graph, settings.neo4j_database, [path])
    assert not report.ok and "at most" in report.all_problems()[0].message
    assert fingerprint(loaded_graph) == curated_fingerprint


def test_missing_path_and_unknown_kind(loaded_graph, settings, curated_fingerprint, tmp_path):
    odd = tmp_path / "notes.txt"
    odd.write_text("not a record")
    report = run_load(loaded_graph, settings.neo4j_database, [tmp_path / "absent.yaml", odd])
    messages = [str(p) for p in report.all_problems()]
    assert any("absent.yaml" in m and "no such file" in m for m in messages), messages
    assert any("notes.txt" in m and "unknown input kind '.txt'" in m for m in messages), messages
    assert fingerprint(loaded_graph) == curated_fingerprint


def test_text_that_looks_like_cypher_is_stored_as_text(loaded_graph, settings, curated_fingerprint, tmp_path):
    # Last in the module: it adds an instrument to the shared graph.
    title = "x'}) MATCH (n) DETACH DELETE n //"
    path = tmp_path / "record.yaml"
    path.write_text(VALID.replace("title: Memorandum on oncology", f'title: "{title}"'))
    report = run_load(loaded_graph, settings.neo4j_database, [path])
    assert report.ok, [str(p) for p in report.all_problems()]
    records, _, _ = loaded_graph.execute_query(
        "MATCH (i:Instrument {id: 'az-ua-mou-example-2024'}) RETURN i.title AS title")
    assert records[0]["title"] == title
    counts, _ = fingerprint(loaded_graph)
    assert counts["Instrument"] == curated_fingerprint[0]["Instrument"] + 1
