"""Small helpers the latency benchmarks share: percentiles, summaries, the load average."""

from __future__ import annotations

import math
import os
from collections.abc import Sequence


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100), interpolated linearly between the closest ranks.

    The same definition as numpy's default and `statistics.quantiles(method="inclusive")`:
    p0 is the minimum, p100 the maximum, p50 of an even count the mean of the middle two.
    """
    if not values:
        raise ValueError("percentile of no values")
    if not 0 <= q <= 100:
        raise ValueError(f"percentile {q} is outside 0-100")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summarize(seconds: Sequence[float]) -> dict[str, float]:
    """Count, p50, p99, mean and max of durations, in milliseconds."""
    return {"n": len(seconds), "p50_ms": percentile(seconds, 50) * 1000, "p99_ms": percentile(seconds, 99) * 1000,
            "mean_ms": sum(seconds) / len(seconds) * 1000, "max_ms": max(seconds) * 1000}


def load_average() -> list[float]:
    """The 1, 5 and 15 minute load averages (empty where the OS does not say)."""
    try:
        return [round(value, 2) for value in os.getloadavg()]
    except OSError:
        return []


def load_text(load: dict[str, list[float]]) -> str:
    """`{"before": [...], "after": [...]}` (as measure() records it) for a sentence."""
    if not load.get("before"):
        return "unknown"
    return " before, ".join(" / ".join(f"{v:.1f}" for v in load[key]) for key in ("before", "after")) + " after"


def ms(value: float) -> str:
    return f"{value:,.1f}" if value < 100 else f"{value:,.0f}"
