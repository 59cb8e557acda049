// name: domain_overview
// description: One health domain (narrower domains included): the countries and country pairs most
//    active in it and its instruments by year, with counts per status. Countries take part through
//    their state parties unless include_non_state also counts hospitals, universities and
//    companies. The instruments themselves, with their sources, are listed by `instruments` with
//    the same domain (paged).
// param: domain: domain (required)  The domain (id or label in any language). example: "clinical-medicine"
// param: statuses: list[term:instrument-status] = ["signed", "adopted", "ratified", "in-force", "extended"]  Instrument statuses that count as cooperation. example: ["signed", "in-force"]
// param: include_non_state: bool = false  Count non-state parties too (a hospital's or university's country is then its side). example: true
MATCH (dom:Domain {id: $domain})
// Every count is the loader's (graph/summaries.py), per status, for the domain with its narrower
// domains: one DomainSummary, a YearSummary per year, a CountrySummary per country and a
// PairSummary per pair of the scope.
WITH dom, CASE WHEN $include_non_state THEN "all" ELSE "state" END + "/" + dom.id AS scope
OPTIONAL MATCH (s:DomainSummary {id: dom.id})
WITH dom, scope, coalesce(s.statuses, []) AS st, coalesce(s.counts, []) AS n
WITH dom, scope,
     [k IN range(0, size(st) - 1) WHERE st[k] IN $statuses AND n[k] > 0 | {status: st[k], instruments: n[k]}] AS domain_counts
RETURN dom.id AS domain, dom.label AS label,
       COLLECT { MATCH (n:Domain)-[:BROADER*0..]->(dom) RETURN DISTINCT n.id AS id ORDER BY id } AS included_domains,
       reduce(total = 0, e IN domain_counts | total + e.instruments) AS instrument_count,
       domain_counts AS status_counts,
       COLLECT {
         MATCH (cs:CountrySummary {scope: scope})
         WITH cs.country AS country, cs.statuses AS st, cs.counts AS n
         WITH country, [k IN range(0, size(st) - 1) WHERE st[k] IN $statuses AND n[k] > 0
                        | {status: st[k], instruments: n[k]}] AS status_counts
         WITH country, status_counts, reduce(total = 0, e IN status_counts | total + e.instruments) AS k
         WHERE k > 0
         MATCH (c:Country {id: country})
         RETURN {id: c.id, name: c.name, instruments: k, status_counts: status_counts} AS country
         ORDER BY k DESC, c.id
       } AS countries,
       COLLECT {
         MATCH (ps:PairSummary {scope: scope})
         WITH ps.country_a AS a, ps.country_b AS b, ps.statuses AS st, ps.counts AS n
         WITH a, b, [k IN range(0, size(st) - 1) WHERE st[k] IN $statuses AND n[k] > 0
                     | {status: st[k], instruments: n[k]}] AS status_counts
         WITH a, b, status_counts, reduce(total = 0, e IN status_counts | total + e.instruments) AS k
         WHERE k > 0
         RETURN {country_a: a, country_b: b, instruments: k, status_counts: status_counts} AS pair
         ORDER BY k DESC, a, b
       } AS pairs,
       COLLECT {
         MATCH (ys:YearSummary {domain: dom.id})
         WITH ys.year AS year, ys.statuses AS st, ys.counts AS n
         WITH year, [k IN range(0, size(st) - 1) WHERE st[k] IN $statuses AND n[k] > 0
                     | {status: st[k], instruments: n[k]}] AS status_counts
         WITH year, status_counts, reduce(total = 0, e IN status_counts | total + e.instruments) AS k
         WHERE k > 0
         RETURN {year: year, instruments: k, status_counts: status_counts} AS entry
         ORDER BY year IS NULL, year
       } AS by_year
