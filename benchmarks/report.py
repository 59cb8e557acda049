"""docs/benchmarks.md from one `make bench` run: the goals first, then each benchmark's section."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import yaml

from benchmarks import api, queries, rdf_export, writers
from benchmarks.load import Results, markdown_table, render_machine, render_section

#: 300 MB, the memory goal, in the MiB the peaks are given in.
MEMORY_GOAL_MIB = 300e6 / 2**20
#: Peak RSS counts as flat when it grows at most this much per tenfold corpus: between two sizes
#: a hundred times apart, FLAT squared.
FLAT = 1.25


#: Per goal, what bounds it where it is missed: written by hand from the profiles in
#: docs/benchmarks-profiles.md, and printed under the goals whenever a run misses one.
BOUNDS = Path(__file__).with_name("bounds.yaml")
#: The writer against LOAD CSV and the RDF export against rdflib: the brief's targets.
LOAD_CSV_GOAL = 1.0
RDF_GOAL = 5.0


def bounds() -> dict[str, str]:
    return yaml.safe_load(BOUNDS.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Goal:
    key: str  # the goal's entry in benchmarks/bounds.yaml
    name: str
    target: str
    measured: str
    met: bool


def _export_peaks(figures: dict) -> dict[int, float]:
    """Size -> the streaming export's peak RSS, largest over the formats."""
    return {size: max(row["peak_mib"] for row in fig["rows"] if row["method"] == "stream")
            for size, fig in sorted(figures["rdf"].items())}


def _memory_goal(key: str, name: str, peaks: dict[int, float]) -> Goal | None:
    if not peaks:
        return None
    sizes = sorted(peaks)
    largest = sizes[-1]
    measured = ", ".join(f"{peaks[s]:,.0f} MiB at {s:,}" for s in sizes)
    per_tenfold = 1.0
    if len(sizes) > 1:
        growth = peaks[largest] / peaks[sizes[-2]]
        per_tenfold = growth ** (1 / math.log10(largest / sizes[-2]))
        measured += f" ({growth:.2f}× from {sizes[-2]:,} to {largest:,}"
        measured += ")" if largest == 10 * sizes[-2] else f", {per_tenfold:.2f}× per 10×)"
    return Goal(key, name, f"≤ 300 MB ({MEMORY_GOAL_MIB:.0f} MiB), flat (≤ {FLAT:.2f}× per 10×)", measured,
                peaks[largest] <= MEMORY_GOAL_MIB and per_tenfold <= FLAT)


def _query_goals(by_size: dict[int, dict]) -> list[Goal]:
    sizes = sorted(by_size)
    largest = by_size[sizes[-1]]["queries"]
    p99 = {name: q.get("p99_ms", float("inf")) for name, q in largest.items()}
    over = sorted((name for name, value in p99.items() if value > queries.GOAL_P99_MS), key=p99.get)
    measured = (f"{len(p99) - len(over)} of {len(p99)} queries at {sizes[-1]:,} instruments; worst "
                + ", ".join(f"`{n}` " + ("timed out" if p99[n] == float("inf") else f"{p99[n]:,.0f} ms")
                            for n in over[-3:][::-1]) if over
                else f"all {len(p99)} at {sizes[-1]:,} instruments (worst {max(p99.values()):.1f} ms)")
    found = [Goal("query-p99", "Canned queries, p99 latency", f"≤ {queries.GOAL_P99_MS:.0f} ms at 100,000 instruments", measured,
                  not over and sizes[-1] >= queries.GOAL_SIZE)]
    if len(sizes) > 1:
        growth = {n: g for n in queries.POINT_LOOKUPS if (g := queries._point_growth(by_size, n)) is not None}
        found.append(Goal("point-growth", f"Point lookups, p50 growth from {sizes[0]:,} to {sizes[-1]:,} instruments",
                          f"≤ {queries.GOAL_GROWTH:.0f}× from 1,000 to 100,000",
                          ", ".join(f"`{n}` {g:.1f}×" for n, g in growth.items()),
                          all(g <= queries.GOAL_GROWTH for g in growth.values()) and sizes[-1] >= queries.GOAL_SIZE
                          and sizes[0] <= 1000))
    return found


def _api_goals(by_size: dict[int, dict]) -> list[Goal]:
    size = max(by_size)
    endpoints = {name: e for name, e in by_size[size]["endpoints"].items() if "raw" in e}
    rps = {name: e["api"]["rps"] for name, e in endpoints.items()}
    # A cached answer's driver figure is the version read alone, a floor rather than the same work.
    overhead = {name: max(e["throughput_ratio"], e["p50_ratio"]) for name, e in endpoints.items()
                if not e.get("cached")}
    clients = by_size[size]["clients"]
    return [Goal("api-throughput", f"API throughput, {clients} clients ({size:,} instruments)",
                 f"≥ {api.GOAL_RPS:,} req/s cold, ≥ {api.GOAL_CACHED_RPS:,} cached",
                 ", ".join(f"{name} {value:,.0f} req/s" for name, value in rps.items()),
                 all(value >= endpoints[name].get("goal_rps", api.GOAL_RPS) for name, value in rps.items())),
            Goal("api-overhead", f"API overhead over the raw driver ({size:,} instruments)",
                 f"≤ {api.GOAL_OVERHEAD:g}× (throughput and p50)",
                 ", ".join(f"{name} {value:.1f}×" for name, value in overhead.items()),
                 all(value <= api.GOAL_OVERHEAD for value in overhead.values()))]


