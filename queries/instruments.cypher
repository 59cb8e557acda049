// name: instruments
// description: Instruments filtered by party country, second party country, party organization, domain
//    (narrower domains count), type, status and year range; newest first. Each row gives the
//    status, the party countries (state parties unless include_non_state) and who signed it.
// param: country: country | null = null  Only instruments this country is party to. example: "VN"
// param: partner: country | null = null  Only instruments this second country is also party to. example: "BY"
// param: organization: str | null = null  Only instruments this organization (by id) is a party to. example: "vn-ministry-of-health"
// param: domain: domain | null = null  Only instruments covering this domain or a narrower one. example: "health-cooperation"
// param: type: term:instrument-type | null = null  Only instruments of this type. example: "memorandum-of-understanding"
// param: statuses: list[term:instrument-status] = ["signed", "adopted", "ratified", "in-force", "extended"]  Instrument statuses to list. example: ["signed", "in-force"]
// param: from_year: int | null = null  Only instruments signed in or after this year; undated instruments drop out. example: 2024
// param: to_year: int | null = null  Only instruments signed in or before this year; undated instruments drop out. example: 2024
// param: include_non_state: bool = false  Count non-state parties too (a hospital's or university's country is then its side). example: true
WITH COLLECT { MATCH (n:Domain)-[:BROADER*0..]->(:Domain {id: $domain}) RETURN n } AS within
// Newest first is the signing-date index's order: the most recent instruments are read in it, and
// when a page's worth of them match (a broad filter, or none), the page lies among them with the
// rest of the last date's instruments (its order within a date is by id), and nothing else is read.
// Not tried when the country, the partner, the organization or the domain is too rare for a tenth
// of the instruments (their degrees, kept by the store, not counted), so a narrow filter does not
// pay a futile read.
WITH within, COUNT { (:Instrument) } AS instruments,
     COUNT { (:Country {id: $country})<-[:PARTY_COUNTRY]-() } AS country_degree,
     COUNT { (:Country {id: $partner})<-[:PARTY_COUNTRY]-() } AS partner_degree,
     COUNT { (:Organization {id: $organization})<-[:PARTY_ORGANIZATION]-() } AS organization_degree,
     reduce(n = 0, d IN within | n + COUNT { (d)<-[:COVERS]-() }) AS covered
WITH within,
     ($country IS NULL OR 10 * country_degree >= instruments)
       AND ($partner IS NULL OR 10 * partner_degree >= instruments)
       AND ($organization IS NULL OR 10 * organization_degree >= instruments)
       AND ($domain IS NULL OR 10 * covered >= instruments) AS worth_it,
     // Of the country and the partner, the one that is a party less often.
     CASE WHEN $partner IS NULL THEN $country
          WHEN $country IS NULL THEN $partner
          WHEN partner_degree < country_degree THEN $partner ELSE $country END AS anchor
