// name: cooperation
// description: Pairs of countries that are parties to instruments together on a domain (narrower
//    domains count), with the instruments (and the status of each), counts per status, how many
//    both signed, and their sources. Countries take part through their state parties unless
//    include_non_state also counts hospitals, universities and companies.
// param: domain: domain | null = null  Only instruments covering this domain or a narrower one; null for every domain. example: "medical-science"
// param: country: country | null = null  Only pairs that include this country. example: "VN"
// param: statuses: list[term:instrument-status] = ["signed", "adopted", "ratified", "in-force", "extended"]  Instrument statuses that count as cooperation. example: ["signed", "in-force"]
// param: from_year: int | null = null  Only instruments signed in or after this year; undated instruments drop out. example: 2020
// param: to_year: int | null = null  Only instruments signed in or before this year; undated instruments drop out. example: 2025
// param: include_non_state: bool = false  Count non-state parties too (a hospital's or university's country is then its side). example: true
WITH COLLECT { MATCH (n:Domain)-[:BROADER*0..]->(:Domain {id: $domain}) RETURN n } AS within
// Start from the country, else from the domain and its narrower domains, else from every
// instrument of the statuses asked for: a scan only when nothing narrower is given.
CALL (within) {
  MATCH (:Country {id: $country})<-[:PARTY_COUNTRY]-(:Party)<-[:HAS_PARTY]-(i:Instrument) RETURN i
  UNION
  UNWIND CASE WHEN $country IS NULL THEN within ELSE [] END AS d
  MATCH (d)<-[:COVERS]-(i:Instrument) RETURN i
  UNION
  UNWIND CASE WHEN $country IS NULL AND $domain IS NULL THEN [true] ELSE [] END AS unanchored
  MATCH (i:Instrument) WHERE i.status IN $statuses RETURN i
}
WITH i, within
WHERE i.status IN $statuses
  AND ($domain IS NULL OR EXISTS { (i)-[:COVERS]->(d:Domain) WHERE d IN within })
  AND ($from_year IS NULL OR i.signed_year >= $from_year)
  AND ($to_year IS NULL OR i.signed_year <= $to_year)
MATCH (a:Country)<-[:PARTY_COUNTRY]-(qa:Party)<-[:HAS_PARTY]-(i)-[:HAS_PARTY]->(qb:Party)-[:PARTY_COUNTRY]->(b:Country)
WHERE a.id < b.id
  AND ($country IS NULL OR a.id = $country OR b.id = $country)
  AND coalesce(qa.role, "party") = "party" AND (coalesce(qa.state, false) OR $include_non_state)
  AND coalesce(qb.role, "party") = "party" AND (coalesce(qb.state, false) OR $include_non_state)
WITH a, b, collect(DISTINCT i) AS insts, min(i.signed_year) AS first_year, max(i.signed_year) AS last_year
// Signed between the two: each country signed it (or, counting non-state parties, one of its
// non-state parties did).
WITH a, b, insts, first_year, last_year,
     COLLECT {
       UNWIND insts AS x
       WITH x, [side IN [a, b] WHERE EXISTS { (side)-[:SIGNED]->(x) }
                  OR ($include_non_state AND EXISTS {
                        (x)-[:HAS_PARTY]->(s:Party)-[:PARTY_COUNTRY]->(side)
                        WHERE coalesce(s.role, "party") = "party" AND NOT coalesce(s.state, false)
                          AND EXISTS { (s)-[:PARTY_ORGANIZATION]->(:Organization)-[:SIGNED]->(x) } })] AS signers
       RETURN {id: x.id, status: x.status, signed_date: x.signed_date, signed: size(signers) = 2} AS entry
       ORDER BY x.id
     } AS instruments
RETURN a.id AS country_a, a.name AS country_a_name, b.id AS country_b, b.name AS country_b_name,
       size(insts) AS instrument_count,
       size([e IN instruments WHERE e.signed]) AS signed_count,
       COLLECT { UNWIND insts AS x WITH x.status AS status, count(*) AS n
                 RETURN {status: status, instruments: n} AS entry ORDER BY status } AS status_counts,
       [e IN instruments | e.id] AS instrument_ids,
       instruments,
       COLLECT { UNWIND insts AS x MATCH (x)-[:COVERS]->(d:Domain) RETURN DISTINCT d.id AS id ORDER BY id } AS domains,
       first_year, last_year,
       COLLECT { UNWIND insts AS x UNWIND x.sources AS sid WITH DISTINCT sid MATCH (s:Source {id: sid})
                 RETURN s {.id, .title, .publisher, .url} AS source ORDER BY s.id } AS sources
ORDER BY instrument_count DESC, country_a, country_b
