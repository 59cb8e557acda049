"""How good `hdkg draft` is: drafts of real reports scored against their curated records.

    python -m benchmarks.draft [--seeds DIR] [--gold DIR] [--records DIR] [--write docs/benchmarks-draft.md]
    python -m benchmarks.draft --split tuned    # only the reports the rules are tuned on; writes nothing

A report (a seed, or a trimmed gold text under tests/fixtures/gold/) is paired with the record
file whose `source.document` is its file name without the extension. The gold reports listed in
tests/fixtures/gold/held-out.txt are scored apart: they were not read while the rules were tuned.
Prints a table per language for the held-out reports, the tuned ones and all, the differences
behind the figures, and the drafting throughput on one core after start-up (no graph linking,
no validation).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import yaml
from rich.console import Console
from rich.table import Table

from draft.pipeline import make_draft
from draft.score import Score, by_language, score_record
from draft.source import read_input
from hdkg import PROJECT_ROOT

#: Goals of the draft, from the issue that asked for it.
GOALS = {"instrument precision": 0.9, "instrument recall": 0.8, "party precision": 0.9, "party recall": 0.8,
         "type accuracy": 0.85, "status accuracy": 0.85, "date exact": 0.8, "domain F1": 0.7}
THROUGHPUT_GOAL = 20.0  # reports per second


def default_seeds() -> Path:
    return Path(os.environ.get("HDKG_SEEDS_DIR", PROJECT_ROOT.parent / "shared" / "seeds"))


#: Real reports trimmed to the paragraphs that matter, each curated into data/records/.
GOLD_DIR = PROJECT_ROOT / "tests" / "fixtures" / "gold"
#: The gold reports set aside before the rules were tuned: their scores estimate the quality on new reports.
HELD_OUT = "held-out.txt"
SPLITS = ("held-out", "tuned")


@dataclass(frozen=True)
class Report:
    path: Path
    split: str  # "held-out", or "tuned" for the seeds and the gold reports the rules were written on
    language: str  # the curated record's, so a misdetected language is scored in its own language
    published: str | None  # given to the draft as --published would be: trimmed texts often lack the dateline


def gold_records(records_dir: Path) -> dict[str, dict]:
    out = {}
    for path in sorted(records_dir.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        document = (data.get("source") or {}).get("document")
        if document:
            out[document] = data
    return out


def held_out(gold_dir: Path) -> set[str]:
    path = gold_dir / HELD_OUT
    if not path.is_file():
        return set()
    lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return {line for line in lines if line}


def collect(seeds: Path | None, gold_dir: Path | None, records: dict[str, dict]) -> list[Report]:
    """The reports that have a curated record: the seeds (tuned on) and the gold set (split by held-out.txt)."""
    found: list[Report] = []
    kept = held_out(gold_dir) if gold_dir else set()
    for folder, is_gold in ((seeds, False), (gold_dir, True)):
        if folder is None or not folder.is_dir():
            continue
        for path in sorted(p for p in folder.iterdir() if p.is_file() and p.stem in records):
            source = records[path.stem]["source"]
            found.append(Report(path, "held-out" if path.stem in kept else "tuned", source.get("language", "en"),
                                str(source["published"]) if is_gold and source.get("published") else None))
    return found


def run(reports: list[Report], records: dict[str, dict]) -> dict[str, tuple[str, Score]]:
    scores: dict[str, tuple[str, Score]] = {}
    for report in reports:
        result = make_draft(str(report.path), published=report.published)
        scores[report.path.stem] = (report.language, score_record(result.record, records[report.path.stem]))
    return scores


def throughput(reports: list[Report], seconds: float = 3.0) -> float:
    articles = [read_input(str(r.path)) for r in reports]
    for report, article in zip(reports, articles):  # start-up: models and tables loaded once
        make_draft(str(report.path), article=article, published=report.published)
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for report in reports:
            make_draft(str(report.path), article=read_input(str(report.path)), published=report.published)
            done += 1
    return done / (time.perf_counter() - start)


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def figures(score: Score) -> dict[str, float | None]:
    return {
        "instrument precision": score.instruments.precision, "instrument recall": score.instruments.recall,
        "party precision": score.parties.precision, "party recall": score.parties.recall,
        "type accuracy": score.type.value, "status accuracy": score.status.value, "date exact": score.date.value,
        "signatory precision": score.signatories.precision, "signatory recall": score.signatories.recall,
        "domain precision": score.domains.precision, "domain recall": score.domains.recall,
        "domain F1": score.domains.f1,
        "engagement precision": score.engagements.precision, "engagement recall": score.engagements.recall,
    }


def goals_missed(score: Score) -> list[str]:
    values = figures(score)
    return [m for m, goal in GOALS.items() if values[m] is not None and values[m] < goal]


def _section(title: str, scores: dict[str, tuple[str, Score]]) -> tuple[Table, list[str]]:
    groups = by_language(scores)
    languages = sorted(k for k in groups if k != "all") + ["all"]
    count = {lang: sum(1 for l, _ in scores.values() if l == lang) if lang != "all" else len(scores)
             for lang in languages}
    table = Table(title=f"{title} ({len(scores)} reports)")
    table.add_column("measure")
    for lang in languages:
        table.add_column(f"{lang} ({count[lang]})", justify="right")
    table.add_column("goal", justify="right")
    rows = {lang: figures(groups[lang]) for lang in languages}
    lines = ["| measure | " + " | ".join(f"{lang} ({count[lang]})" for lang in languages) + " | goal |",
             "| --- | " + " | ".join("---:" for _ in languages) + " | ---: |"]
    for measure in rows["all"]:
        goal = GOALS.get(measure)
        cells = [_fmt(rows[lang][measure]) for lang in languages]
        table.add_row(measure, *cells, _fmt(goal) if goal else "")
        lines.append(f"| {measure} | " + " | ".join(cells) + f" | {_fmt(goal) if goal else ''} |")
    total = groups["all"]
    lines += ["", f"Instruments: {total.instruments.tp} of {total.instruments.gold} curated found; "
              f"{total.instruments.drafted} drafted."]
    missed = {lang: goals_missed(groups[lang]) for lang in languages}
    if any(missed.values()):
        lines += ["", "Goals missed: " + "; ".join(f"{lang}: {', '.join(m)}" for lang, m in missed.items() if m) + "."]
    else:
        lines += ["", "Every goal is met in every language of this set."]
    return table, lines


def report(scores: dict[str, tuple[str, Score]], reports: list[Report], rate: float) -> tuple[list[Table], str]:
    by_split = {split: {r.path.stem: scores[r.path.stem] for r in reports if r.split == split} for split in SPLITS}
    kept = sorted(by_split["held-out"])
    lines = ["# Draft records: scores against curated records", "",
             f"Measured {dt.date.today().isoformat()} with `python -m benchmarks.draft` on {len(scores)} real "
             "reports and their curated records in data/records/: the seed reports and the gold set of "
             "tests/fixtures/gold/ (trimmed texts, each record's `source.url` says where it was published). "
             "Each gold report is drafted with its publication date given, as a curator gives `--published`.", ""]
    tables = []
    if kept:
        table, section = _section("held-out reports", by_split["held-out"])
        tables.append(table)
        lines += ["## Held-out reports", "",
                  f"{len(kept)} gold reports (listed in tests/fixtures/gold/{HELD_OUT}) were set aside before the "
                  "rules and the lexicon were tuned on the others, and were not read while tuning: these "
                  "figures estimate the quality on new reports.", "", *section, ""]
    else:
        lines += ["**No report is held out** (tests/fixtures/gold/held-out.txt is missing or empty): the figures "
                  "below are an upper bound, not an estimate of the quality on new reports.", ""]
    if by_split["tuned"]:  # a run of the held-out split alone has none
        table, section = _section("reports the rules were tuned on", by_split["tuned"])
        tables.append(table)
        lines += ["## Reports the rules were tuned on", "",
                  "The seed reports and the rest of the gold set: an upper bound.", "", *section, ""]
    table, section = _section("all reports", scores)
    tables.append(table)
    lines += ["## All reports", "", *section, "",
              f"Throughput: {rate:.1f} reports/s on one core after start-up (goal {THROUGHPUT_GOAL:.0f}); "
              "reading, extraction and emitting, without graph linking or validation.", "",
              "## Differences behind the figures", ""]
    for r in reports:
        lang, score = scores[r.path.stem]
        for miss in score.misses:
            lines.append(f"- `{r.path.stem}` ({lang}, {r.split}): {miss}")
    return tables, "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=default_seeds(), help="folder of the seed report texts")
    parser.add_argument("--gold", type=Path, default=GOLD_DIR, help="folder of the gold report texts")
    parser.add_argument("--records", type=Path, default=PROJECT_ROOT / "data" / "records", help="curated records")
    parser.add_argument("--write", type=Path, default=PROJECT_ROOT / "docs" / "benchmarks-draft.md",
                        help="markdown file to write (use --no-write to print only)")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--seconds", type=float, default=3.0, help="how long to measure throughput")
    parser.add_argument("--split", choices=SPLITS, help="score only the held-out or only the tuned reports "
                        "(and print only theirs): while the rules are tuned, the held-out reports stay unread; "
                        "nothing is written")
    args = parser.parse_args(argv)
    console = Console()
    records = gold_records(args.records)
    reports = collect(args.seeds, args.gold, records)
    if args.split:
        reports = [r for r in reports if r.split == args.split]
        args.no_write = True  # a partial run must not stand for the whole in the docs
    if not reports:
        console.print(f"[red]error:[/] no report in {args.seeds} or {args.gold} has a curated record "
                      f"(source.document) in {args.records}")
        return 2
    if not args.seeds.is_dir():
        console.print(f"[yellow]![/] no seed reports at {args.seeds} (--seeds DIR or HDKG_SEEDS_DIR): "
                      "scoring the gold set only")
    scores = run(reports, records)
    rate = throughput(reports, args.seconds)
    tables, markdown = report(scores, reports, rate)
    for table in tables:
        console.print(table)
    console.print(f"throughput: {rate:.1f} reports/s (one core, after start-up)")
    for r in reports:
        lang, score = scores[r.path.stem]
        for miss in score.misses:
            console.print(f"  {r.path.stem} ({lang}, {r.split}): {miss}", highlight=False)
    if not args.no_write:
        args.write.write_text(markdown, encoding="utf-8")
        console.print(f"wrote {args.write}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
