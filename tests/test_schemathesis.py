"""Property-based requests generated from the OpenAPI schema find no server error."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error

from api.main import create_app
from graph import sparql_store
from hdkg.settings import get_settings

app = create_app(get_settings())
schema = schemathesis.openapi.from_asgi("/openapi.json", app)


@pytest.fixture(scope="module", autouse=True)
def curated_graph(loaded_graph):
    sparql_store.build(loaded_graph, get_settings())  # /sparql answers from a store built from the graph
    return loaded_graph


# Every operation of the schema, against the real Neo4j holding the curated records.
@schema.parametrize()
@hypothesis_settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_error(case):
    case.call_and_validate(checks=[not_a_server_error])
