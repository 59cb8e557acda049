"""POST /drafts: a report's text in, a draft record out, linked to the real graph, nothing written.

The reports are the invented fixtures of tests/fixtures/draft/ (see its README).
"""

from __future__ import annotations

import json

import neo4j
import pytest
import yaml
from fastapi.testclient import TestClient

from api.main import create_app
from hdkg import PROJECT_ROOT

FIXTURES = PROJECT_ROOT / "tests" / "fixtures" / "draft"


def _text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def _graph_counts(driver: neo4j.Driver, database: str) -> tuple[int, int]:
    records, _, _ = driver.execute_query("MATCH (n) RETURN count(n) AS nodes, COUNT { ()-->() } AS rels",
                                         database_=database)
    return records[0]["nodes"], records[0]["rels"]


def test_a_posted_report_gives_the_same_draft_as_the_command(client):
    answer = client.post("/drafts", json={"text": _text("en-signed.txt"), "link": False})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    (instrument,) = body["record"]["instruments"]
    assert instrument["type"] == "memorandum-of-understanding"
    assert instrument["status"] == "signed"
    assert {p["country"] for p in instrument["parties"]} == {"BY", "CU"}
    assert body["validation"]["validates"], body["validation"]["other"]
    assert body["linked"] is False
    assert yaml.safe_load(body["yaml"]) == body["record"]
    assert all(item["fact"] and item["rule"] for item in body["explain"])


def test_drafting_writes_nothing_to_the_graph(client, loaded_graph, settings):
    before = _graph_counts(loaded_graph, settings.neo4j_database)
    for name in ("en-signed.txt", "vi-link.txt", "ru-signed.txt"):
        assert client.post("/drafts", json={"text": _text(name)}).status_code == 200
    assert _graph_counts(loaded_graph, settings.neo4j_database) == before


def test_entities_the_graph_holds_are_referred_to_by_id(client):
    body = client.post("/drafts", json={"text": _text("vi-link.txt")}).json()
    assert body["linked"] is True
    ids = {o["id"] for o in body["record"].get("organizations", [])}
    assert "vn-ministry-of-health" in ids
    assert any("graph has this instrument" in item["reason"] for item in body["review"])


def test_html_is_read_as_a_page(client):
    body = client.post("/drafts", json={"text": _text("en-signed.html"), "format": "html", "link": False}).json()
    assert body["record"]["instruments"], body
    assert not any("<p>" in q for q in yaml.safe_dump(body["record"]).splitlines())


def test_the_published_date_and_url_reach_the_source(client):
    body = client.post("/drafts", json={"text": _text("en-signed.txt"), "link": False, "published": "2024-03-13",
                                        "url": "https://example.org/report"}).json()
    source = body["record"]["source"]
    assert source["published"] == "2024-03-13"
    assert source["url"] == "https://example.org/report"
    assert "document" not in source or source["document"] is None


def test_the_draft_file_itself_on_accept_yaml(client):
    answer = client.post("/drafts", json={"text": _text("en-signed.txt"), "link": False},
                         headers={"Accept": "application/yaml"})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/yaml")
    assert yaml.safe_load(answer.text)["instruments"][0]["status"] == "signed"


@pytest.mark.parametrize("body, field", [
    ({"text": "   \n"}, "text"),
    ({"text": "x", "language": "de"}, "language"),
    ({"text": "x", "published": "13/03/2024"}, "published"),
    ({"text": "x", "url": "ftp://example.org"}, "url"),
    ({"text": "x", "surprise": 1}, "surprise"),
])
def test_a_bad_request_names_the_field(client, body, field):
    answer = client.post("/drafts", json=body)
    assert answer.status_code == 422, answer.text
    assert field in answer.text


def test_an_unknown_format_is_refused_by_name(client):
    answer = client.post("/drafts?format=docx", json={"text": _text("en-signed.txt"), "link": False})
    assert answer.status_code == 400
    assert "docx" in answer.json()["error"]["message"]


def test_without_the_graph_the_draft_is_made_unlinked(settings):
    down = settings.model_copy(update={"bolt_port": 9})  # nothing listens there
    with TestClient(create_app(down)) as offline:
        answer = offline.post("/drafts", json={"text": _text("en-signed.txt")})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["linked"] is False
    assert any("not linked" in note for note in body["notes"])
    assert body["record"]["instruments"]


def test_the_route_is_documented(client):
    operation = client.get("/openapi.json").json()["paths"]["/drafts"]["post"]
    assert "application/yaml" in operation["responses"]["200"]["content"]
    assert "422" in operation["responses"]


@pytest.mark.parametrize("text", ["\u001b", "Belarus and Cuba signed\u0000 a memorandum.", "\ud800 signed",
                                  "<html><body></body></html>"])
def test_texts_no_record_can_hold_get_an_answer_not_a_crash(client, text):
    # As raw JSON: a lone surrogate is valid in a JSON string escape, not in a Python str sent as UTF-8.
    answer = client.post("/drafts", content=json.dumps({"text": text, "link": False}).encode("ascii"),
                         headers={"Content-Type": "application/json"})
    assert answer.status_code in (200, 422), answer.text
    if answer.status_code == 200:
        assert "\u0000" not in answer.json()["yaml"] and "\u001b" not in answer.json()["yaml"]


def test_a_refused_request_does_not_echo_the_whole_report(client):
    answer = client.post("/drafts", json={"text": "signed " * 20_000, "surprise": "x" * 50_000})
    assert answer.status_code == 422
    assert "surprise" in answer.text
    assert len(answer.content) < 5_000


@pytest.mark.parametrize("text", [":", "- [", "? x", "{a: 1}"])
def test_a_title_that_is_yaml_syntax_is_written_quoted(client, text):
    answer = client.post("/drafts", json={"text": text, "link": False})
    assert answer.status_code == 200, answer.text
    assert yaml.safe_load(answer.json()["yaml"]) == answer.json()["record"]
