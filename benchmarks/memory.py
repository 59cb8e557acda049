"""A process's own peak resident memory, as the benchmarks report it.

`getrusage(RUSAGE_SELF).ru_maxrss` is not a child's own figure: at exec, Linux carries the
high-water mark of the memory image being replaced into the new program's `ru_maxrss`, and after
fork that image is a copy of the parent's. So a fresh process started by a benchmark holding
500 MiB reports at least 500 MiB whatever it does, and an exiting thread carries its peak over a
reset. The kernel's per-image high-water mark (`VmHWM` in /proc/self/status) starts afresh at
exec and is what `/proc/self/clear_refs` resets; it is read here, and `ru_maxrss` only where
/proc is missing (not Linux), where it is the best there is.
"""

from __future__ import annotations

import resource
from pathlib import Path

_STATUS = Path("/proc/self/status")


def _status_mib(field: str) -> float | None:
    try:
        text = _STATUS.read_text()
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024  # kB
    return None


def peak_rss_mib() -> float:
    """This process's peak resident memory since it started or since `reset_peak_rss`, in MiB."""
    peak = _status_mib("VmHWM")
    return peak if peak is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mib() -> float | None:
    """This process's resident memory now, in MiB (None where /proc is missing)."""
    return _status_mib("VmRSS")


def reset_peak_rss() -> None:
    """Set the high-water mark to what is resident now (Linux), so the peak measures what follows."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass
