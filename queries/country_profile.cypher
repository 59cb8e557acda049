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
// The loader's summaries of the country in the scope of every instrument (graph/summaries.py): its
// counts per status, year and domain with its most recent instruments, a pair summary per partner
// and a summary per organization of its parties, each with its most recent instruments. So the
// profile reads no instrument but those it lists, unless it asks for more evidence than is kept.
WITH c, CASE WHEN $include_non_state THEN "all" ELSE "state" END + "/*" AS scope
OPTIONAL MATCH (cs:CountrySummary {id: scope + "/" + c.id})
// A list property a comprehension reads is read from the store again for each element it visits:
// the lists are read once, here.
WITH c, scope, coalesce(cs.statuses, []) AS st, cs.counts AS counts, cs.signed AS signed,
     coalesce(cs.years, []) AS years, cs.year_counts AS year_counts, coalesce(cs.signed_years, []) AS signed_years,
     cs.signed_year_counts AS signed_year_counts, coalesce(cs.domains, []) AS domain_ids, cs.domain_counts AS domain_counts,
     coalesce(cs.recent_ids, []) AS recent_ids, coalesce(cs.recent_statuses, []) AS recent_statuses,
     cs.recent_signed AS recent_signed
WITH c, scope, st, counts, signed, years, year_counts, signed_years, signed_year_counts, domain_ids, domain_counts,
     recent_ids, recent_statuses, recent_signed, size(st) AS width,
     [k IN range(0, size(st) - 1) WHERE st[k] IN $statuses] AS ks
// Per status a kept list holds its most recent instruments, all of them when it has few: the
// evidence is the head of those of the statuses asked for when each holds all its instruments or
// at least evidence_limit.
WITH c, scope, st, counts, year_counts, signed_years, signed_year_counts, domain_ids, domain_counts,
     recent_ids, recent_signed, width, ks,
     [j IN range(0, size(years) - 1)
      | {year: years[j], instruments: reduce(n = 0, k IN ks | n + year_counts[j * width + k]),
         signed: reduce(n = 0, i IN [i IN range(0, size(signed_years) - 1) WHERE signed_years[i] = years[j]]
                        | n + reduce(m = 0, k IN ks | m + signed_year_counts[i * width + k]))}] AS years,
     reduce(n = 0, k IN ks | n + counts[k]) AS instrument_count, reduce(n = 0, k IN ks | n + signed[k]) AS signed_count,
     [j IN range(0, size(recent_ids) - 1) WHERE recent_statuses[j] IN $statuses][..$evidence_limit] AS listed,
     all(k IN ks WHERE size([x IN recent_statuses WHERE x = st[k]])
                       >= CASE WHEN counts[k] < $evidence_limit THEN counts[k] ELSE $evidence_limit END) AS kept
WITH c, scope, instrument_count, signed_count, kept,
     [k IN ks | {status: st[k], instruments: counts[k]}] AS status_counts,
     // The undated are what the years leave out.
     [y IN years WHERE y.instruments > 0]
       + [u IN [{year: null, instruments: instrument_count - reduce(n = 0, y IN years | n + y.instruments),
                 signed: signed_count - reduce(n = 0, y IN years | n + y.signed)}] WHERE u.instruments > 0] AS years,
     COLLECT { UNWIND range(0, size(domain_ids) - 1) AS j
               WITH domain_ids[j] AS id, reduce(n = 0, k IN ks | n + domain_counts[j * width + k]) AS n WHERE n > 0
               MATCH (d:Domain {id: id})
               RETURN {id: id, label: d.label, instruments: n} AS domain ORDER BY n DESC, id } AS domains,
     COLLECT { UNWIND range(0, size(listed) - 1) AS n
               MATCH (i:Instrument {id: recent_ids[listed[n]]})
               RETURN {id: i.id, title: i.title, type: i.type, status: i.status, signed_date: i.signed_date,
                       signed_year: i.signed_year, signed: recent_signed[listed[n]], sources: i.sources} AS entry
               ORDER BY n } AS timeline
