"""Health diplomacy knowledge graph."""

from pathlib import Path

__version__ = "0.1.0"

#: The repository root: ontology/, data/ and queries/ are read from here.
PROJECT_ROOT = Path(__file__).resolve().parent.parent
