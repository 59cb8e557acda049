// name: country_profile
// description: A country at a glance: the domains of its instruments, its partner countries, a timeline
//    of its instruments, the organizations that signed for it, and the sources behind all of them.
// param: country: country (required)  The country (ISO code or name). example: "UA"
// param: statuses: list[term:instrument-status] = ["signed", "in-force"]  Instrument statuses that count as cooperation. example: ["signed", "in-force"]
MATCH (c:Country {id: $country})
// Every list starts again from the country: a list of its instruments handed to the subqueries
// would be part of each grouping key, and the server counts its memory once per group.
RETURN c.id AS country, c.alpha3 AS alpha3, c.name AS name,
       COUNT { MATCH (c)-[:SIGNED]->(x:Instrument) WHERE x.status IN $statuses RETURN DISTINCT x } AS instrument_count,
       COLLECT {
         MATCH (c)-[:SIGNED]->(x:Instrument) WHERE x.status IN $statuses
         WITH DISTINCT x MATCH (x)-[:COVERS]->(d:Domain)
         WITH d, count(DISTINCT x) AS n
         RETURN {id: d.id, label: d.label, instruments: n} AS domain ORDER BY n DESC, d.id
       } AS domains,
       COLLECT {
         MATCH (c)-[:SIGNED]->(x:Instrument) WHERE x.status IN $statuses
         WITH DISTINCT x MATCH (p:Country)-[:SIGNED]->(x) WHERE p <> c
         WITH p, x ORDER BY x.id
         WITH p, collect(x.id) AS ids
         RETURN {id: p.id, name: p.name, instruments: size(ids), instrument_ids: ids} AS partner
         ORDER BY size(ids) DESC, p.id
       } AS partners,
       COLLECT {
         MATCH (c)-[:SIGNED]->(x:Instrument) WHERE x.status IN $statuses
         WITH DISTINCT x
         RETURN x {.id, .title, .type, .status, .signed_date, .signed_year} AS entry
         ORDER BY x.signed_year IS NULL, x.signed_date, x.id
       } AS timeline,
       COLLECT {
         MATCH (c)-[:SIGNED]->(x:Instrument) WHERE x.status IN $statuses
         WITH DISTINCT x MATCH (o:Organization)-[r:SIGNED]->(x) WHERE r.country = c.id
         WITH o, x ORDER BY x.id
         WITH o, collect(x.id) AS ids
         RETURN {id: o.id, name: o.name, kind: o.kind, instruments: size(ids), instrument_ids: ids} AS organization
         ORDER BY size(ids) DESC, o.id
       } AS organizations,
       COLLECT {
         MATCH (c)-[:SIGNED]->(x:Instrument) WHERE x.status IN $statuses
         UNWIND x.sources AS sid WITH DISTINCT sid MATCH (s:Source {id: sid})
         RETURN s {.id, .title, .publisher, .url} AS source ORDER BY s.id
       } AS sources