WITH c, instrument_count, signed_count, kept, status_counts, years, domains, timeline,
     COLLECT {
       CALL (scope, c) {
         MATCH (s:PairSummary {scope: scope, country_a: c.id}) RETURN s, s.country_b AS id
         UNION
         MATCH (s:PairSummary {scope: scope, country_b: c.id}) RETURN s, s.country_a AS id
       }
       WITH id, s.statuses AS st, s.counts AS counts, s.recent_ids AS recent_ids, s.recent_statuses AS recent_statuses
       WITH id, st, counts, recent_ids, recent_statuses, [k IN range(0, size(st) - 1) WHERE st[k] IN $statuses] AS ks
       WITH id, st, counts, recent_ids, recent_statuses, ks, reduce(n = 0, k IN ks | n + counts[k]) AS n
       WHERE n > 0
       MATCH (p:Country {id: id})
       RETURN {id: id, name: p.name, instruments: n,
               instrument_ids: [j IN [j IN range(0, size(recent_ids) - 1) WHERE recent_statuses[j] IN $statuses][..$evidence_limit]
                                | recent_ids[j]],
               status_counts: [k IN ks | {status: st[k], instruments: counts[k]}],
               kept: all(k IN ks WHERE size([x IN recent_statuses WHERE x = st[k]])
                               >= CASE WHEN counts[k] < $evidence_limit THEN counts[k] ELSE $evidence_limit END)} AS partner
       ORDER BY n DESC, id
     } AS partners,
     COLLECT {
       MATCH (s:OrganizationSummary {scope: scope, country: c.id})
       WITH s.organization AS id, s
       WITH id, s.statuses AS st, s.counts AS counts, s.recent_ids AS recent_ids, s.recent_statuses AS recent_statuses
       WITH id, st, counts, recent_ids, recent_statuses, [k IN range(0, size(st) - 1) WHERE st[k] IN $statuses] AS ks
       WITH id, st, counts, recent_ids, recent_statuses, ks, reduce(n = 0, k IN ks | n + counts[k]) AS n
       WHERE n > 0
       MATCH (o:Organization {id: id})
       RETURN {id: id, name: o.name, kind: o.kind, instruments: n,
               instrument_ids: [j IN [j IN range(0, size(recent_ids) - 1) WHERE recent_statuses[j] IN $statuses][..$evidence_limit]
                                | recent_ids[j]],
               status_counts: [k IN ks | {status: st[k], instruments: counts[k]}],
               kept: all(k IN ks WHERE size([x IN recent_statuses WHERE x = st[k]])
                               >= CASE WHEN counts[k] < $evidence_limit THEN counts[k] ELSE $evidence_limit END)} AS organization
       ORDER BY n DESC, id
     } AS organizations
WITH c, instrument_count, signed_count, status_counts, years, domains, timeline, partners, organizations,
     kept AND all(p IN partners WHERE p.kept) AND all(o IN organizations WHERE o.kept) AS from_summaries
OPTIONAL CALL (c, from_summaries) {
  WITH c WHERE NOT from_summaries
  // Else each of the country's instruments is read once: whether the country signed it, its own
  // parties' organizations, its other parties' countries, its domains.
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
  RETURN {country: c.id, alpha3: c.alpha3, name: c.name, instrument_count: instrument_count,
          signed_count: signed_count, status_counts: status_counts, domains: domains, partners: partners,
          years: years, timeline: timeline, evidence_capped: evidence_capped, organizations: organizations,
          sources: COLLECT { UNWIND source_ids AS sid WITH DISTINCT sid MATCH (s:Source {id: sid})
                             RETURN s {.id, .title, .publisher, .url} AS source ORDER BY s.id }} AS scanned
}
WITH CASE WHEN from_summaries
       THEN {country: c.id, alpha3: c.alpha3, name: c.name, instrument_count: instrument_count,
             signed_count: signed_count, status_counts: status_counts, domains: domains,
             partners: [p IN partners | p {.id, .name, .instruments, .instrument_ids, .status_counts}],
             years: years,
             timeline: [t IN timeline | t {.id, .title, .type, .status, .signed_date, .signed_year, .signed}],
             evidence_capped: instrument_count > size(timeline),
             organizations: [o IN organizations | o {.id, .name, .kind, .instruments, .instrument_ids, .status_counts}],
             sources: COLLECT { UNWIND timeline AS t UNWIND t.sources AS sid WITH DISTINCT sid MATCH (s:Source {id: sid})
                                RETURN s {.id, .title, .publisher, .url} AS source ORDER BY s.id }}
       ELSE scanned END AS profile
RETURN profile.country AS country, profile.alpha3 AS alpha3, profile.name AS name,
       profile.instrument_count AS instrument_count, profile.signed_count AS signed_count,
       profile.status_counts AS status_counts, profile.domains AS domains, profile.partners AS partners,
       profile.years AS years, profile.timeline AS timeline, profile.evidence_capped AS evidence_capped,
       profile.organizations AS organizations, profile.sources AS sources
