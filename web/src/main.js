// The explorer page: filters -> /network -> the picture and the table; clicks -> the detail panel.
// Everything shown comes from the public API; the page holds only the view's state (in the URL).

import "./style.css";
import { ApiError, apiCalls, get } from "./api.js";
import { countryProfile, edgeDetail, instrumentPage, organizationProfile } from "./detail.js";
import { h, words, years } from "./dom.js";
import { DRAWN_MAX_EDGES, GROUPS, createNetwork, statusGroup } from "./network.js";
import { FILTERS, edgeId, networkParams, readState, stateUrl } from "./state.js";

const $ = (selector) => document.querySelector(selector);

const page = {
  defaults: null,
  state: null,
  view: null, // the last /network answer
  nodes: new Map(),
  edges: new Map(),
  network: null,
  names: new Map(), // organization names seen in search results and profiles
  loads: 0,
};

// For tests and the curious: the API calls made, the picture, and whether a view is ready.
window.hdkgExplorer = { apiCalls, page, ready: false };

function setBusy(busy) {
  document.body.dataset.state = busy ? "loading" : "ready";
  window.hdkgExplorer.ready = !busy;
}

function showError(error) {
  const box = $("#error");
  if (!error) {
    box.hidden = true;
    box.textContent = "";
    return;
  }
  box.hidden = false;
  box.textContent = error instanceof ApiError ? `The API says: ${error.message}` : `Something went wrong: ${error.message}`;
}

function announce(text) {
  $("#summary").textContent = text;
}

// -- options from the API -------------------------------------------------------------------

function paramSchema(catalog, query, name) {
  const q = catalog.queries.find((item) => item.name === query);
  const p = q.params.find((item) => item.name === name);
  return p;
}

function enumOf(schema) {
  if (schema.enum) return schema.enum;
  if (schema.items) return enumOf(schema.items);
  for (const alt of schema.anyOf || []) {
    const found = enumOf(alt);
    if (found) return found;
  }
  return null;
}

function fillDomains(domains) {
  const select = $("#f-domain");
  const byId = new Map(domains.map((d) => [d.id, d]));
  const seen = new Set();
  const add = (domain, depth) => {
    if (seen.has(domain.id)) return;
    seen.add(domain.id);
    const count = domain.instruments_including_narrower;
    select.append(h("option", { value: domain.id }, `${"\u2003".repeat(depth)}${domain.label || domain.id} (${count})`));
    for (const child of domain.narrower) if (byId.has(child)) add(byId.get(child), depth + 1);
  };
  for (const root of domains.filter((d) => !d.broader.length)) add(root, 0);
  for (const rest of domains) add(rest, 0);
}

function fillStatuses(statuses) {
  const box = $("#f-statuses");
  // In the legend's order: in force, approved, proposed, ended.
  const ordered = [...statuses].sort((a, b) => GROUPS.indexOf(statusGroup(a)) - GROUPS.indexOf(statusGroup(b)));
  for (const status of ordered) {
    const id = `f-status-${status}`;
    box.append(h("label", { for: id }, h("input", { type: "checkbox", id, name: "statuses", value: status }),
      h("span", { className: `swatch s-${statusGroup(status)}`, "aria-hidden": "true" }), ` ${words(status)}`));
  }
}

function fillTypes(types) {
  const select = $("#f-type");
  for (const type of types) select.append(h("option", { value: type }, words(type)));
}

// -- state <-> form -------------------------------------------------------------------------

function writeForm(state) {
  $("#f-domain").value = state.domain;
  $("#f-from").value = state.from_year;
  $("#f-to").value = state.to_year;
  $("#f-type").value = state.type;
  for (const box of document.querySelectorAll("input[name=statuses]")) box.checked = state.statuses.includes(box.value);
  for (const radio of document.querySelectorAll("input[name=parties]")) radio.checked = radio.value === state.parties;
  for (const radio of document.querySelectorAll("input[name=level]")) radio.checked = radio.value === state.level;
  showTab(state.view, false);
}

