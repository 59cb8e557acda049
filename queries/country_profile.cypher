// name: country_profile
// description: A country at a glance: the domains of its instruments, its partner countries, how many
//    instruments it has per year signed, its most recent instruments (each with its status and
//    whether the country signed it) with their sources, the organizations that are parties for
//    it, and counts per status. The country takes part through its state parties unless
//    include_non_state also counts its hospitals, universities and companies.
// param: country: country (required)  The country (ISO code or name). example: "UA"
// param: statuses: list[term:instrument-status] = ["signed", "adopted", "ratified", "in-force", "extended"]  Instrument statuses that count as cooperation. example: ["signed", "in-force"]
// param: include_non_state: bool = false  Count non-state parties too (a hospital's or university's country is then its side). example: true
// param: evidence_limit: count = 20  Instruments in the timeline, most recent first, with their sources, and instrument ids listed per partner and organization; the counts, years, domains, partners and organizations cover every instrument. example: 5
MATCH (c:Country {id: $country})
// Each of the country's instruments is read once: whether the country signed it, its own parties'
// organizations, its other parties' countries, its domains.
OPTIONAL CALL (c) {
  MATCH (c)<-[:PARTY_COUNTRY]-(q:Party)<-[:HAS_PARTY]-(x:Instrument)
  WHERE x.status IN $statuses AND coalesce(q.role, "party") = "party" AND (coalesce(q.state, false) OR $include_non_state)
  WITH x, collect(q) AS own
  RETURN x,
         EXISTS { (c)-[:SIGNED]->(x) }
           OR any(q IN own WHERE NOT coalesce(q.state, false)
                  AND EXISTS { (q)-[:PARTY_ORGANIZATION]->(:Organization)-[:SIGNED]->(x) }) AS signed,
         COLLECT { UNWIND own AS q MATCH (q)-[:PARTY_ORGANIZATION]->(o:Organization)
                   RETURN DISTINCT {id: o.id, name: o.name, kind: o.kind} AS organization } AS organizations,
         COLLECT { MATCH (x)-[:HAS_PARTY]->(r:Party)-[:PARTY_COUNTRY]->(p:Country)
                   WHERE p <> c AND coalesce(r.role, "party") = "party" AND (coalesce(r.state, false) OR $include_non_state)
                   RETURN DISTINCT {id: p.id, name: p.name} AS partner } AS partners,
         COLLECT { MATCH (x)-[:COVERS]->(d:Domain) RETURN DISTINCT {id: d.id, label: d.label} AS domain } AS domains
}
// Every list is one grouping of the same rows: each instrument is tagged with the groups it
// counts in (itself, its status, its year, each partner, organization and domain), most recent
// first, so each group's ids keep that order. A list handed on to subqueries would instead be
// part of their every row, and the server counts its memory once per row.
WITH c, x, signed,
     CASE WHEN x IS NULL THEN [null] ELSE
       [{kind: "instrument", id: x.id}, {kind: "status", id: x.status}, {kind: "year", id: x.signed_year}]
       + [p IN partners | {kind: "partner", id: p.id, key: p}]
       + [o IN organizations | {kind: "organization", id: o.id, key: o}]
       + [d IN domains | {kind: "domain", id: d.id, key: d}]
     END AS tags
ORDER BY x.signed_date IS NULL, x.signed_date DESC, x.id
UNWIND tags AS tag
WITH c, tag.kind AS kind, tag.id AS id, head(collect(tag.key)) AS key, count(x) AS n,
     sum(CASE WHEN signed THEN 1 ELSE 0 END) AS k, head(collect(x)) AS instrument,
     collect(x.id) AS ids, collect(x.status) AS statuses
ORDER BY kind,
         CASE WHEN kind IN ["partner", "organization", "domain"] THEN -n END,
         CASE kind WHEN "year" THEN id IS NULL WHEN "instrument" THEN instrument.signed_date IS NULL END,
         CASE kind WHEN "year" THEN id END,
         CASE kind WHEN "instrument" THEN instrument.signed_date END DESC,
         id
WITH c, collect({kind: kind, id: id, key: key, n: n, k: k, ids: ids, statuses: statuses, instrument: instrument}) AS groups
WITH c, groups, [g IN groups WHERE g.kind = "status" | g.id] AS present, [g IN groups WHERE g.kind = "instrument"] AS instruments
WITH c, groups, present, instruments, instruments[..$evidence_limit] AS listed
WITH c, size(instruments) AS instrument_count, size([g IN instruments WHERE g.k > 0]) AS signed_count,
     [g IN groups WHERE g.kind = "status" | {status: g.id, instruments: g.n}] AS status_counts,
     [g IN groups WHERE g.kind = "domain" | {id: g.id, label: g.key.label, instruments: g.n}] AS domains,
     [g IN groups WHERE g.kind = "partner"
      | {id: g.id, name: g.key.name, instruments: g.n, instrument_ids: g.ids[..$evidence_limit],
         status_counts: [s IN present WHERE s IN g.statuses
                         | {status: s, instruments: size([t IN g.statuses WHERE t = s])}]}] AS partners,
     [g IN groups WHERE g.kind = "year" | {year: g.id, instruments: g.n, signed: g.k}] AS years,
     [g IN listed | {id: g.id, title: g.instrument.title, type: g.instrument.type, status: g.instrument.status,
                     signed_date: g.instrument.signed_date, signed_year: g.instrument.signed_year, signed: g.k > 0}]
       AS timeline,
     size(instruments) > size(listed) AS evidence_capped,
     [g IN groups WHERE g.kind = "organization"
      | {id: g.id, name: g.key.name, kind: g.key.kind, instruments: g.n, instrument_ids: g.ids[..$evidence_limit],
         status_counts: [s IN present WHERE s IN g.statuses
                         | {status: s, instruments: size([t IN g.statuses WHERE t = s])}]}] AS organizations,
     reduce(ids = [], g IN listed | ids + g.instrument.sources) AS source_ids
RETURN c.id AS country, c.alpha3 AS alpha3, c.name AS name, instrument_count, signed_count, status_counts, domains,
       partners, years, timeline, evidence_capped, organizations,
       COLLECT { UNWIND source_ids AS sid WITH DISTINCT sid MATCH (s:Source {id: sid})
                 RETURN s {.id, .title, .publisher, .url} AS source ORDER BY s.id } AS sources
