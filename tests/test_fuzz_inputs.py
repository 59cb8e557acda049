"""Property-based fuzzing of the readers: whatever the bytes, validate and load answer with
problems (file, line, message), never an exception, a hang or a change to the graph.

Examples are derived from a fixed seed (`derandomize`), so a run is repeatable, and their
number is fixed, which bounds the time the module takes.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given
from hypothesis import settings as fuzz_settings
from hypothesis import strategies as st

from loaders.load import check_inputs, run_load
from loaders.validate import Problem
from tests.conftest import fingerprint
from tests.test_records import VALID

# HDKG_FUZZ_EXAMPLES raises the count for a deeper run by hand; `make test` uses the default.
EXAMPLES = int(os.environ.get("HDKG_FUZZ_EXAMPLES", "120"))
FUZZ = fuzz_settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

# Pieces that mean something to YAML, JSON or CSV readers, or to the checks behind them.
TOKENS = ["&a ", "*a", "!!binary ", "!!python/object:os.system ", "!x ", "<<: ", "- ", ": ", "? ", "\t", '"', "'",
          "[", "]", "{", "}", ",", "\n", "\r\n", "#", "|", ">", "%YAML 1.1\n", "---\n", "...\n", "2024-02-30",
          "2024-05-01", "1900", "true", "null", "~", ".inf", "9" * 50, "\u0301", "\u202e", "\x00", "\ufeff",
          "schema_version", "renews: [az-ua-mou-example-2024]", "parent: aa-ministry-of-health", "id: ", "x" * 400]

edits = st.lists(st.tuples(st.integers(min_value=0, max_value=len(VALID)), st.integers(min_value=0, max_value=20),
                           st.one_of(st.sampled_from(TOKENS), st.text(max_size=8))), min_size=1, max_size=6)


def _apply(text: str, changes: list[tuple[int, int, str]]) -> str:
    for position, removed, inserted in changes:
        position = min(position, len(text))
        text = text[:position] + inserted + text[position + removed:]
    return text


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20)
    | st.sampled_from(["2024-02-30", "AZ", "oncology", "signed", "az-ua-mou-example-2024"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=20)

FIELD_PATHS = [("schema_version",), ("source",), ("source", "id"), ("source", "published"), ("organizations",),
               ("organizations", 0), ("organizations", 0, "country"), ("organizations", 1, "parent"),
               ("people", 0, "roles"), ("instruments",), ("instruments", 0, "parties"), ("instruments", 0, "domains"),
               ("instruments", 0, "signed_date"), ("instruments", 0, "renews"), ("instruments", 0, "status_history"),
               ("instruments", 0, "evidence", 0), ("events",), ("engagements",), ("extra",)]


def _replace(path: tuple, value) -> dict:
    data = yaml.safe_load(VALID)
    target = data
    for key in path[:-1]:
        target = target[key]
    if isinstance(target, list) and isinstance(path[-1], int) and path[-1] >= len(target):
        target.append(value)
    else:
        target[path[-1]] = value
    return data


def _check(name: str, payload: bytes) -> list[Problem]:
    """check_inputs on one file; it must return, with problems that name the file."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(payload)
        good, failed, problems = check_inputs([path])
        found = problems + [p for outcome in failed for p in outcome.problems]
        assert len(good) + len(failed) == 1
        for problem in found:
            assert isinstance(problem, Problem) and problem.message and problem.file.endswith(name), problem
        if failed:
            assert failed[0].problems, "a failed file must say why"
        return found


@FUZZ
@given(edits)
def test_mutated_yaml_records_never_crash(changes):
    _check("record.yaml", _apply(VALID, changes).encode("utf-8", "surrogatepass"))


@FUZZ
@given(st.sampled_from(FIELD_PATHS), json_values)
def test_records_with_any_json_value_in_any_field_never_crash(path, value):
    data = _replace(path, value)
    _check("record.json", json.dumps(data, ensure_ascii=False).encode("utf-8", "surrogatepass"))
    _check("record.yaml", yaml.safe_dump(data, allow_unicode=True).encode("utf-8", "surrogatepass"))


@FUZZ
@given(st.lists(st.lists(st.one_of(st.sampled_from(["VN", "Belarus", "2024", "agreement", "oncology", '"', '""',
                                                       "a;b", "\n", "x" * 200, ""]), st.text(max_size=10)),
                         max_size=9), max_size=6),
       st.sampled_from(["country,partner,date,type,subject,domains,status\n", "country,partner,type,subject,domains\n",
                        "country,country\n", ""]))
def test_tables_never_crash(rows, header):
    body = "".join(",".join(cells) + "\n" for cells in rows)
    _check("table.csv", (header + body).encode("utf-8", "surrogatepass"))


@FUZZ
@given(st.binary(max_size=300), st.sampled_from(["record.yaml", "record.json", "table.csv"]))
def test_arbitrary_bytes_never_crash(payload, name):
    _check(name, payload)


@fuzz_settings(max_examples=25, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(changes=edits)
def test_a_dry_run_load_of_mutated_records_never_crashes_or_writes(loaded_graph, settings, changes):
    before = fingerprint(loaded_graph)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "record.yaml"
        path.write_bytes(_apply(VALID, changes).encode("utf-8", "surrogatepass"))
        report = run_load(loaded_graph, settings.neo4j_database, [path], dry_run=True)
    assert [f.status for f in report.files] in (["failed"], ["checked"])
    assert all(p.message for p in report.all_problems())
    assert fingerprint(loaded_graph) == before