function readForm() {
  return {
    ...page.state,
    domain: $("#f-domain").value,
    from_year: $("#f-from").value,
    to_year: $("#f-to").value,
    type: $("#f-type").value,
    statuses: [...document.querySelectorAll("input[name=statuses]:checked")].map((box) => box.value),
    parties: document.querySelector("input[name=parties]:checked").value,
    level: document.querySelector("input[name=level]:checked").value,
  };
}

function pushState(state, replace = false) {
  page.state = state;
  const url = stateUrl(state, page.defaults);
  if (url !== window.location.pathname + window.location.search) {
    window.history[replace ? "replaceState" : "pushState"](null, "", url);
  }
}

// -- the network and the table ---------------------------------------------------------------

function nodeName(key) {
  const node = page.nodes.get(key);
  if (node) return node.name || node.id;
  const [kind, id] = splitKey(key);
  return (kind === "organization" && page.names.get(id)) || id;
}

function splitKey(key) {
  const at = key.indexOf(":");
  return [key.slice(0, at), key.slice(at + 1)];
}

function showTable() {
  if (page.view && page.tableFor !== page.view) {
    renderTable(page.view);
    page.tableFor = page.view;
  }
}

function renderTable(view) {
  const body = $("#pairs tbody");
  body.replaceChildren(...view.edges.map((edge) => h("tr", { dataset: { edge: edgeId(edge.source, edge.target) } },
    h("td", {}, h("button", { type: "button", className: "link", onclick: () => openParty(edge.source) }, nodeName(edge.source))),
    h("td", {}, h("button", { type: "button", className: "link", onclick: () => openParty(edge.target) }, nodeName(edge.target))),
    h("td", {}, h("button", { type: "button", className: "link", "aria-label":
      `${edge.instrument_count} instruments between ${nodeName(edge.source)} and ${nodeName(edge.target)}`,
      onclick: () => openEdge(edge.source, edge.target) }, String(edge.instrument_count))),
    h("td", {}, edge.statuses.map((s) => `${words(s.status)} ${s.instruments}`).join(", ")),
    h("td", {}, years(edge.first_year, edge.last_year)))));
  if (!view.edges.length) body.append(h("tr", {}, h("td", { colspan: 5 }, "No pair matches these filters.")));
}

async function loadNetwork(answer = null) {
  const state = page.state;
  const load = ++page.loads;
  if (!state.statuses.length) {
    announce("Choose at least one status.");
    return;
  }
  setBusy(true);
  showError(null);
  try {
    const view = await (answer || get("/network", networkParams(state)));
    if (load !== page.loads) return; // a later change has superseded this answer
    performance.mark("network-answered");
    page.view = view;
    page.nodes = new Map(view.nodes.map((n) => [n.key, n]));
    page.edges = new Map(view.edges.map((e) => [edgeId(e.source, e.target), e]));
    page.network.show(view);
    performance.mark("network-drawn");
    // The table is built when it is shown: thousands of rows cost more than the picture.
    page.tableFor = null;
    if (state.view === "table") showTable();
    const partyWord = state.level === "organization" ? "parties" : "countries";
    const count = (n) => n.toLocaleString("en");
    const text = `${count(view.nodes.length)} ${partyWord}, ${count(view.edges.length)} pair${view.edges.length === 1 ? "" : "s"}` +
      (view.edges.length > DRAWN_MAX_EDGES ? ` (the busiest ${DRAWN_MAX_EDGES.toLocaleString("en")} drawn; the table lists all)` : "") +
      (view.truncated ? " (cut at the server's row cap: narrow the filters)" : "") + ".";
    announce(text);
    $("#network").setAttribute("aria-label", `Cooperation network: ${text} The table view lists the same pairs.`);
    $("#network").dataset.nodes = view.nodes.map((n) => n.key).join(" ");
    $("#network").dataset.edges = view.edges.map((e) => edgeId(e.source, e.target)).join(" ");
    await showDetail(state.show, false);
  } catch (error) {
    showError(error);
    announce("The network could not be loaded.");
  } finally {
    if (load === page.loads) setBusy(false);
  }
}

