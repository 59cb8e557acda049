"""RDF export: the streaming writer (oxigraph) against rdflib's Graph.serialize.

Both read the same nodes from Neo4j and map them with `graph.rdf.export_triples`; they
differ in the terms the mapping builds and in how the output is written:

- ``stream``: pyoxigraph terms, the generator straight into ``pyoxigraph.serialize`` (what
  `hdkg export` and ``GET /export`` do), so the process never holds more than two pages of nodes;
- ``rdflib``: rdflib terms (``terms=RDFLIB``), added to an ``rdflib.Graph``, then
  ``Graph.serialize``: the natural rdflib way;
- ``read`` (baseline): the triples of the streaming writer are read and mapped, then dropped.

Each measurement runs in its own Python process, so its peak resident memory (`VmHWM`, see
benchmarks/memory.py) is its own. The graph measured is whatever the configured Neo4j holds; load it first
(``hdkg load data/records`` or a corpus from ``benchmarks.generate``).

    python -m benchmarks.rdf_export --label curated --repeat 3
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rdflib import Graph

from benchmarks.memory import peak_rss_mib
from graph import rdf
from graph.connection import open_driver

FORMATS = ("ntriples", "turtle", "jsonld")
METHODS = ("stream", "rdflib")
#: Reading and mapping only (the triples are consumed and dropped): the floor both writers share.
BASELINE = "read"


def measure_once(method: str, fmt: str, out: Path) -> dict:
    """One export in this process: seconds, peak RSS, triples, bytes."""
    driver = open_driver()
    rdf.ontology_graph("hdkg")  # parse the ontology files before the clock starts, as a server would have
    terms = rdf.RDFLIB if method == "rdflib" else rdf.OXIGRAPH
    for name in rdf.EXPORT_ONTOLOGIES:
        rdf.ontology_triples(name, terms)
    count = 0

    def counted(triples):
        nonlocal count
        for triple in triples:
            count += 1
            yield triple

    started = time.perf_counter()
    with driver:
        triples = counted(rdf.export_triples(driver, terms=terms))
        if method == BASELINE:
            for _ in triples:
                pass
            out.write_bytes(b"")
        elif method == "stream":
            with out.open("wb") as handle:
                rdf.write_triples(triples, handle, fmt)
        else:
            graph = rdf.bind_prefixes(Graph())
            for triple in triples:
                graph.add(triple)
            rdflib_format = rdf.FORMATS[fmt][1]
            graph.serialize(destination=str(out), format=rdflib_format, encoding="utf-8")
    seconds = time.perf_counter() - started
    return {"method": method, "format": fmt, "seconds": seconds, "peak_mib": peak_rss_mib(),
            "triples": count, "bytes": out.stat().st_size}


def _run_one(method: str, fmt: str, out: Path) -> dict:
    child = subprocess.run(
        [sys.executable, "-m", "benchmarks.rdf_export", "--one", method, fmt, str(out)],
        check=True, capture_output=True, text=True, env=os.environ.copy(),
    )
    out.unlink(missing_ok=True)
    return json.loads(child.stdout.strip().splitlines()[-1])


def run(methods: list[str], formats: list[str], repeat: int, say=None) -> list[dict]:
    """Each (format, method) `repeat` times, each run in a fresh process; the median run per pair.

    The methods of a format take turns (round r of every method, then round r + 1), so a
    change in the machine's load during the runs falls on all of them alike.
    """
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for fmt in formats:
            runs: dict[str, list[dict]] = {method: [] for method in methods}
            for _ in range(repeat):
                for method in methods:
                    runs[method].append(_run_one(method, fmt, Path(folder) / f"{method}.{fmt}"))
            for method in methods:
                best = min(runs[method], key=lambda r: r["seconds"])
                best["median_seconds"] = statistics.median(r["seconds"] for r in runs[method])
                best["peak_mib"] = max(r["peak_mib"] for r in runs[method])
                best["runs"] = [round(r["seconds"], 3) for r in runs[method]]
                rows.append(best)
                (say or (lambda m: print(m, file=sys.stderr)))(
                    f"{fmt:9} {method:7} median {best['median_seconds']:.2f}s  peak {best['peak_mib']:.0f} MiB  "
                    f"{best['triples']} triples  {best['bytes'] / 1e6:.1f} MB")
    return rows


#: rdflib holds the whole graph in memory (over 1 KiB a triple in its Memory store): beyond this
#: many instruments it would need more than half of a small machine's memory, so only the
#: streaming writer is measured there; the report estimates what rdflib would have needed.
RDFLIB_MAX_INSTRUMENTS = 10_000


def measure(driver, database: str, settings, instruments: int, say) -> dict:
    """The export of the graph as loaded: read-only floor, streaming writer and (up to a size) rdflib."""
    methods = [BASELINE, "stream"] + (["rdflib"] if instruments <= RDFLIB_MAX_INSTRUMENTS else [])
    repeat = 3 if instruments <= RDFLIB_MAX_INSTRUMENTS else 1
    return {"instruments": instruments, "repeat": repeat,
            "rows": [row for fmt in FORMATS for row in run(methods if fmt == "ntriples" else methods[1:],
                                                           [fmt], repeat, say)]}


def _ratio(rows: list[dict], fmt: str) -> float | None:
    by = {row["method"]: row["median_seconds"] for row in rows if row["format"] == fmt}
    return by["rdflib"] / by["stream"] if "rdflib" in by and "stream" in by else None


def speedups(figures: dict) -> dict[str, float]:
    """format -> how many times faster the streaming writer is than rdflib (where both ran)."""
    return {fmt: ratio for fmt in FORMATS if (ratio := _ratio(figures["rows"], fmt)) is not None}


def render(by_size: dict[int, dict]) -> str:
    out = ["### Method", "",
           "- **Graph.** The synthetic corpus of each size, as the load benchmark left it (ontology, domains and "
           "vocabularies included in the export).",
           "- **Writers.** All read the same nodes from Neo4j and map them with `graph.rdf.export_triples` (pages "
           "of nodes per read transaction, id cursor, the next page read while one is mapped); the mapping builds "
           "pyoxigraph terms for *read* and *stream*, rdflib terms for *rdflib*. *read*: triples mapped and dropped, "
           "the streaming writer's floor. *stream*: the generator goes straight into `pyoxigraph.serialize`, as "
           "`hdkg export` and `GET /export` do. *rdflib*: the triples are added to an `rdflib.Graph`, then "
           "`Graph.serialize` writes the file.",
           "- **Timing.** Each run is a fresh Python process (its peak RSS, `VmHWM`, is its own), with the "
           "ontology files parsed before the clock starts; wall time from the first read to the closed file. "
           f"Median of 3 runs up to {RDFLIB_MAX_INSTRUMENTS:,} instruments, one run above, where rdflib is not run "
           "(its in-memory graph grows with the triples; an estimate follows each such size).", ""]
    per_triple = _rdflib_mib_per_triple(by_size)
    for instruments, figures in sorted(by_size.items()):
        rows = figures["rows"]
        out += [f"### {instruments:,} instruments: {rows[0]['triples']:,} triples", "",
                "| format | writer | median | triples/s | peak RSS | output | runs (s) |",
                "| --- | --- | ---: | ---: | ---: | ---: | --- |"]
        for row in rows:
            rate = row["triples"] / row["median_seconds"]
            output = f"{row['bytes'] / 1e6:.1f} MB" if row["bytes"] else "-"
            out.append(f"| {row['format']} | {row['method']} | {row['median_seconds']:.2f} s | {rate:,.0f} | "
                       f"{row['peak_mib']:,.0f} MiB | {output} | {', '.join(map(str, row.get('runs', [])))} |")
        ratios = speedups(figures)
        if ratios:
            out += ["", "Streaming against rdflib: " + ", ".join(f"{ratio:.1f}× ({fmt})" for fmt, ratio in ratios.items())
                    + "."]
        elif per_triple:
            size, mib = per_triple
            out += ["", f"rdflib not run: at the {mib * 1024 * 1024:,.0f} bytes a triple its peak took above the "
                        f"streaming writer's at {size:,} instruments, its graph would take about "
                        f"{mib * rows[0]['triples'] / 1024:,.1f} GiB more."]
        out.append("")
    return "\n".join(out + ["### What limits it", "", *LIMITS, ""])


#: What bounds the streaming export's memory, from its structure (figures above).
LIMITS = [
    "- **Pages of nodes, with all their links.** Nodes are read 500 to a page, each with the relationships "
    "its triples need, so the largest page sets the peak. A country's `hd:signed` triples are written with "
    "each instrument it signed (`rdf_written_by: end` in the schema), not with the country, so the page of "
    "the 249 countries no longer holds a link per signature and every page is bounded by its node count and "
    "their few links each.",
]


def _rdflib_mib_per_triple(by_size: dict[int, dict]) -> tuple[int, float] | None:
    """(size, MiB a triple) of rdflib's highest peak above the streaming writer's (the process's own
    baseline), at the largest size where it ran."""
    ran = []
    for size, figures in sorted(by_size.items()):
        rows = figures["rows"]
        if any(r["method"] == "rdflib" for r in rows):
            above = max(r["peak_mib"] for r in rows if r["method"] == "rdflib") - max(
                r["peak_mib"] for r in rows if r["method"] == "stream")
            ran.append((size, max(above, 0.0) / rows[0]["triples"]))
    return ran[-1] if ran else None


def markdown(label: str, rows: list[dict]) -> str:
    """A quick table for one graph (the standalone command)."""
    return render({0: {"rows": rows}}).replace("### 0 instruments", f"### {label}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--one", nargs=3, metavar=("METHOD", "FORMAT", "OUT"), help=argparse.SUPPRESS)
    parser.add_argument("--label", default="graph", help="name of the graph measured, for the table")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--formats", nargs="+", default=list(FORMATS), choices=FORMATS)
    parser.add_argument("--methods", nargs="+", default=list(METHODS), choices=[*METHODS, BASELINE])
    args = parser.parse_args(argv)
    if args.one:
        method, fmt, out = args.one
        print(json.dumps(measure_once(method, fmt, Path(out))))
        return 0
    print(markdown(args.label, run(args.methods, args.formats, args.repeat)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
