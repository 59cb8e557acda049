"""How good `hdkg draft` is: drafts of the seed reports scored against the curated records.

    python -m benchmarks.draft [--seeds DIR] [--records DIR] [--write docs/benchmarks-draft.md]

A seed report is paired with the record file whose `source.document` is its file name (without
the extension). Prints a table per language and overall, the differences behind the figures,
and the drafting throughput on one core after start-up (no graph linking, no validation).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

import yaml
from rich.console import Console
from rich.table import Table

from draft.pipeline import make_draft
from draft.score import Score, by_language, score_record
from hdkg import PROJECT_ROOT

#: Goals of the draft, from the issue that asked for it.
GOALS = {"instrument precision": 0.9, "instrument recall": 0.8, "party precision": 0.9, "party recall": 0.8,
         "type accuracy": 0.85, "status accuracy": 0.85, "date exact": 0.8, "domain F1": 0.7}
THROUGHPUT_GOAL = 20.0  # reports per second


def default_seeds() -> Path:
    return Path(os.environ.get("HDKG_SEEDS_DIR", PROJECT_ROOT.parent / "shared" / "seeds"))


def gold_records(records_dir: Path) -> dict[str, dict]:
    out = {}
    for path in sorted(records_dir.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        document = (data.get("source") or {}).get("document")
        if document:
            out[document] = data
    return out


def run(seeds: Path, records: Path) -> tuple[dict[str, tuple[str, Score]], list[Path]]:
    gold = gold_records(records)
    scores: dict[str, tuple[str, Score]] = {}
    texts = sorted(p for p in seeds.glob("*") if p.is_file() and p.stem in gold)
    for path in texts:
        result = make_draft(str(path))
        scores[path.stem] = (result.record["source"]["language"], score_record(result.record, gold[path.stem]))
    return scores, texts


def throughput(texts: list[Path], seconds: float = 3.0) -> float:
    from draft.source import read_input

    articles = [read_input(str(p)) for p in texts]
    for path, article in zip(texts, articles):  # start-up: models and tables loaded once
        make_draft(str(path), article=article)
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for path in texts:
            make_draft(str(path), article=read_input(str(path)))
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


def report(scores: dict[str, tuple[str, Score]], rate: float, texts: list[Path]) -> tuple[Table, str]:
    groups = by_language(scores)
    languages = sorted(k for k in groups if k != "all") + ["all"]
    table = Table(title=f"hdkg draft against curated records ({len(scores)} reports)")
    table.add_column("measure")
    for lang in languages:
        table.add_column(f"{lang} ({sum(1 for l, _ in scores.values() if l == lang) if lang != 'all' else len(scores)})", justify="right")
    table.add_column("goal", justify="right")
    rows = {lang: figures(groups[lang]) for lang in languages}
    lines = ["# Draft records: scores against curated records", "",
             f"Measured {dt.date.today().isoformat()} with `python -m benchmarks.draft` on {len(scores)} seed "
             "reports and their curated records in data/records/.", "",
             "**No report here is held out**: the rules and the lexicon were written while reading these "
             "five reports, so these figures are an upper bound, not an estimate of the quality on new "
             "reports. A held-out gold set has yet to be curated.", "",
             "| measure | " + " | ".join(f"{lang}" for lang in languages) + " | goal |",
             "| --- | " + " | ".join("---:" for _ in languages) + " | ---: |"]
    for measure in rows["all"]:
        goal = GOALS.get(measure)
        cells = [_fmt(rows[lang][measure]) for lang in languages]
        table.add_row(measure, *cells, _fmt(goal) if goal else "")
        lines.append(f"| {measure} | " + " | ".join(cells) + f" | {_fmt(goal) if goal else ''} |")
    counts = groups["all"]
    lines += ["", f"Instruments: {counts.instruments.tp} of {counts.instruments.gold} curated found; "
              f"{counts.instruments.drafted} drafted. Reports per language: "
              + ", ".join(f"{lang} {sum(1 for l, _ in scores.values() if l == lang)}" for lang in languages if lang != "all") + ".",
              "", f"Throughput: {rate:.1f} reports/s on one core after start-up (goal {THROUGHPUT_GOAL:.0f}); "
              "reading, extraction and emitting, without graph linking or validation.", "",
              "## Differences behind the figures", ""]
    for name, (lang, score) in scores.items():
        for miss in score.misses:
            lines.append(f"- `{name}` ({lang}): {miss}")
    return table, "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=default_seeds(), help="folder of report texts")
    parser.add_argument("--records", type=Path, default=PROJECT_ROOT / "data" / "records", help="curated records")
    parser.add_argument("--write", type=Path, default=PROJECT_ROOT / "docs" / "benchmarks-draft.md",
                        help="markdown file to write (use --no-write to print only)")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--seconds", type=float, default=3.0, help="how long to measure throughput")
    args = parser.parse_args(argv)
    console = Console()
    if not args.seeds.is_dir():
        console.print(f"[red]error:[/] no seed reports at {args.seeds}: pass --seeds DIR or set HDKG_SEEDS_DIR")
        return 2
    scores, texts = run(args.seeds, args.records)
    if not scores:
        console.print(f"[red]error:[/] no report in {args.seeds} has a curated record (source.document) in {args.records}")
        return 2
    rate = throughput(texts, args.seconds)
    table, markdown = report(scores, rate, texts)
    console.print(table)
    console.print(f"throughput: {rate:.1f} reports/s (one core, after start-up)")
    for name, (lang, score) in scores.items():
        for miss in score.misses:
            console.print(f"  {name} ({lang}): {miss}", highlight=False)
    if not args.no_write:
        args.write.write_text(markdown, encoding="utf-8")
        console.print(f"wrote {args.write}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
