// name: cooperation
// description: Pairs of countries that signed instruments together on a domain (narrower domains count),
//    with the number of instruments, the instruments themselves and their sources.
// param: domain: domain | null = null  Only instruments covering this domain or a narrower one; null for every domain. example: "medical-science"
// param: country: country | null = null  Only pairs that include this country. example: "VN"
// param: statuses: list[term:instrument-status] = ["signed", "in-force"]  Instrument statuses that count as cooperation. example: ["signed", "in-force"]
// param: from_year: int | null = null  Only instruments signed in or after this year; undated instruments drop out. example: 2020
// param: to_year: int | null = null  Only instruments signed in or before this year; undated instruments drop out. example: 2025
WITH COLLECT { MATCH (n:Domain)-[:BROADER*0..]->(:Domain {id: $domain}) RETURN n } AS within
// Start from the country, else from the domain and its narrower domains, else from every
// instrument of the statuses asked for: a scan only when nothing narrower is given.
CALL (within) {
  MATCH (:Country {id: $country})-[:SIGNED]->(i:Instrument) RETURN i
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
MATCH (a:Country)-[:SIGNED]->(i)<-[:SIGNED]-(b:Country)
WHERE a.id < b.id
  AND ($country IS NULL OR a.id = $country OR b.id = $country)
WITH a, b, collect(DISTINCT i) AS insts, min(i.signed_year) AS first_year, max(i.signed_year) AS last_year
RETURN a.id AS country_a, a.name AS country_a_name, b.id AS country_b, b.name AS country_b_name,
       size(insts) AS instrument_count,
       COLLECT { UNWIND insts AS x RETURN x.id ORDER BY x.id } AS instrument_ids,
       COLLECT { UNWIND insts AS x MATCH (x)-[:COVERS]->(d:Domain) RETURN DISTINCT d.id AS id ORDER BY id } AS domains,
       first_year, last_year,
       COLLECT { UNWIND insts AS x UNWIND x.sources AS sid WITH DISTINCT sid MATCH (s:Source {id: sid})
                 RETURN s {.id, .title, .publisher, .url} AS source ORDER BY s.id } AS sources
ORDER BY instrument_count DESC, country_a, country_b
