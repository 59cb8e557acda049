"""Dependencies: the settings and the Neo4j driver, created lazily and shared per app.

The driver is opened on first use, not at start-up, and without a connectivity check, so the
API starts (and /health answers) while Neo4j is down; requests that need the graph then get
503 until it is back.
"""

from __future__ import annotations

import threading
from typing import Annotated

import neo4j
import neo4j.exceptions
from fastapi import Depends, Request

from graph.connection import open_driver
from graph.errors import GraphUnavailable
from hdkg.settings import Settings
from hdkg.settings import get_settings as _global_settings


class DriverPool:
    """One driver per distinct server the app is asked to talk to; closed at shutdown."""

    def __init__(self) -> None:
        self._drivers: dict[tuple[str, str, str], neo4j.Driver] = {}
        self._lock = threading.Lock()

    def get(self, settings: Settings) -> neo4j.Driver:
        key = (settings.uri, settings.neo4j_user, settings.neo4j_database)
        with self._lock:
            driver = self._drivers.get(key)
            if driver is None:
                try:
                    driver = open_driver(settings, verify=False)
                except (RuntimeError, ValueError, neo4j.exceptions.ConfigurationError) as error:
                    raise GraphUnavailable(f"cannot connect to Neo4j at {settings.uri}: {error}") from error
                self._drivers[key] = driver
            return driver

    def close(self) -> None:
        with self._lock:
            drivers, self._drivers = list(self._drivers.values()), {}
        for driver in drivers:
            driver.close()


# The dependencies are coroutines although they never await: FastAPI runs a plain function in
# the thread pool, a hand-off per dependency per request, where these return at once.

async def get_settings(request: Request) -> Settings:
    """The app's settings (given to create_app, else the environment's)."""
    return getattr(request.app.state, "settings", None) or _global_settings()


SettingsDep = Annotated[Settings, Depends(get_settings)]


async def get_driver(request: Request, settings: SettingsDep) -> neo4j.Driver:
    """The shared driver; creating it opens no connection, so this does not block the event loop."""
    pool: DriverPool | None = getattr(request.app.state, "drivers", None)
    if pool is None:
        pool = request.app.state.drivers = DriverPool()
    return pool.get(settings)


DriverDep = Annotated[neo4j.Driver, Depends(get_driver)]