// -- the detail panel ------------------------------------------------------------------------

const actions = {
  instrument: (id) => openDetail(`instrument:${id}`),
  edge: (source, target) => openEdge(source, target),
  domain: (id) => { $("#f-domain").value = id; onFilters(); },
  organization: (id, name) => { if (name) page.names.set(id, name); openDetail(`organization:${id}`); },
};

function openParty(key) {
  openDetail(key);
}

function openEdge(source, target) {
  const [a, b] = source < target ? [source, target] : [target, source];
  openDetail(`edge:${edgeId(a, b)}`);
}

async function openDetail(show) {
  pushState({ ...page.state, show });
  setBusy(true);
  try {
    await showDetail(show, true);
  } finally {
    setBusy(false);
  }
}

async function showDetail(show, focus) {
  const body = $("#detail-body");
  showError(null);
  if (!show) {
    page.network.select([]);
    body.replaceChildren(h("p", { className: "hint" }, "Choose a country, a line or a row to see its profile, instruments and sources."));
    return;
  }
  const at = show.indexOf(":");
  const kind = show.slice(0, at);
  const rest = show.slice(at + 1);
  try {
    let content;
    if (kind === "country") {
      page.network.select([show]);
      content = await countryProfile(rest, page.state, actions);
    } else if (kind === "organization") {
      page.network.select([show]);
      content = await organizationProfile(rest, page.names.get(rest) || nodeName(show), page.state, actions);
    } else if (kind === "edge") {
      const edge = page.edges.get(rest);
      if (!edge) {
        const [a, b] = rest.split("~");
        content = h("p", {}, `No instrument between ${nodeName(a)} and ${nodeName(b)} matches these filters.`);
      } else {
        page.network.select([rest]);
        content = await edgeDetail(edge, nodeName, actions);
      }
    } else if (kind === "instrument") {
      content = await instrumentPage(rest, actions);
    } else {
      content = h("p", {}, `Nothing to show for "${show}".`);
    }
    body.replaceChildren(content);
    if (focus) $("#detail").focus();
  } catch (error) {
    body.replaceChildren(h("p", {}, error.message));
    showError(error);
  }
}

// -- tabs ------------------------------------------------------------------------------------

function showTab(view, push = true) {
  const table = view === "table";
  $("#tab-network").setAttribute("aria-selected", String(!table));
  $("#tab-table").setAttribute("aria-selected", String(table));
  $("#tab-network").tabIndex = table ? -1 : 0;
  $("#tab-table").tabIndex = table ? 0 : -1;
  $("#panel-network").hidden = table;
  $("#panel-table").hidden = !table;
  if (!table && page.network) page.network.cy.resize();
  if (table) showTable();
  if (push) pushState({ ...page.state, view: table ? "table" : "network" });
}

function wireTabs() {
  const tabs = [$("#tab-network"), $("#tab-table")];
  tabs.forEach((tab, index) => {
    tab.addEventListener("click", () => showTab(index ? "table" : "network"));
    tab.addEventListener("keydown", (event) => {
      if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") return;
      event.preventDefault();
      const other = tabs[1 - index];
      other.focus();
      showTab(other === tabs[1] ? "table" : "network");
    });
  });
}

// -- search ----------------------------------------------------------------------------------