def _writer_goals(figures: dict) -> list[Goal]:
    ratios, size = figures["ratios"], f"{figures['instruments']:,} instruments"
    found = []
    if "naive_vs_writer_best" in ratios:
        found.append(Goal("writer-naive", f"Load throughput against the naive loader ({size})", "≥ 30×",
                          f"{ratios['naive_vs_writer_best']:.1f}× best, {ratios['naive_vs_writer_median']:.1f}× median",
                          ratios["naive_vs_writer_best"] >= 30))
    if "writer_vs_load_csv_best" in ratios:
        found.append(Goal("writer-load-csv", f"Load throughput against LOAD CSV ({size})", f"≥ {LOAD_CSV_GOAL:g}×",
                          f"{ratios['writer_vs_load_csv_best']:.2f}× best, {ratios['writer_vs_load_csv_median']:.2f}× median",
                          ratios["writer_vs_load_csv_best"] >= LOAD_CSV_GOAL))
    return found


def goals(results: Results, figures: dict) -> list[Goal]:
    """Each goal of the benchmark brief against what this run measured."""
    found: list[Goal] = []
    if "writers" in figures:
        found += _writer_goals(figures["writers"])
    if figures["queries"]:
        found += _query_goals(figures["queries"])
    if figures["api"]:
        found += _api_goals(figures["api"])
    if figures["rdf"]:
        ratios = {size: rdf_export.speedups(fig) for size, fig in figures["rdf"].items()}
        compared = [size for size in sorted(ratios) if ratios[size]]
        if compared:
            largest = compared[-1]
            worst = min(ratios[largest].values())
            found.append(Goal("rdf-export", f"RDF export against rdflib's Graph.serialize ({largest:,} instruments)",
                              f"≥ {RDF_GOAL:g}× every format",
                              ", ".join(f"{r:.1f}× {fmt}" for fmt, r in ratios[largest].items()), worst >= RDF_GOAL))
    load_peaks = {s.instruments: s.run("first load").peak_rss_mib for s in results.sizes}
    found += [goal for goal in (_memory_goal("load-memory", "Load peak RSS", load_peaks),
                                _memory_goal("export-memory", "Export peak RSS", _export_peaks(figures))) if goal]
    return found


def _memory_section(results: Results, figures: dict) -> list[str]:
    export = _export_peaks(figures)
    rows = [[f"{s.instruments:,}", f"{s.run('first load').peak_rss_mib:,.0f} MiB",
             f"{export[s.instruments]:,.0f} MiB" if s.instruments in export else "-"] for s in results.sizes]
    return ["Peak resident memory of the process doing the work (its own high-water mark, `VmHWM`): a fresh "
            "process for a first load, a fresh process per export (the largest over the three formats).", "",
            markdown_table(["instruments", "first load", "streaming export"], rows), ""]


def _bounds_section(checked: list[Goal]) -> list[str]:
    missed = [goal for goal in checked if not goal.met]
    if not missed:
        return []
    text = bounds()
    return ["### What bounds the missed goals", "",
            "Written by hand from the profiles in [benchmarks-profiles.md](benchmarks-profiles.md) (each with "
            "the command that measured it and its date), not measured by this run.", "",
            *(f"- **{goal.name}.** {' '.join(text[goal.key].split())}" for goal in missed), ""]


def render_document(results: Results, figures: dict, checked: list[Goal], command: str) -> str:
    facts = results.facts
    out = ["# Benchmarks", "",
           f"Written by `make bench` (`{command}`) on {facts.get('date', '?')}; the run took "
           f"{facts.get('duration', '?')}. Every figure below comes from that one run, on one server, so sizes and "
           "methods can be compared side by side. Run `make bench` to measure again; it rewrites this file.", "",
           "## Goals", "",
           markdown_table(["goal", "target", "measured", ""],
                          [[g.name, g.target, g.measured, "met" if g.met else "**missed**"] for g in checked],
                          right=set()), "",
           *_bounds_section(checked),
           "## Machine", "", *render_machine(facts),
           "## Loading", "", render_section(results, standalone=False).rstrip(), ""]
    if "writers" in figures:
        out += ["## Writers", "", writers.render(figures["writers"]).rstrip(), ""]
    if figures["queries"]:
        out += ["## Queries", "", queries.render(figures["queries"]).rstrip(), ""]
    if figures["api"]:
        out += ["## API", "", api.render(figures["api"]).rstrip(), ""]
    if figures["rdf"]:
        out += ["## RDF export", "", rdf_export.render(figures["rdf"]).rstrip(), ""]
    out += ["## Memory", "", *_memory_section(results, figures)]
    return "\n".join(out).rstrip() + "\n"
