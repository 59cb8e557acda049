"""A draft checked the way `hdkg validate` checks a record file.

Items the draft leaves to the curator on purpose (quotes without an English rendering, a
status it could not find) are told apart from anything else, which would be a fault of the
draft itself.
"""

from __future__ import annotations

import copy
import tempfile
from pathlib import Path

from draft.emit import to_yaml
from loaders.load import check_inputs
from loaders.validate import Problem

#: Messages of problems the draft leaves for the curator on purpose.
LEFT_FOR_CURATOR = ("needs an 'english' rendering", "required field is missing", "unknown instrument-status",
                    "List should have at least", "a role needs")


def _problems(record: dict, name: str) -> list[Problem]:
    with tempfile.TemporaryDirectory(prefix="hdkg-draft-") as folder:
        path = Path(folder) / f"{name}.yaml"
        path.write_text(to_yaml(record, []), encoding="utf-8")
        good, failed, problems = check_inputs([path])
        return problems + [p for outcome in failed for p in outcome.problems]


def _with_renderings(record: dict) -> dict:
    """The record as it will be once the curator has rendered every quote in English."""
    filled = copy.deepcopy(record)

    def walk(node):
        if isinstance(node, dict):
            if "quote" in node and node.get("lang") != "en" and not node.get("english"):
                node["english"] = "(rendering)"
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(filled)
    return filled


def check_draft(record: dict, name: str = "draft") -> tuple[list[Problem], list[Problem]]:
    """(problems left for the curator, other problems) of a draft record."""
    as_is = _problems(record, name)
    left = [p for p in as_is if any(text in p.message for text in LEFT_FOR_CURATOR)]
    # Structural problems stop the deeper checks; run them again on the rendered record.
    other = [p for p in _problems(_with_renderings(record), name)
             if not any(text in p.message for text in LEFT_FOR_CURATOR)]
    return left, other
