"""The record format: the curated records validate, the JSON Schema is current, and bad
records are rejected with the file, line, record, field and a suggestion. No Neo4j needed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from cli.main import app
from hdkg import PROJECT_ROOT
from loaders.load import check_inputs
from loaders.records import json_schema

RECORDS = PROJECT_ROOT / "data" / "records"

VALID = """\
schema_version: 1
source:
  id: example-report
  title: Example report of a signing
  publisher: Example Agency
  language: en
  published: "2024-05-02"
organizations:
  - id: aa-ministry-of-health
    name: Ministry of Health of Azerbaijan
    kind: ministry
    country: AZ
  - id: ua-ministry-of-health
    name: Ministry of Health of Ukraine
    kind: ministry
    country: Ukraine
people:
  - id: first-signatory
    name: First Signatory
    roles:
      - role: minister
        title: Minister of Health
        organization: aa-ministry-of-health
instruments:
  - id: az-ua-mou-example-2024
    type: memorandum-of-understanding
    title: Memorandum on oncology
    status: signed
    signed_date: "2024-05-01"
    parties:
      - country: AZ
        organization: aa-ministry-of-health
        signatory: first-signatory
      - country: UA
        organization: ua-ministry-of-health
    domains: [oncology, pediatrics]
    evidence:
      - quote: "The memorandum was signed."
        lang: en
