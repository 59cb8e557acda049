// name: lineage
// description: The renewal and amendment chain an instrument belongs to, oldest generation first.
// param: instrument: str (required)  Any instrument id in the chain. example: "az-ua-agreement-health-medical-science"
MATCH (start:Instrument {id: $instrument})
MATCH (start)-[:RENEWS|AMENDS*0..20]-(x:Instrument)
WITH DISTINCT x
OPTIONAL MATCH older = (x)-[:RENEWS|AMENDS*1..20]->(:Instrument)
WITH x, coalesce(max(length(older)), 0) AS generation
RETURN x.id AS id, x.type AS type, x.title AS title, x.status AS status,
       x.signed_date AS signed_date, x.signed_year AS signed_year, generation,
       COLLECT { MATCH (x)-[:RENEWS]->(y:Instrument) RETURN y.id ORDER BY y.id } AS renews,
       COLLECT { MATCH (x)-[:AMENDS]->(y:Instrument) RETURN y.id ORDER BY y.id } AS amends,
       COLLECT { MATCH (y:Instrument)-[:RENEWS]->(x) RETURN y.id ORDER BY y.id } AS renewed_by,
       COLLECT { MATCH (y:Instrument)-[:AMENDS]->(x) RETURN y.id ORDER BY y.id } AS amended_by,
       COLLECT { UNWIND x.sources AS sid MATCH (s:Source {id: sid})
                 RETURN s {.id, .title, .publisher, .url} AS source ORDER BY s.id } AS sources
ORDER BY generation, coalesce(x.signed_date, ""), x.id
