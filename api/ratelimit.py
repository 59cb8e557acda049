"""Per-client rate limits for the open-ended query surfaces (/cypher, /sparql).

The client is the address the request came from (behind a proxy, run uvicorn with
`--proxy-headers` and `--forwarded-allow-ips` so that is the caller's). Counters live in the
storage HDKG_RATE_LIMIT_STORAGE names: `memory://` counts per server process; a shared storage
(`redis://...`, `memcached://...`, as the `limits` library reads them) counts across workers.
"""

from __future__ import annotations

import math
import threading
import time

from fastapi import Request
from limits import parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from api.errors import ApiError
from hdkg.settings import Settings

_lock = threading.Lock()


class RateLimiter:
    def __init__(self, rate: str, storage: str) -> None:
        try:
            self.item = parse(rate)
        except ValueError as error:
            raise ValueError(f"HDKG_RESEARCH_RATE_LIMIT '{rate}' is not a rate such as '60/minute': {error}") from None
        self.rate, self.storage_uri = rate, storage
        self.limiter = MovingWindowRateLimiter(storage_from_string(storage))

    def check(self, surface: str, client: str) -> None:
        """Count one request; raises ApiError 429 with Retry-After when the client is over its rate."""
        if self.limiter.hit(self.item, surface, client):
            return
        stats = self.limiter.get_window_stats(self.item, surface, client)
        retry = max(math.ceil(stats.reset_time - time.time()), 1)
        raise ApiError(429, "rate_limited", f"more than {self.rate} requests to /{surface} from {client}; "
                       f"retry in {retry} s", {"limit": self.rate, "retry_after_s": retry},
                       headers={"Retry-After": str(retry)})


def limiter_for(request: Request, settings: Settings) -> RateLimiter:
    """The app's limiter for these settings (made once per app and rate)."""
    state = request.app.state
    with _lock:
        limiter = getattr(state, "research_limiter", None)
        if limiter is None or (limiter.rate, limiter.storage_uri) != (settings.research_rate_limit,
                                                                      settings.rate_limit_storage):
            limiter = state.research_limiter = RateLimiter(settings.research_rate_limit, settings.rate_limit_storage)
    return limiter


def client_of(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def check_rate(request: Request, settings: Settings, surface: str) -> None:
    limiter_for(request, settings).check(surface, client_of(request))
