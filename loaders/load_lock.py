"""One writing load at a time per database, on this machine.

Two loads that interleave both read the graph's checksums before either writes, so both
rewrite the same sources and both report every file "loaded". A load therefore holds an
advisory lock (flock) on a file named after the database it writes to; the kernel releases
it when the process ends, however it ends, so a crashed load leaves no stale lock. Loads
from other machines into the same server are not covered.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import tempfile
import time
from pathlib import Path
from types import TracebackType


class LoadBusy(Exception):
    """Another load into the same database is running; the message names it."""


def lock_path(uri: str, database: str) -> Path:
    digest = hashlib.sha256(f"{uri}\n{database}".encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"hdkg-load-{digest}.lock"


class LoadLock:
    """`with LoadLock(uri, database, wait_s=...)`: refuses (LoadBusy) or waits up to `wait_s`."""

    def __init__(self, uri: str, database: str, run_id: str = "", wait_s: float = 0.0) -> None:
        self.path = lock_path(uri, database)
        self.target = f"{uri} (database {database})"
        self.run_id = run_id
        self.wait_s = wait_s
        self._fd: int | None = None

    def __enter__(self) -> LoadLock:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        deadline = time.monotonic() + self.wait_s
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = _holder(fd)
                    os.close(fd)
                    raise LoadBusy(
                        f"another load into {self.target} is running{holder}: wait until it finishes and run this "
                        f"one again (it will skip what that load wrote), or pass --wait SECONDS to queue behind it"
                    ) from None
                time.sleep(0.2)
        os.ftruncate(fd, 0)
        os.write(fd, json.dumps({"pid": os.getpid(), "run": self.run_id,
                                 "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}).encode())
        self._fd = fd
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


def _holder(fd: int) -> str:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        info = json.loads(os.read(fd, 4096) or b"{}")
    except (OSError, ValueError):
        return ""
    if not isinstance(info, dict) or not info.get("pid"):
        return ""
    return f" (run {info.get('run') or '?'}, process {info['pid']}, started {info.get('started', '?')})"
