// The detail panel: a country's or organization's profile, an edge's instruments, an
// instrument's page. Each reads the API once or twice and lays out what it answers.

import { get } from "./api.js";
import { h, words, years } from "./dom.js";

function sourceLink(source) {
  const title = source.title || source.id;
  return source.url ? h("a", { href: source.url, rel: "noopener", target: "_blank" }, title) : title;
}

function languageName(code) {
  if (!code) return "";
  try {
    return new Intl.DisplayNames(["en"], { type: "language" }).of(code) || code;
  } catch {
    return code;
  }
}

// The quote in the report's language beside its English rendering.
function quoteBlock(quote) {
  const original = h("blockquote", { lang: quote.lang || undefined, className: "original" },
    h("span", { className: "lang" }, languageName(quote.lang) || "original"), quote.quote);
  const english = quote.english
    ? h("blockquote", { lang: "en", className: "english" }, h("span", { className: "lang" }, "English"), quote.english)
    : null;
  return h("figure", { className: english ? "quote two" : "quote" }, original, english,
    quote.supports && quote.supports.length
      ? h("figcaption", { className: "hint" }, `supports: ${quote.supports.map(words).join(", ")}`) : null);
}

function sourcesBlock(sources) {
  if (!sources.length) return h("p", { className: "hint" }, "No source is recorded.");
  return h("ul", { className: "sources" }, sources.map((source) => h("li", { className: "source" },
    h("p", { className: "source-title" }, sourceLink(source)),
    h("p", { className: "hint" }, [source.publisher, source.published, languageName(source.language)].filter(Boolean).join(" · ")),
    (source.quotes || []).map(quoteBlock))));
}

function partiesTable(instrument) {
  return h("table", { className: "small" },
    h("caption", {}, "Parties"),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Country"), h("th", { scope: "col" }, "Organization"),
      h("th", { scope: "col" }, "Signed by"))),
    h("tbody", {}, instrument.parties.map((party) => h("tr", {},
      h("td", {}, party.country_name || party.country),
      h("td", {}, party.organization_name || party.organization || "—"),
      h("td", {}, party.signatory_name || party.signatory || "not named")))));
}

function statusHistory(instrument) {
  if (!instrument.status_history.length) return h("p", {}, `Status: ${words(instrument.status)}`);
  return h("div", {}, h("h5", {}, "Status history"),
    h("ol", { className: "history" }, instrument.status_history.map((change) =>
      h("li", {}, words(change.status), change.date ? ` (${change.date})` : " (undated)"))));
}

function instrumentFacts(instrument) {
  return h("dl", { className: "facts" },
    h("dt", {}, "Type"), h("dd", {}, words(instrument.type)),
    h("dt", {}, "Status"), h("dd", {}, h("span", { className: `status st-${instrument.status}` }, words(instrument.status))),
    h("dt", {}, "Signed"), h("dd", {}, instrument.signed_date || "date not given"),
    h("dt", {}, "Domains"), h("dd", {}, instrument.domains.map((d) => d.label || d.id).join(", ") || "—"),
    instrument.valid_until ? [h("dt", {}, "Valid until"), h("dd", {}, instrument.valid_until)] : null);
}

function signatoriesBlock(instrument) {
  if (!instrument.signatories.length) return null;
  return h("p", {}, "Signatories: ", instrument.signatories.map((s) => `${s.name || s.id} (${s.country || "?"})`).join("; "));
}

export function instrumentCard(instrument, actions) {
  return h("article", { className: "instrument", dataset: { instrument: instrument.id } },
    h("h4", {}, h("button", { type: "button", className: "link", onclick: () => actions.instrument(instrument.id) },
      instrument.title || instrument.id)),
    instrument.title_original ? h("p", { lang: instrument.language || undefined, className: "hint" }, instrument.title_original) : null,
    instrumentFacts(instrument),
    statusHistory(instrument),
    partiesTable(instrument),
    signatoriesBlock(instrument),
    h("h5", {}, "Sources and evidence"),
    sourcesBlock(instrument.sources));
}

// The chart library is loaded with the first chart, not with the page.
let plotLibrary = null;
function loadPlot() {
  plotLibrary ||= import("@observablehq/plot");
  return plotLibrary;
}

