"""The FastAPI application: `uvicorn api.main:app`, or `hdkg serve`.

The app starts whether or not Neo4j is up: the driver is created on first use and requests
that need the graph answer 503 (with Retry-After) while it is unreachable.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles

from api.caching import bind_exchange, install_caching
from api.deps import DriverPool
from api.errors import install_error_handlers
from api.planning import QueryPlanner
from api.routers import countries, domains, health, instruments, queries
from api.routers import cypher, drafts, explorer, linked_data, releases, sparql
from hdkg import __version__
from hdkg.settings import Settings, get_settings
from queries import load_lookups, registry

DESCRIPTION = """
Who signs which health agreements with whom, from curated news reports, with the sources and
quotes behind every answer.

Countries are accepted as ISO 3166-1 codes (`UA`, `UKR`) or names in any language (`Україна`);
domains as ids (`oncology`) or labels (`онкология`), and a domain includes its narrower domains.
Cooperation counts instruments whose status means signed (`signed`, `adopted`, `ratified`,
`in-force`, `extended`) unless `statuses` says otherwise, and a country's state parties only
(itself or a state body) unless `include_non_state=true`; every answer gives each instrument's
status and whether it was signed. Lists are paginated with `limit` and `offset`; `has_more`
says whether rows follow, and `total` is given once a page reaches the end of the answer.
"""


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    load_lookups()
    settings = app.state.settings or get_settings()
    if settings.plan_ahead:
        app.state.planner = QueryPlanner(app.state.drivers, settings, list(registry()))
        app.state.planner.start()
    yield
    if app.state.planner is not None:
        app.state.planner.stop()
    app.state.drivers.close()


def create_app(settings: Settings | None = None) -> FastAPI:
    app = FastAPI(title="Health diplomacy knowledge graph", version=__version__, description=DESCRIPTION,
                  lifespan=lifespan, dependencies=[Depends(bind_exchange)])
    app.state.settings = settings
    app.state.drivers = DriverPool()
    app.state.planner = None
    install_error_handlers(app)
    install_caching(app)
    app.include_router(health.router)
    app.include_router(queries.router)
    app.include_router(countries.router)
    app.include_router(domains.router)
    app.include_router(instruments.router)
    app.include_router(linked_data.router)
    app.include_router(cypher.router)
    app.include_router(sparql.router)
    app.include_router(releases.router)
    app.include_router(drafts.router)
    app.include_router(explorer.router)
    app.mount("/static", StaticFiles(directory=explorer.STATIC_DIR, check_dir=False), name="static")
    return app


app = create_app()
