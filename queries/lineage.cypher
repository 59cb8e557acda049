// name: lineage
// description: The family of instruments an instrument belongs to, following renews, amends,
//    implements and refers-to links both ways, oldest generation first, each with its status and
//    the countries that signed it. An instrument's generation is the length of the longest
//    chain of such links from it to an older one.
// param: instrument: str (required)  Any instrument id in the family. example: "az-ua-agreement-health-medical-science"
MATCH (start:Instrument {id: $instrument})
MATCH (start)-[:RENEWS|AMENDS|IMPLEMENTS|REFERS_TO*0..20]-(x:Instrument)
WITH DISTINCT x
OPTIONAL MATCH older = (x)-[:RENEWS|AMENDS|IMPLEMENTS|REFERS_TO*1..20]->(:Instrument)
WITH x, coalesce(max(length(older)), 0) AS generation
RETURN x.id AS id, x.type AS type, x.title AS title, x.status AS status,
       x.signed_date AS signed_date, x.signed_year AS signed_year, generation,
       COLLECT { MATCH (sc:Country)-[:SIGNED]->(x) RETURN sc.id ORDER BY sc.id } AS signed_by,
       COLLECT { MATCH (x)-[:RENEWS]->(y:Instrument) RETURN y.id ORDER BY y.id } AS renews,
       COLLECT { MATCH (x)-[:AMENDS]->(y:Instrument) RETURN y.id ORDER BY y.id } AS amends,
       COLLECT { MATCH (x)-[:IMPLEMENTS]->(y:Instrument) RETURN y.id ORDER BY y.id } AS implements,
       COLLECT { MATCH (x)-[:REFERS_TO]->(y:Instrument) RETURN y.id ORDER BY y.id } AS refers_to,
       COLLECT { MATCH (y:Instrument)-[:RENEWS]->(x) RETURN y.id ORDER BY y.id } AS renewed_by,
       COLLECT { MATCH (y:Instrument)-[:AMENDS]->(x) RETURN y.id ORDER BY y.id } AS amended_by,
       COLLECT { MATCH (y:Instrument)-[:IMPLEMENTS]->(x) RETURN y.id ORDER BY y.id } AS implemented_by,
       COLLECT { MATCH (y:Instrument)-[:REFERS_TO]->(x) RETURN y.id ORDER BY y.id } AS referred_to_by,
       COLLECT { UNWIND x.sources AS sid MATCH (s:Source {id: sid})
                 RETURN s {.id, .title, .publisher, .url} AS source ORDER BY s.id } AS sources
ORDER BY generation, coalesce(x.signed_date, ""), x.id
