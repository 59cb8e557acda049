"""One loader per input kind; the registry picks one by file suffix."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import ClassVar, Protocol

from loaders.csv_table import SIDECAR_SUFFIX, check_csv, table_of
from loaders.reading import Limits, kind_of
from loaders.validate import CheckedFile, Problem, check_file


class Loader(Protocol):
    suffixes: ClassVar[tuple[str, ...]]

    def check(self, path: Path, limits: Limits | None = None) -> CheckedFile | list[Problem]: ...


class RecordFileLoader:
    """Curated record files (YAML or JSON), one per source report."""

    suffixes = (".yaml", ".yml", ".json")

    def check(self, path: Path, limits: Limits | None = None) -> CheckedFile | list[Problem]:
        return check_file(path, limits)


class CsvTableLoader:
    """Tables of agreements as ministries publish them (columns in docs/loading.md)."""

    suffixes = (".csv",)

    def check(self, path: Path, limits: Limits | None = None) -> CheckedFile | list[Problem]:
        return check_csv(path, limits)


LOADERS: tuple[Loader, ...] = (RecordFileLoader(), CsvTableLoader())
SUFFIXES = tuple(suffix for loader in LOADERS for suffix in loader.suffixes)


def loader_for(path: Path) -> Loader | None:
    suffix = path.suffix.lower()
    return next((loader for loader in LOADERS if suffix in loader.suffixes), None)


def collect(paths: list[Path]) -> tuple[list[Path], list[Problem]]:
    """Expand folders (recursively, sorted); report paths that are missing, of no known kind,
    not regular files, symlink loops, and folders that hold no input at all."""
    found: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            mode = os.stat(path).st_mode
        except OSError as error:
            problems.append(Problem(str(path), None, "", "", _stat_failure(path, error)))
            continue
        if stat.S_ISDIR(mode):
            inputs, folder_problems = _walk(path)
            problems.extend(folder_problems)
            if not inputs and not folder_problems:
                problems.append(Problem(str(path), None, "", "",
                                        f"the folder holds no input files ({', '.join(SUFFIXES)}): nothing to check"))
            found.extend(inputs)
        elif table_of(path) is not None:
            # A table's metadata file is read with its table: naming it stands for the table.
            if table_of(path).exists():
                found.append(table_of(path))
            else:
                problems.append(Problem(str(path), None, "", "", _orphan(path)))
        elif loader_for(path) is None:
            problems.append(Problem(str(path), None, "", "",
                                    f"unknown input kind '{path.suffix}': expected one of {', '.join(SUFFIXES)}"))
        else:
            found.append(path)  # reading refuses what is not a regular file, naming what it is
    return list(dict.fromkeys(found)), problems


def _orphan(path: Path) -> str:
    return (f"a table's metadata file (its name ends in {SIDECAR_SUFFIX}), but there is no table "
            f"{table_of(path).name} beside it: put the table next to it, or rename the file if it is a record file")


def _stat_failure(path: Path, error: OSError) -> str:
    if error.errno == errno.ELOOP:
        return "symlink loop: the link leads back to itself; point it at a real file or remove it"
    if path.is_symlink():
        return (f"symlink that leads nowhere ({error.strerror}): it points to {os.readlink(path)!r}; "
                "point it at a real file or remove it")
    return "no such file or folder"


def _walk(folder: Path) -> tuple[list[Path], list[Problem]]:
    """Inputs under `folder`, sorted. Links to folders are followed once (a link back up is a
    loop, reported); an input-named entry that is not a regular file is reported, not skipped."""
    inputs: list[Path] = []
    problems: list[Problem] = []
    visited = {os.path.realpath(folder)}
    for root, dirs, files in os.walk(folder, followlinks=True):
        kept = []
        for name in sorted(dirs):
            if name.startswith("."):
                continue
            real = os.path.realpath(os.path.join(root, name))
            if real in visited:
                problems.append(Problem(os.path.join(root, name), None, "", "",
                                        f"symlink loop: this folder link leads back to {real}, already searched; "
                                        "remove the link"))
                continue
            visited.add(real)
            kept.append(name)
        dirs[:] = kept
        for name in sorted(files):
            path = Path(root) / name
            if name.startswith(".") or path.suffix.lower() not in SUFFIXES:
                continue
            if table_of(path) is not None:
                if not table_of(path).exists():
                    problems.append(Problem(str(path), None, "", "", _orphan(path)))
                continue  # read with its table
            try:
                mode = os.stat(path).st_mode
            except OSError as error:
                problems.append(Problem(str(path), None, "", "", _stat_failure(path, error)))
                continue
            if not stat.S_ISREG(mode):
                problems.append(Problem(str(path), None, "", "",
                                        f"is {kind_of(mode)}, not a regular file: only regular files are read"))
                continue
            inputs.append(path)
    return sorted(inputs), problems
