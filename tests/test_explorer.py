"""The explorer: its API (/network, /search, /network/instruments, /api) and the page at `/`,
driven in Debian's Chromium by Playwright against the real API and Neo4j with data/records/ loaded.

The browser tests serve the app with uvicorn on a free local port. Screenshots at 1280x800 go
to docs/img/ (shown in the README). `make test` installs Chromium and builds the page's bundle;
run `make web chromium` before running this file alone.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from playwright.sync_api import sync_playwright

from api.main import create_app
from api.routers.explorer import BUNDLE_DIR
from hdkg import PROJECT_ROOT
from hdkg.settings import Settings
from tests.conftest import SEED_RECORDS

#: The answers here were worked out by hand from the five seed reports: only their records are loaded.
GRAPH_RECORDS = SEED_RECORDS

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOTS = PROJECT_ROOT / "docs" / "img"
VIEWPORT = {"width": 1280, "height": 800}
ONCOLOGY_MOC = "az-ua-moc-oncology-centres"
AZ_UA = "country:AZ~country:UA"


def _pairs(body: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(edge["source"], edge["target"]): edge for edge in body["edges"]}


# -- the API the page reads -------------------------------------------------------------------

def test_api_index_moved_to_api_and_lists_the_endpoints(client):
    body = client.get("/api").json()
    paths = {link["path"] for link in body["endpoints"]}
    assert {"/network", "/search", "/network/instruments", "/countries/{code}", "/instruments/{instrument_id}"} <= paths
    assert body["docs"] == "/docs" and body["explorer"] == "/"


def test_home_page_is_the_explorer(client):
    if not (BUNDLE_DIR / "explorer.js").is_file():
        pytest.fail("the explorer bundle is not built: run `make web`")
    response = client.get("/")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert "/static/build/explorer.js" in response.text
    assert client.get("/static/build/explorer.js").status_code == 200


def test_network_of_countries_with_counts_and_statuses(client):
    body = client.get("/network").json()
    pairs = _pairs(body)
    assert set(pairs) == {("country:AZ", "country:UA"), ("country:BY", "country:VN")}
    az_ua = pairs["country:AZ", "country:UA"]
    assert az_ua["instrument_count"] == 6 and ONCOLOGY_MOC in az_ua["instrument_ids"]
    assert az_ua["statuses"] == [{"status": "signed", "instruments": 6}]
    nodes = {node["key"]: node for node in body["nodes"]}
    assert set(nodes) == {"country:AZ", "country:UA", "country:BY", "country:VN"}
    assert nodes["country:UA"]["name"] == "Ukraine" and nodes["country:UA"]["partner_count"] == 1
    # Kazakhstan's only instrument has one party country: no pair among states.
    assert "country:KZ" not in nodes


@pytest.mark.parametrize("domain", ["oncology", "онкология", "cancer"])
def test_network_filtered_to_oncology(client, domain):
    body = client.get("/network", params={"domain": domain}).json()
    assert body["params"]["domain"] == "oncology"
    (edge,) = body["edges"]
    assert (edge["source"], edge["target"]) == ("country:AZ", "country:UA")
    assert edge["instrument_ids"] == [ONCOLOGY_MOC]


def test_a_broader_domain_includes_oncology(client):
    (edge,) = client.get("/network", params={"domain": "clinical-medicine"}).json()["edges"]
    assert ONCOLOGY_MOC in edge["instrument_ids"] and edge["instrument_count"] == 4


def test_network_years_and_type(client):
    # The AZ-UA instruments are undated, so a year range drops them.
    (edge,) = client.get("/network", params={"from_year": 2024, "to_year": 2024}).json()["edges"]
    assert (edge["source"], edge["target"]) == ("country:BY", "country:VN")
    assert (edge["first_year"], edge["last_year"]) == (2024, 2024)
    assert client.get("/network", params={"to_year": 2023}).json()["edges"] == []
    body = client.get("/network", params={"type": "memorandum-of-cooperation"}).json()
    (edge,) = body["edges"]
    assert edge["instrument_count"] == 4 and {t["type"] for t in edge["types"]} == {"memorandum-of-cooperation"}


def test_network_status_filter(client):
    assert client.get("/network", params={"statuses": "proposed"}).json()["edges"] == []
    both = client.get("/network", params=[("statuses", "proposed"), ("statuses", "signed")]).json()
    assert both["params"]["statuses"] == ["proposed", "signed"] and len(both["edges"]) == 2


def test_non_state_parties_on_request(client):
    body = client.get("/network", params={"parties": "all"}).json()
    pairs = _pairs(body)
    edge = pairs["country:KZ", "organization:astrazeneca-kazakhstan"]
    assert edge["instrument_ids"] == ["kz-mou-ministry-astrazeneca-2021"]
    nodes = {node["key"]: node for node in body["nodes"]}
    assert nodes["organization:astrazeneca-kazakhstan"]["non_state"] is True
    assert nodes["organization:astrazeneca-kazakhstan"]["country"] == "KZ"
    assert nodes["country:KZ"]["non_state"] is False


def test_organization_level(client):
    body = client.get("/network", params={"level": "organization", "domain": "oncology"}).json()
    (edge,) = body["edges"]
    assert (edge["source"], edge["target"]) == ("organization:az-national-oncology-center",
                                                "organization:ua-national-cancer-institute")
    # Without non-state parties, the company office stays out; the ministry is there.
    keys = {node["key"] for node in client.get("/network", params={"level": "organization"}).json()["nodes"]}
    assert "organization:astrazeneca-kazakhstan" not in keys and "organization:by-ministry-of-health" in keys


@pytest.mark.parametrize(("params", "status", "code"), [
    ({"statuses": "sgned"}, 422, "invalid_parameter"),
    ({"level": "planet"}, 422, "invalid_parameter"),
    ({"parties": "some"}, 422, "invalid_parameter"),
    ({"from_year": "soon"}, 422, "invalid_parameter"),
    ({"domain": "oncolgy"}, 404, "unknown_domain"),
    ({"type": "treaty"}, 422, "invalid_parameter"),
])
def test_network_rejects_bad_parameters_by_name(client, params, status, code):
    response = client.get("/network", params=params)
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] == code and next(iter(params)) in error["message"]


@pytest.mark.parametrize(("text", "kind", "expected"), [
    ("Україна", "country", "UA"),
    ("Вьетнам", "country", "VN"),
    ("Việt Nam", "country", "VN"),
    ("UKR", "country", "UA"),
    ("astrazeneca", "organization", "astrazeneca"),
    ("Okhmatdyt", "organization", "ua-okhmatdyt-childrens-hospital"),
])
def test_search_finds_parties_by_any_name(client, text, kind, expected):
    body = client.get("/search", params={"q": text}).json()
    first = body["rows"][0]
    assert (first["kind"], first["id"]) == (kind, expected), body["rows"][:3]
    assert first["matched"]


def test_search_says_when_nothing_matches(client):
    assert client.get("/search", params={"q": "Atlantis-on-Sea"}).json()["rows"] == []
    assert client.get("/search", params={"q": ""}).status_code == 422


def test_instruments_in_full_with_quotes(client):
    body = client.get("/network/instruments", params={"id": f"{ONCOLOGY_MOC},by-vn-mou-health-cooperation-2024,nope"}).json()
    assert body["missing"] == ["nope"]
    by_id = {i["id"]: i for i in body["instruments"]}
    quotes = [q for s in by_id[ONCOLOGY_MOC]["sources"] for q in s["quotes"]]
    assert any("National Oncology Center" in q["quote"] for q in quotes)
    vi = [q for s in by_id["by-vn-mou-health-cooperation-2024"]["sources"] for q in s["quotes"] if q["lang"] == "vi"]
    assert vi and all(q["english"] for q in vi)
    too_many = client.get("/network/instruments", params={"id": ",".join(f"x{n}" for n in range(101))})
    assert too_many.status_code == 422 and too_many.json()["error"]["details"]["max"] == 100


# -- the page in a real browser ---------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(loaded_graph, settings: Settings) -> Iterator[str]:
    if not (BUNDLE_DIR / "explorer.js").is_file():
        pytest.fail("the explorer bundle is not built: run `make web`")
    port = _free_port()
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not uv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    uv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `make chromium` installs Debian's chromium package")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


class Console:
    """Every console message and uncaught error of a page, for the no-errors check."""

    def __init__(self, page) -> None:
        self.messages: list[tuple[str, str]] = []
        page.on("console", lambda message: self.messages.append((message.type, message.text)))
        page.on("pageerror", lambda error: self.messages.append(("pageerror", str(error))))
        page.on("requestfailed", lambda request: self.messages.append(("requestfailed", request.url)))

    def problems(self) -> list[tuple[str, str]]:
        return [(kind, text) for kind, text in self.messages if kind in ("error", "warning", "pageerror", "requestfailed")]


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport=VIEWPORT, base_url=server)
    tab = context.new_page()
    tab.console = Console(tab)
    # Only this machine: any request elsewhere fails the test.
    outside: list[str] = []

    def route(request_route):
        if request_route.request.url.startswith(server):
            request_route.continue_()
        else:
            outside.append(request_route.request.url)
            request_route.abort()

    tab.route("**/*", route)
    yield tab
    problems = tab.console.problems()
    context.close()
    assert not outside, f"the page reached outside: {outside}"
    assert not problems, f"console errors: {problems}"


def _ready(page) -> None:
    page.wait_for_function("window.hdkgExplorer && window.hdkgExplorer.ready === true", timeout=20000)


def _open(page, path: str = "/") -> None:
    page.goto(path)
    _ready(page)


def _network(page) -> tuple[set[str], set[str]]:
    element = page.locator("#network")
    nodes = set((element.get_attribute("data-nodes") or "").split())
    edges = set((element.get_attribute("data-edges") or "").split())
    drawn = page.evaluate("() => window.hdkgExplorer.page.network.cy.nodes().map((n) => n.id())")
    assert set(drawn) == nodes, "the picture and the page's list of parties differ"
    return nodes, edges


def _screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name))


def _click_edge(page, edge_id: str) -> None:
    """A real mouse click on the drawn line, at its midpoint on the canvas."""
    point = page.evaluate("(id) => window.hdkgExplorer.page.network.cy.getElementById(id).renderedMidpoint()", edge_id)
    box = page.locator("#network").bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    _ready(page)


def _click_node(page, node_id: str) -> None:
    point = page.evaluate("(id) => window.hdkgExplorer.page.network.cy.getElementById(id).renderedPosition()", node_id)
    box = page.locator("#network").bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    _ready(page)


def test_home_shows_the_network_of_countries(page):
    _open(page)
    nodes, edges = _network(page)
    assert nodes == {"country:AZ", "country:UA", "country:BY", "country:VN"}
    assert edges == {AZ_UA, "country:BY~country:VN"}
    assert "4 countries, 2 pairs" in page.locator("#summary").inner_text()
    assert "4 countries, 2 pairs" in page.locator("#network").get_attribute("aria-label")
    calls = page.evaluate("() => window.hdkgExplorer.apiCalls")
    assert len(calls) <= 5 and any(call.startswith("/network") for call in calls), calls
    _screenshot(page, "explorer-home.png")


def test_filtering_to_oncology_leaves_azerbaijan_and_ukraine(page):
    _open(page)
    page.select_option("#f-domain", "oncology")
    _ready(page)
    page.wait_for_function("document.querySelector('#network').dataset.edges === 'country:AZ~country:UA'")
    nodes, edges = _network(page)
    assert nodes == {"country:AZ", "country:UA"} and edges == {AZ_UA}
    assert "domain=oncology" in page.url
    # Other filters change it too: a year range drops the undated AZ-UA instruments.
    page.fill("#f-from", "2020")
    page.press("#f-from", "Tab")
    _ready(page)
    page.wait_for_function("document.querySelector('#network').dataset.edges === ''")
    assert "statuses" not in page.url  # the default statuses stay out of the permalink
    page.click("#tab-table")
    assert "No pair matches" in page.locator("#pairs").inner_text()
    page.click("#tab-network")
    page.fill("#f-from", "")
    page.press("#f-from", "Tab")
    _ready(page)
    page.wait_for_function("document.querySelector('#network').dataset.edges === 'country:AZ~country:UA'")


def test_non_state_parties_and_organizations_in_the_browser(page):
    _open(page)
    page.check("input[name=parties][value=all]")
    _ready(page)
    page.wait_for_function("document.querySelector('#network').dataset.nodes.includes('astrazeneca-kazakhstan')")
    assert "parties=all" in page.url
    page.check("input[name=level][value=organization]")
    _ready(page)
    page.wait_for_function("document.querySelector('#network').dataset.nodes.includes('organization:az-national-oncology-center')")
    nodes, _ = _network(page)
    assert "country:AZ" in nodes  # the earlier agreement names no organization, so the country stands for it


def test_clicking_the_azerbaijan_ukraine_edge_shows_the_oncology_memorandum(page):
    _open(page, "/?domain=oncology")
    _click_edge(page, AZ_UA)
    card = page.locator(f"article[data-instrument='{ONCOLOGY_MOC}']")
    card.wait_for()
    text = card.inner_text()
    assert "National Oncology Center" in text and "National Cancer Institute" in text
    assert "AZERTAC" in text
    assert card.locator("blockquote.original").count() >= 1
    assert "Status history" in text or "Status: signed" in text
    assert "show=edge" in page.url
    _screenshot(page, "explorer-oncology.png")


def test_quotes_in_another_language_stand_beside_the_english(page):
    _open(page, "/?show=edge:country:BY~country:VN")
    card = page.locator("article[data-instrument='by-vn-mou-health-cooperation-2024']")
    card.wait_for()
    pair = card.locator("figure.quote.two").first
    assert pair.locator("blockquote.original").get_attribute("lang") == "vi"
    assert pair.locator("blockquote.english").get_attribute("lang") == "en"
    assert "Vietnamese" in pair.text_content() and "English" in pair.text_content()


def test_a_permalink_restores_the_same_view(page):
    _open(page, "/?domain=oncology")
    _click_edge(page, AZ_UA)
    page.locator(f"article[data-instrument='{ONCOLOGY_MOC}']").wait_for()
    page.click("#tab-table")
    url = page.url
    assert "view=table" in url and "domain=oncology" in url and "show=edge" in url
    other = page.context.new_page()
    other.console = Console(other)
    other.goto(url)
    _ready(other)
    assert other.locator("#f-domain").input_value() == "oncology"
    assert other.locator("#panel-table").is_visible() and not other.locator("#panel-network").is_visible()
    assert other.locator("#pairs tbody tr").count() == 1
    other.locator(f"article[data-instrument='{ONCOLOGY_MOC}']").wait_for()
    assert other.evaluate("() => window.hdkgExplorer.page.network.cy.$(':selected').map((e) => e.id())") == [AZ_UA]
    assert not other.console.problems()
    other.close()
    # Back and forward follow the history of views.
    page.go_back()
    _ready(page)
    assert page.locator("#panel-network").is_visible()


def test_clicking_a_country_shows_its_profile_and_timeline(page):
    _open(page)
    _click_node(page, "country:VN")
    profile = page.locator(".profile[data-country='VN']")
    profile.wait_for()
    text = profile.inner_text()
    assert "Viet" in text and "Belarus" in text and "health cooperation" in text.lower()
    chart = profile.locator("figure.chart svg")
    assert chart.get_attribute("aria-label") == "Instruments of Vietnam by year signed"
    assert "2024: 1" in (chart.get_attribute("aria-description") or "")
    # A partner opens the pair's instruments.
    profile.get_by_role("button", name=re.compile("^Belarus: 1 instrument")).click()
    _ready(page)
    page.locator("article[data-instrument='by-vn-mou-health-cooperation-2024']").wait_for()


def test_an_instrument_page_links_its_rdf_and_lineage(page):
    _open(page, "/?show=edge:country:AZ~country:UA")
    page.locator("article[data-instrument='az-ua-agreement-health-medical-science'] h4 button").click()
    _ready(page)
    page_view = page.locator(".instrument-page[data-instrument='az-ua-agreement-health-medical-science']")
    page_view.wait_for()
    assert "show=instrument:az-ua-agreement-health-medical-science" in page.url
    rdf = page_view.get_by_role("link", name="Turtle").get_attribute("href")
    assert rdf == "/id/instrument/az-ua-agreement-health-medical-science?format=turtle"
    response = page.request.get(rdf)
    assert response.status == 200 and "az-ua-agreement-health-medical-science" in response.text()
    lineage = page_view.locator("ol.lineage")
    assert "generation 1" in lineage.inner_text() and "generation 2" in lineage.inner_text()
    assert page_view.get_by_role("button", name="az-ua-agreement-health-medical-science-earlier").count() == 1
    _screenshot(page, "explorer-instrument.png")


def test_the_search_box_finds_a_country_by_a_name_in_any_language(page):
    _open(page)
    page.fill("#search-input", "Україна")
    option = page.locator("#search-results [role=option]").first
    option.wait_for()
    assert "Ukraine" in option.inner_text()
    page.press("#search-input", "ArrowDown")
    assert page.get_attribute("#search-input", "aria-activedescendant") == "search-option-0"
    page.press("#search-input", "Enter")
    _ready(page)
    page.locator(".profile[data-country='UA']").wait_for()
    assert "show=country:UA" in page.url
    # An organization, by part of its name.
    page.fill("#search-input", "Okhmatdyt")
    page.locator("#search-results [role=option]").first.wait_for()
    page.press("#search-input", "Enter")
    _ready(page)
    profile = page.locator(".profile[data-organization='ua-okhmatdyt-childrens-hospital']")
    profile.wait_for()
    assert "Farajova" in profile.inner_text()


def test_an_organization_with_more_instruments_than_a_page_says_so(page):
    # A made-up /instruments answer (test data, not the graph's): two rows of a longer list.
    rows = [{"id": f"made-up-{n}", "title": f"Made-up instrument {n}", "signed_date": f"{2020 - n}-01-01",
             "signed_year": 2020 - n, "status": "signed"} for n in range(2)]

    def longer(route):
        route.fulfill(json={"query": "instruments", "params": {}, "total": None, "offset": 0, "limit": 200,
                            "has_more": True, "truncated": False, "rows": rows})

    page.route(lambda url: "/instruments?" in url and "organization=" in url, longer)
    _open(page, "/?show=organization:ua-okhmatdyt-childrens-hospital")
    profile = page.locator(".profile[data-organization='ua-okhmatdyt-childrens-hospital']")
    profile.wait_for()
    assert "More than 2 instruments of the chosen statuses: the chart and the list show the 2 most recent." \
        in profile.inner_text()
    assert profile.locator("figure.chart svg").get_attribute("aria-description") == "2019: 1, 2020: 1"


def test_keyboard_reaches_every_control_and_opens_a_profile(page):
    _open(page)
    controls = page.evaluate("""() => [...document.querySelectorAll('input, select, button, a[href], [tabindex="0"]')]
        .filter((e) => !e.closest('[hidden]') && e.tabIndex >= 0 && !(e.type === 'radio' && !e.checked))
        .map((e) => e.id || e.getAttribute('href') || e.name + ':' + e.value)""")
    reached: list[str] = []
    for _ in range(len(controls) + 10):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("""() => { const e = document.activeElement;
            return e.id || e.getAttribute('href') || e.name + ':' + e.value; }"""))
    missing = [control for control in controls if control not in reached]
    assert not missing, f"not reachable with Tab: {missing}"
    assert {"search-input", "f-domain", "f-from", "f-to", "f-type", "f-reset", "f-copy", "tab-network", "network"} <= set(reached)
    # Radio groups move with the arrow keys, as in any form.
    page.focus("input[name=parties][value=states]")
    page.keyboard.press("ArrowDown")
    _ready(page)
    assert "parties=all" in page.url
    # The network itself: arrows move between parties, Enter opens the profile.
    page.focus("#network")
    page.keyboard.press("ArrowRight")
    assert "Enter opens the profile" in page.locator("#summary").inner_text()
    page.keyboard.press("Enter")
    _ready(page)
    page.locator("#detail .profile").wait_for()
    # The tabs follow the arrow keys too.
    page.focus("#tab-network")
    page.keyboard.press("ArrowRight")
    assert page.locator("#panel-table").is_visible()
    assert page.evaluate("() => document.activeElement.id") == "tab-table"


def test_the_table_lists_the_same_pairs_and_opens_them(page):
    _open(page, "/?view=table")
    rows = page.locator("#pairs tbody tr")
    assert rows.count() == 2
    assert {rows.nth(i).get_attribute("data-edge") for i in range(2)} == set(_network(page)[1])
    page.get_by_role("button", name="6 instruments between Azerbaijan and Ukraine").click()
    _ready(page)
    page.locator(f"article[data-instrument='{ONCOLOGY_MOC}']").wait_for()


def test_a_large_network_draws_its_busiest_pairs_straight(page):
    _open(page)
    # A made-up answer of /network (test data, not the graph's): 300 parties, 1,500 pairs, busiest first.
    drawn = page.evaluate("""() => {
        const nodes = Array.from({length: 300}, (_, n) => ({key: `country:X${n}`, kind: "country", id: `X${n}`,
            name: `Party ${n}`, country: null, organization_kind: null, non_state: false,
            instrument_count: 300 - n, partner_count: 1}));
        const edges = Array.from({length: 1500}, (_, n) => ({source: `country:X${n % 300}`,
            target: `country:X${(n % 300 + Math.floor(n / 300) + 1) % 300}`, instrument_count: 1500 - n, instrument_ids: [],
            statuses: [{status: "signed", instruments: 1500 - n}], types: [], first_year: null, last_year: null}));
        const cy = window.hdkgExplorer.page.network.cy;
        window.hdkgExplorer.page.network.show({nodes, edges});
        const shown = cy.edges();
        return {count: shown.length, straight: shown.filter((e) => e.hasClass("straight")).length,
                least: Math.min(...shown.map((e) => e.data("count"))), labelled: shown.filter((e) => e.data("labelled")).length,
                nodes: cy.nodes().length};
    }""")
    assert drawn == {"count": 1000, "straight": 1000, "least": 501, "labelled": 0, "nodes": 300}


def test_api_errors_are_shown_not_thrown(page):
    _open(page, "/?domain=no-such-domain")
    alert = page.locator("#error")
    alert.wait_for()
    assert "no-such-domain" in alert.inner_text()
    # The failed request is the page's own 404, reported to the person; nothing else may fail.
    page.console.messages = [(kind, text) for kind, text in page.console.messages
                             if not (kind == "error" and "404" in text)]


def test_screenshots_are_1280x800_pngs():
    for name in ("explorer-home.png", "explorer-oncology.png", "explorer-instrument.png"):
        data = (SCREENSHOTS / name).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        assert (width, height) == (VIEWPORT["width"], VIEWPORT["height"])


def test_npm_packages_are_pinned_and_locked():
    # package.json pins exact versions; the lockfile matches it.
    package = json.loads((PROJECT_ROOT / "web" / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((PROJECT_ROOT / "web" / "package-lock.json").read_text(encoding="utf-8"))
    for section in ("dependencies", "devDependencies"):
        for name, version in package[section].items():
            assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"{name} is not pinned: {version}"
            assert lock["packages"][f"node_modules/{name}"]["version"] == version
