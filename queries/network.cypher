// name: network
// description: The cooperation network: every pair of parties (countries, or organizations on request)
//    that signed instruments together, with the number of instruments, their statuses, types and years.
//    A party is a country; at the organization level it is each organization that signed (or the
//    country where none of its organizations is named); with non-state parties, companies, company
//    offices, foundations and international organizations that signed join as parties of their own.
// param: domain: domain | null = null  Only instruments covering this domain or a narrower one. example: "oncology"
// param: from_year: int | null = null  Only instruments signed in or after this year; undated instruments drop out. example: 2020
// param: to_year: int | null = null  Only instruments signed in or before this year; undated instruments drop out. example: 2025
// param: statuses: list[term:instrument-status] = ["signed", "adopted", "ratified", "in-force", "extended"]  Instrument statuses to include. example: ["signed", "in-force"]
// param: type: term:instrument-type | null = null  Only instruments of this type. example: "memorandum-of-cooperation"
// param: level: "country" | "organization" = "country"  Parties as countries, or as the organizations that signed. example: "country"
// param: parties: "states" | "all" = "states"  States and their public bodies (a hospital counts for its country), or also companies, foundations and international organizations as parties of their own. example: "all"
WITH COLLECT { MATCH (n:Domain)-[:BROADER*0..]->(:Domain {id: $domain}) RETURN n } AS within,
     ["company", "company-office", "foundation", "international-organization"] AS non_state
// Start from the domain and its narrower domains, else from every instrument of the statuses
// asked for: a scan only when no domain is given.
CALL (within) {
  UNWIND within AS d
  MATCH (d)<-[:COVERS]-(i:Instrument) RETURN i
  UNION
  UNWIND CASE WHEN $domain IS NULL THEN [true] ELSE [] END AS unanchored
  MATCH (i:Instrument) WHERE i.status IN $statuses RETURN i
}
WITH DISTINCT i, non_state
WHERE i.status IN $statuses
  AND ($type IS NULL OR i.type = $type)
  AND ($from_year IS NULL OR i.signed_year >= $from_year)
  AND ($to_year IS NULL OR i.signed_year <= $to_year)
// Each instrument's parties as keys ("country:UA", "organization:<id>"): pairs are grouped on
// text, and a party's name and kind are read for the rows of the page only.
// Each branch runs only for the level it serves.
WITH i, COLLECT {
  UNWIND CASE WHEN $level = "country" THEN [true] ELSE [] END AS countries
  // A party's country: its state, or the country of a public body (a hospital, an institute);
  // companies, foundations and international organizations join as parties of their own.
  MATCH (i)-[:HAS_PARTY]->(p:Party)-[:PARTY_COUNTRY]->(c:Country)
  WHERE coalesce(p.role, "party") = "party"
    AND NOT EXISTS { (p)-[:PARTY_ORGANIZATION]->(o:Organization) WHERE o.kind IN non_state }
  RETURN "country:" + c.id AS party
  UNION
  UNWIND CASE WHEN $level = "organization" THEN [true] ELSE [] END AS unnamed
  MATCH (c:Country)-[:SIGNED]->(i)
  WHERE NOT EXISTS { (o:Organization)-[r:SIGNED]->(i) WHERE r.country = c.id AND NOT o.kind IN non_state }
  RETURN "country:" + c.id AS party
  UNION
  UNWIND CASE WHEN $level = "organization" OR $parties = "all" THEN [true] ELSE [] END AS wanted
  MATCH (o:Organization)-[:SIGNED]->(i)
  WHERE CASE WHEN o.kind IN non_state THEN $parties = "all" ELSE $level = "organization" END
  RETURN "organization:" + o.id AS party
} AS ends, non_state
UNWIND ends AS a
UNWIND ends AS b
WITH i, a, b, non_state WHERE a < b
WITH a, b, non_state, collect(i) AS insts, min(i.signed_year) AS first_year, max(i.signed_year) AS last_year
WITH a, b, non_state, insts, first_year, last_year,
     COLLECT { UNWIND [a, b] AS key
               MATCH (c:Country {id: substring(key, 8)}) WHERE key STARTS WITH "country:"
               RETURN {key: key, kind: "country", id: c.id, name: c.name, country: c.id,
                       organization_kind: null, non_state: false} AS party
               UNION
               UNWIND [a, b] AS key
               MATCH (o:Organization {id: substring(key, 13)}) WHERE key STARTS WITH "organization:"
               RETURN {key: key, kind: "organization", id: o.id, name: o.name, country: o.country,
                       organization_kind: o.kind, non_state: o.kind IN non_state} AS party } AS ends
WITH insts, first_year, last_year, [p IN ends WHERE p.key = a][0] AS a, [p IN ends WHERE p.key = b][0] AS b
RETURN a.kind AS a_kind, a.id AS a_id, a.name AS a_name, a.country AS a_country,
       a.organization_kind AS a_organization_kind, a.non_state AS a_non_state,
       b.kind AS b_kind, b.id AS b_id, b.name AS b_name, b.country AS b_country,
       b.organization_kind AS b_organization_kind, b.non_state AS b_non_state,
       size(insts) AS instrument_count,
       COLLECT { UNWIND insts AS x RETURN x.id ORDER BY x.id } AS instrument_ids,
       COLLECT { UNWIND insts AS x WITH x.status AS status, count(*) AS n
                 RETURN {status: status, instruments: n} AS s ORDER BY n DESC, status } AS statuses,
       COLLECT { UNWIND insts AS x WITH x.type AS type, count(*) AS n
                 RETURN {type: type, instruments: n} AS t ORDER BY n DESC, type } AS types,
       first_year, last_year
ORDER BY instrument_count DESC, a_kind, a_id, b_kind, b_id
