"""Tables that carry their own source, declare their date format and name who signed; ids that
do not collapse; every problem of a file in one run. Graph tests run against the real Neo4j."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV
from typer.testing import CliRunner

from cli.main import app
from graph import rdf
from graph.model import SCHEMA
from loaders.checks import shown
from loaders.csv_table import CELL_CHARACTERS, ID_LIMIT, check_csv, derived_id
from loaders.load import check_inputs, run_load
from loaders.validate import check_file

FIXTURES = Path(__file__).parent / "fixtures" / "tables"
TABLE = "invented-moh-agreements"
BASE = "https://w3id.org/hdkg/id/"
SLUG = re.compile(SCHEMA.types["Slug"].pattern)
HEADER = "country,partner,date,type,subject,domains\n"


def _copy_fixture(tmp_path: Path) -> Path:
    for suffix in (".csv", ".source.yaml"):
        shutil.copy(FIXTURES / (TABLE + suffix), tmp_path / (TABLE + suffix))
    return tmp_path / f"{TABLE}.csv"


def _problems(report) -> list[str]:
    return [str(p) for p in report.all_problems()]


def _rows(driver, cypher: str, **params) -> list[dict]:
    records, _, _ = driver.execute_query(cypher, **params)
    return [record.data() for record in records]


def test_table_with_metadata_file_loads_its_source_and_exports_it(empty_graph, settings, tmp_path):
    table = _copy_fixture(tmp_path)
    report = run_load(empty_graph, settings.neo4j_database, [table])
    assert report.ok and [f.status for f in report.files] == ["loaded"], _problems(report)
    [source] = _rows(empty_graph, f"MATCH (s:Source {{id: '{TABLE}'}}) RETURN properties(s) AS s")
    source = source["s"]
    assert source["title"] == "Invented list of health agreements of a ministry"
    assert source["url"] == "https://example.org/invented/health-agreements"
    assert source["publisher"] == "Invented Ministry of Health" and source["published"] == "2024-05-01"
    assert source["checksum"] == hashlib.sha256(table.read_bytes()).hexdigest()
    assert source["metadata_checksum"] == hashlib.sha256(table.with_name(f"{TABLE}.source.yaml").read_bytes()).hexdigest()
    assert source["metadata_file"].endswith(f"{TABLE}.source.yaml")
    # Each row's claim leads to that source and names the table's line.
    claims = _rows(empty_graph, "MATCH (i:Instrument)-[:EVIDENCED_BY]->(c:Claim)-[:FROM_SOURCE]->(s:Source) "
                                "RETURN i.id AS id, c.quote AS quote, s.title AS title ORDER BY c.quote")
    assert [c["quote"].split(":")[0] for c in claims] == ["line 2", "line 3", "line 4", "line 5"]
    assert {c["title"] for c in claims} == {source["title"]}

    out = io.BytesIO()
    rdf.export(empty_graph, out, "ntriples", database=settings.neo4j_database, base=BASE)
    graph = Graph().parse(data=out.getvalue(), format="nt")
    source_iri = URIRef(f"{BASE}source/{TABLE}")
    assert (source_iri, DCTERMS.title, Literal(source["title"])) in graph or \
        any(str(o) == source["title"] for o in graph.objects(source_iri, DCTERMS.title))
    assert {str(o) for o in graph.objects(source_iri, rdf.HD.url)} == {source["url"]}
    derived = {str(claim) for claim in graph.subjects(PROV.wasDerivedFrom, source_iri)}
    assert len(derived) == 4

    # Unchanged table and metadata: nothing to write; a changed metadata file is loaded again.
    assert [f.status for f in run_load(empty_graph, settings.neo4j_database, [table]).files] == ["unchanged"]
    sidecar = table.with_name(f"{TABLE}.source.yaml")
    sidecar.write_text(sidecar.read_text().replace("Invented list of", "Invented, corrected list of"))
    report = run_load(empty_graph, settings.neo4j_database, [table])
    assert [f.status for f in report.files] == ["loaded"], _problems(report)
    assert _rows(empty_graph, f"MATCH (s:Source {{id: '{TABLE}'}}) RETURN s.title AS t") == [
        {"t": "Invented, corrected list of health agreements of a ministry"}]


def test_dates_read_as_the_table_declares(empty_graph, settings, tmp_path):
    table = _copy_fixture(tmp_path)
    report = run_load(empty_graph, settings.neo4j_database, [table])
    assert report.ok, _problems(report)
    dates = {r["title"]: r["date"] for r in _rows(
        empty_graph, "MATCH (i:Instrument) RETURN i.title AS title, i.signed_date AS date")}
    assert dates == {"Invented cooperation in health": "2005-08-28", "Invented supply of medicines": "2014-03-12",
                     "Invented training of nurses": "2014-03", "Invented vaccine research": "2005-04-03"}


def test_a_cell_over_the_limit_is_refused_whatever_limit_the_process_set(tmp_path):
    # The csv module's limit is global; a library imported by the same process may raise it.
    path = tmp_path / "long-cell.csv"
    path.write_text(HEADER + "VN,BY,2024,agreement,\"" + "x" * (CELL_CHARACTERS + 1) + "\",oncology\n", encoding="utf-8")
    default = csv.field_size_limit()
    for limit in (default, 10 * CELL_CHARACTERS):
        csv.field_size_limit(limit)
        try:
            result = check_csv(path)
        finally:
            csv.field_size_limit(default)
        problems = result if isinstance(result, list) else result.problems
        assert any("unreadable CSV" in p.message and f"more than {CELL_CHARACTERS:,} characters" in p.message
                   and p.line == 2 for p in problems), [str(p) for p in problems]


def test_undeclared_or_mismatched_dates_are_problems(tmp_path):
    # No metadata file: 03-04-2005 could be either day; it is never guessed.
    bare = tmp_path / "undeclared-dates.csv"
    bare.write_text(HEADER + "IN,CU,03-04-2005,agreement,Invented research,vaccines\n"
                             "IN,BY,12 March 2014,agreement,Invented training,medical education\n")
    result = check_csv(bare)
    problems = result if isinstance(result, list) else result.problems
    assert [(p.line, p.record, p.field) for p in problems] == [(2, "row 2", "date")]
    assert "03-04-2005" in problems[0].message and "declares no date format" in problems[0].message
    assert str(bare) in str(problems[0])
    # Declared DD-MM-YYYY: a slash date or a day that does not exist names the declared format.
    declared = tmp_path / "declared-dates.csv"
    declared.write_text(HEADER + "IN,CU,03/04/2005,agreement,Invented research,vaccines\n"
                                 "IN,BY,30-02-2005,agreement,Invented training,medical education\n")
    declared.with_name("declared-dates.source.yaml").write_text(
        "# Invented test data.\nsource: {title: Invented table, language: en}\ndate_format: DD-MM-YYYY\n")
    problems = check_csv(declared)
    problems = problems if isinstance(problems, list) else problems.problems
    assert [(p.line, p.field) for p in problems] == [(2, "date"), (3, "date")]
    assert all("DD-MM-YYYY" in p.message for p in problems), problems
    # A date format that is not one is a problem of the metadata file, at its line.
    declared.with_name("declared-dates.source.yaml").write_text(
        "# Invented test data.\nsource: {title: Invented table, language: en}\ndate_format: DD-MM\n")
    problems = check_csv(declared)
    problems = problems if isinstance(problems, list) else problems.problems
    assert any(p.file.endswith("declared-dates.source.yaml") and p.line == 3 and p.field == "date_format"
               for p in problems), problems


def test_signing_organizations_sign_by_the_state_body_rule(empty_graph, settings, tmp_path):
    table = _copy_fixture(tmp_path)
    report = run_load(empty_graph, settings.neo4j_database, [table])
    assert report.ok, _problems(report)
    signers = {r["title"]: sorted(r["signers"]) for r in _rows(
        empty_graph, "MATCH (i:Instrument) OPTIONAL MATCH (s)-[:SIGNED]->(i) "
                     "RETURN i.title AS title, collect(s.id) AS signers")}
    # Two ministries: each signs, and so does the state it belongs to.
    assert signers["Invented cooperation in health"] == ["IN", "VN", "in-ministry-of-health", "vn-ministry-of-health"]
    # A company signs as itself; its home country does not.
    assert signers["Invented supply of medicines"] == ["IN", "de-invented-pharma-gmbh", "in-ministry-of-health"]
    assert signers["Invented training of nurses"] == ["BY", "IN"]
    kinds = {r["id"]: (r["kind"], r["country"]) for r in _rows(
        empty_graph, "MATCH (o:Organization) RETURN o.id AS id, o.kind AS kind, o.country AS country")}
    assert kinds == {"in-ministry-of-health": ("ministry", "IN"), "vn-ministry-of-health": ("ministry", "VN"),
                     "de-invented-pharma-gmbh": ("company", "DE")}


def test_organization_columns_are_checked(tmp_path):
    table = tmp_path / "invented-organizations.csv"
    table.write_text("country,partner,type,subject,domains,organization,organization_kind,partner_organization\n"
                     "IN,VN,agreement,Invented one,oncology,Ministry of Health,,\n"
                     "IN,VN;BY,agreement,Invented two,oncology,,,Ministry of Health\n"
                     "IN,VN,agreement,Invented three,oncology,Ministry of Health,ministery,\n")
    problems = check_csv(table)
    problems = problems if isinstance(problems, list) else problems.problems
    assert [(p.line, p.field) for p in problems] == [(2, "organization_kind"), (3, "partner_organization"),
                                                     (4, "organization_kind")], problems
    assert "what kind of organization 'Ministry of Health'" in problems[0].message
    assert "did you mean 'ministry'" in problems[2].message


def test_two_long_subjects_give_two_ids(empty_graph, settings, tmp_path):
    common = "Invented programme of cooperation in the field of health care and medical science between the " \
             "ministries of health of both countries for the years ahead and "
    table = tmp_path / "invented-long-subjects.csv"
    table.write_text(HEADER + f"IN,VN,2024,agreement,{common}first part,oncology\n"
                              f"IN,VN,2024,agreement,{common}second part,oncology\n")
    first, again = check_csv(table), check_csv(table)
    ids = [i.id for i in first.records.instruments]
    assert ids == [i.id for i in again.records.instruments]  # stable
    assert len(set(ids)) == 2 and all(len(i) <= ID_LIMIT and SLUG.match(i) for i in ids), ids
    assert all(i.startswith("in-vn-agreement-invented-programme-of-cooperation") and i.endswith("-2024") for i in ids)
    report = run_load(empty_graph, settings.neo4j_database, [table])
    assert report.ok, _problems(report)
    assert sorted(r["id"] for r in _rows(empty_graph, "MATCH (i:Instrument) RETURN i.id AS id")) == sorted(ids)
    # A subject that fits is whole, as before; the hash covers the full text.
    assert derived_id(["in", "vn", "mou"], "Health cooperation", ["2024"]) == "in-vn-mou-health-cooperation-2024"
    assert derived_id([], "x" * 300) != derived_id([], "x" * 299 + "y")


RECORD_WITH_THREE = """\
# Invented test data.
schema_version: 1
source:
  id: invented-three-problems
  title: Invented report with three problems
  language: en
