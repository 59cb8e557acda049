"""Planning the canned queries ahead: what the server is asked to plan, and the API's thread."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.deps import DriverPool
from api.main import create_app
from api.planning import QueryPlanner
from graph.errors import GraphUnavailable
from graph.queries import plan_ahead
from hdkg.settings import Settings
from queries import load_lookups, registry
from tests.conftest import closed_port


@pytest.fixture(scope="module", autouse=True)
def _lookups() -> None:
    load_lookups()


@dataclass
class FixedQuery:
    name: str
    paged_text: str

    def bind(self, raw: dict[str, Any] | None = None) -> dict[str, Any]:
        return dict(raw or {})

    def plan_parameters(self) -> list[dict[str, Any]]:
        return [{"id": "x"}]


def test_parameters_cover_the_defaults_and_every_filter_given():
    cooperation = registry().get("cooperation")
    defaults, filtered = cooperation.plan_parameters()
    assert defaults["domain"] is None and defaults["country"] is None and defaults["from_year"] is None
    assert filtered["domain"] == "medical-science" and filtered["country"] == "VN" and filtered["from_year"] == 2020
    assert {"page_offset", "page_size"} <= set(defaults) and {"page_offset", "page_size"} <= set(filtered)
    # a query whose parameters are all required has one set, not the same set twice
    instrument = registry().get("instrument")
    assert all(p.required for p in instrument.params)
    assert len(instrument.plan_parameters()) == 1


def test_every_canned_query_is_planned(driver, settings):
    canned = list(registry())
    report = plan_ahead(driver, canned, settings)
    assert report.failed == {}
    assert report.planned == sum(len(query.plan_parameters()) for query in canned) > len(canned)


def test_a_query_the_server_refuses_is_reported_and_the_others_planned(driver, settings):
    broken = FixedQuery("broken", "MATCH (n:Country {id: $id} RETURN n")
    fine = FixedQuery("fine", "MATCH (n:Country {id: $id}) RETURN n.id AS id")
    seen: list[str] = []
    report = plan_ahead(driver, [broken, fine], settings, progress=seen.append)
    assert list(report.failed) == ["broken"] and "SyntaxError" in report.failed["broken"]
    assert report.planned == 1 and seen == ["broken", "fine"]


def test_planning_needs_the_server():
    down = Settings(NEO4J_URI=f"bolt://127.0.0.1:{closed_port()}", NEO4J_PASSWORD="x")
    app = create_app(down)
    with pytest.raises(GraphUnavailable, match="not reachable"):
        plan_ahead(app.state.drivers.get(down), [FixedQuery("fine", "RETURN $id AS id")], down)
    app.state.drivers.close()


def test_the_api_plans_every_canned_query_when_it_starts(driver, settings):
    app = create_app(settings.model_copy(update={"plan_ahead": True}))
    with TestClient(app) as client:
        assert app.state.planner.wait(timeout=300)
        planning = client.get("/health").json()["planning"]
    assert planning["state"] == "done" and planning["failed"] == {}
    assert planning["planned"] == planning["queries"] == len(registry())
    assert planning["seconds"] > 0


@pytest.mark.timeout(60)
def test_the_api_waits_for_neo4j_and_stops_waiting_when_it_shuts_down():
    down = Settings(NEO4J_URI=f"bolt://127.0.0.1:{closed_port()}", NEO4J_PASSWORD="x", HDKG_PLAN_AHEAD=True)
    app = create_app(down)
    with TestClient(app) as client:
        planner = app.state.planner
        assert not planner.wait(timeout=2)
        planning = client.get("/health").json()["planning"]
        assert planning["state"] == "waiting" and "not reachable" in planning["message"]
        assert planning["planned"] == 0
    assert planner.wait(timeout=15)


def test_health_says_planning_is_off_when_turned_off(settings):
    with TestClient(create_app(settings.model_copy(update={"plan_ahead": False}))) as client:
        planning = client.get("/health").json()["planning"]
    assert planning == {"state": "off", "queries": 0, "planned": 0, "failed": {}, "seconds": None, "message": None}


class UnboundQuery(FixedQuery):
    def plan_parameters(self) -> list[dict[str, Any]]:
        raise ValueError("its example does not bind")


def test_planning_that_fails_says_why_and_ends(settings):
    drivers = DriverPool()
    planner = QueryPlanner(drivers, settings, [UnboundQuery("unbound", "RETURN 1 AS one")])
    planner.start()
    try:
        assert planner.wait(timeout=60)
        assert planner.status.state == "failed"
        assert planner.status.message == "ValueError: its example does not bind"
    finally:
        drivers.close()