function wireSearch() {
  const input = $("#search-input");
  const list = $("#search-results");
  let timer = null;
  let active = -1;
  let asked = 0;
  const close = () => {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  };
  const choose = (row) => {
    close();
    input.value = row.name || row.id;
    if (row.kind === "organization") page.names.set(row.id, row.name);
    openDetail(`${row.kind}:${row.id}`);
  };
  const highlight = (index) => {
    const options = [...list.children].filter((li) => li.getAttribute("role") === "option");
    if (!options.length) return;
    active = (index + options.length) % options.length;
    options.forEach((li, i) => li.setAttribute("aria-selected", String(i === active)));
    input.setAttribute("aria-activedescendant", options[active].id);
  };
  const search = async () => {
    const text = input.value.trim();
    if (!text) return close();
    const ask = ++asked;
    try {
      const answer = await get("/search", { q: text, limit: 10 });
      if (ask !== asked) return;
      const rows = answer.rows;
      list.replaceChildren(...(rows.length ? rows.map((row, i) => h("li", {
        role: "option", id: `search-option-${i}`, "aria-selected": "false", dataset: { key: `${row.kind}:${row.id}` },
        onmousedown: (event) => { event.preventDefault(); choose(row); },
      }, h("strong", {}, row.name || row.id),
        h("span", { className: "hint" }, ` ${row.kind === "country" ? row.id : words(row.organization_kind)}` +
          (row.matched && row.matched !== row.name ? ` · “${row.matched}”` : "") + ` · ${row.instruments} instruments`)))
        : [h("li", { className: "hint", role: "presentation" }, `No country or organization is called “${text}”.`)]));
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      active = -1;
      list.results = rows;
    } catch (error) {
      showError(error);
    }
  };
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(search, 200);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown") { event.preventDefault(); highlight(active + 1); }
    else if (event.key === "ArrowUp") { event.preventDefault(); highlight(active - 1); }
    else if (event.key === "Escape") close();
    else if (event.key === "Enter") {
      event.preventDefault();
      const rows = list.results || [];
      if (rows.length) choose(rows[Math.max(active, 0)]);
    }
  });
  input.addEventListener("blur", () => setTimeout(close, 150));
}

// -- wiring ----------------------------------------------------------------------------------

function firstNetworkParams(location) {
  const given = new URLSearchParams(location.search);
  const params = {};
  for (const key of FILTERS) if (given.get(key)) params[key] = given.getAll(key).join(",");
  return params;
}

function onFilters() {
  pushState({ ...readForm() });
  loadNetwork();
}

async function start() {
  setBusy(true);
  page.network = createNetwork($("#network"), {
    node: (key) => openParty(key),
    edge: (source, target) => openEdge(source, target),
    announce,
  });
  // The first network is asked for at once, with the filters the URL gives (the API applies its
  // defaults to the rest), while the vocabularies come from the query catalog and the domain
  // tree from /domains.
  const first = get("/network", firstNetworkParams(window.location));
  first.catch(() => {}); // reported when loadNetwork awaits it
  try {
    const [catalog, domains] = await Promise.all([get("/queries"), get("/domains", { limit: 1000 })]);
    performance.mark("options-answered");
    const statuses = paramSchema(catalog, "network", "statuses");
    page.defaults = {
      domain: "", from_year: "", to_year: "", type: "", show: "", view: "network",
      statuses: statuses.default,
      level: paramSchema(catalog, "network", "level").default,
      parties: paramSchema(catalog, "network", "parties").default,
    };
    fillDomains(domains.rows);
    fillStatuses(enumOf(statuses.schema));
    fillTypes(enumOf(paramSchema(catalog, "network", "type").schema));
  } catch (error) {
    showError(error);
    setBusy(false);
    return;
  }
  page.state = readState(window.location, page.defaults);
  writeForm(page.state);
  wireTabs();
  wireSearch();
  const form = $("#filters");
  form.addEventListener("change", onFilters);
  form.addEventListener("submit", (event) => event.preventDefault());
  $("#f-reset").addEventListener("click", () => {
    page.state = { ...page.defaults, statuses: [...page.defaults.statuses], view: page.state.view };
    writeForm(page.state);
    onFilters();
  });
  $("#f-copy").addEventListener("click", async () => {
    const url = window.location.href;
    try {
      await navigator.clipboard.writeText(url);
      $("#copy-status").textContent = "Link copied.";
    } catch {
      $("#copy-status").textContent = `Link: ${url}`;
    }
  });
  window.addEventListener("popstate", () => {
    page.state = readState(window.location, page.defaults);
    writeForm(page.state);
    loadNetwork();
  });
  await loadNetwork(first);
  // Navigation start to the first view drawn with every control wired: what the benchmark reads.
  window.hdkgExplorer.interactiveMs = performance.now();
}

start();
