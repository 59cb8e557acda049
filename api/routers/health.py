"""Health: the API and Neo4j reported separately; the API answers even when Neo4j does not."""

from __future__ import annotations

from fastapi import APIRouter, Request

from api.deps import DriverDep, SettingsDep
from api.models import ApiStatus, GraphStatus, HealthReport, PlanningReport
from graph.errors import GraphUnavailable
from graph.queries import graph_status
from hdkg import __version__

router = APIRouter(tags=["health"])


@router.get("/health", response_model=HealthReport, summary="Whether the API and Neo4j answer")
def health(request: Request, driver: DriverDep, settings: SettingsDep) -> HealthReport:
    api = ApiStatus(status="ok", version=__version__)
    planner = request.app.state.planner
    planning = planner.status.model_copy() if planner is not None else PlanningReport(state="off", queries=0, planned=0)
    try:
        info = graph_status(driver, settings)
    except GraphUnavailable as error:
        graph = GraphStatus(status="unavailable", uri=settings.uri, database=settings.neo4j_database,
                            message=str(error))
        return HealthReport(status="degraded", api=api, neo4j=graph, planning=planning)
    graph = GraphStatus(status="ok", uri=info["uri"], database=info["database"], server=info["server"])
    return HealthReport(status="ok", api=api, neo4j=graph, planning=planning)
