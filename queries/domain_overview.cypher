// name: domain_overview
// description: One health domain (narrower domains included): the countries and country pairs most
//    active in it, its instruments by year, and their sources.
// param: domain: domain (required)  The domain (id or label in any language). example: "clinical-medicine"
// param: statuses: list[term:instrument-status] = ["signed", "in-force"]  Instrument statuses that count as cooperation. example: ["signed", "in-force"]
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
         WITH DISTINCT x MATCH (c:Country)-[:SIGNED]->(x)
         WITH c, x ORDER BY x.id
         WITH c, collect(x.id) AS ids
         RETURN {id: c.id, name: c.name, instruments: size(ids), instrument_ids: ids} AS country
         ORDER BY size(ids) DESC, c.id
       } AS countries,
       COLLECT {
         UNWIND within AS n MATCH (n)<-[:COVERS]-(x:Instrument) WHERE x.status IN $statuses
         WITH DISTINCT x MATCH (a:Country)-[:SIGNED]->(x)<-[:SIGNED]-(b:Country) WHERE a.id < b.id
         WITH a, b, x ORDER BY x.id
         WITH a, b, collect(x.id) AS ids
         RETURN {country_a: a.id, country_b: b.id, instruments: size(ids), instrument_ids: ids} AS pair
         ORDER BY size(ids) DESC, a.id, b.id
       } AS pairs,
       COLLECT {
         UNWIND within AS n MATCH (n)<-[:COVERS]-(x:Instrument) WHERE x.status IN $statuses
         WITH DISTINCT x ORDER BY x.id
         WITH x.signed_year AS year, collect(x.id) AS ids
         RETURN {year: year, instruments: size(ids), instrument_ids: ids} AS entry
         ORDER BY year IS NULL, year
       } AS by_year,
       COLLECT {
         UNWIND within AS n MATCH (n)<-[:COVERS]-(x:Instrument) WHERE x.status IN $statuses
         WITH DISTINCT x UNWIND x.sources AS sid WITH DISTINCT sid MATCH (s:Source {id: sid})
         RETURN s {.id, .title, .publisher, .url} AS source ORDER BY s.id
       } AS sources
