"""Benchmark of the researchers' surfaces: the SPARQL store rebuild after a load, a data release,
and a SPARQL and a read-only Cypher query, at each corpus size.

Each rebuild and each release runs in a fresh process, so its peak RSS is its own.

    python -m benchmarks.research --instruments 1k,10k --yes --no-docs --json /tmp/research.json
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.table import Table

from benchmarks.harness import standalone
from benchmarks.memory import peak_rss_mib
from graph import release, sparql_store
from graph.connection import open_driver
from graph.readonly import run_readonly
from hdkg.settings import get_settings

SECTION = "Researchers' surfaces"
ONCOLOGY_CYPHER = ("MATCH (a:Country)-[:SIGNED]->(i:Instrument)<-[:SIGNED]-(b:Country) "
                   "WHERE a.id < b.id AND i.status IN ['signed', 'in-force'] "
                   "AND EXISTS { (i)-[:COVERS]->(:Domain)-[:BROADER*0..]->(:Domain {id: 'oncology'}) } "
                   "RETURN a.id, b.id, count(DISTINCT i) AS n ORDER BY n DESC, a.id, b.id")


def measure_once(kind: str, out: Path) -> dict:
    """One SPARQL store rebuild or one release in this process: seconds, peak RSS, size."""
    settings = get_settings()
    if kind == "sparql":
        settings = settings.model_copy(update={"sparql_store_dir": out})
    started = time.perf_counter()
    with open_driver(settings) as driver:
        if kind == "sparql":
            report = sparql_store.build(driver, settings)
            size = {"triples": report.triples}
        else:
            report = release.make_release(driver, settings, out)
            size = {"files": len(report.files), "bytes": sum(p.stat().st_size for p in report.path.rglob("*")
                                                             if p.is_file())}
    seconds = time.perf_counter() - started
    peak_mib = peak_rss_mib()
    return {"kind": kind, "seconds": seconds, "peak_mib": peak_mib, **size}


def _run_one(kind: str, out: Path) -> dict:
    child = subprocess.run([sys.executable, "-m", "benchmarks.research", "--one", kind, str(out)],
                           check=True, capture_output=True, text=True, env=os.environ.copy())
    return json.loads(child.stdout.strip().splitlines()[-1])


def _timed(call, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - started)
    return best


def measure(driver, database: str, settings, instruments: int, say) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        store_dir = Path(folder) / "sparql"
        rebuild = _run_one("sparql", store_dir)
        say(f"{instruments:,}: SPARQL rebuild {rebuild['seconds']:.1f} s, {rebuild['triples']:,} triples, "
            f"peak {rebuild['peak_mib']:.0f} MiB")
        sparql_settings = settings.model_copy(update={"sparql_store_dir": store_dir, "query_timeout_s": 120})
        oncology = next(e.query for e in sparql_store.examples() if e.name == "oncology-pairs")
        sparql_s = _timed(lambda: sparql_store.run_sparql(oncology, "json", sparql_settings))
        cypher_settings = settings.model_copy(update={"query_timeout_s": 120})
        cypher_s = _timed(lambda: run_readonly(driver, ONCOLOGY_CYPHER, settings=cypher_settings))
        made = _run_one("release", Path(folder) / "releases")
        say(f"{instruments:,}: release {made['seconds']:.1f} s, {made['bytes'] / 1e6:.1f} MB, "
            f"peak {made['peak_mib']:.0f} MiB")
    return {"instruments": instruments, "rebuild": rebuild, "release": made,
            "oncology_sparql_s": sparql_s, "oncology_cypher_s": cypher_s}


def table(by_size: dict[int, dict]):
    out = Table(title=SECTION)
    for column in ("instruments", "rebuild", "rebuild peak", "triples", "release", "release peak", "bundle",
                   "oncology /sparql", "oncology /cypher"):
        out.add_column(column, justify="right")
    for size, row in sorted(by_size.items()):
        out.add_row(f"{size:,}", f"{row['rebuild']['seconds']:.1f} s", f"{row['rebuild']['peak_mib']:.0f} MiB",
                    f"{row['rebuild']['triples']:,}", f"{row['release']['seconds']:.1f} s",
                    f"{row['release']['peak_mib']:.0f} MiB", f"{row['release']['bytes'] / 1e6:.1f} MB",
                    f"{row['oncology_sparql_s'] * 1000:.0f} ms", f"{row['oncology_cypher_s'] * 1000:.0f} ms")
    return out


def render(by_size: dict[int, dict]) -> str:
    lines = ["| instruments | store rebuild | rebuild peak RSS | triples | release | release peak RSS | bundle | "
             "oncology via /sparql | oncology via /cypher |", "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for size, row in sorted(by_size.items()):
        lines.append(f"| {size:,} | {row['rebuild']['seconds']:.1f} s | {row['rebuild']['peak_mib']:.0f} MiB | "
                     f"{row['rebuild']['triples']:,} | {row['release']['seconds']:.1f} s | "
                     f"{row['release']['peak_mib']:.0f} MiB | {row['release']['bytes'] / 1e6:.1f} MB | "
                     f"{row['oncology_sparql_s'] * 1000:.0f} ms | {row['oncology_cypher_s'] * 1000:.0f} ms |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--one"]:
        print(json.dumps(measure_once(argv[1], Path(argv[2]))))
        return 0
    return standalone(argv, prog="python -m benchmarks.research", description=__doc__.splitlines()[0],
                      section=SECTION, measure=measure, render=render, table=table)


if __name__ == "__main__":
    sys.exit(main())
