"""The explorer page in Chromium: time until the network is interactive, and the API calls it makes.

    python -m benchmarks.explorer --instruments 10k [--runs 5] [--yes]

For each size the synthetic corpus is loaded, the API is served by `hdkg serve` (one worker) in a
child process, and Debian's Chromium, driven by Playwright, opens each view in a fresh browser
context (no HTTP cache) `--runs` times after one warm-up load. "Interactive" is the page's own
mark: navigation start to the first network drawn with every control wired
(`window.hdkgExplorer.interactiveMs`). The API calls are the page's own count; the /network
figure is the browser's Resource Timing of that call. Results replace the "Explorer" section of
docs/benchmarks.md.
"""

from __future__ import annotations

import statistics
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright
from rich.table import Table

from benchmarks.api import serving
from benchmarks.harness import standalone
from benchmarks.load import markdown_table
from benchmarks.stats import load_average, load_text

SECTION = "Explorer"
RUNS = 5
GOAL_INTERACTIVE_MS = 1500
GOAL_CALLS = 5
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1280, "height": 800}
#: The views measured: the first view, a domain, and organizations with non-state parties.
VIEWS = {
    "home (countries, signed or in force)": "/",
    "one domain (clinical-medicine, narrower included)": "/?domain=clinical-medicine",
    "organizations, with non-state parties": "/?level=organization&parties=all",
}

_READ = """() => ({
  interactive: window.hdkgExplorer.interactiveMs,
  calls: window.hdkgExplorer.apiCalls.slice(),
  nodes: window.hdkgExplorer.page.view ? window.hdkgExplorer.page.view.nodes.length : null,
  edges: window.hdkgExplorer.page.view ? window.hdkgExplorer.page.view.edges.length : null,
  truncated: window.hdkgExplorer.page.view ? window.hdkgExplorer.page.view.truncated : null,
  drawing: (() => { const m = Object.fromEntries(performance.getEntriesByType('mark').map((e) => [e.name, e.startTime]));
                    return m['network-drawn'] - m['network-answered']; })(),
  network: performance.getEntriesByType('resource').filter((e) => new URL(e.name).pathname === '/network')
             .map((e) => e.duration)[0] ?? null,
})"""


def _one_load(browser, url: str) -> dict[str, Any]:
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(url)
        page.wait_for_function("window.hdkgExplorer && window.hdkgExplorer.interactiveMs !== undefined",
                               timeout=120_000)
        figures = page.evaluate(_READ)
        figures["errors"] = errors
        return figures
    finally:
        context.close()


def measure(driver, database: str, settings, instruments: int, say, runs: int = RUNS) -> dict[str, Any]:
    if not CHROMIUM.exists():
        raise SystemExit(f"{CHROMIUM} is missing: `make chromium` installs Debian's chromium package")
    views: dict[str, Any] = {}
    load = {"before": load_average()}
    with serving(settings, database, workers=1) as (base, _pid), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        try:
            for name, path in VIEWS.items():
                say(f"{instruments:,} instruments: {name}, 1 warm-up and {runs} loads")
                warm = _one_load(browser, base + path)
                loads = [_one_load(browser, base + path) for _ in range(runs)]
                interactive = [load["interactive"] for load in loads]
                network = [load["network"] for load in loads if load["network"] is not None]
                views[name] = {
                    "path": path, "nodes": loads[-1]["nodes"], "edges": loads[-1]["edges"],
                    "calls": loads[-1]["calls"], "warm_up_ms": warm["interactive"],
                    "interactive_ms": interactive, "median_ms": statistics.median(interactive),
                    "max_ms": max(interactive), "network_median_ms": statistics.median(network) if network else None,
                    "drawing_median_ms": statistics.median(load["drawing"] for load in loads),
                    "truncated": loads[-1]["truncated"],
                    "errors": sorted({error for load in loads for error in load["errors"]}),
                }
        finally:
            browser.close()
    load["after"] = load_average()
    return {"instruments": instruments, "runs": runs, "load": load, "views": views}


def table(by_size: dict[int, dict]):
    out = Table(title="Explorer in Chromium")
    for column in ("instruments", "view", "nodes", "edges", "API calls", "interactive p50", "max", "/network p50"):
        out.add_column(column)
    for size, figures in by_size.items():
        for name, view in figures["views"].items():
            out.add_row(f"{size:,}", name, str(view["nodes"]), str(view["edges"]), str(len(view["calls"])),
                        f"{view['median_ms']:.0f} ms", f"{view['max_ms']:.0f} ms",
                        f"{view['network_median_ms']:.0f} ms" if view["network_median_ms"] is not None else "-")
    return out


def render(by_size: dict[int, dict]) -> str:
    lines = [
        "Written by `python -m benchmarks.explorer` (not part of `make bench`, which rewrites the rest of this "
        "file). " + __doc__.split("\n\n", 2)[2].replace("\n", " ").split(' Results replace')[0], "",
        f"Goals: interactive in ≤ {GOAL_INTERACTIVE_MS / 1000:g} s, ≤ {GOAL_CALLS} API calls for the first view.", "",
    ]
    rows = []
    for size, figures in by_size.items():
        for name, view in figures["views"].items():
            met = view["median_ms"] <= GOAL_INTERACTIVE_MS and len(view["calls"]) <= GOAL_CALLS
            edges = f"{view['edges']:,}" + (" (row cap)" if view.get("truncated") else "")
            rows.append([f"{size:,}", name, f"{view['nodes']:,}", edges, str(len(view["calls"])),
                         f"{view['median_ms']:,.0f} ms", f"{view['max_ms']:,.0f} ms",
                         f"{view['network_median_ms']:,.0f} ms" if view["network_median_ms"] is not None else "-",
                         f"{view['drawing_median_ms']:,.0f} ms" if view.get("drawing_median_ms") is not None else "-",
                         "met" if met else "**missed**"])
    lines.append(markdown_table(["instruments", "view", "nodes", "edges", "API calls", "interactive p50", "max",
                                 "/network p50", "drawing p50", "goals"], rows, right={2, 3, 4, 5, 6, 7, 8}))
    lines += ["", "`/network p50` is the call's time in the browser (server and transfer), `drawing p50` the time "
              "from its answer to the network drawn; the rest is loading the page and its script. The busiest "
              "1,000 pairs are drawn, the table lists all."]
    lines.append("")
    for size, figures in by_size.items():
        first = next(iter(figures["views"].values()))
        lines.append(f"- {size:,} instruments, {figures['runs']} loads per view; first view's calls: "
                     + ", ".join(f"`{call}`" for call in first["calls"]) + f"; load average {load_text(figures['load'])}.")
        for name, view in figures["views"].items():
            if view.get("drawing_median_ms") is not None and view["network_median_ms"] is not None:
                share = view["network_median_ms"] / view["median_ms"]
                lines.append(f"- {name}: the /network answer is {share:.0%} of the time to interactive, "
                             f"drawing {view['drawing_median_ms'] / view['median_ms']:.0%}.")
        errors = sorted({e for view in figures["views"].values() for e in view["errors"]})
        if errors:
            lines.append(f"- page errors: {errors}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    def options(parser) -> None:
        parser.add_argument("--runs", type=int, default=RUNS, help="measured page loads per view")

    return standalone(argv, prog="python -m benchmarks.explorer", description=__doc__.split("\n\n")[0],
                      section=SECTION, measure=measure, render=render, table=table, extra=options)


if __name__ == "__main__":
    raise SystemExit(main())
