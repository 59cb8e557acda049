"""docs/benchmarks.md says what bounds each goal a run misses (benchmarks/bounds.yaml)."""

from __future__ import annotations

import inspect
import re

from benchmarks import first_answers, report
from benchmarks.report import Goal, _bounds_section, bounds


def test_every_goal_has_its_bound_and_every_bound_a_goal():
    source = inspect.getsource(report)
    keys = set(re.findall(r'Goal\("([a-z0-9-]+)"', source)) | set(re.findall(r'_memory_goal\("([a-z0-9-]+)"', source))
    assert len(keys) == 9
    assert keys == set(bounds()), sorted(keys ^ set(bounds()))
    assert all(len(text.split()) >= 10 for text in bounds().values())


def test_the_missed_goals_are_explained_under_the_goals():
    met = Goal("rdf-export", "RDF export", "≥ 5×", "6.0× turtle", True)
    missed = Goal("query-p99", "Canned queries, p99 latency", "≤ 20 ms", "`hubs` 80 ms", False)
    assert _bounds_section([met]) == []
    lines = _bounds_section([met, missed])
    text = "\n".join(lines)
    assert lines[0] == "### What bounds the missed goals"
    assert "**Canned queries, p99 latency.**" in text and "RDF export" not in text
    assert " ".join(bounds()["query-p99"].split()) in text


def test_first_answers_table_gives_medians_per_query_and_in_all():
    def run(cold_scale: float) -> dict[str, tuple[float, float]]:
        return {"cooperation": (2.0 * cold_scale, 0.03), "instrument": (1.0 * cold_scale, 0.01)}

    figures = {"rounds": 3, "planning_s": [30.0, 40.0, 35.0],
               "runs": {"cold": [run(1.0), run(3.0), run(2.0)], "planned ahead": [run(0.1), run(0.3), run(0.2)]}}
    lines = first_answers.render(figures).splitlines()
    assert lines[2] == "| cooperation | 4,000 | 400 | 30 |"
    assert lines[3] == "| instrument | 2,000 | 200 | 10 |"
    assert lines[4] == "| all | 6,000 | 600 | |"
    assert "took 35.0 s (median of 3 rounds)" in lines[-1]


def test_memory_counts_as_flat_per_tenfold_corpus():
    goal = report._memory_goal
    # 1.35x over a hundredfold corpus is 1.16x per tenfold: flat.
    hundredfold = goal("load-memory", "Load peak RSS", {1_000: 174.0, 100_000: 235.0})
    assert hundredfold.met and "1.35× from 1,000 to 100,000, 1.16× per 10×" in hundredfold.measured
    # The same growth over a tenfold corpus is not.
    tenfold = goal("load-memory", "Load peak RSS", {10_000: 174.0, 100_000: 235.0})
    assert not tenfold.met and tenfold.measured.endswith("(1.35× from 10,000 to 100,000)")
    assert goal("load-memory", "Load peak RSS", {1_000: 120.0, 10_000: 140.0, 100_000: 170.0}).met
    # Flat but above 300 MB misses.
    assert not goal("export-memory", "Export peak RSS", {1_000: 280.0, 100_000: 290.0}).met
