// name: instruments
// description: Instruments filtered by party country, second party country, signing organization, domain
//    (narrower domains count), type, status and year range; newest first.
// param: country: country | null = null  Only instruments this country is party to. example: "VN"
// param: partner: country | null = null  Only instruments this second country is also party to. example: "BY"
// param: organization: str | null = null  Only instruments this organization (by id) signed. example: "vn-ministry-of-health"
// param: domain: domain | null = null  Only instruments covering this domain or a narrower one. example: "health-cooperation"
// param: type: term:instrument-type | null = null  Only instruments of this type. example: "memorandum-of-understanding"
// param: statuses: list[term:instrument-status] = ["signed", "in-force"]  Instrument statuses to list. example: ["signed", "in-force"]
// param: from_year: int | null = null  Only instruments signed in or after this year; undated instruments drop out. example: 2024
// param: to_year: int | null = null  Only instruments signed in or before this year; undated instruments drop out. example: 2024
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
  AND ($partner IS NULL OR $partner IN i.party_countries)
  AND ($organization IS NULL OR EXISTS { (:Organization {id: $organization})-[:SIGNED]->(i) })
  AND ($type IS NULL OR i.type = $type)
  AND ($domain IS NULL OR EXISTS { (i)-[:COVERS]->(d:Domain) WHERE d IN within })
  AND ($from_year IS NULL OR i.signed_year >= $from_year)
  AND ($to_year IS NULL OR i.signed_year <= $to_year)
RETURN i.id AS id, i.type AS type, i.title AS title, i.status AS status,
       i.signed_date AS signed_date, i.signed_year AS signed_year,
       coalesce(i.multilateral, false) AS multilateral, i.party_countries AS party_countries,
       COLLECT { MATCH (o:Organization)-[r:SIGNED]->(i) RETURN o.id ORDER BY r.country, o.id } AS organizations,
       COLLECT { MATCH (i)-[:COVERS]->(d:Domain) RETURN d.id ORDER BY d.id } AS domains,
       COLLECT { UNWIND i.sources AS sid MATCH (s:Source {id: sid})
                 RETURN s {.id, .title, .publisher, .url} AS source ORDER BY s.id } AS sources
ORDER BY coalesce(i.signed_date, "") DESC, i.id
