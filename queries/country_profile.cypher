// name: country_profile
// description: A country at a glance: the domains of its instruments, its partner countries, a timeline
//    of its instruments, the organizations that signed for it, and the sources behind all of them.
// param: country: country (required)  The country (ISO code or name). example: "UA"
// param: statuses: list[term:instrument-status] = ["signed", "in-force"]  Instrument statuses that count as cooperation. example: ["signed", "in-force"]
MATCH (c:Country {id: $country})
OPTIONAL MATCH (c)-[:SIGNED]->(i:Instrument)
WHERE i.status IN $statuses
WITH c, i ORDER BY i.id
WITH c, collect(DISTINCT i) AS insts
RETURN c.id AS country, c.alpha3 AS alpha3, c.name AS name,
       size(insts) AS instrument_count,
       COLLECT {
         UNWIND insts AS x MATCH (x)-[:COVERS]->(d:Domain)
         WITH d, count(DISTINCT x) AS n
         RETURN {id: d.id, label: d.label, instruments: n} AS domain ORDER BY n DESC, d.id
       } AS domains,
       COLLECT {
         UNWIND insts AS x MATCH (p:Country)-[:SIGNED]->(x) WHERE p <> c
         WITH p, collect(x.id) AS ids
         RETURN {id: p.id, name: p.name, instruments: size(ids), instrument_ids: ids} AS partner
         ORDER BY size(ids) DESC, p.id
       } AS partners,
       COLLECT {
         UNWIND insts AS x
         RETURN x {.id, .title, .type, .status, .signed_date, .signed_year} AS entry
         ORDER BY x.signed_year IS NULL, x.signed_date, x.id
       } AS timeline,
       COLLECT {
         UNWIND insts AS x MATCH (o:Organization)-[r:SIGNED]->(x) WHERE r.country = c.id
         WITH o, collect(x.id) AS ids
         RETURN {id: o.id, name: o.name, kind: o.kind, instruments: size(ids), instrument_ids: ids} AS organization
         ORDER BY size(ids) DESC, o.id
       } AS organizations,
       COLLECT {
         UNWIND insts AS x UNWIND x.sources AS sid WITH DISTINCT sid MATCH (s:Source {id: sid})
         RETURN s {.id, .title, .publisher, .url} AS source ORDER BY s.id
       } AS sources
