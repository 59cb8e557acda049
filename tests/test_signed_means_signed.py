"""Signed means signed, in the graph and in every canned answer (real Neo4j).

The graph holds the curated records and one test fixture (tests/fixtures/approved-only/, invented
and marked as such): a trilateral agreement Viet Nam's cabinet approved for signing, and a
ministry-company memorandum its ministry approved; neither was signed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import neo4j
import pytest
import yaml

from graph.model import COOPERATION_STATUSES
from graph.queries import run_query
from hdkg.settings import Settings
from loaders.vocab import lifecycle
from queries import QUERIES_DIR, registry
from tests.conftest import RECORDS_DIR

FIXTURES = Path(__file__).parent / "fixtures" / "approved-only"
APPROVED = {"kh-la-vn-agreement-fixture-health-cooperation", "la-mou-fixture-ministry-company"}
TRILATERAL = "kh-la-vn-agreement-fixture-health-cooperation"
HOSPITAL_MEMORANDA = {"az-ua-moc-oncology-centres", "az-ua-moc-pediatric-institutions",
                      "az-ua-moc-cardiology-centres", "az-ua-moc-medical-universities"}
WITH_APPROVED = [*COOPERATION_STATUSES, "approved-for-signing"]


GRAPH_RECORDS = (RECORDS_DIR, FIXTURES)


@pytest.fixture(scope="module")
def graph(loaded_graph: neo4j.Driver) -> neo4j.Driver:
    return loaded_graph


def _rows(driver: neo4j.Driver, settings: Settings, name: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    return run_query(driver, registry().get(name), params, settings=settings).rows


def _cypher(driver: neo4j.Driver, settings: Settings, text: str, **params: Any) -> list[dict[str, Any]]:
    with driver.session(database=settings.neo4j_database) as session:
        return [record.data() for record in session.run(text, params)]


def _curated_company_instruments() -> set[str]:
    """Signed instruments of data/records/ (and the fixture) with a company among their parties."""
    stages = lifecycle().stages
    signing = set(lifecycle().signing_statuses)
    records = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in [*RECORDS_DIR.glob("*.yaml"), *FIXTURES.glob("*.yaml")]]
    companies = {o["id"] for data in records for o in data.get("organizations") or [] if o["kind"] in ("company", "company-office")}
    steps: dict[str, set[str]] = {}
    parties: dict[str, set[str]] = {}
    for data in records:
        for entry in [*(data.get("instruments") or []), *(data.get("updates") or [])]:
            key = entry.get("id") or entry["instrument"]
            stated = {entry["status"]} if entry.get("status") else set()
            steps.setdefault(key, set()).update(stated | {s["status"] for s in entry.get("status_history") or []})
            parties.setdefault(key, set()).update(p.get("organization") for p in entry.get("parties") or [] if p.get("role", "party") == "party")
    return {key for key, orgs in parties.items()
            if orgs & companies and max(steps[key], key=stages.__getitem__) in signing}


def _walk(value: Any) -> Iterator[dict[str, Any]]:
    """Every map inside an answer, the rows themselves included."""
    if isinstance(value, dict):
        yield value
        for item in value.values():
            yield from _walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item)


def _status_totals(rows: list[dict[str, Any]]) -> dict[str, int]:
    totals: dict[str, int] = {}
    for entry in _walk(rows):
        if set(entry) == {"status", "instruments"}:
            totals[entry["status"]] = totals.get(entry["status"], 0) + entry["instruments"]
    return totals


# -- the vocabulary and the constants agree ---------------------------------------------------

def test_cooperation_statuses_are_the_statuses_meaning_signed():
    assert set(COOPERATION_STATUSES) == set(lifecycle().signing_statuses)
    stages = lifecycle().stages
    assert [stages[s] for s in COOPERATION_STATUSES] == sorted(stages[s] for s in COOPERATION_STATUSES)
    assert "approved-for-signing" not in COOPERATION_STATUSES


def test_the_stage_order_of_the_instrument_query_is_the_vocabulary_s():
    text = (QUERIES_DIR / "instrument.cypher").read_text(encoding="utf-8")
    (body,) = re.findall(r"WITH i, \{([^}]*)\} AS stage_of", text)
    pairs = dict((key.strip(" `"), int(value)) for key, value in (item.split(":") for item in body.split(",")))
    assert pairs == lifecycle().stages


# -- the graph --------------------------------------------------------------------------------

def test_no_country_signed_what_it_did_not_sign(graph, settings):
    # Every SIGNED edge of a country stands on a state party of it and a signing step applying to it.
    checked = _cypher(graph, settings, """
        MATCH (c:Country)-[:SIGNED]->(i:Instrument)
        RETURN c.id AS country, i.id AS instrument,
               EXISTS {
                 MATCH (i)-[:HAS_PARTY]->(p:Party)-[:PARTY_COUNTRY]->(c)
                 WHERE p.state AND coalesce(p.role, 'party') = 'party'
                 OPTIONAL MATCH (p)-[:PARTY_ORGANIZATION]->(o:Organization)
                 MATCH (i)-[:HAS_STATUS_CHANGE]->(e:StatusChange)
                 WHERE e.status IN $signing AND (e.actor IS NULL OR e.actor = c.id OR e.actor = o.id)
               } AS backed
    """, signing=list(COOPERATION_STATUSES))
    assert len(checked) >= 7
    assert [row for row in checked if not row["backed"]] == []
    signed = {(row["country"], row["instrument"]) for row in checked}
    # the hospital, institute and university memoranda: their organizations signed, their countries did not
    assert not {pair for pair in signed if pair[1] in HOSPITAL_MEMORANDA}
    organizations = _cypher(graph, settings, "MATCH (o:Organization)-[:SIGNED]->(i:Instrument) WHERE i.id IN $ids "
                                             "RETURN count(DISTINCT i) AS n", ids=sorted(HOSPITAL_MEMORANDA))
    assert organizations == [{"n": 4}]
    # the ministry-company memorandum: Kazakhstan signed through its ministry, the company's country did not
    kz = {country for country, instrument in signed if instrument == "kz-mou-ministry-astrazeneca-2021"}
    assert kz == {"KZ"}
    # approved is not signed: nobody signed the fixture's approved instruments
    assert _cypher(graph, settings, "MATCH (x)-[:SIGNED]->(i:Instrument) WHERE i.id IN $ids RETURN x.id AS x",
                   ids=sorted(APPROVED)) == []
    statuses = _cypher(graph, settings, "MATCH (i:Instrument) WHERE i.id IN $ids RETURN DISTINCT i.status AS s",
                       ids=sorted(APPROVED))
    assert statuses == [{"s": "approved-for-signing"}]


# -- every canned answer ----------------------------------------------------------------------

#: For each canned query, parameters under which the fixture's approved instruments would show.
AROUND_THE_FIXTURE: dict[str, dict[str, Any]] = {
    "partners": {"country": "VN"},
    "cooperation": {"country": "VN"},
    "country_profile": {"country": "VN"},
    "domain_overview": {"domain": "oncology"},
    "domains": {"used_only": True},
    "hubs": {},
    "shortest_path": {"from_country": "LA", "to_country": "BY"},
    "multilateral": {},
    "instruments": {"country": "LA"},
    "company_instruments": {},
    "organization_partners": {"organization": "la-fixture-ministry-of-health", "include_non_state": True},
    "lineage_list": {},
    "instrument": {"id": TRILATERAL},
    "signatories": {"instrument": TRILATERAL},
    "lineage": {"instrument": TRILATERAL},
    "engagements": {},
    "network": {},
}
#: Canned queries whose answers hold no instrument at all (a search for parties by name).
NO_INSTRUMENTS = {"party_search"}


def test_every_canned_query_is_checked():
    names = set(registry().names())
    assert set(AROUND_THE_FIXTURE) | NO_INSTRUMENTS == names


def _consistent(rows: list[dict[str, Any]]) -> int:
    """Every map about an approved instrument says approved and not signed; returns how many there are."""
    seen = 0
    for entry in _walk(rows):
        about = entry.get("id") if entry.get("id") in APPROVED else entry.get("instrument")
        if about in APPROVED:
            seen += 1
            if "status" in entry:
                assert entry["status"] == "approved-for-signing", entry
            assert entry.get("signed", False) is False, entry
            assert entry.get("signed_by", []) == [], entry
        if entry.get("target") in APPROVED:
            seen += 1
            assert entry["target_status"] == "approved-for-signing", entry
    return seen


@pytest.mark.parametrize("name", sorted(AROUND_THE_FIXTURE))
def test_an_approved_instrument_is_counted_as_approved_never_signed(graph, settings, name):
    params = AROUND_THE_FIXTURE[name]
    query = registry().get(name)
    has_statuses = any(p.name == "statuses" and p.type.scheme == "instrument-status" for p in query.params)
    if not has_statuses:
        rows = _rows(graph, settings, name, params)
        assert rows and _consistent(rows) >= 1
        return
    default = _rows(graph, settings, name, params)
    asked = _rows(graph, settings, name, {**params, "statuses": WITH_APPROVED})
    # by default the approved instruments are nowhere in the answer...
    assert not any(ident in json.dumps(default) for ident in APPROVED), name
    assert "approved-for-signing" not in _status_totals(default)
    # ...when their status is asked for they appear (by id, or counted under their status: the
    # domain list gives counts only), as approved and not signed
    totals, asked_totals = _status_totals(default), _status_totals(asked)
    assert any(ident in json.dumps(asked) for ident in APPROVED) or asked_totals, name
    assert _consistent(asked) >= 1 or asked_totals.get("approved-for-signing", 0) >= 1, name
    if asked_totals:
        assert asked_totals.get("approved-for-signing", 0) >= 1, asked_totals
        assert {s: n for s, n in asked_totals.items() if s != "approved-for-signing"} == totals
    signed_counts = lambda rows: sum(e["signed_count"] for e in _walk(rows) if "signed_count" in e)  # noqa: E731
    assert signed_counts(asked) == signed_counts(default)


def test_approved_in_detail(graph, settings):
    (row,) = _rows(graph, settings, "instrument", {"id": TRILATERAL})
    assert row["status"] == "approved-for-signing" and row["signed_by"] == []
    assert [(p["country"], p["state"], p["signed"]) for p in row["parties"]] == \
        [("KH", True, False), ("LA", True, False), ("VN", True, False)]
    (step,) = row["status_history"]
    assert (step["status"], step["date"], step["actor"], step["actor_kind"]) == \
        ("approved-for-signing", "2025-02", "VN", "country")
    assert [e["id"] for e in row["led_to"]] == ["kh-la-vn-fixture-preparatory-talks"]
    assert row["refers_to"] == ["by-vn-mou-health-cooperation-2024"]
    partners = _rows(graph, settings, "partners", {"country": "VN", "statuses": WITH_APPROVED})
    by_partner = {r["partner_id"]: r for r in partners}
    # Counting approvals adds exactly the approved trilateral's states to Viet Nam's signing partners.
    signing = {r["partner_id"] for r in _rows(graph, settings, "partners", {"country": "VN"})}
    assert "BY" in signing and not signing & {"KH", "LA"}
    assert set(by_partner) == signing | {"KH", "LA"}
    assert by_partner["LA"]["instruments"] == [{"id": TRILATERAL, "status": "approved-for-signing",
                                                "signed_date": None, "signed": False}]
    assert (by_partner["LA"]["signed_count"], by_partner["LA"]["status_counts"]) == \
        (0, [{"status": "approved-for-signing", "instruments": 1}])
    assert (by_partner["BY"]["signed_count"], by_partner["BY"]["instrument_count"]) == (1, 1)
    path = _rows(graph, settings, "shortest_path", {"from_country": "LA", "to_country": "BY",
                                                     "statuses": WITH_APPROVED})
    assert [(r["countries"], r["signed"]) for r in path] == [(["LA", "VN", "BY"], False)]
    assert [(s["status"], s["signed"]) for s in path[0]["steps"]] == [("approved-for-signing", False), ("signed", True)]


def test_a_post_without_a_person_is_a_signatory_post(graph, settings):
    rows = _rows(graph, settings, "signatories", {"instrument": "la-mou-fixture-ministry-company"})
    ministry = next(r for r in rows if r["organization"] == "la-fixture-ministry-of-health")
    assert (ministry["signatory"], ministry["signatory_role"], ministry["state"], ministry["signed"]) == \
        (None, "director", True, False)
    assert ministry["signatory_title"].startswith("Director of the department")
    company = next(r for r in rows if r["organization"] == "th-fixture-pharma-company")
    assert (company["country"], company["state"], company["signed"]) == ("TH", False, False)


def test_who_signed_for_each_party(graph, settings):
    rows = _rows(graph, settings, "signatories", {"instrument": "az-ua-agreement-health-medical-science"})
    assert [(r["country"], r["signatory"], r["signed"]) for r in rows] == \
        [("AZ", "teymur-musayev", True), ("UA", "viktor-liashko", True)]
    assert rows[0]["signatory_roles"][0]["title"] == "Minister of Health of Azerbaijan"
    assert _rows(graph, settings, "signatories", {"instrument": "no-such-instrument"}) == []


# -- non-state parties, on request ------------------------------------------------------------

def test_include_non_state_brings_the_hospital_memoranda_back(graph, settings):
    def between_az_and_ua(row: dict[str, Any]) -> bool:
        # The rows of other pairs (other records name Ukraine's partners too) are not the question.
        sides = {row.get("partner_id"), row.get("country_a"), row.get("country_b")} - {None}
        return not sides or sides <= {"AZ", "UA"}

    def instruments_between(name: str, params: dict[str, Any], **extra: Any) -> set[str]:
        found = set()
        for row in _rows(graph, settings, name, {**params, **extra}):
            if between_az_and_ua(row):
                found |= set(row.get("instrument_ids") or [row.get("id")])
        return found

    states = {"az-ua-agreement-health-medical-science", "az-ua-agreement-health-medical-science-earlier"}
    for name, params in (("partners", {"country": "UA"}), ("cooperation", {"country": "AZ"}),
                         ("shortest_path", {"from_country": "AZ", "to_country": "UA"}),
                         ("instruments", {"country": "UA", "partner": "AZ"})):
        if name == "shortest_path":
            pick = lambda extra: {i for r in _rows(graph, settings, name, {**params, **extra})  # noqa: E731
                                  for i in r["instrument_ids"]}
            assert pick({}) == states and pick({"include_non_state": True}) == states | HOSPITAL_MEMORANDA
            continue
        assert instruments_between(name, params) == states, name
        assert instruments_between(name, params, include_non_state=True) == states | HOSPITAL_MEMORANDA, name
    (profile,) = _rows(graph, settings, "country_profile", {"country": "AZ", "include_non_state": True})
    assert (profile["instrument_count"], profile["signed_count"]) == (6, 6)
    (state_only,) = _rows(graph, settings, "country_profile", {"country": "AZ"})
    assert state_only["instrument_count"] == 2
    oncology = _rows(graph, settings, "domain_overview", {"domain": "oncology"})[0]
    # State-only, the oncology memoranda (the two countries' cancer centres') do not pair them;
    # other records' state oncology instruments (Kyrgyzstan and Russia's action plan) still do.
    assert [(p["country_a"], p["country_b"]) for p in oncology["pairs"]
            if {p["country_a"], p["country_b"]} & {"AZ", "UA"}] == []
    assert ("KG", "RU") in [(p["country_a"], p["country_b"]) for p in oncology["pairs"]]
    oncology = _rows(graph, settings, "domain_overview", {"domain": "oncology", "include_non_state": True})[0]
    # Other records' non-state oncology pairs (a charity and a hospital, say) are not the question.
    assert [(p["country_a"], p["country_b"]) for p in oncology["pairs"]
            if {p["country_a"], p["country_b"]} & {"AZ", "UA"}] == [("AZ", "UA")]
    # Azerbaijan's one partner is Ukraine: the hospital memoranda count only with non-state parties.
    hubs = {r["country"]: r for r in _rows(graph, settings, "hubs", {"include_non_state": True})}
    assert (hubs["AZ"]["instrument_count"], hubs["AZ"]["partner_ids"]) == (6, ["UA"])
    state_hubs = {r["country"]: r for r in _rows(graph, settings, "hubs", {})}
    assert (state_hubs["AZ"]["instrument_count"], state_hubs["AZ"]["partner_ids"]) == (2, ["UA"])


def test_a_company_s_country_is_its_side_only_on_request(graph, settings):
    # The company's home country never signed; it is Laos's partner only when non-state parties count.
    default = _rows(graph, settings, "partners", {"country": "LA", "statuses": WITH_APPROVED})
    assert {r["partner_id"] for r in default} == {"KH", "VN"}
    wider = _rows(graph, settings, "partners", {"country": "LA", "statuses": WITH_APPROVED, "include_non_state": True})
    assert {r["partner_id"] for r in wider} == {"KH", "VN", "TH"}
    # The company's office is on Kazakhstan's side; Britain is no partner, and counting non-state
    # parties adds no partner of Kazakhstan (its only non-state party is on its own side).
    kz = {r["partner_id"] for r in _rows(graph, settings, "partners", {"country": "KZ", "include_non_state": True})}
    assert "GB" not in kz
    assert kz == {r["partner_id"] for r in _rows(graph, settings, "partners", {"country": "KZ"})}
    companies = {row["id"]: row for row in _rows(graph, settings, "company_instruments", {})}
    assert set(companies) == _curated_company_instruments()
    for each in companies.values():  # only state parties' countries signed
        assert set(each["signed_by"]) <= set(each["party_countries"]), each["id"]
    row = companies["kz-mou-ministry-astrazeneca-2021"]
    assert row["signed_by"] == ["KZ"]
    assert [(c["id"], c["signed"]) for c in row["companies"]] == [("astrazeneca-kazakhstan", True)]
