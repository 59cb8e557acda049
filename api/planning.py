"""Planning the canned queries ahead, when the API starts.

A freshly started Neo4j plans each statement on its first run, which makes the first answers of
a new server take seconds. The app has the server plan every canned query in a background
thread as soon as the graph answers, so requests find the plans cached; /health reports how far
it got. HDKG_PLAN_AHEAD=false turns it off.
"""

from __future__ import annotations

import logging
import threading

from api.deps import DriverPool
from api.models import PlanningReport
from graph.errors import GraphUnavailable
from graph.queries import PlannableQuery, plan_ahead
from hdkg.settings import Settings

log = logging.getLogger("hdkg.api")

#: Seconds between attempts while Neo4j does not answer: doubling up to the last.
RETRY_S = (1.0, 2.0, 5.0, 10.0, 30.0)


class QueryPlanner:
    """Plans the given queries once, in a daemon thread, retrying while Neo4j is unreachable."""

    def __init__(self, drivers: DriverPool, settings: Settings, queries: list[PlannableQuery]) -> None:
        self._drivers, self._settings, self._queries = drivers, settings, queries
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.status = PlanningReport(state="off", queries=len(queries), planned=0)

    def start(self) -> None:
        self.status.state = "waiting"
        self._thread = threading.Thread(target=self._run, name="hdkg-plan-ahead", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def wait(self, timeout: float) -> bool:
        """Block until planning has finished (or stopped); True if it did within the timeout."""
        if self._thread is not None:
            self._thread.join(timeout)
        return self._thread is None or not self._thread.is_alive()

    def _run(self) -> None:
        attempt = 0
        while not self._stop.is_set():
            try:
                driver = self._drivers.get(self._settings)
                self.status.state, self.status.planned = "planning", 0
                report = plan_ahead(driver, self._queries, self._settings, progress=self._planned_one)
            except GraphUnavailable as error:
                self.status.state, self.status.message = "waiting", str(error)
                self._stop.wait(RETRY_S[min(attempt, len(RETRY_S) - 1)])
                attempt += 1
                continue
            except Exception as error:  # the API serves on unplanned; /health and the log say why
                self.status.state, self.status.message = "failed", f"{type(error).__name__}: {error}"
                log.exception("planning the canned queries ahead failed")
                return
            self.status.state, self.status.message = "done", None
            self.status.failed, self.status.seconds = report.failed, round(report.seconds, 3)
            log.info("planned %d statements of %d canned queries in %.1f s%s", report.planned, len(self._queries),
                     report.seconds, f"; not planned: {', '.join(report.failed)}" if report.failed else "")
            for name, message in report.failed.items():
                log.warning("canned query %s was not planned: %s", name, message)
            return

    def _planned_one(self, name: str) -> None:
        self.status.planned += 1
