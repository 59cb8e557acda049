// name: multilateral
// description: Multilateral instruments: those with more than two party countries.
// param: country: country | null = null  Only instruments this country is party to. example: "VN"
// param: domain: domain | null = null  Only instruments covering this domain or a narrower one. example: "health-cooperation"
// param: statuses: list[term:instrument-status] = ["signed", "in-force"]  Instrument statuses to list. example: ["signed", "in-force"]
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
WHERE size(i.party_countries) > 2
  AND i.status IN $statuses
  AND ($domain IS NULL OR EXISTS { (i)-[:COVERS]->(d:Domain) WHERE d IN within })
RETURN i.id AS id, i.type AS type, i.title AS title, i.status AS status,
       i.signed_date AS signed_date, i.signed_year AS signed_year,
       size(i.party_countries) AS party_count, i.party_countries AS party_countries,
       COLLECT { MATCH (i)-[:COVERS]->(d:Domain) RETURN d.id ORDER BY d.id } AS domains,
       COLLECT { UNWIND i.sources AS sid MATCH (s:Source {id: sid})
                 RETURN s {.id, .title, .publisher, .url} AS source ORDER BY s.id } AS sources
ORDER BY party_count DESC, coalesce(i.signed_date, "") DESC, i.id