CALL (within, worth_it) {
  MATCH (i:Instrument) WHERE i.signed_date IS NOT NULL
  WITH i ORDER BY i.signed_date DESC LIMIT 10 * ($page_offset + $page_size)
  WITH i WHERE worth_it
  WITH i WHERE i.status IN $statuses
    AND ($organization IS NULL OR EXISTS {
           (i)-[:HAS_PARTY]->(q:Party)-[:PARTY_ORGANIZATION]->(:Organization {id: $organization})
           WHERE coalesce(q.role, "party") = "party" })
    AND ($type IS NULL OR i.type = $type)
    AND ($domain IS NULL OR EXISTS { (i)-[:COVERS]->(d:Domain) WHERE d IN within })
    AND ($from_year IS NULL OR i.signed_year >= $from_year)
    AND ($to_year IS NULL OR i.signed_year <= $to_year)
    AND ($country IS NULL OR EXISTS { (i)-[:HAS_PARTY]->(q:Party)-[:PARTY_COUNTRY]->(:Country {id: $country})
                                      WHERE coalesce(q.role, "party") = "party" AND (coalesce(q.state, false) OR $include_non_state) })
    AND ($partner IS NULL OR EXISTS { (i)-[:HAS_PARTY]->(q:Party)-[:PARTY_COUNTRY]->(:Country {id: $partner})
                                      WHERE coalesce(q.role, "party") = "party" AND (coalesce(q.state, false) OR $include_non_state) })
  WITH i LIMIT $page_offset + $page_size
  RETURN collect(i) AS recent
}
WITH within, anchor, CASE WHEN size(recent) = $page_offset + $page_size THEN recent END AS recent
// Otherwise start from the country or partner, else from the domain and its narrower domains, else
// from every instrument of the statuses asked for: a scan only when nothing narrower is given.
CALL (within, recent, anchor) {
  UNWIND recent AS i RETURN i
  UNION
  MATCH (i:Instrument {signed_date: recent[-1].signed_date}) RETURN i
  UNION
  MATCH (:Country {id: CASE WHEN recent IS NULL THEN anchor END})<-[:PARTY_COUNTRY]-(:Party)<-[:HAS_PARTY]-(i:Instrument) RETURN i
  UNION
  UNWIND CASE WHEN recent IS NULL AND anchor IS NULL THEN within ELSE [] END AS d
  MATCH (d)<-[:COVERS]-(i:Instrument) RETURN i
  UNION
  UNWIND CASE WHEN recent IS NULL AND anchor IS NULL AND $domain IS NULL THEN [true] ELSE [] END AS unanchored
  MATCH (i:Instrument) WHERE i.status IN $statuses RETURN i
}
WITH i, within
WHERE i.status IN $statuses
  AND ($organization IS NULL OR EXISTS {
         (i)-[:HAS_PARTY]->(q:Party)-[:PARTY_ORGANIZATION]->(:Organization {id: $organization})
         WHERE coalesce(q.role, "party") = "party" })
  AND ($type IS NULL OR i.type = $type)
  AND ($domain IS NULL OR EXISTS { (i)-[:COVERS]->(d:Domain) WHERE d IN within })
  AND ($from_year IS NULL OR i.signed_year >= $from_year)
  AND ($to_year IS NULL OR i.signed_year <= $to_year)
WITH i, COLLECT {
  MATCH (i)-[:HAS_PARTY]->(q:Party)-[:PARTY_COUNTRY]->(pc:Country)
  WHERE coalesce(q.role, "party") = "party" AND (coalesce(q.state, false) OR $include_non_state)
  RETURN DISTINCT pc.id AS code ORDER BY code
} AS countries
WHERE ($country IS NULL OR $country IN countries)
  AND ($partner IS NULL OR $partner IN countries)
RETURN i.id AS id, i.type AS type, i.title AS title, i.status AS status,
       i.signed_date AS signed_date, i.signed_year AS signed_year,
       size(countries) > 2 AS multilateral, countries AS party_countries,
       COLLECT { MATCH (i)-[:HAS_PARTY]->(q:Party)-[:PARTY_ORGANIZATION]->(o:Organization)
                 WHERE coalesce(q.role, "party") = "party"
                 WITH DISTINCT o, q.country AS side ORDER BY side, o.id
                 RETURN o.id } AS organizations,
       COLLECT { MATCH (sc:Country)-[:SIGNED]->(i) RETURN sc.id ORDER BY sc.id } AS signed_by,
       COLLECT { MATCH (so:Organization)-[:SIGNED]->(i) RETURN so.id ORDER BY so.id } AS signed_by_organizations,
       COLLECT { MATCH (i)-[:COVERS]->(d:Domain) RETURN d.id ORDER BY d.id } AS domains,
       COLLECT { UNWIND i.sources AS sid MATCH (s:Source {id: sid})
                 RETURN s {.id, .title, .publisher, .url} AS source ORDER BY s.id } AS sources
ORDER BY coalesce(i.signed_date, "") DESC, i.id
