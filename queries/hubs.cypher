// name: hubs
// description: Countries ranked by the number of distinct partner countries they are parties to
//    instruments with, optionally within one domain (narrower domains count), with counts per
//    status and how many of the instruments the country signed. Countries take part through
//    their state parties unless include_non_state also counts hospitals, universities and companies.
// param: domain: domain | null = null  Only instruments covering this domain or a narrower one. example: "health-cooperation"
// param: statuses: list[term:instrument-status] = ["signed", "adopted", "ratified", "in-force", "extended"]  Instrument statuses that count as cooperation. example: ["signed", "in-force"]
// param: from_year: int | null = null  Only instruments signed in or after this year; undated instruments drop out. example: 2020
// param: to_year: int | null = null  Only instruments signed in or before this year; undated instruments drop out. example: 2025
// param: include_non_state: bool = false  Count non-state parties too (a hospital's or university's country is then its side). example: true
WITH COLLECT { MATCH (n:Domain)-[:BROADER*0..]->(:Domain {id: $domain}) RETURN n } AS within
// Start from the domain and its narrower domains when one is given, else from every instrument
// of the statuses asked for.
CALL (within) {
  UNWIND within AS d
  MATCH (d)<-[:COVERS]-(i:Instrument) RETURN i
  UNION
  UNWIND CASE WHEN $domain IS NULL THEN [true] ELSE [] END AS unanchored
  MATCH (i:Instrument) WHERE i.status IN $statuses RETURN i
}
WITH i
WHERE i.status IN $statuses
  AND ($from_year IS NULL OR i.signed_year >= $from_year)
  AND ($to_year IS NULL OR i.signed_year <= $to_year)
MATCH (c:Country)<-[:PARTY_COUNTRY]-(qc:Party)<-[:HAS_PARTY]-(i)-[:HAS_PARTY]->(qp:Party)-[:PARTY_COUNTRY]->(p:Country)
WHERE p <> c
  AND coalesce(qc.role, "party") = "party" AND (coalesce(qc.state, false) OR $include_non_state)
  AND coalesce(qp.role, "party") = "party" AND (coalesce(qp.state, false) OR $include_non_state)
WITH c, collect(DISTINCT p) AS partners, collect(DISTINCT i) AS insts
RETURN c.id AS country, c.name AS name,
       size(partners) AS partner_count,
       COLLECT { UNWIND partners AS q RETURN q.id ORDER BY q.id } AS partner_ids,
       size(insts) AS instrument_count,
       size([x IN insts WHERE EXISTS { (c)-[:SIGNED]->(x) }
             OR ($include_non_state AND EXISTS {
                   (x)-[:HAS_PARTY]->(s:Party)-[:PARTY_COUNTRY]->(c)
                   WHERE coalesce(s.role, "party") = "party" AND NOT coalesce(s.state, false)
                     AND EXISTS { (s)-[:PARTY_ORGANIZATION]->(:Organization)-[:SIGNED]->(x) } })]) AS signed_count,
       COLLECT { UNWIND insts AS x WITH x.status AS status, count(*) AS k
                 RETURN {status: status, instruments: k} AS entry ORDER BY status } AS status_counts,
       COLLECT { UNWIND insts AS x RETURN x.id ORDER BY x.id } AS instrument_ids,
       COLLECT { UNWIND insts AS x UNWIND x.sources AS sid WITH DISTINCT sid MATCH (s:Source {id: sid})
                 RETURN s {.id, .title, .publisher, .url} AS source ORDER BY s.id } AS sources
ORDER BY partner_count DESC, instrument_count DESC, country