organizations:
  - id: xx-ministry
    name: Invented Ministry of Health
    kind: ministry
    country: Narnia
    colour: blue
  - id: by-invented-hospital
    name: Invented Hospital
    kind: hospittal
    country: BY
"""


def test_record_file_lists_structural_vocabulary_and_country_problems_in_one_run(tmp_path):
    path = tmp_path / "invented-three.yaml"
    path.write_text(RECORD_WITH_THREE)
    problems = check_file(path)
    assert isinstance(problems, list)
    found = {(p.line, p.record, p.field): p.message for p in problems}
    assert set(found) == {(11, "organizations[0] 'xx-ministry'", "country"),
                          (12, "organizations[0] 'xx-ministry'", "colour"),
                          (15, "organizations[1] 'by-invented-hospital'", "kind")}, problems
    assert "unknown country 'Narnia'" in found[(11, "organizations[0] 'xx-ministry'", "country")]
    assert "unknown field" in found[(12, "organizations[0] 'xx-ministry'", "colour")]
    assert "did you mean 'hospital'" in found[(15, "organizations[1] 'by-invented-hospital'", "kind")]
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 1 and result.output.count(str(path)) == 3, result.output


def test_csv_row_lists_all_its_problems(tmp_path):
    table = tmp_path / "invented-three-problems.csv"
    table.write_text(HEADER + "IN,Narnia,31-31-2005,handshake,Invented,oncology\n")
    table.with_name("invented-three-problems.source.yaml").write_text(
        "# Invented test data.\nsource: {title: Invented table, language: en}\ndate_format: DD-MM-YYYY\n")
    result = check_csv(table)
    problems = result if isinstance(result, list) else result.problems
    assert sorted((p.line, p.record, p.field) for p in problems) == [
        (2, "row 2", "date"), (2, "row 2", "partner"), (2, "row 2", "type")], problems
    result = CliRunner().invoke(app, ["validate", str(table)])
    assert result.exit_code == 1 and "3 problem(s)" in result.output, result.output


def test_conflict_messages_say_none_given_not_none(tmp_path):
    forum = ("# Invented test data.\nschema_version: 1\nsource: {{id: {source}, title: Invented, language: en}}\n"
             "organizations:\n  - {{id: invented-forum, name: Invented Forum, kind: {kind}{country}}}\n")
    (tmp_path / "a.yaml").write_text(forum.format(source="invented-a", kind="forum", country=""))
    (tmp_path / "b.yaml").write_text(forum.format(source="invented-b", kind="international-organization",
                                                  country=", country: KZ"))
    _, failed, _ = check_inputs([tmp_path / "a.yaml", tmp_path / "b.yaml"])
    messages = [p.message for outcome in failed for p in outcome.problems]
    assert any("country 'KZ' here but none given in" in m for m in messages), messages
    assert not any(re.search(r"\bNone\b", m) for m in messages), messages
    assert shown(None) == "none given" and shown("KZ") == "'KZ'"


def test_metadata_file_is_read_with_its_table_not_as_a_record_file(tmp_path):
    table = _copy_fixture(tmp_path)
    good, failed, problems = check_inputs([tmp_path])
    assert [item.path for item in good] == [table] and not failed and not problems
    good, _, _ = check_inputs([table.with_name(f"{TABLE}.source.yaml")])
    assert [item.path for item in good] == [table]
    table.unlink()
    _, _, problems = check_inputs([tmp_path])
    assert len(problems) == 1 and "no table invented-moh-agreements.csv" in problems[0].message


@pytest.mark.parametrize("bad, field", [("source: {title: '', language: en}\n", "title"),
                                        ("source: {title: T, language: English}\n", "language"),
                                        ("source: {title: T, language: en, url: 'ftp://x'}\n", "url"),
                                        ("source: {title: T, language: en}\ncolour: red\n", "colour")])
def test_metadata_source_is_checked_by_the_record_format(tmp_path, bad, field):
    table = tmp_path / "invented-meta.csv"
    table.write_text(HEADER + "IN,VN,2024,agreement,Invented,oncology\n")
    table.with_name("invented-meta.source.yaml").write_text("# Invented test data.\n" + bad)
    problems = check_csv(table)
    problems = problems if isinstance(problems, list) else problems.problems
    assert [(Path(p.file).name, p.field) for p in problems] == [("invented-meta.source.yaml", field)], problems


def test_empty_required_cells_and_a_country_that_partners_itself_name_their_columns(tmp_path):
    table = tmp_path / "invented-empty-cells.csv"
    table.write_text(HEADER + "VN,,2024,agreement,Invented one,oncology\n"
                              ",BY,2024,agreement,Invented two,oncology\n"
                              "VN,Viet Nam,2024,agreement,Invented three,oncology\n")
    result = check_csv(table)
    problems = result if isinstance(result, list) else result.problems
    assert [(p.line, p.field) for p in problems] == [(2, "partner"), (3, "country"), (4, "partner")], problems
    assert "also a partner" in problems[2].message


def test_a_file_with_problems_still_gets_its_cross_record_checks(tmp_path):
    path = tmp_path / "invented-refs.yaml"
    path.write_text("# Invented test data.\nschema_version: 1\nsource: {id: invented-refs, title: Invented, language: en}\n"
                    "organizations:\n"
                    "  - {id: by-invented-hospital, name: Invented Hospital, kind: hospital, country: Narnia}\n"
                    "instruments:\n  - id: by-vn-mou-invented\n    type: memorandum-of-understanding\n"
                    "    title: Invented\n    status: signed\n"
                    "    parties: [{country: BY, organization: by-no-such-org}, {country: VN}]\n"
                    "    domains: [oncology]\n    evidence: [{quote: invented, lang: en}]\n")
    _, failed, _ = check_inputs([path])
    found = sorted((p.line, p.field) for outcome in failed for p in outcome.problems)
    assert found == [(5, "country"), (11, "parties[0].organization")], found


def test_month_names_are_read_strictly_in_the_tables_language(tmp_path):
    table = tmp_path / "invented-russian-dates.csv"
    table.write_text(HEADER + "RU,BY,12 марта 2014,agreement,Invented one,oncology\n"
                              "RU,BY,March 2014,agreement,Invented two,oncology\n"
                              "RU,BY,a 2014,agreement,Invented three,oncology\n"
                              "RU,BY,hr8 2014,agreement,Invented four,oncology\n", encoding="utf-8")
    table.with_name("invented-russian-dates.source.yaml").write_text(
        "# Invented test data.\nsource: {title: Invented table, language: ru}\ndate_format: DD.MM.YYYY\n")
    result = check_csv(table)
    problems = result if isinstance(result, list) else result.problems
    # Text a lenient parser would take for a date ("a 2014" as January) is refused, naming the format.
    assert [(p.line, p.field) for p in problems] == [(4, "date"), (5, "date")], problems
    assert all("DD.MM.YYYY" in p.message for p in problems)
    table.write_text(HEADER + "RU,BY,12 марта 2014,agreement,Invented one,oncology\n"
                              "RU,BY,March 2014,agreement,Invented two,oncology\n", encoding="utf-8")
    assert [i.signed_date for i in check_csv(table).records.instruments] == ["2014-03-12", "2014-03"]
