"""How long `hdkg validate` takes on one file with many bad records.

Each record passes the schema and fails a vocabulary check, the path where a problem used to
cost a pass over the whole file. Run: python -m benchmarks.many_problems --records 1000,3000
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from loaders.load import check_inputs

HEAD = """\
schema_version: 1
source:
  id: many-problems
  title: A file with many bad records
  language: en
  published: "2024-05-02"
instruments:
"""
RECORD = """\
  - id: az-ua-bad-{n}
    type: agreement
    title: Bad record {n}
    status: signed
    parties: [{{country: AZ}}, {{country: UA}}]
    domains: [astrology-{n}]
    evidence: [{{quote: "Signed.", lang: en}}]
"""


def many_problems_text(records: int) -> str:
    return HEAD + "".join(RECORD.format(n=n) for n in range(records))


def measure(records: int) -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "many.yaml"
        path.write_text(many_problems_text(records), encoding="utf-8")
        start = time.perf_counter()
        _, failed, _ = check_inputs([path])
        elapsed = time.perf_counter() - start
    return elapsed, sum(len(outcome.problems) for outcome in failed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", default="1000,3000", help="comma list of record counts")
    args = parser.parse_args()
    for records in (int(n) for n in args.records.split(",")):
        elapsed, problems = measure(records)
        print(f"{records} bad records: {problems} problems in {elapsed:.2f} s")


if __name__ == "__main__":
    main()
