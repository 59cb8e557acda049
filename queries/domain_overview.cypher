// name: domain_overview
// description: One health domain (narrower domains included): the countries and country pairs most
//    active in it, its instruments by year, counts per status, and their sources. Countries take
//    part through their state parties unless include_non_state also counts hospitals,
//    universities and companies.
// param: domain: domain (required)  The domain (id or label in any language). example: "clinical-medicine"
// param: statuses: list[term:instrument-status] = ["signed", "adopted", "ratified", "in-force", "extended"]  Instrument statuses that count as cooperation. example: ["signed", "in-force"]
// param: include_non_state: bool = false  Count non-state parties too (a hospital's or university's country is then its side). example: true
MATCH (dom:Domain {id: $domain})
// Every list starts again from the domain and its narrower domains (`within`, a few nodes): a list
// of the domain's instruments handed to the subqueries would be part of each grouping key, and
// the server counts its memory once per group.
WITH dom, COLLECT { MATCH (n:Domain)-[:BROADER*0..]->(dom) RETURN DISTINCT n } AS within
RETURN dom.id AS domain, dom.label AS label,
       COLLECT { UNWIND within AS n RETURN n.id AS id ORDER BY id } AS included_domains,
       COUNT {
         UNWIND within AS n MATCH (n)<-[:COVERS]-(x:Instrument) WHERE x.status IN $statuses RETURN DISTINCT x
       } AS instrument_count,
       COLLECT {
         UNWIND within AS n MATCH (n)<-[:COVERS]-(x:Instrument) WHERE x.status IN $statuses
         WITH DISTINCT x
         WITH x.status AS status, count(*) AS k
         RETURN {status: status, instruments: k} AS entry ORDER BY status
       } AS status_counts,
       COLLECT {
         UNWIND within AS n MATCH (n)<-[:COVERS]-(x:Instrument) WHERE x.status IN $statuses
         WITH DISTINCT x
         MATCH (x)-[:HAS_PARTY]->(q:Party)-[:PARTY_COUNTRY]->(c:Country)
         WHERE coalesce(q.role, "party") = "party" AND (coalesce(q.state, false) OR $include_non_state)
         WITH DISTINCT c, x ORDER BY x.id
         WITH c, collect(x.id) AS ids, collect(x.status) AS statuses
         WITH c, ids, size(ids) AS k,
              COLLECT { UNWIND statuses AS status WITH status, count(*) AS m
                        RETURN {status: status, instruments: m} AS entry ORDER BY status } AS status_counts
         RETURN {id: c.id, name: c.name, instruments: k, instrument_ids: ids, status_counts: status_counts} AS country
         ORDER BY k DESC, c.id
       } AS countries,
       COLLECT {
         UNWIND within AS n MATCH (n)<-[:COVERS]-(x:Instrument) WHERE x.status IN $statuses
         WITH DISTINCT x
         MATCH (a:Country)<-[:PARTY_COUNTRY]-(qa:Party)<-[:HAS_PARTY]-(x)-[:HAS_PARTY]->(qb:Party)-[:PARTY_COUNTRY]->(b:Country)
         WHERE a.id < b.id
           AND coalesce(qa.role, "party") = "party" AND (coalesce(qa.state, false) OR $include_non_state)
           AND coalesce(qb.role, "party") = "party" AND (coalesce(qb.state, false) OR $include_non_state)
         WITH DISTINCT a, b, x ORDER BY x.id
         WITH a, b, collect(x.id) AS ids, collect(x.status) AS statuses
         WITH a, b, ids, size(ids) AS k,
              COLLECT { UNWIND statuses AS status WITH status, count(*) AS m
                        RETURN {status: status, instruments: m} AS entry ORDER BY status } AS status_counts
         RETURN {country_a: a.id, country_b: b.id, instruments: k, instrument_ids: ids, status_counts: status_counts} AS pair
         ORDER BY k DESC, a.id, b.id
       } AS pairs,
       COLLECT {
         UNWIND within AS n MATCH (n)<-[:COVERS]-(x:Instrument) WHERE x.status IN $statuses
         WITH DISTINCT x ORDER BY x.id
         WITH x.signed_year AS year, collect(x.id) AS ids, collect(x.status) AS statuses
         WITH year, ids, size(ids) AS k,
              COLLECT { UNWIND statuses AS status WITH status, count(*) AS m
                        RETURN {status: status, instruments: m} AS entry ORDER BY status } AS status_counts
         RETURN {year: year, instruments: k, instrument_ids: ids, status_counts: status_counts} AS entry
         ORDER BY year IS NULL, year
       } AS by_year,
       COLLECT {
         UNWIND within AS n MATCH (n)<-[:COVERS]-(x:Instrument) WHERE x.status IN $statuses
         WITH DISTINCT x UNWIND x.sources AS sid WITH DISTINCT sid MATCH (s:Source {id: sid})
         RETURN s {.id, .title, .publisher, .url} AS source ORDER BY s.id
       } AS sources