// Instruments per year signed, as [{year, instruments}] with null for the undated ones.
function countsPerYear(rows) {
  const counts = new Map();
  for (const row of rows) counts.set(row.signed_year ?? null, (counts.get(row.signed_year ?? null) || 0) + 1);
  return [...counts].map(([year, instruments]) => ({ year, instruments }));
}

async function timelineChart(years, title) {
  const Plot = await loadPlot();
  // Undated instruments are counted too, in a bar of their own.
  const data = years.map((entry) => ({ year: entry.year == null ? "undated" : String(entry.year), instruments: entry.instruments }));
  const domain = data.map((d) => d.year).sort((a, b) => (a === "undated") - (b === "undated") || a.localeCompare(b));
  const chart = Plot.plot({
    width: 300, height: 150, marginLeft: 32, marginBottom: 30,
    ariaLabel: title,
    ariaDescription: domain.map((year) => `${year}: ${data.find((d) => d.year === year).instruments}`).join(", "),
    x: { domain, label: null, type: "band" },
    y: { label: "instruments", grid: true, tickFormat: "d", ticks: 3 },
    marks: [Plot.barY(data, { x: "year", y: "instruments", fill: "#0f5e74", tip: true }), Plot.ruleY([0])],
  });
  return h("figure", { className: "chart" }, chart, h("figcaption", { className: "hint" }, title));
}

function listOf(items, render, empty) {
  return items.length ? h("ul", { className: "plain" }, items.map((item) => h("li", {}, render(item)))) : h("p", { className: "hint" }, empty);
}

export async function countryProfile(id, state, actions) {
  const profile = await get(`/countries/${encodeURIComponent(id)}`, { statuses: state.statuses.join(",") });
  return h("div", { className: "profile", dataset: { country: profile.country } },
    h("h3", {}, profile.name || profile.country, " ", h("span", { className: "hint" }, `${profile.country} · ${profile.alpha3 || ""}`)),
    h("p", {}, `${profile.instrument_count} instrument${profile.instrument_count === 1 ? "" : "s"} of the chosen statuses.`),
    profile.years.length ? await timelineChart(profile.years, `Instruments of ${profile.name || profile.country} by year signed`) : null,
    h("h4", {}, "Partners"),
    listOf(profile.partners, (p) => h("button", { type: "button", className: "link",
      onclick: () => actions.edge(`country:${profile.country}`, `country:${p.id}`) },
      `${p.name || p.id}: ${p.instruments} instrument${p.instruments === 1 ? "" : "s"}`), "No partner country."),
    h("h4", {}, "Domains"),
    listOf(profile.domains, (d) => h("button", { type: "button", className: "link", onclick: () => actions.domain(d.id) },
      `${d.label || d.id}: ${d.instruments}`), "No domain."),
    h("h4", {}, "Signing organizations"),
    listOf(profile.organizations, (o) => h("button", { type: "button", className: "link", onclick: () => actions.organization(o.id, o.name) },
      `${o.name || o.id} (${words(o.kind)}): ${o.instruments}`), "None named."),
    h("h4", {}, "Instruments"),
    profile.evidence_capped ? h("p", { className: "hint" },
      `The ${profile.timeline.length} most recent of ${profile.instrument_count}.`) : null,
    listOf(profile.timeline, (t) => h("button", { type: "button", className: "link", onclick: () => actions.instrument(t.id) },
      `${t.title || t.id} — ${t.signed_date || "undated"}, ${words(t.status)}`), "None."),
    h("p", {}, h("a", { href: `/id/country/${encodeURIComponent(profile.country)}?format=turtle` }, "This country as RDF (Turtle)")));
}

