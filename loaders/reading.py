"""Reading an input file within limits, before any parser sees it.

A loader must not be made to hang or to fill memory by what it is given: only regular files
are opened (a FIFO blocks its reader, a symlink to /dev/zero never ends), their size is checked
from the open file before reading, and no more than the limit is ever read. The limits are
settings (`HDKG_MAX_FILE_BYTES`, `HDKG_MAX_LOAD_BYTES`, ...), with defaults that leave a load
well inside the memory of the machine it runs on.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from hdkg.settings import get_settings

MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What one load accepts. Each refusal names the limit and the setting that raises it."""

    file_bytes: int = 5 * MIB  # one record file or table
    load_bytes: int = 2048 * MIB  # all the files of one load together
    depth: int = 32  # nesting of mappings and lists (the record format needs 7)
    problems_per_file: int = 10_000  # problems reported for one file; the rest are counted

    @classmethod
    def from_settings(cls) -> Limits:
        settings = get_settings()
        return cls(file_bytes=settings.max_file_bytes, load_bytes=settings.max_load_bytes)


def current_limits(limits: Limits | None = None) -> Limits:
    return limits if limits is not None else Limits.from_settings()


class Unreadable(Exception):
    """The file cannot or must not be read; the message says why and what to do."""


_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def kind_of(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def read_limited(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes, or `Unreadable`."""
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then refuses it.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise Unreadable("symlink loop: the link leads back to itself; point it at a real file") from None
        raise Unreadable(f"cannot read file: {error.strerror}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise Unreadable(f"is {kind_of(info.st_mode)}, not a regular file: only regular files are read")
        if info.st_size > limit:
            raise Unreadable(_too_big(info.st_size, limit))
        chunks, size = [], 0
        while size <= limit:  # a file growing while read is cut at the limit, not followed
            chunk = os.read(fd, min(limit + 1 - size, MIB))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise Unreadable(_too_big(size, limit))
        return b"".join(chunks)
    except OSError as error:
        raise Unreadable(f"cannot read file: {error.strerror}") from None
    finally:
        os.close(fd)


def _too_big(size: int, limit: int) -> str:
    return (f"file is {size:,} bytes; at most {limit:,} are accepted (setting HDKG_MAX_FILE_BYTES): "
            "split it into one file per source report")


def input_size(path: Path) -> int | None:
    """Size of a regular file, None when it is anything else (reading it reports why)."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_size if stat.S_ISREG(info.st_mode) else None
