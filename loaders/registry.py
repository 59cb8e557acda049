"""One loader per input kind; the registry picks one by file suffix."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar, Protocol

from loaders.csv_table import check_csv
from loaders.validate import CheckedFile, Problem, check_file


class Loader(Protocol):
    suffixes: ClassVar[tuple[str, ...]]

    def check(self, path: Path) -> CheckedFile | list[Problem]: ...


class RecordFileLoader:
    """Curated record files (YAML or JSON), one per source report."""

    suffixes = (".yaml", ".yml", ".json")

    def check(self, path: Path) -> CheckedFile | list[Problem]:
        return check_file(path)


class CsvTableLoader:
    """Tables of agreements as ministries publish them (columns in docs/loading.md)."""

    suffixes = (".csv",)

    def check(self, path: Path) -> CheckedFile | list[Problem]:
        return check_csv(path)


LOADERS: tuple[Loader, ...] = (RecordFileLoader(), CsvTableLoader())
SUFFIXES = tuple(suffix for loader in LOADERS for suffix in loader.suffixes)


def loader_for(path: Path) -> Loader | None:
    suffix = path.suffix.lower()
    return next((loader for loader in LOADERS if suffix in loader.suffixes), None)


def collect(paths: list[Path]) -> tuple[list[Path], list[Problem]]:
    """Expand folders (recursively, sorted); report paths that are missing or of no known kind."""
    found: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
                                and not p.name.startswith(".")))
        elif not path.exists():
            problems.append(Problem(str(path), None, "", "", "no such file or folder"))
        elif loader_for(path) is None:
            problems.append(Problem(str(path), None, "", "",
                                    f"unknown input kind '{path.suffix}': expected one of {', '.join(SUFFIXES)}"))
        else:
            found.append(path)
    return list(dict.fromkeys(found)), problems
