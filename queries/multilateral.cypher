// name: multilateral
// description: Multilateral instruments: those with more than two party countries (state parties,
//    unless include_non_state also counts the countries of hospitals, universities and companies),
//    each with its status, the countries that signed it and the forum it was adopted in.
// param: country: country | null = null  Only instruments this country is party to. example: "VN"
// param: domain: domain | null = null  Only instruments covering this domain or a narrower one. example: "health-cooperation"
// param: statuses: list[term:instrument-status] = ["signed", "adopted", "ratified", "in-force", "extended"]  Instrument statuses to list. example: ["signed", "in-force"]
// param: include_non_state: bool = false  Count non-state parties too (a hospital's or university's country is then its side). example: true
WITH COLLECT { MATCH (n:Domain)-[:BROADER*0..]->(:Domain {id: $domain}) RETURN n } AS within
// Start from the country, else from the domain and its narrower domains, else from the instruments
// with more than two parties (by the party_count index): more than two party countries need
// more than two parties (role party: the loader's party_count), so only those can match.
CALL (within) {
  MATCH (:Country {id: $country})<-[:PARTY_COUNTRY]-(:Party)<-[:HAS_PARTY]-(i:Instrument) RETURN i
  UNION
  UNWIND CASE WHEN $country IS NULL THEN within ELSE [] END AS d
  MATCH (d)<-[:COVERS]-(i:Instrument) RETURN i
  UNION
  UNWIND CASE WHEN $country IS NULL AND $domain IS NULL THEN [true] ELSE [] END AS unanchored
  MATCH (i:Instrument) WHERE i.party_count > 2 RETURN i
}
WITH i, within
WHERE i.party_count > 2
  // State parties only: the loader keeps their countries (party_countries) and whether they are
  // more than two (multilateral), so no party is read.
  AND ($include_non_state OR i.multilateral)
  AND i.status IN $statuses
  AND ($domain IS NULL OR EXISTS { (i)-[:COVERS]->(d:Domain) WHERE d IN within })
WITH i, CASE WHEN $include_non_state THEN COLLECT {
  UNWIND CASE WHEN $include_non_state THEN [true] ELSE [] END AS non_state
  MATCH (i)-[:HAS_PARTY]->(q:Party)-[:PARTY_COUNTRY]->(pc:Country)
  WHERE coalesce(q.role, "party") = "party"
  RETURN DISTINCT pc.id AS code ORDER BY code
} ELSE coalesce(i.party_countries, []) END AS countries
WHERE size(countries) > 2 AND ($country IS NULL OR $country IN countries)
RETURN i.id AS id, i.type AS type, i.title AS title, i.status AS status,
       i.signed_date AS signed_date, i.signed_year AS signed_year,
       size(countries) AS party_count, countries AS party_countries,
       COLLECT { MATCH (sc:Country)-[:SIGNED]->(i) RETURN sc.id ORDER BY sc.id } AS signed_by,
       COLLECT { MATCH (i)-[:ADOPTED_WITHIN]->(f:Organization) RETURN f.id ORDER BY f.id }[0] AS forum,
       COLLECT { MATCH (i)-[:COVERS]->(d:Domain) RETURN d.id ORDER BY d.id } AS domains,
       COLLECT { UNWIND i.sources AS sid MATCH (s:Source {id: sid})
                 RETURN s {.id, .title, .publisher, .url} AS source ORDER BY s.id } AS sources
ORDER BY party_count DESC, coalesce(i.signed_date, "") DESC, i.id
