"""API throughput: requests/s and latency under concurrent clients, against the raw driver.

    python -m benchmarks.api --instruments 1000,10000 [--clients 32] [--seconds 10] [--workers N]

The API runs in its own process (uvicorn serving api.main:app, pointed at the benchmark's Neo4j
through the environment) and is driven from a second process: an asyncio load generator with one
keep-alive HTTP/1.1 connection per client. The same queries are then run through the neo4j driver
alone, from as many threads, so the API's cost shows as a ratio. Point lookups and aggregates are
measured cold, on a server whose answer cache is off (HDKG_ANSWER_CACHE_SIZE=0); cached answers on
a second server with the cache on, where every request still reads the graph version, so their
driver comparison is that one read. Results replace the "API" section of docs/benchmarks.md.
"""

from __future__ import annotations

import asyncio
import importlib.metadata
import importlib.util
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import neo4j
from rich.table import Table

from benchmarks.harness import standalone
from benchmarks.load import markdown_table
from benchmarks.queries import clear_plans, sample_pool
from benchmarks.stats import load_average, load_text, ms, summarize
from graph.provenance import GRAPH_VERSION_ID, READ_VERSION
from graph.server import LocalNeo4j
from hdkg import PROJECT_ROOT
from queries import registry

SECTION = "API"
CLIENTS = 32
SECONDS = 10.0
WARM_UP_S = 2.0
ROUNDS = 2
#: Server processes: one per core, as one process runs Python on one core at most (the GIL).
WORKERS = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
GOAL_RPS = 1000
GOAL_CACHED_RPS = 3000
GOAL_OVERHEAD = 1.5


# -- CPU accounting ------------------------------------------------------------------------

