"""The synthetic benchmark corpus: deterministic, valid, and exercising multi-source records."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import yaml

from benchmarks.generate import MANIFEST, write_corpus
from loaders.load import check_inputs


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.name != MANIFEST}


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    first = write_corpus(tmp_path / "a", instruments=50, seed=1)
    second = write_corpus(tmp_path / "b", instruments=50, seed=1)
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    assert first.digest == second.digest
    other = write_corpus(tmp_path / "c", instruments=50, seed=2)
    assert other.digest != first.digest


def test_corpus_passes_the_load_checks(tmp_path: Path) -> None:
    manifest = write_corpus(tmp_path, instruments=50, seed=1)
    good, failed, problems = check_inputs([tmp_path])
    assert problems == []
    assert [str(p) for f in failed for p in f.problems] == []
    assert len(good) == manifest.files >= 2
    assert sum(c.counts["instruments"] for c in good) == manifest.instrument_entries


def test_some_instruments_come_from_two_files(tmp_path: Path) -> None:
    manifest = write_corpus(tmp_path, instruments=50, seed=1)
    documents = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(tmp_path.glob("*.yaml"))]
    files_per_instrument = Counter(i["id"] for doc in documents for i in doc["instruments"])
    assert len(files_per_instrument) == manifest.instruments == 50
    twice = [i for i, n in files_per_instrument.items() if n == 2]
    assert len(twice) == manifest.multi_source > 0
    assert max(files_per_instrument.values()) == 2
    # Identical facts in both files, so the loader merges them into one instrument.
    for instrument_id in twice:
        copies = [i for doc in documents for i in doc["instruments"] if i["id"] == instrument_id]
        assert copies[0] == copies[1]
