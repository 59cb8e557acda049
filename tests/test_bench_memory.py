"""The benchmarks' peak memory is the measuring process's own, not what its parent held."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.memory import peak_rss_mib, reset_peak_rss, rss_mib

pytestmark = pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc (Linux)")

HELD_MIB = 256

_CHILD = ("import json, resource; from benchmarks.memory import peak_rss_mib; "
          "print(json.dumps({'peak': peak_rss_mib(), 'maxrss': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))")


def _touched(mib: int) -> bytearray:
    block = bytearray(mib * 1024 * 1024)
    for at in range(0, len(block), 4096):  # make every page resident
        block[at] = 1
    return block


def test_a_child_started_by_a_large_process_reports_its_own_peak():
    held = _touched(HELD_MIB)
    child = subprocess.run([sys.executable, "-c", _CHILD], check=True, capture_output=True, text=True,
                           cwd=Path(__file__).resolve().parents[1])
    figures = json.loads(child.stdout)
    assert len(held) == HELD_MIB * 1024 * 1024
    # What ru_maxrss would have said: the parent's image, carried over at exec.
    assert figures["maxrss"] >= HELD_MIB
    assert figures["peak"] < HELD_MIB / 2


def test_the_peak_restarts_from_what_is_resident_after_a_reset():
    before = rss_mib()
    block = _touched(HELD_MIB)
    assert peak_rss_mib() >= before + HELD_MIB * 0.9
    del block  # a block this large is returned to the system at once
    reset_peak_rss()
    assert peak_rss_mib() < before + HELD_MIB / 2