def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time the processes have used so far (Linux /proc; 0 where unreadable)."""
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def process_tree(pid: int) -> list[int]:
    """The process and its descendants (uvicorn's workers are child processes)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                parent = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry))
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        todo += children.get(current, [])
    return tree


# -- what is requested -----------------------------------------------------------------------

def workloads(pool) -> dict[str, dict[str, Any]]:
    """Endpoint name -> the paths clients cycle through, whether the answer cache is on, and what the
    raw driver runs instead: a canned query (`query`, with the route's `page`) or a statement (`text`)."""
    pairs = pool.country_domains
    partners = [f"/countries/{c}/partners?{urlencode({'domain': d})}" for c, d in pairs]
    return {
        "point lookup": {
            "route": "GET /instruments/{id}", "cached": False,
            "paths": [f"/instruments/{quote(i, safe='')}" for i in pool.instruments],
            # the page sizes the routes ask for: one row for a lookup, the default page of a list
            "query": "instrument", "page": 1, "params": [{"id": i} for i in pool.instruments]},
        "partners on a domain": {
            "route": "GET /countries/{code}/partners?domain=", "cached": False, "paths": partners,
            "query": "partners", "page": 50, "params": [{"country": c, "domain": d} for c, d in pairs]},
        # The same answers from the cache: after the warm-up every path is a hit (each worker
        # computes each answer once), and what is left of the database is the version read.
        "cached answer": {
            "route": "GET /countries/{code}/partners?domain=", "cached": True, "goal_rps": GOAL_CACHED_RPS,
            "paths": partners, "text": READ_VERSION, "params": [{"id": GRAPH_VERSION_ID}]},
        "health": {"route": "GET /health", "cached": False, "paths": ["/health"], "params": []},
    }


# -- the load generator (runs in its own process) --------------------------------------------

async def _client(host: str, port: int, paths: list[str], first: int, measure_from: float, until: float,
                  latencies: list[float], failures: list[int], hits: list[int]) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    k = first
    try:
        while (start := time.perf_counter()) < until:
            writer.write(f"GET {paths[k % len(paths)]} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
            k += 1
            head = await reader.readuntil(b"\r\n\r\n")
            length = next((int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                           if line.lower().startswith(b"content-length:")), None)
            if length is None:
                raise RuntimeError(f"response without Content-Length: {head[:200]!r}")
            await reader.readexactly(length)
            end = time.perf_counter()
            if start >= measure_from and end <= until:
                latencies.append(end - start)
                if head[9:12] != b"200":
                    failures.append(int(head[9:12]))
                if b"\r\nx-cache: hit\r\n" in head.lower():
                    hits.append(1)
    finally:
        writer.close()


async def _drive(host: str, port: int, paths: list[str], clients: int, seconds: float, warm_up: float,
                 watch: dict[str, list[int]]) -> dict:
    latencies: list[float] = []
    failures: list[int] = []
    hits: list[int] = []
    began = time.perf_counter()
    measure_from, until = began + warm_up, began + warm_up + seconds

    async def account() -> dict[str, float]:  # CPU of each watched process over the measured window
        await asyncio.sleep(warm_up)
        start = {name: cpu_seconds(pids) for name, pids in watch.items()} | {"client": time.process_time()}
        await asyncio.sleep(until - time.perf_counter())
        end = {name: cpu_seconds(pids) for name, pids in watch.items()} | {"client": time.process_time()}
        return {name: end[name] - start[name] for name in start}

    cpu, *_ = await asyncio.gather(account(), *(_client(host, port, paths, k, measure_from, until, latencies,
                                                           failures, hits) for k in range(clients)))
    return {"requests": len(latencies), "seconds": seconds, "failures": len(failures),
            "statuses": sorted(set(failures)), "cache_hits": len(hits), "latencies": latencies, "cpu": cpu}


def drive(url: str, paths: list[str], clients: int, seconds: float, warm_up: float,
          watch: dict[str, list[int]]) -> dict:
    """Run the load generator in a child process; its figures, with the latencies and the CPU time
    the watched processes (and the generator itself) used while it measured."""
    job = json.dumps({"url": url, "paths": paths, "clients": clients, "seconds": seconds, "warm_up": warm_up,
                      "watch": watch})
    done = subprocess.run([sys.executable, "-m", "benchmarks.api", "--drive"], input=job, capture_output=True,
                          text=True, cwd=PROJECT_ROOT, timeout=seconds + warm_up + 120, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"load generator failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout)


# -- the server ----------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serving(settings, database: str, workers: int = WORKERS, answer_cache_size: int | None = None,
            source: Path = PROJECT_ROOT) -> Iterator[tuple[str, int]]:
    """`hdkg serve` (uvicorn serving api.main:app) in a child process, pointed at this Neo4j
    through the environment, with `answer_cache_size` answers cached (None: the settings'), run
    from the source tree `source` (another checkout, to compare versions); yields its URL and pid."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(source), "NEO4J_URI": settings.uri, "NEO4J_USER": settings.neo4j_user,
           "NEO4J_PASSWORD": settings.password(), "NEO4J_DATABASE": database,
           "HDKG_ANSWER_CACHE_SIZE": str(settings.answer_cache_size if answer_cache_size is None
                                         else answer_cache_size)}
    command = [sys.executable, "-m", "cli", "serve", "--host", "127.0.0.1", "--port", str(port),
               "--workers", str(workers), "--no-access-log"]
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile("w+") as log:  # a file, not a pipe nobody drains while the server runs
        server = subprocess.Popen(command, cwd=source, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_until_up(server, url, log)
            yield url, server.pid
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _wait_until_up(server: subprocess.Popen, url: str, log, timeout: float = 180.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if server.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"the API exited: {log.read()[-2000:]}")
        try:
            with urllib.request.urlopen(url + "/health", timeout=2) as response:
                health = json.load(response)
                # once the graph answers and the canned queries are planned (older APIs do not say)
                planning = health.get("planning", {}).get("state")
                if health["neo4j"]["status"] == "ok" and planning in (None, "done", "off", "failed"):
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"the API did not answer on {url} within {timeout:.0f} s")
        time.sleep(0.2)


# -- the raw driver --------------------------------------------------------------------------

def raw_driver(driver: neo4j.Driver, database: str, text: str, params: list[dict[str, Any]], threads: int,
               seconds: float, warm_up: float, watch: dict[str, list[int]]) -> dict:
    """The query alone through the driver: one session per call (notifications off, as run_query
    asks), every record turned into a dict of its columns."""
    began = time.perf_counter()
    measure_from, until = began + warm_up, began + warm_up + seconds

    def worker(first: int) -> list[float]:
        latencies, k = [], first
        while (start := time.perf_counter()) < until:
            with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS,
                                notifications_min_severity=neo4j.NotificationMinimumSeverity.OFF) as session:
                result = session.run(text, params[k % len(params)])
                keys = result.keys()
                [dict(zip(keys, record)) for record in result]  # as cheap as run_query's conversion
            k += 1
            end = time.perf_counter()
            if start >= measure_from and end <= until:
                latencies.append(end - start)
        return latencies

    with ThreadPoolExecutor(threads) as pool:
        parts = pool.map(worker, range(threads))
        time.sleep(max(0.0, measure_from - time.perf_counter()))
        start = {name: cpu_seconds(pids) for name, pids in watch.items()} | {"client": time.process_time()}
        time.sleep(max(0.0, until - time.perf_counter()))
        end = {name: cpu_seconds(pids) for name, pids in watch.items()} | {"client": time.process_time()}
        latencies = [x for part in parts for x in part]
    return {"requests": len(latencies), "seconds": seconds, "failures": 0, "latencies": latencies,
            "cpu": {name: end[name] - start[name] for name in start}}


# -- measuring -----------------------------------------------------------------------------

def _combine(runs: list[dict]) -> dict[str, Any]:
    latencies = [x for run in runs for x in run["latencies"]]
    seconds = sum(run["seconds"] for run in runs)
    cpu = {name: sum(run["cpu"][name] for run in runs) for name in runs[0]["cpu"]}
    return {"rps": len(latencies) / seconds, "requests": len(latencies), "failures": sum(r["failures"] for r in runs),
            "cache_hits": sum(r.get("cache_hits", 0) for r in runs),
            "rounds_rps": [round(r["requests"] / r["seconds"], 1) for r in runs],
            # CPU milliseconds per request, by process: what bounds throughput on a few shared cores
            "cpu_ms": {name: value * 1000 / max(len(latencies), 1) for name, value in cpu.items()},
            **(summarize(latencies) if latencies else {})}


def neo4j_pids(settings) -> list[int]:
    """The local server's process, to account its CPU; none for a server elsewhere."""
    if settings.uses_external_server:
        return []
    pid = LocalNeo4j(settings).pid()
    return [pid] if pid else []


def server_stack() -> str:
    """What `hdkg serve` runs on: uvicorn picks uvloop and httptools when they are installed."""
    loop = "uvloop" if importlib.util.find_spec("uvloop") else "asyncio"
    http = "httptools" if importlib.util.find_spec("httptools") else "h11"
    return f"uvicorn {importlib.metadata.version('uvicorn')} ({loop}, {http})"


def _statements(load: dict) -> list[tuple[str, dict[str, Any]]]:
    """What the raw driver runs for a workload: its statement with each parameter set."""
    if load.get("text"):
        return [(load["text"], params) for params in load["params"]]
    if load.get("query"):
        canned = registry().get(load["query"])
        return [(canned.paged_text, {**canned.bind(p), "page_offset": 0, "page_size": load["page"] + 1})
                for p in load["params"]]
    return []


def _plan_once(driver: neo4j.Driver, database: str, work: dict[str, dict]) -> None:
    """Run each workload's statement once before any clock starts: the served app may have
    planning ahead turned off, and a first run's plan can outlast a short measured window."""
    for load in work.values():
        for text, params in _statements(load)[:1]:
            driver.execute_query(text, params, database_=database, routing_=neo4j.RoutingControl.READ)


def measure(driver: neo4j.Driver, database: str, settings, instruments: int, say, *, clients: int = CLIENTS,
            seconds: float = SECONDS, workers: int = WORKERS, warm_up: float = WARM_UP_S) -> dict:
    """Requests/s and latency of a few endpoints, and of their queries through the raw driver."""
    before = load_average()
    clear_plans(driver, database)
    work = workloads(sample_pool(driver, database))
    _plan_once(driver, database, work)
    runs: dict[tuple[str, str], list[dict]] = {}
    with (serving(settings, database, workers, answer_cache_size=0) as cold,
          serving(settings, database, workers) as cached):
        for round_ in range(ROUNDS):  # API and driver alternate, so drifts of a shared machine hit both
            for name, load in work.items():
                ways = ["api", "driver"] if load.get("query") or load.get("text") else ["api"]
                for way in ways if round_ % 2 == 0 else reversed(ways):
                    say(f"api: {name} through the {'API' if way == 'api' else 'raw driver'}, {clients} clients, "
                        f"round {round_ + 1}/{ROUNDS}")
                    url, server_pid = cached if load["cached"] else cold
                    watch = {"server": process_tree(server_pid), "neo4j": neo4j_pids(settings)}
                    if way == "api":
                        run = drive(url, load["paths"], clients, seconds, warm_up, watch)
                    else:
                        statements = _statements(load)
                        run = raw_driver(driver, database, statements[0][0], [params for _, params in statements],
                                         clients, seconds, warm_up, {"neo4j": watch["neo4j"]})
                    runs.setdefault((name, way), []).append(run)
    endpoints = {}
    for name, load in work.items():
        figures = {"route": load["route"], "query": load.get("query"), "cached": load["cached"],
                   "goal_rps": load.get("goal_rps", GOAL_RPS), "paths": len(load["paths"]),
                   "api": _combine(runs[name, "api"])}
        if (name, "driver") in runs:
            figures["raw"] = _combine(runs[name, "driver"])
            if not (figures["api"].get("p50_ms") and figures["raw"].get("p50_ms")):
                raise RuntimeError(f"api: no request to {name!r} completed in {seconds} s through both ways; "
                                   "measure longer (--seconds) or on a less busy machine")
            figures["throughput_ratio"] = figures["raw"]["rps"] / figures["api"]["rps"]
            figures["p50_ratio"] = figures["api"]["p50_ms"] / figures["raw"]["p50_ms"]
        endpoints[name] = figures
    return {"instruments": instruments, "clients": clients, "seconds": seconds, "warm_up_s": warm_up,
            "rounds": ROUNDS, "workers": workers, "server": server_stack(), "cpus": len(os.sched_getaffinity(0)),
            "load_average": {"before": before, "after": load_average()}, "endpoints": endpoints}


# -- output --------------------------------------------------------------------------------

def _cpu(figures: dict, *names: str) -> str:
    return " + ".join(f"{figures['cpu_ms'].get(name, 0):.2f}" for name in names)


def rows(by_size: dict[int, dict]) -> tuple[list[str], list[list[str]]]:
    header = ["instruments", "endpoint", "API req/s", "API p50 / p99 ms", "driver req/s", "driver p50 / p99 ms",
              "throughput ratio", "p50 ratio", "API CPU ms/req (server + Neo4j)", "driver CPU ms/req (client + Neo4j)"]
    out = []
    for size in sorted(by_size):
        for name, e in by_size[size]["endpoints"].items():
            a, r = e["api"], e.get("raw")
            out.append([f"{size:,}", name, f"{a['rps']:,.0f}", f"{ms(a['p50_ms'])} / {ms(a['p99_ms'])}",
                        f"{r['rps']:,.0f}" if r else "-", f"{ms(r['p50_ms'])} / {ms(r['p99_ms'])}" if r else "-",
                        f"{e['throughput_ratio']:.2f}×" if r else "-", f"{e['p50_ratio']:.2f}×" if r else "-",
                        _cpu(a, "server", "neo4j"), _cpu(r, "client", "neo4j") if r else "-"])
    return header, out


def table(by_size: dict[int, dict]):
    header, body = rows(by_size)
    out = Table(title="API under concurrent clients")
    for column in header:
        out.add_column(column, justify="left" if column == "endpoint" else "right")
    for row in body:
        out.add_row(*row)
    return out


def render(by_size: dict[int, dict]) -> str:
    sizes = sorted(by_size)
    last = by_size[sizes[-1]]
    work = last["endpoints"]
    lines = ["### Method", ""]
    lines += [
        f"- **Server.** `hdkg serve --workers {last['workers']} --no-access-log`: {last['server']} serving "
        "`api.main:app` in its own process, pointed at the benchmark's Neo4j through `NEO4J_URI`, `NEO4J_USER`, "
        "`NEO4J_PASSWORD` and `NEO4J_DATABASE`. The graph is the synthetic corpus of each size, as in the Queries "
        "section.",
        f"- **Clients.** A second process runs {last['clients']} asyncio clients, each on one keep-alive HTTP/1.1 "
        "connection over loopback, each sending its next request as soon as the previous answer is read "
        f"(closed loop). {last['warm_up_s']:g} s of warm-up, then {last['seconds']:g} s measured, "
        f"{last['rounds']} rounds. Requests/s counts the answers completed in the measured window; p50 and p99 are "
        "of the time from sending a request to reading its whole body.",
        "- **Endpoints.** " + "; ".join(f"*{name}*: `{e['route']}`, cycling through {e['paths']} "
                                        f"{'paths' if e['paths'] != 1 else 'path'}" for name, e in work.items())
        + ". Instruments, countries and domains are real ones of the loaded graph, drawn as in the Queries "
        "section (the busiest country among them).",
        "- **Cache.** Point lookups, partners and health are served cold by a server whose answer cache is off "
        "(`HDKG_ANSWER_CACHE_SIZE=0`): each request reads the graph version, runs the query and reads the "
        "version again. *Cached answer* is the partners paths on a second server with the cache on, so after the "
        "warm-up each is a hit: the version read, then the stored body ("
        + "; ".join(f"{by_size[s]['endpoints']['cached answer']['api']['cache_hits'] / max(by_size[s]['endpoints']['cached answer']['api']['requests'], 1):.0%} hits at {s:,}"
                    for s in sizes if "cached answer" in by_size[s]["endpoints"])
        + "); its raw-driver figure is that version read alone.",
        f"- **Raw driver.** The same paged query text with the same, already resolved, parameters and page "
        "(one row past the route's page, as the runner asks) through the "
        f"neo4j driver alone, from {last['clients']} threads of the benchmark process: a session per call, each "
        "record turned into a dict; no parameter checks, no HTTP, no JSON. API and driver runs alternate within "
        "each round. *Throughput ratio* is driver req/s over API req/s, *p50 ratio* API p50 over driver p50.",
        "- **CPU.** User + system time of the server process (and its workers), of Neo4j and of the client "
        "(the load generator, or the benchmark process for the driver) over each measured window, divided by "
        "the requests answered: a figure that moves less than req/s when other work takes the cores.",
        f"- **Goals.** ≥ {GOAL_RPS:,} requests/s cold, ≥ {GOAL_CACHED_RPS:,} cached; API overhead ≤ "
        f"{GOAL_OVERHEAD:g}× the raw driver.",
        f"- **Machine.** {last['cpus']} cores shared by Neo4j, the API, the load generator and other work; load "
        "average (1/5/15 min) "
        + "; ".join(f"at {s:,}: {load_text(by_size[s]['load_average'])}" for s in sizes) + ".",
        "", "### Results", ""]
    header, body = rows(by_size)
    lines.append(markdown_table(header, body, right=set(range(2, len(header)))))
    lines += ["", "### Findings", ""]
    lines += findings(by_size)
    return "\n".join(lines) + "\n"


def findings(by_size: dict[int, dict]) -> list[str]:
    sizes = sorted(by_size)
    last = by_size[sizes[-1]]
    out = []
    for name, e in last["endpoints"].items():
        if "raw" not in e:
            continue
        api, raw = e["api"]["cpu_ms"], e["raw"]["cpu_ms"]
        total = api.get("server", 0) + api.get("neo4j", 0) + api.get("client", 0)
        overhead = max(e["throughput_ratio"], e["p50_ratio"])
        ceiling = min(last["cpus"] * 1000 / total, last["workers"] * 1000 / api["server"]) if total else 0
        goal = e.get("goal_rps", GOAL_RPS)
        out.append(
            f"- **{name}, {sizes[-1]:,} instruments:** {e['api']['rps']:,.0f} req/s through the API "
            f"(goal {goal:,}: {'met' if e['api']['rps'] >= goal else 'missed'}), "
            f"{e['throughput_ratio']:.1f}× fewer than the driver alone and p50 {e['p50_ratio']:.1f}× (goal ≤ "
            f"{GOAL_OVERHEAD:g}×: {'met' if overhead <= GOAL_OVERHEAD else 'missed'}). "
            f"Each request costs {api['server']:.2f} ms of server CPU and {api['neo4j']:.2f} ms of Neo4j CPU, "
            f"against {raw['client']:.2f} + {raw['neo4j']:.2f} ms through the driver. With the machine to "
            f"itself that caps the API near {ceiling:,.0f} req/s: {last['cpus']} cores for the server, Neo4j and "
            f"the clients together, and at most one core per server process ({last['workers']} here).")
    failed = {f"{name} at {size:,}": e["api"]["failures"] for size in sizes
              for name, e in by_size[size]["endpoints"].items() if e["api"]["failures"]}
    if failed:
        out.append("- **Answers other than 200:** " + ", ".join(f"{k}: {v:,}" for k, v in failed.items()) + ".")
    out.append(f"- The clients run closed-loop: with {last['clients']} requests always in flight, mean latency is "
               f"about {last['clients']} ÷ throughput, so the p50 ratio follows the throughput ratio (it is larger "
               "where the driver's latencies are more skewed); both come down to the CPU each request costs.")
    out += LIMITS
    return out


#: What limits the API, from py-spy profiles of the server (docs/benchmarks.md, "API hot path").
LIMITS = [
    "- **Where the server's time goes** (`py-spy record --gil`, one worker, 1,000 instruments): in the neo4j "
    "driver's Python, a session, a pooled connection's liveness check, packing and reading for each round trip, "
    "and a cold request makes three (the graph version, the query, the version again); then Starlette's and "
    "FastAPI's routing, middleware and dependency solving, the thread-pool hand-off of the sync route, and the "
    "response model's validation, which FastAPI ran in its thread pool a second time. JSON encoding (pydantic-core, "
    "in Rust) is a small share; the routes measured here do no content negotiation.",
    "- **Changed:** the dependencies (`get_settings`, `get_driver`) are coroutines, so FastAPI does not send each "
    "to the thread pool; rows are built from the record's values instead of `Record.data()`; `/health` asks the "
    "driver for the server once; `hdkg serve` takes `--workers` and `--no-access-log` and runs on uvloop and "
    "httptools. Then: canned-answer routes return their Response, validated and encoded in the route's own "
    "thread (the same bytes as before), and a cached answer keeps its encoded body, so a hit neither validates "
    "nor encodes; concurrent requests share graph-version reads, each using a read begun after it asked; the "
    "lookup tables parameters resolve against are read at start-up, not by every thread of the first requests.",
    "- **Tried, not kept:** async routes on the async driver (little less CPU for a second copy of every route); "
    "a smaller thread pool (no change); orjson for the bodies: FastAPI already encodes response models in Rust, "
    "and encoding the rows as Neo4j returns them would change the key order of nested maps.",
    "- **What remains:** the API does what the driver alone does plus HTTP, validation and JSON, all in Python "
    "under one GIL per worker, and on this machine it shares two cores with Neo4j, the load generator and "
    "other servers; the ceilings above are what the CPU figures allow, not what a busy machine delivers.",
]


def main(argv: list[str] | None = None) -> int:
    if argv is None and sys.argv[1:] == ["--drive"]:  # the load generator's child process
        job = json.loads(sys.stdin.read())
        host, port = job["url"].removeprefix("http://").split(":")
        print(json.dumps(asyncio.run(_drive(host, int(port), job["paths"], job["clients"], job["seconds"],
                                            job["warm_up"], job["watch"]))))
        return 0
    def options(parser) -> None:
        parser.add_argument("--clients", type=int, default=CLIENTS)
        parser.add_argument("--seconds", type=float, default=SECONDS, help="measured seconds per run")
        parser.add_argument("--workers", type=int, default=WORKERS,
                            help="server processes, hdkg serve --workers (default: one per core)")

    return standalone(argv, prog="python -m benchmarks.api", description=__doc__.split("\n\n")[0],
                      section=SECTION, measure=measure, render=render, table=table, extra=options)


if __name__ == "__main__":
    raise SystemExit(main())