export async function organizationProfile(id, name, state, actions) {
  const statuses = state.statuses.join(",");
  const [partners, instruments] = await Promise.all([
    get("/queries/organization_partners", { organization: id, statuses, limit: 200 }),
    get("/instruments", { organization: id, statuses, limit: 200 }),
  ]);
  return h("div", { className: "profile", dataset: { organization: id } },
    h("h3", {}, name || id),
    // The instruments come a page at a time: past the first page the count is a floor, not a total.
    h("p", {}, instruments.has_more
      ? `More than ${instruments.rows.length} instruments of the chosen statuses: the chart and the list show the ${instruments.rows.length} most recent.`
      : `${instruments.rows.length} instrument${instruments.rows.length === 1 ? "" : "s"} of the chosen statuses.`),
    instruments.rows.length ? await timelineChart(countsPerYear(instruments.rows), `Instruments of ${name || id} by year signed`) : null,
    h("h4", {}, "Partner organizations"),
    listOf(partners.rows, (p) => h("button", { type: "button", className: "link", onclick: () => actions.organization(p.partner_id, p.partner_name) },
      `${p.partner_name || p.partner_id}: ${p.instrument_count}`), "None."),
    h("h4", {}, "Instruments"),
    listOf(instruments.rows, (t) => h("button", { type: "button", className: "link", onclick: () => actions.instrument(t.id) },
      `${t.title || t.id} — ${t.signed_date || "undated"}, ${words(t.status)}`), "None."),
    h("p", {}, h("a", { href: `/id/organization/${encodeURIComponent(id)}?format=turtle` }, "This organization as RDF (Turtle)")));
}

export async function edgeDetail(edge, names, actions) {
  const answer = await get("/network/instruments", { id: edge.instrument_ids.join(",") });
  const title = `${names(edge.source)} and ${names(edge.target)}`;
  return h("div", { className: "edge", dataset: { edge: `${edge.source}~${edge.target}` } },
    h("h3", {}, title),
    h("p", {}, `${edge.instrument_count} instrument${edge.instrument_count === 1 ? "" : "s"}, ${years(edge.first_year, edge.last_year)}.`),
    answer.instruments.map((instrument) => instrumentCard(instrument, actions)));
}

export async function instrumentPage(id, actions) {
  const [instrument, lineage] = await Promise.all([
    get(`/instruments/${encodeURIComponent(id)}`),
    get("/queries/lineage", { instrument: id, limit: 200 }),
  ]);
  const rdf = `/id/instrument/${encodeURIComponent(instrument.id)}`;
  const related = [["renews", instrument.renews], ["renewed by", instrument.renewed_by], ["amends", instrument.amends],
                   ["amended by", instrument.amended_by], ["implements", instrument.implements], ["refers to", instrument.refers_to]]
    .filter(([, ids]) => ids.length);
  return h("div", { className: "instrument-page", dataset: { instrument: instrument.id } },
    h("h3", {}, instrument.title || instrument.id),
    instrument.title_original ? h("p", { lang: instrument.language || undefined }, instrument.title_original) : null,
    h("p", { className: "rdf" }, "Linked data: ",
      h("a", { href: rdf }, "JSON"), " · ", h("a", { href: `${rdf}?format=turtle` }, "Turtle"), " · ",
      h("a", { href: `${rdf}?format=jsonld` }, "JSON-LD"), " · ", h("code", {}, rdf)),
    instrument.summary ? h("p", {}, instrument.summary) : null,
    instrumentFacts(instrument),
    statusHistory(instrument),
    partiesTable(instrument),
    signatoriesBlock(instrument),
    instrument.events.length ? h("p", {}, "Signed at: ", instrument.events.map((e) => [e.name || e.id, e.date ? ` (${e.date})` : ""].join("")).join("; ")) : null,
    instrument.unknown.length ? h("div", {}, h("h5", {}, "What the sources leave open"),
      h("ul", {}, instrument.unknown.map((u) => h("li", {}, u)))) : null,
    h("h4", {}, "Lineage"),
    related.length ? h("ul", { className: "plain" }, related.map(([what, ids]) => h("li", {}, `${what}: `,
      ids.map((other) => h("button", { type: "button", className: "link", onclick: () => actions.instrument(other) }, other))))) : null,
    lineage.rows.length > 1
      ? h("ol", { className: "lineage", "aria-label": "Renewal and amendment chain, oldest first" }, lineage.rows.map((row) =>
        h("li", {}, row.id === instrument.id ? h("strong", {}, row.title || row.id)
          : h("button", { type: "button", className: "link", onclick: () => actions.instrument(row.id) }, row.title || row.id),
          ` — generation ${row.generation + 1}, ${words(row.status)}, ${row.signed_date || "undated"}`)))
      : h("p", { className: "hint" }, "No renewal or amendment is recorded."),
    h("h4", {}, "Sources and evidence"),
    sourcesBlock(instrument.sources));
}
