"""An instrument's life across reports, and who really signed, on the real Neo4j.

The reports are test fixtures (tests/fixtures/lifecycle/, invented, see its README) plus the
curated Kazakhstan–AstraZeneca report, a real ministry–company memorandum; and links between
instruments of different parties (tests/fixtures/one-sided-links/, invented).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from graph.queries import run_query
from loaders.load import check_inputs, run_load
from queries import parse_query_file, registry
from tests.conftest import RECORDS_DIR

FIXTURES = Path(__file__).parent / "fixtures" / "lifecycle"
INSTRUMENT = "am-by-mou-health-fixture"


def _load(driver, settings, *paths: Path):
    report = run_load(driver, settings.neo4j_database, list(paths))
    assert report.ok, [str(problem) for problem in report.all_problems()]
    return report


def _one(driver, settings, query: str, **params):
    records, _, _ = driver.execute_query(query, params, database_=settings.neo4j_database)
    return [record.data() for record in records]


def _signers(driver, settings, instrument: str) -> dict[str, list[str]]:
    rows = _one(driver, settings, "MATCH (x)-[r:SIGNED]->(:Instrument {id: $id}) "
                "RETURN labels(x)[0] + ':' + x.id AS signer, r.sources AS sources ORDER BY signer", id=instrument)
    return {row["signer"]: sorted(row["sources"]) for row in rows}


def _status(driver, settings, instrument: str) -> str:
    return _one(driver, settings, "MATCH (i:Instrument {id: $id}) RETURN i.status AS s", id=instrument)[0]["s"]


def test_an_approval_is_not_a_signature(empty_graph, settings, tmp_path):
    shutil.copy(FIXTURES / "approval-ru.yaml", tmp_path)
    _load(empty_graph, settings, tmp_path)
    assert _status(empty_graph, settings, INSTRUMENT) == "approved-for-signing"
    assert _signers(empty_graph, settings, INSTRUMENT) == {}
    step = _one(empty_graph, settings, "MATCH (:Instrument {id: $id})-[:HAS_STATUS_CHANGE]->(s)-[:STATUS_ACTOR]->(c:Country) "
                "RETURN s.status AS status, s.date AS date, c.id AS actor", id=INSTRUMENT)
    assert step == [{"status": "approved-for-signing", "date": "2025-03", "actor": "BY"}]


def test_a_later_report_in_another_language_adds_the_signing(empty_graph, settings, tmp_path):
    for name in ("approval-ru.yaml", "signing-en.yaml"):
        shutil.copy(FIXTURES / name, tmp_path)
    _load(empty_graph, settings, tmp_path)
    assert _status(empty_graph, settings, INSTRUMENT) == "signed"
    signers = _signers(empty_graph, settings, INSTRUMENT)
    # Both states signed through their ministries; each SIGNED edge cites the report of the parties
    # and the report of the signing.
    assert set(signers) == {"Country:AM", "Country:BY", "Organization:fx-am-ministry-of-health",
                            "Organization:fx-by-ministry-of-health"}
    assert all(sources == ["fixture-approval-ru", "fixture-signing-en"] for sources in signers.values()), signers
    node = _one(empty_graph, settings, "MATCH (i:Instrument {id: $id}) RETURN i.sources AS s, i.title AS t, "
                "COUNT { (i)-[:COVERS]->() } AS domains", id=INSTRUMENT)[0]
    assert sorted(node["s"]) == ["fixture-approval-ru", "fixture-signing-en"]
    assert node["t"] == "Memorandum of understanding on health cooperation (fixture)"  # the first report's, kept
    assert node["domains"] == 2  # the second report added medical education
    post = _one(empty_graph, settings, "MATCH (:Instrument {id: $id})-[:HAS_PARTY]->(p:Party {country: 'AM'}) "
                "RETURN p.signatory_title AS title, p.signatory_role AS role", id=INSTRUMENT)
    assert post == [{"title": "Head of the international department", "role": "head"}]


def test_a_later_load_of_the_signing_report_agrees_with_the_graph(empty_graph, settings, tmp_path):
    """The approval is in the graph already; the signing reports come in a later load, with another
    status and a vaguer date: neither conflicts with what the graph holds."""
    first, later = tmp_path / "first", tmp_path / "later"
    first.mkdir(), later.mkdir()
    shutil.copy(FIXTURES / "approval-ru.yaml", first)
    _load(empty_graph, settings, first)
    for name in ("signing-en.yaml", "signing-second-en.yaml"):
        shutil.copy(FIXTURES / name, later)
    _load(empty_graph, settings, later)
    assert _status(empty_graph, settings, INSTRUMENT) == "signed"
    assert "Country:AM" in _signers(empty_graph, settings, INSTRUMENT)


def test_two_reports_of_one_signing_are_one_instrument_and_one_step(empty_graph, settings, tmp_path):
    for name in ("approval-ru.yaml", "signing-en.yaml", "signing-second-en.yaml"):
        shutil.copy(FIXTURES / name, tmp_path)
    _load(empty_graph, settings, tmp_path)
    assert _one(empty_graph, settings, "MATCH (i:Instrument {id: $id}) RETURN count(i) AS n", id=INSTRUMENT) == [{"n": 1}]
    steps = _one(empty_graph, settings, "MATCH (:Instrument {id: $id})-[:HAS_STATUS_CHANGE]->(s {status: 'signed'}) "
                 "RETURN s.date AS date, s.sources AS sources", id=INSTRUMENT)
    # The month-only report and the dated one describe one step, kept at the more precise date.
    assert len(steps) == 1 and steps[0]["date"] == "2025-04-10"
    assert sorted(steps[0]["sources"]) == ["fixture-signing-en", "fixture-signing-second-en"]
    assert _one(empty_graph, settings, "MATCH (i:Instrument {id: $id}) RETURN i.signed_date AS d",
                id=INSTRUMENT) == [{"d": "2025-04"}]


def test_withdrawing_the_signing_report_withdraws_the_signature(empty_graph, settings, tmp_path):
    for name in ("approval-ru.yaml", "signing-en.yaml"):
        shutil.copy(FIXTURES / name, tmp_path)
    _load(empty_graph, settings, tmp_path)
    assert _signers(empty_graph, settings, INSTRUMENT)
    # The signing report is corrected: it now reports the approval only, no signing.
    text = (tmp_path / "signing-en.yaml").read_text(encoding="utf-8").replace("status: signed", "status: approved-for-signing")
    (tmp_path / "signing-en.yaml").write_text(text, encoding="utf-8")
    _load(empty_graph, settings, tmp_path)
    assert _signers(empty_graph, settings, INSTRUMENT) == {}
    assert _status(empty_graph, settings, INSTRUMENT) == "approved-for-signing"


def test_a_declaration_adopted_within_a_forum(empty_graph, settings, tmp_path):
    shutil.copy(FIXTURES / "forum-declaration.yaml", tmp_path)
    _load(empty_graph, settings, tmp_path)
    declaration = "br-in-za-declaration-health-fixture"
    assert set(_signers(empty_graph, settings, declaration)) == {"Country:BR", "Country:IN", "Country:ZA"}
    assert _status(empty_graph, settings, declaration) == "adopted"
    assert _one(empty_graph, settings, "MATCH (:Instrument {id: $id})-[:ADOPTED_WITHIN]->(f) RETURN f.id AS f",
                id=declaration) == [{"f": "fx-forum-health-ministers"}]
    members = _one(empty_graph, settings, "MATCH (c:Country)-[m:MEMBER_OF]->(:Organization {id: 'fx-forum-health-ministers'}) "
                   "RETURN c.id AS c, m.since AS since ORDER BY c")
    assert members == [{"c": "BR", "since": None}, {"c": "IN", "since": None}, {"c": "ZA", "since": "2011"}]
    # The forum's own statement is signed (adopted) by the forum, and by no state.
    assert _signers(empty_graph, settings, "fx-forum-statement-fixture") == {
        "Organization:fx-forum-health-ministers": ["fixture-forum-declaration"]}
    assert _one(empty_graph, settings, "MATCH (o:Organization {id: 'fx-forum-health-ministers'}) "
                "RETURN o.country AS c, COUNT { (o)-[:BASED_IN]->() } AS based") == [{"c": None, "based": 0}]


def test_a_state_for_its_hospital_a_witness_and_a_renewal(empty_graph, settings, tmp_path):
    shutil.copy(FIXTURES / "on-behalf-and-witness.yaml", tmp_path)
    _load(empty_graph, settings, tmp_path)
    agreement = "ge-agreement-hospital-equipment-fixture"
    # Georgia signs (for its hospital); the foundation signs as itself; the witness does not sign,
    # and the foundation's country is no party.
    assert set(_signers(empty_graph, settings, agreement)) == {"Country:GE", "Organization:fx-at-foundation"}
    assert _one(empty_graph, settings, "MATCH (:Instrument {id: $id})-[:HAS_PARTY]->(p)-[:ON_BEHALF_OF]->(h) "
                "RETURN p.country AS c, h.id AS h", id=agreement) == [{"c": "GE", "h": "fx-ge-national-hospital"}]
    witness = _one(empty_graph, settings, "MATCH (:Instrument {id: $id})-[:HAS_PARTY]->(p {role: 'witness'}) "
                   "RETURN p.country AS c, p.state AS state", id=agreement)
    assert witness == [{"c": "AT", "state": True}]
    # The witness's country is no party country: Georgia is the one state party, the foundation
    # the other party.
    assert _one(empty_graph, settings, "MATCH (i:Instrument {id: $id}) "
                "RETURN i.party_countries AS p, i.party_count AS n, i.multilateral AS m",
                id=agreement) == [{"p": ["GE"], "n": 2, "m": False}]
    renewal = _one(empty_graph, settings, "MATCH (n:Instrument {id: $id})-[:RENEWS]->(o) RETURN o.id AS old, n.term_years AS term",
                   id="ge-agreement-hospital-equipment-renewal-fixture")
    assert renewal == [{"old": "ge-agreement-hospital-equipment-2020-fixture", "term": 5}]


def test_a_companys_home_country_does_not_sign(empty_graph, settings):
    _load(empty_graph, settings, RECORDS_DIR / "kazinform-2021-11-04-kazakhstan-astrazeneca-mou.yaml")
    instrument = "kz-mou-ministry-astrazeneca-2021"
    assert set(_signers(empty_graph, settings, instrument)) == {
        "Country:KZ", "Organization:kz-ministry-of-health", "Organization:astrazeneca-kazakhstan"}
    assert _one(empty_graph, settings, "MATCH (:Country {id: 'GB'})-[r]-(:Instrument) RETURN count(r) AS n") == [{"n": 0}]


def test_no_country_signed_what_it_did_not_sign(empty_graph, settings, tmp_path):
    """Over the curated records and every fixture: each Country SIGNED edge has a state party of
    that country (role party) and a signing step that applies to it."""
    for path in FIXTURES.glob("*.yaml"):
        shutil.copy(path, tmp_path)
    _load(empty_graph, settings, RECORDS_DIR)
    _load(empty_graph, settings, tmp_path)
    unjustified = _one(empty_graph, settings, """
        MATCH (c:Country)-[:SIGNED]->(i:Instrument)
        WHERE NOT EXISTS {
          MATCH (i)-[:HAS_PARTY]->(p:Party {state: true})-[:PARTY_COUNTRY]->(c)
          WHERE coalesce(p.role, 'party') = 'party'
            AND EXISTS { MATCH (i)-[:HAS_STATUS_CHANGE]->(s:StatusChange)
                         WHERE s.status IN ['signed', 'adopted', 'ratified', 'in-force', 'extended']
                           AND (s.actor IS NULL OR s.actor = c.id OR s.actor = p.organization) } }
        RETURN c.id AS country, i.id AS instrument""")
    assert unjustified == []
    signed = _one(empty_graph, settings, "MATCH (:Country)-[r:SIGNED]->() RETURN count(r) AS n")[0]["n"]
    assert signed > 0  # the check above has something to check
    # The hospital memoranda of the curated Azerbaijan–Ukraine report are signed by the hospitals.
    assert _signers(empty_graph, settings, "az-ua-moc-oncology-centres") == {
        "Organization:az-national-oncology-center": ["azertac-undated-azerbaijan-ukraine-health-visit"],
        "Organization:ua-national-cancer-institute": ["azertac-undated-azerbaijan-ukraine-health-visit"]}


@pytest.mark.parametrize("date, conflict", [("2025-03-30", True), ("2025-04-11", False), ("2025", False)])
def test_incompatible_signing_dates_conflict_and_name_both_files(tmp_path, date, conflict):
    for name in ("approval-ru.yaml", "signing-second-en.yaml"):
        shutil.copy(FIXTURES / name, tmp_path)
    third = (FIXTURES / "signing-second-en.yaml").read_text(encoding="utf-8").replace(
        "fixture-signing-second-en", "fixture-signing-third").replace('signed_date: "2025-04"', f'signed_date: "{date}"')
    (tmp_path / "third.yaml").write_text(third, encoding="utf-8")
    _, failed, problems = check_inputs([tmp_path])
    messages = [str(p) for outcome in failed for p in outcome.problems] + [str(p) for p in problems]
    found = [m for m in messages if "the dates disagree" in m]
    assert bool(found) is conflict, messages
    if conflict:
        assert "signing-second-en.yaml" in found[0] and "third.yaml" in found[0]


@pytest.mark.parametrize("second", [None, ["signatories: not named"], ["signing place: not stated"]])
def test_two_reports_unknowns_are_both_kept(empty_graph, settings, tmp_path, second):
    # `unknown` is a list: the instrument keeps what every report leaves unknown (their union),
    # so two reports that list different things are no conflict and neither replaces the other.
    approval = (FIXTURES / "approval-ru.yaml").read_text(encoding="utf-8")
    signing = (FIXTURES / "signing-second-en.yaml").read_text(encoding="utf-8")
    first, later = yaml.safe_load(approval), yaml.safe_load(signing)
    first["instruments"][0]["unknown"] = ["signatories: not named"]
    if second is not None:
        later["updates"][0]["unknown"] = second
    (tmp_path / "approval.yaml").write_text(yaml.safe_dump(first, allow_unicode=True), encoding="utf-8")
    (tmp_path / "signing.yaml").write_text(yaml.safe_dump(later, allow_unicode=True), encoding="utf-8")
    report = run_load(empty_graph, settings.neo4j_database, [tmp_path])
    assert report.ok, [str(p) for p in report.all_problems()]
    records, _, _ = empty_graph.execute_query("MATCH (i:Instrument {id: $id}) RETURN i.unknown AS unknown",
                                              id=first["instruments"][0]["id"])
    expected = ["signatories: not named"] + [item for item in second or [] if item != "signatories: not named"]
    assert sorted(records[0]["unknown"]) == sorted(expected)


def test_links_listed_for_a_country_at_either_end(empty_graph, settings):
    """`lineage_list` starts from a country that is a party less often than there are links: a
    country at the newer end only (MT, LU) or the older end only (IS) gets the links of its end;
    a country in every instrument (CY) is read from all links. As when it read every instrument."""
    _load(empty_graph, settings, Path(__file__).parent / "fixtures" / "one-sided-links")
    canned = registry().get("lineage_list")
    oracle = parse_query_file(Path(__file__).parent / "fixtures" / "scanning-queries" / "lineage_list.cypher")
    expected_targets = {"IS": 4, "MT": 3, "LU": 1, "CY": 4}
    for country, links in expected_targets.items():
        for relation in (None, "refers_to", "renews"):
            params = {"country": country, **({"relation": relation} if relation else {})}
            got = run_query(empty_graph, canned, params, settings=settings).rows
            assert got == run_query(empty_graph, oracle, params, settings=settings).rows, params
            if relation is None:
                assert len(got) == links, (country, got)
    degrees = _one(empty_graph, settings, "MATCH (c:Country) WHERE c.id IN ['IS', 'CY'] "
                   "RETURN c.id AS id, COUNT { (c)<-[:PARTY_COUNTRY]-() } AS degree ORDER BY id")
    assert [(row["id"], row["degree"]) for row in degrees] == [("CY", 5), ("IS", 1)]  # 4 links between them
