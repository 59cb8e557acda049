"""Bad input of many kinds, in YAML, JSON and CSV, loaded into a graph holding the curated
records: each gets a clear error (file, line, record, field, what is valid) and the graph's
fingerprint is identical before and after."""

from __future__ import annotations

import json
import os
import threading

import pytest
import yaml
from typer.testing import CliRunner

from benchmarks.many_problems import many_problems_text
from cli.main import app
from graph.provenance import database_store_id
from loaders.load import check_inputs, run_load
from loaders.load_lock import LoadLock
from loaders.reading import Limits
from loaders.records import RecordFile
from tests.conftest import RECORDS_DIR, fingerprint
from tests.test_records import BAD, USER, VALID


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
    _csv_case("csv: unknown partner", "VN,Narnia,2024,agreement,Health,oncology,signed\n", "partner",
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


def _text_case(name: str, file_name: str, make, field: str, text: str):
    return (name, file_name, make, field, text)


def _alias_bomb() -> str:
    # A kilobyte that stands for a billion strings once its aliases are followed.
    levels = ["lol0: &lol0 [lol]"] + [f"lol{i}: &lol{i} [{', '.join([f'*lol{i - 1}'] * 9)}]" for i in range(1, 10)]
    return VALID + "\n".join(levels) + "\n"


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


INSTRUMENT_END = "    domains: [oncology, pediatrics]\n"
SECOND_INSTRUMENT = """\
  - id: az-ua-mou-example-2025
    type: memorandum-of-understanding
    title: A second memorandum
    status: signed
    signed_date: "2024-04"
    parties: [{country: AZ}, {country: UA}]
    domains: [oncology]
    evidence: [{quote: "Signed again.", lang: en}]
"""
ORG_END = "    kind: ministry\n    country: Ukraine\n"
EVENT = """\
events:
  - id: a-visit
    kind: official-visit
    name: A visit
    part_of: {part_of}
    evidence: [{{quote: "A visit.", lang: en}}]
"""


def _add_events(text: str, *events: str) -> str:
    return text.replace("instruments:\n", EVENT.format(part_of=events[0]) + "".join(events[1:]) + "instruments:\n")


NFD_NAME = "Bo\u0323\u0302 Y te\u0302\u0301"  # "Bộ Y tế" with combining marks
NFC_NAME = "B\u1ed9 Y t\u1ebf"

LIMIT_CASES = [
    # Crashes and hangs: refused before anything is built from the input.
    _text_case("yaml alias bomb", "record.yaml", _alias_bomb, "", "YAML alias (*name)"),
    _text_case("yaml recursive alias", "record.yaml", lambda: VALID + "loop: &loop [*loop]\n", "", "YAML alias"),
    _text_case("yaml merge key", "record.yaml",
               lambda: VALID.replace("  - id: ua-ministry-of-health\n", "  - &ministry\n    id: ua-ministry-of-health\n")
               + "copy:\n  <<: *ministry\n", "", "merge key (<<)"),
    _text_case("yaml nested 40 deep", "record.yaml",
               lambda: VALID.replace(INSTRUMENT_END, INSTRUMENT_END + f"    unknown: {_nested(40)}\n"), "",
               "nested more than 32 levels"),
    _text_case("json nested 100000 deep", "record.json",
               lambda: '{"schema_version": 1, "source": ' + _nested(100_000) + "}", "", "nested too deep to read"),
    _text_case("json nested 40 deep", "record.json",
               lambda: '{"schema_version": 1, "source": ' + _nested(40) + "}", "", "nested more than 32 levels"),
    _yaml_case("unquoted impossible date", 'signed_date: "2024-05-01"', "signed_date: 2024-02-30", "signed_date",
               'unquoted date 2024-02-30: write it in quotes, "2024-02-30"'),
    _yaml_case("unquoted valid date", 'signed_date: "2024-05-01"', "signed_date: 2024-05-01", "signed_date",
               "write it in quotes"),
    _yaml_case("binary title", "title: Memorandum on oncology", "title: !!binary TWVtb3JhbmR1bQ==", "title",
               "YAML tag !!binary is not accepted"),
    _yaml_case("custom tag", "title: Memorandum on oncology", "title: !memo Memorandum", "title",
               "YAML tag !memo is not accepted"),
    _yaml_case("set tag", "[oncology, pediatrics]", "!!set {oncology, pediatrics}", "domains",
               "YAML tag !!set is not accepted"),
    _yaml_case("schema version true", "schema_version: 1", "schema_version: true", "schema_version",
               "write the number 1"),
    _yaml_case("boolean term years", INSTRUMENT_END, INSTRUMENT_END + "    term_years: true\n", "term_years",
               "valid integer"),
    _yaml_case("number of 5000 digits", INSTRUMENT_END, INSTRUMENT_END + "    term_years: " + "9" * 5000 + "\n",
               "term_years", "a number of 5,000 characters"),
    _text_case("json number of 5000 digits", "record.json", lambda: '{"schema_version": ' + "9" * 5000 + "}", "",
               "a number of more than"),
    _text_case("mapping as a key", "record.yaml", lambda: VALID + "? [a, b]\n: c\n", "", "key must be plain text"),
    # Accepted silently before.
    _yaml_case("valid until before signing", INSTRUMENT_END, INSTRUMENT_END + '    valid_until: "2023"\n',
               "valid_until", "before it was signed"),
    _yaml_case("status event in 1900", INSTRUMENT_END,
               INSTRUMENT_END + '    status_history:\n      - status: in-force\n        date: "1900"\n',
               "status_history[0].date", "before the instrument was signed"),
    _yaml_case("status history out of order", INSTRUMENT_END,
               INSTRUMENT_END + '    status_history:\n      - {status: signed, date: "2024-05-01"}\n'
               '      - {status: approved-for-signing, date: "2024-04"}\n',
               "status_history[1].date", "oldest first"),
    _yaml_case("status after publication", INSTRUMENT_END,
               INSTRUMENT_END + '    status_history:\n      - {status: in-force, date: "2024-06"}\n',
               "status_history[0].date", "after the report was published"),
    _text_case("renewal cycle", "record.yaml",
               lambda: VALID.replace(INSTRUMENT_END, INSTRUMENT_END + "    renews: [az-ua-mou-example-2025]\n")
               + SECOND_INSTRUMENT + "    renews: [az-ua-mou-example-2024]\n", "renews", "succession cycle"),
    _text_case("amendment cycle through renewal", "record.yaml",
               lambda: VALID.replace(INSTRUMENT_END, INSTRUMENT_END + "    amends: [az-ua-mou-example-2025]\n")
               + SECOND_INSTRUMENT + "    renews: [az-ua-mou-example-2024]\n", "", "succession cycle"),
    _yaml_case("organization its own parent", ORG_END, ORG_END + "    parent: ua-ministry-of-health\n", "parent",
               "its own parent"),
    _text_case("organization parent cycle", "record.yaml",
               lambda: VALID.replace("    kind: ministry\n    country: AZ\n",
                                     "    kind: ministry\n    country: AZ\n    parent: ua-ministry-of-health\n")
               .replace(ORG_END, ORG_END + "    parent: aa-ministry-of-health\n"), "parent", "parent cycle"),
    _text_case("event part of itself", "record.yaml", lambda: _add_events(VALID, "a-visit"), "part_of",
               "is part of itself"),
    _text_case("event part_of cycle", "record.yaml",
               lambda: _add_events(VALID, "b-visit", "  - id: b-visit\n    kind: official-visit\n    name: B visit\n"
                                   "    part_of: a-visit\n    evidence: [{quote: \"B visit.\", lang: en}]\n"),
               "part_of", "part_of cycle"),
    _text_case("one name in NFC and NFD under two ids", "record.yaml",
               lambda: VALID.replace("name: Ministry of Health of Ukraine", f'name: "{NFC_NAME}"').replace(
                   "organizations:\n", f'organizations:\n  - id: ua-bo-y-te\n    name: "{NFD_NAME}"\n'
                   "    kind: ministry\n    country: Ukraine\n"), "name", "one organization, one id"),
    # CSV
    _csv_case("csv: cell over 131072 characters", "VN,BY,2024,agreement,\"" + "x" * 140_000 + "\",oncology,signed\n",
              "", "unreadable CSV"),
    _csv_case("csv: unbalanced quote", "VN,BY,2024,agreement,\"Health,oncology,signed\n"
              "VN,BY,2023,agreement,Other,oncology,signed\n", "subject", "runs from line 2 to line 3"),
    _csv_case("csv: duplicate column", "VN,BY,2024,agreement,Health,oncology,signed\n", "", "domains appear twice",
              header="country,partner,date,type,subject,domains,domains\n"),
    _csv_case("csv: header only", "", "", "header but no rows"),
    _text_case("csv: one-letter file name", "x.csv", lambda: CSV_HEADER + "VN,BY,2024,agreement,Health,oncology,signed\n",
               "", "the file name becomes the source id"),
    _csv_case("csv: boolean-looking schema is text", "VN,BY,2024,agreement,Health,oncology,true\n", "status",
              "unknown instrument-status"),
]


def _bad_record_cases():
    """The record-format kinds of test_records.py, loaded this time."""
    for name, mutate, file_name, _line, _record, field, text in BAD:
        yield (f"record: {name}", file_name, (lambda m=mutate: m(VALID)), field, text)


ALL_CASES = [*CASES, *LIMIT_CASES, *_bad_record_cases()]


def test_there_are_at_least_a_hundred_kinds():
    special = [name for name in globals() if name.startswith("test_") and name != "test_there_are_at_least_a_hundred_kinds"
               and name != "test_bad_input_is_rejected_and_the_graph_is_unchanged"]
    assert len({case[0] for case in ALL_CASES}) + len(special) >= 100


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
    assert problem.line is not None or "json" in file_name or "file name" in problem.message, str(problem)
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


def _load_problems(driver, settings, paths, **options) -> list[str]:
    report = run_load(driver, settings.neo4j_database, paths, **options)
    assert not report.ok
    return [str(p) for p in report.all_problems()]


def test_a_fifo_is_refused_without_waiting(loaded_graph, settings, curated_fingerprint, tmp_path):
    fifo = tmp_path / "x.yaml"
    os.mkfifo(fifo)
    for paths in ([fifo], [tmp_path]):  # named, and found in a folder
        messages = _load_problems(loaded_graph, settings, paths)
        assert any("x.yaml" in m and "FIFO" in m and "not a regular file" in m for m in messages), messages
        _, failed, problems = check_inputs(paths)
        assert [p for f in failed for p in f.problems] + problems
    assert fingerprint(loaded_graph) == curated_fingerprint


def test_a_link_to_a_device_is_refused(loaded_graph, settings, curated_fingerprint, tmp_path):
    link = tmp_path / "zero.yaml"
    link.symlink_to("/dev/zero")
    messages = _load_problems(loaded_graph, settings, [link])
    assert any("zero.yaml" in m and "character device" in m for m in messages), messages
    assert fingerprint(loaded_graph) == curated_fingerprint


def test_a_large_table_is_refused_by_its_size(loaded_graph, settings, curated_fingerprint, tmp_path):
    table = tmp_path / "big-table.csv"
    with table.open("wb") as handle:  # 50 MB, sparse: sized, never read
        handle.write(CSV_HEADER.encode())
        handle.truncate(50 * 1024 * 1024)
    messages = _load_problems(loaded_graph, settings, [table])
    assert any("big-table.csv" in m and "52,428,800 bytes" in m and "HDKG_MAX_FILE_BYTES" in m for m in messages), messages
    assert fingerprint(loaded_graph) == curated_fingerprint


def test_a_load_larger_than_its_limit_is_refused(loaded_graph, settings, curated_fingerprint, tmp_path):
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text(VALID.replace("example-report", f"report-{name[0]}"))
    limits = Limits(load_bytes=len(VALID) + 100)
    messages = _load_problems(loaded_graph, settings, [tmp_path], limits=limits)
    assert any("HDKG_MAX_LOAD_BYTES" in m and "load them in parts" in m for m in messages), messages
    assert fingerprint(loaded_graph) == curated_fingerprint


def test_an_empty_folder_and_symlink_loops_are_errors(loaded_graph, settings, curated_fingerprint, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    looped = tmp_path / "looped"
    looped.mkdir()
    (looped / "again").symlink_to(looped)
    (looped / "self.yaml").symlink_to(looped / "self.yaml")
    for paths, text in (([empty], "holds no input files"), ([looped], "symlink loop"),
                        ([looped / "self.yaml"], "symlink loop")):
        messages = _load_problems(loaded_graph, settings, paths)
        assert any(text in m for m in messages), messages
    result = CliRunner().invoke(app, ["validate", str(empty)])
    assert result.exit_code == 1 and "holds no input files" in result.output
    assert fingerprint(loaded_graph) == curated_fingerprint


def test_a_file_reusing_a_curated_source_id_is_refused(loaded_graph, settings, curated_fingerprint, tmp_path):
    curated = sorted(RECORDS_DIR.glob("*.yaml"))[0]
    source_id = yaml.safe_load(curated.read_text())["source"]["id"]
    impostor = tmp_path / "elsewhere.yaml"
    impostor.write_text(VALID.replace("id: example-report", f"id: {source_id}"))
    for dry_run in (True, False):
        messages = _load_problems(loaded_graph, settings, [impostor], dry_run=dry_run)
        refusal = [m for m in messages if f"source id '{source_id}' belongs to data/records/{curated.name}" in m]
        assert refusal and "elsewhere.yaml" in refusal[0] and f"--replace-source {source_id}" in refusal[0], messages
    assert fingerprint(loaded_graph) == curated_fingerprint


def test_a_later_load_cannot_redefine_a_curated_organization(loaded_graph, settings, curated_fingerprint, tmp_path):
    # ua-ministry-of-health is in the curated records, named as VALID names it.
    for old, new, field in (("name: Ministry of Health of Ukraine", "name: Ministry of Health of Ukraine (new)", "name"),
                            ("    country: Ukraine\n", "    country: Georgia\n", "country")):
        path = tmp_path / "redefines.yaml"
        path.write_text(VALID.replace(old, new))
        report = run_load(loaded_graph, settings.neo4j_database, [path])
        assert not report.ok
        conflict = [p for p in report.all_problems() if "in the graph, as stated by source" in p.message]
        assert conflict and conflict[0].field == field and conflict[0].line, [str(p) for p in report.all_problems()]
        assert conflict[0].record == "organizations[1] 'ua-ministry-of-health'"
    assert fingerprint(loaded_graph) == curated_fingerprint


@pytest.mark.parametrize("relation, make_a, make_b", [
    ("succession",
     lambda: VALID.replace(INSTRUMENT_END, INSTRUMENT_END + "    renews: [az-ua-mou-example-2025]\n"),
     lambda: USER.replace("id: az-ua-follow-up-2024", "id: az-ua-mou-example-2025").replace(
         "    domains: [oncology]\n", "    domains: [oncology]\n    renews: [az-ua-mou-example-2024]\n")),
    # An organization no curated record has: were it in the graph, the first file would load alone.
    ("parent",
     lambda: VALID.replace(ORG_END, ORG_END + "    parent: ge-health-agency-fixture\n"),
     lambda: USER.replace("instruments:\n", "organizations:\n  - id: ge-health-agency-fixture\n    name: Health "
                          "Agency of Georgia (fixture)\n    kind: ministry\n    country: GE\n"
                          "    parent: ua-ministry-of-health\ninstruments:\n")),
])
def test_a_cycle_through_two_files_is_refused(loaded_graph, settings, curated_fingerprint, tmp_path, relation,
                                              make_a, make_b):
    (tmp_path / "a.yaml").write_text(make_a())
    (tmp_path / "b.yaml").write_text(make_b())
    report = run_load(loaded_graph, settings.neo4j_database, [tmp_path])
    assert not report.ok and {f.status for f in report.files} == {"failed"}
    cycle = [p for p in report.all_problems() if f"{relation} cycle" in p.message]
    assert cycle and cycle[0].file.endswith("b.yaml") and "a.yaml" in cycle[0].message and cycle[0].line, \
        [str(p) for p in report.all_problems()]
    assert fingerprint(loaded_graph) == curated_fingerprint


def test_look_alike_names_in_a_conflict_show_their_code_points(tmp_path):
    cyrillic = VALID.replace("id: example-report", "id: second-report").replace(
        "name: Ministry of Health of Azerbaijan", "name: Ministry of Health of \u0410zerbaijan")
    (tmp_path / "a.yaml").write_text(VALID)
    (tmp_path / "b.yaml").write_text(cyrillic)
    _, failed, _ = check_inputs([tmp_path])
    messages = [p.message for f in failed for p in f.problems]
    assert any("one set of facts" in m and "\\u0410zerbaijan" in m for m in messages), messages


def test_nfd_and_nfc_names_are_one_name(tmp_path):
    (tmp_path / "a.yaml").write_text(VALID.replace("name: Ministry of Health of Ukraine", f'name: "{NFC_NAME}"'))
    (tmp_path / "b.yaml").write_text(VALID.replace("id: example-report", "id: second-report")
                                     .replace("name: Ministry of Health of Ukraine", f'name: "{NFD_NAME}"'))
    good, failed, problems = check_inputs([tmp_path])
    assert not failed and not problems, [str(p) for f in failed for p in f.problems]
    names = {org.name for item in good for org in item.read().records.organizations if org.id == "ua-ministry-of-health"}
    assert names == {NFC_NAME}


def test_problems_are_worded_without_a_pass_over_the_file(tmp_path, monkeypatch):
    def refuse(*_args, **_kwargs):
        raise AssertionError("a problem was worded by dumping the whole file")

    monkeypatch.setattr(RecordFile, "model_dump", refuse)
    path = tmp_path / "many.yaml"
    path.write_text(many_problems_text(200))
    _, failed, _ = check_inputs([path])
    assert len(failed[0].problems) == 200 and all("unknown domain" in p.message for p in failed[0].problems)


def test_problems_of_one_file_are_capped_with_a_count(tmp_path):
    path = tmp_path / "many.yaml"
    path.write_text(many_problems_text(30))
    _, failed, _ = check_inputs([path], limits=Limits(problems_per_file=10))
    problems = failed[0].problems
    assert len(problems) == 11 and problems[-1].message.startswith("and 20 more problem(s)")


def test_a_second_concurrent_load_is_refused_or_waits(loaded_graph, settings, curated_fingerprint, tmp_path):
    path = tmp_path / "record.yaml"
    path.write_text(VALID.replace("country: Ukraine", "country: Narnia"))  # fails when it runs
    runs_before = loaded_graph.execute_query("MATCH (r:LoadRun) RETURN count(r) AS n").records[0]["n"]
    store = database_store_id(loaded_graph, settings.neo4j_database)
    with LoadLock("neo4j-store:" + store, settings.neo4j_database, "run-held-by-test"):
        report = run_load(loaded_graph, settings.neo4j_database, [path])
    messages = [str(p) for p in report.all_problems()]
    assert not report.ok and report.files == [], messages
    assert any("another load into" in m and "run-held-by-test" in m and "--wait" in m for m in messages), messages
    assert loaded_graph.execute_query("MATCH (r:LoadRun) RETURN count(r) AS n").records[0]["n"] == runs_before
    # With a wait, the second load queues behind the first and then runs (and fails on its own merits).
    lock = LoadLock("neo4j-store:" + store, settings.neo4j_database, "run-held-by-test").__enter__()
    releaser = threading.Timer(1.0, lock.__exit__, args=(None, None, None))
    releaser.start()
    report = run_load(loaded_graph, settings.neo4j_database, [path], wait_s=120)
    releaser.join()
    assert [f.status for f in report.files] == ["failed"]
    assert any("unknown country 'Narnia'" in p.message for p in report.all_problems())
    outcome = loaded_graph.execute_query("MATCH (r:LoadRun {id: $id}) RETURN r.outcome AS outcome",
                                         id=report.run_id).records[0]["outcome"]
    assert outcome == "failed"
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