"""


def _check(tmp_path: Path, text: str | bytes, name: str = "record.yaml", extra: dict[str, str] | None = None):
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    for other_name, other_text in (extra or {}).items():
        (tmp_path / other_name).write_text(other_text)
    good, failed, problems = check_inputs([tmp_path])
    return good, problems + [p for outcome in failed for p in outcome.problems]


def test_valid_example_has_no_problem(tmp_path):
    good, problems = _check(tmp_path, VALID)
    assert problems == []
    assert [g.source_id for g in good] == ["example-report"]


def test_curated_records_validate():
    files = sorted(RECORDS.glob("*.yaml"))
    good, failed, problems = check_inputs([RECORDS])
    assert problems == [] and failed == [], [str(p) for f in failed for p in f.problems]
    assert len({g.source_id for g in good}) == len(good) == len(files), "one record file per source report"
    # Every record of a gold report names the trimmed text it was curated from, and where it was published.
    gold = {p.stem for p in (PROJECT_ROOT / "tests" / "fixtures" / "gold").glob("*.txt")} - {"held-out"}
    documents = {}
    for path in files:
        source = yaml.safe_load(path.read_text(encoding="utf-8"))["source"]
        documents[source.get("document")] = source
    assert gold and gold <= set(documents)
    assert all(documents[name].get("url", "").startswith(("http://", "https://")) for name in gold)
    instruments = sum(g.counts["instruments"] for g in good)
    engagements = sum(g.counts["engagements"] for g in good)
    assert instruments >= 8 and engagements >= 10


def test_json_schema_is_current():
    committed = json.loads((PROJECT_ROOT / "ontology" / "records.schema.json").read_text())
    assert committed == json_schema(), "run `hdkg generate` and commit ontology/records.schema.json"
    assert committed["properties"]["instruments"]["type"] == "array"


# Each case: (what is wrong, how to make it, file name, expected line, record, field, text in the message)
BAD = [
    ("yaml syntax", lambda t: t.replace("    kind: ministry\n    country: AZ", "    kind: [ministry\n    country: AZ"),
     "record.yaml", None, "", "", "invalid YAML"),
    ("duplicate key", lambda t: t.replace("    title: Memorandum on oncology\n", "    title: Memorandum on oncology\n    title: Again\n"),
     "record.yaml", 28, "instruments[0] 'az-ua-mou-example-2024'", "title", "key appears twice"),
    ("unknown country", lambda t: t.replace("    country: Ukraine\n", "    country: Bielarus\n"),
     "record.yaml", 16, "organizations[1] 'ua-ministry-of-health'", "country", "did you mean Belarus (BY)"),
    ("unknown domain", lambda t: t.replace("[oncology, pediatrics]", "[oncolgy, pediatrics]"),
     "record.yaml", 36, "instruments[0] 'az-ua-mou-example-2024'", "domains[0]", "did you mean 'oncology'"),
    ("unknown instrument type", lambda t: t.replace("type: memorandum-of-understanding", "type: memorandum-of-understandin"),
     "record.yaml", 26, "instruments[0] 'az-ua-mou-example-2024'", "type", "did you mean 'memorandum-of-understanding'"),
    ("unknown organization kind", lambda t: t.replace("    kind: ministry\n    country: AZ", "    kind: ministery\n    country: AZ"),
     "record.yaml", 11, "organizations[0] 'aa-ministry-of-health'", "kind", "did you mean 'ministry'"),
    ("bad id", lambda t: t.replace("id: az-ua-mou-example-2024", "id: AZ UA mou"),
     "record.yaml", 25, "instruments[0] 'AZ UA mou'", "id", "lowercase letters, digits and single hyphens"),
    ("missing title", lambda t: t.replace("    title: Memorandum on oncology\n", ""),
     "record.yaml", 25, "instruments[0] 'az-ua-mou-example-2024'", "title", "required field is missing"),
    ("unknown field", lambda t: t.replace("    status: signed\n", "    status: signed\n    colour: blue\n"),
     "record.yaml", 29, "instruments[0] 'az-ua-mou-example-2024'", "colour", "unknown field"),
    ("impossible month", lambda t: t.replace('signed_date: "2024-05-01"', 'signed_date: "2024-13-01"'),
     "record.yaml", 29, "instruments[0] 'az-ua-mou-example-2024'", "signed_date", "month 13 does not exist"),
    ("impossible day", lambda t: t.replace('signed_date: "2024-05-01"', 'signed_date: "2023-02-29"'),
     "record.yaml", 29, "instruments[0] 'az-ua-mou-example-2024'", "signed_date", "has no day 29"),
    ("future date", lambda t: t.replace('published: "2024-05-02"', 'published: "2999-01-01"'),
     "record.yaml", 7, "source", "published", "in the future"),
    ("signed after publication", lambda t: t.replace('signed_date: "2024-05-01"', 'signed_date: "2024-06"'),
     "record.yaml", 29, "instruments[0] 'az-ua-mou-example-2024'", "signed_date", "after the report was published"),
    ("dangling signatory", lambda t: t.replace("signatory: first-signatory", "signatory: nobody-known"),
     "record.yaml", 33, "instruments[0] 'az-ua-mou-example-2024'", "parties[0].signatory", "no person with id 'nobody-known'"),
    ("one party", lambda t: t.replace("      - country: UA\n        organization: ua-ministry-of-health\n", ""),
     "record.yaml", 25, "instruments[0] 'az-ua-mou-example-2024'", "", "needs two parties, or one party and the 'forum'"),
    ("same party twice", lambda t: t.replace("      - country: UA\n        organization: ua-ministry-of-health\n",
                                              "      - country: AZ\n        organization: aa-ministry-of-health\n"),
     "record.yaml", 25, "instruments[0] 'az-ua-mou-example-2024'", "", "listed twice"),
    ("foreign quote without english", lambda t: t.replace('      - quote: "The memorandum was signed."\n        lang: en',
                                                           '      - quote: "Bản ghi nhớ đã được ký."\n        lang: vi'),
     "record.yaml", 38, "instruments[0] 'az-ua-mou-example-2024'", "evidence[0]", "needs an 'english' rendering"),
    ("quote too long", lambda t: t.replace('"The memorandum was signed."', '"' + "word " * 100 + '"'),
     "record.yaml", 38, "instruments[0] 'az-ua-mou-example-2024'", "evidence[0].quote", "at most 400 characters"),
    ("control character", lambda t: t.replace("Memorandum on oncology", "Memorandum\\u0007 on oncology").replace(
        "    title: Memorandum", '    title: "Memorandum').replace("on oncology\n", 'on oncology"\n', 1),
     "record.yaml", 27, "instruments[0] 'az-ua-mou-example-2024'", "title", "control or invisible"),
    ("duplicate id in file", lambda t: t.replace("  - id: ua-ministry-of-health", "  - id: aa-ministry-of-health"),
     "record.yaml", 13, "organizations[1] 'aa-ministry-of-health'", "id", "already used by organizations[0]"),
    ("wrong schema version", lambda t: t.replace("schema_version: 1", "schema_version: 2"),
     "record.yaml", 1, "", "schema_version", "Input should be 1"),
    ("cypher-looking id", lambda t: t.replace("id: az-ua-mou-example-2024", "id: \"x'}) DETACH DELETE n //\""),
     "record.yaml", 25, "instruments[0] 'x'}) DETACH DELETE n //'", "id", "not a valid id"),
]


@pytest.mark.parametrize("case", BAD, ids=[case[0] for case in BAD])
def test_bad_record_is_rejected_with_a_precise_message(tmp_path, case):
    _, mutate, name, line, record, field, text = case
    mutated = mutate(VALID)
    assert mutated != VALID, "the mutation did not apply"
    good, problems = _check(tmp_path, mutated, name)
    assert good == [] and problems, "a bad file must not pass"
    matching = [p for p in problems if text in p.message]
    assert matching, [str(p) for p in problems]
    problem = matching[0]
    assert problem.file.endswith(name)
    if line is not None:
        assert problem.line == line, str(problem)
    else:
        assert problem.line is not None, str(problem)
    assert problem.record == record, str(problem)
    assert problem.field == field, str(problem)


def test_conflicting_facts_across_files_name_both_files(tmp_path):
    other = VALID.replace("id: example-report", "id: second-report").replace(
        'signed_date: "2024-05-01"', 'signed_date: "2024-04-30"')
    _, problems = _check(tmp_path, VALID, "a.yaml", extra={"b.yaml": other})
    conflict = [p for p in problems if "the dates disagree" in p.message]
    assert conflict and "signed_date" in conflict[0].field
    assert conflict[0].file.endswith("b.yaml") and "a.yaml" in conflict[0].message
    assert "'2024-04-30' here but '2024-05-01' in" in conflict[0].message


def test_a_vaguer_date_in_another_file_agrees(tmp_path):
    # The second report gives only the month of the same signing, and another status: not a conflict.
    other = VALID.replace("id: example-report", "id: second-report").replace(
        'signed_date: "2024-05-01"', 'signed_date: "2024-05"').replace("    status: signed\n", "    status: in-force\n")
    good, problems = _check(tmp_path, VALID, "a.yaml", extra={"b.yaml": other})
    assert not problems, [str(p) for p in problems]
    assert len(good) == 2


def test_labels_and_abbreviations_stand_for_their_terms(tmp_path):
    text = VALID.replace("type: memorandum-of-understanding", "type: MoU").replace("    status: signed\n", "    status: Signed\n")
    good, problems = _check(tmp_path, text, "a.yaml")
    assert not problems, [str(p) for p in problems]
    terms = good[0].read().terms
    assert terms[("instrument-type", "MoU")] == "memorandum-of-understanding"
    assert terms[("instrument-status", "Signed")] == "signed"


def test_different_parties_across_files_name_both_files(tmp_path):
    other = VALID.replace("id: example-report", "id: second-report").replace("      - country: UA\n", "      - country: GE\n")
    _, problems = _check(tmp_path, VALID, "a.yaml", extra={"b.yaml": other})
    parties = [p for p in problems if p.field == "parties"]
    assert parties and parties[0].file.endswith("b.yaml"), [str(p) for p in problems]
    assert "['AZ', 'GE'] here but ['AZ', 'UA'] in" in parties[0].message and "a.yaml" in parties[0].message


# A file that only uses records another file defines: no organizations of its own.
USER = """\
schema_version: 1
source:
  id: user-report
  title: A later report of the same partners
  publisher: Example Agency
  language: en
  published: "2024-06-02"
