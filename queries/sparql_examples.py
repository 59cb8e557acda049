"""Example SPARQL queries (queries/sparql/*.rq), served with the endpoint, each described by its
`# title:` and `# description:` header lines."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from queries import QUERIES_DIR


@dataclass(frozen=True)
class Example:
    name: str
    title: str
    description: str
    query: str


def examples(directory: Path | None = None) -> list[Example]:
    """The example queries in queries/sparql/*.rq, each described by its `# title:` header."""
    folder = directory or QUERIES_DIR / "sparql"
    found = []
    for path in sorted(folder.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        header: dict[str, str] = {}
        key = None
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            body = line[1:]
            if body.startswith("   ") and key:
                header[key] += " " + body.strip()
                continue
            key, _, value = body.strip().partition(":")
            header[key] = value.strip()
        found.append(Example(path.stem, header.get("title", path.stem), header.get("description", ""), text))
    return found


__all__ = ["Example", "examples"]
