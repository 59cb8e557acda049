"""Constraints and indexes, created idempotently before any write."""

from __future__ import annotations

import neo4j

from graph.model import Label

#: Every node kind is keyed by `id` (Country by its ISO alpha-2 code, also stored as `id`).
UNIQUE_ID_LABELS = tuple(Label)

#: Lookups the queries and the API make by something other than `id`.
PROPERTY_INDEXES = (
    (Label.COUNTRY, "alpha3"),
    (Label.COUNTRY, "name"),
    (Label.INSTRUMENT, "status"),
    (Label.INSTRUMENT, "type"),
    (Label.INSTRUMENT, "signed_year"),
    # Newest first: `instruments` reads the most recent in this index's order.
    (Label.INSTRUMENT, "signed_date"),
    # `multilateral` without a country or domain starts from the instruments with more than two parties.
    (Label.INSTRUMENT, "party_count"),
    (Label.ORGANIZATION, "kind"),
    (Label.ENGAGEMENT, "status"),
    (Label.SOURCE, "checksum"),
    # The loader's summaries, read by scope (graph/summaries.py).
    (Label.COUNTRY_SUMMARY, "scope"),
    (Label.PAIR_SUMMARY, "scope"),
    (Label.YEAR_SUMMARY, "domain"),
)

#: Lookups by several properties at once: a country's pairs within one scope (`cooperation`), its
#: organizations' summaries (`country_profile`).
COMPOSITE_INDEXES = (
    (Label.PAIR_SUMMARY, ("scope", "country_a")),
    (Label.PAIR_SUMMARY, ("scope", "country_b")),
    (Label.ORGANIZATION_SUMMARY, ("scope", "country")),
)


def schema_statements() -> list[str]:
    statements = [
        f"CREATE CONSTRAINT {label.lower()}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE"
        for label in UNIQUE_ID_LABELS
    ]
    statements += [
        f"CREATE INDEX {label.lower()}_{prop} IF NOT EXISTS FOR (n:{label}) ON (n.{prop})"
        for label, prop in PROPERTY_INDEXES
    ]
    statements += [
        f"CREATE INDEX {label.lower()}_{'_'.join(props)} IF NOT EXISTS FOR (n:{label}) "
        f"ON ({', '.join(f'n.{prop}' for prop in props)})"
        for label, props in COMPOSITE_INDEXES
    ]
    return statements


def ensure_schema(driver: neo4j.Driver, database: str) -> int:
    """Create what is missing and wait until every index is online; returns the count."""
    statements = schema_statements()
    with driver.session(database=database) as session:
        for statement in statements:
            session.run(statement).consume()
        session.run("CALL db.awaitIndexes(300)").consume()
    return len(statements)