instruments:
  - id: az-ua-follow-up-2024
    type: agreement
    title: Follow-up agreement
    status: signed
    signed_date: "2024-06-01"
    parties:
      - country: AZ
        organization: aa-ministry-of-health
      - country: UA
    domains: [oncology]
    evidence:
      - quote: "A follow-up agreement was signed."
        lang: en
"""


def test_a_file_may_use_records_a_later_file_defines(tmp_path):
    good, problems = _check(tmp_path, USER, "a-user.yaml", extra={"b-defines.yaml": VALID})
    assert problems == [], [str(p) for p in problems]
    assert sorted(g.source_id for g in good) == ["example-report", "user-report"]


def test_a_file_that_fails_takes_its_records_out_of_the_load(tmp_path):
    # c.yaml conflicts with a.yaml but is the only definer of what b.yaml uses.
    definer = VALID.replace("id: example-report", "id: definer-report").replace(
        "aa-ministry-of-health", "bb-ministry-of-health").replace('signed_date: "2024-05-01"', 'signed_date: "2024-04-30"')
    user = USER.replace("aa-ministry-of-health", "bb-ministry-of-health")
    good, problems = _check(tmp_path, VALID, "a.yaml", extra={"b.yaml": user, "c.yaml": definer})
    assert [g.source_id for g in good] == ["example-report"]
    assert any(p.file.endswith("c.yaml") and "the dates disagree" in p.message for p in problems)
    dangling = [p for p in problems if p.file.endswith("b.yaml")]
    assert dangling and "no organization with id 'bb-ministry-of-health' in this load" in dangling[0].message
    assert dangling[0].record == "instruments[0] 'az-ua-follow-up-2024'" and dangling[0].line == 16, str(dangling[0])


def test_dangling_references_cascade_until_none_is_left(tmp_path):
    # c.yaml defines what b.yaml uses, but c.yaml itself names an organization nobody defines.
    definer = VALID.replace("id: example-report", "id: definer-report").replace(
        "aa-ministry-of-health", "bb-ministry-of-health").replace(
        "        signatory: first-signatory\n", "        signatory: first-signatory\n      - country: GE\n        organization: ge-nowhere\n")
    user = USER.replace("aa-ministry-of-health", "bb-ministry-of-health")
    good, problems = _check(tmp_path, VALID, "a.yaml", extra={"b.yaml": user, "c.yaml": definer})
    assert [g.source_id for g in good] == ["example-report"]
    by_file = {Path(p.file).name: p.message for p in problems}
    assert "no organization with id 'ge-nowhere'" in by_file["c.yaml"]
    assert "no organization with id 'bb-ministry-of-health'" in by_file["b.yaml"]


def test_checked_files_wait_on_disk_not_in_memory(tmp_path):
    good, problems = _check(tmp_path, VALID, "a.yaml", extra={"b.yaml": USER})
    assert problems == []
    assert not any(hasattr(item, "records") for item in good)
    again = {item.source_id: item.read() for item in good}
    assert [i.id for i in again["user-report"].records.instruments] == ["az-ua-follow-up-2024"]
    assert again["example-report"].countries["Ukraine"].code == "UA"


def test_same_source_id_in_two_files_is_rejected(tmp_path):
    _, problems = _check(tmp_path, VALID, "a.yaml", extra={"b.yaml": VALID})
    assert any("already used by" in p.message and p.field == "id" and p.record == "source" for p in problems)


@pytest.mark.parametrize("name, payload, text", [
    ("list.yaml", b"- just\n- a list\n", "a record file is a mapping"),
    ("latin1.yaml", "title: Bản".encode("utf-16"), "not UTF-8"),
    ("broken.json", b'{"schema_version": 1,, }', "invalid JSON"),
    ("empty.yaml", b"", "a record file is a mapping"),
])
def test_unreadable_files(tmp_path, name, payload, text):
    _, problems = _check(tmp_path, payload, name)
    assert any(text in p.message and p.file.endswith(name) for p in problems), [str(p) for p in problems]


def test_json_records_are_accepted(tmp_path):
    good, problems = _check(tmp_path, json.dumps(yaml.safe_load(VALID)), "record.json")
    assert problems == [] and good[0].counts["instruments"] == 1


def test_csv_problems_name_row_and_column(tmp_path):
    table = ("country,partner,date,type,subject,domains\n"
             "VN,Belarus,2024-10-08,Memorandum of Understanding,Health cooperation,public health\n"
             "VN,Atlantis,2024,agreement,Something,oncology\n"
             "VN,BY,2024-02-30,agreement,Other,oncology\n")
    _, problems = _check(tmp_path, table, "table.csv")
    assert any(p.line == 3 and "unknown country 'Atlantis'" in p.message for p in problems), [str(p) for p in problems]
    assert any(p.line == 4 and p.field == "date" and "no day 30" in p.message for p in problems), [str(p) for p in problems]
    _, problems = _check(tmp_path, "country,partner,subject\nVN,BY,x\n", "table.csv")
    assert problems[0].line == 1 and "missing column(s) type, domains" in problems[0].message


def test_validate_command_exit_codes(tmp_path):
    runner = CliRunner()
    assert runner.invoke(app, ["validate", str(RECORDS)]).exit_code == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text(VALID.replace("country: Ukraine", "country: Bielarus"))
    result = runner.invoke(app, ["validate", str(bad), "--json"])
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert payload["ok"] is False and payload["problems"][0]["field"] == "country"
