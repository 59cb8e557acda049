// name: hubs
// description: Countries ranked by the number of distinct partner countries they are parties to
//    instruments with, optionally within one domain (narrower domains count), with counts per
//    status and how many of the instruments the country signed. Countries take part through
//    their state parties unless include_non_state also counts hospitals, universities and companies.
//    The instruments themselves are listed by `partners` (per partner) and `instruments` (paged).
// param: domain: domain | null = null  Only instruments covering this domain or a narrower one. example: "health-cooperation"
// param: statuses: list[term:instrument-status] = ["signed", "adopted", "ratified", "in-force", "extended"]  Instrument statuses that count as cooperation. example: ["signed", "in-force"]
// param: from_year: int | null = null  Only instruments signed in or after this year; undated instruments drop out. example: 2020
// param: to_year: int | null = null  Only instruments signed in or before this year; undated instruments drop out. example: 2025
// param: include_non_state: bool = false  Count non-state parties too (a hospital's or university's country is then its side). example: true
CALL () {
  // Without a year range, the counts the loader keeps per scope (graph/summaries.py): pairs with
  // an instrument of the statuses asked for give each country its partners.
  UNWIND CASE WHEN $from_year IS NULL AND $to_year IS NULL
              THEN [CASE WHEN $include_non_state THEN "all" ELSE "state" END + "/" + coalesce($domain, "*")]
              ELSE [] END AS scope
  MATCH (s:PairSummary {scope: scope})
  WITH scope, s.country_a AS a, s.country_b AS b, s.statuses AS st, s.counts AS n
  WHERE any(k IN range(0, size(st) - 1) WHERE st[k] IN $statuses AND n[k] > 0)
  UNWIND [[a, b], [b, a]] AS side
  WITH scope, side[0] AS country, collect(side[1]) AS partner_ids
  MATCH (cs:CountrySummary {id: scope + "/" + country})
  WITH country, partner_ids, cs.statuses AS st, cs.paired AS paired, cs.signed_paired AS signed
  RETURN country, partner_ids,
         [k IN range(0, size(st) - 1) WHERE st[k] IN $statuses AND paired[k] > 0
          | {status: st[k], instruments: paired[k]}] AS status_counts,
         reduce(total = 0, k IN range(0, size(st) - 1)
                | total + CASE WHEN st[k] IN $statuses THEN signed[k] ELSE 0 END) AS signed_count
  UNION ALL
  // With a year range, the instruments themselves.
  UNWIND CASE WHEN $from_year IS NULL AND $to_year IS NULL THEN [] ELSE [true] END AS bounded
  WITH COLLECT { MATCH (n:Domain)-[:BROADER*0..]->(:Domain {id: $domain}) RETURN n } AS within
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
  WITH c, collect(DISTINCT p.id) AS partner_ids, collect(DISTINCT i) AS insts
  RETURN c.id AS country, partner_ids,
         COLLECT { UNWIND insts AS x WITH x.status AS status, count(*) AS k
                   RETURN {status: status, instruments: k} AS entry ORDER BY status } AS status_counts,
         size([x IN insts WHERE EXISTS { (c)-[:SIGNED]->(x) }
               OR ($include_non_state AND EXISTS {
                     (x)-[:HAS_PARTY]->(s:Party)-[:PARTY_COUNTRY]->(c)
                     WHERE coalesce(s.role, "party") = "party" AND NOT coalesce(s.state, false)
                       AND EXISTS { (s)-[:PARTY_ORGANIZATION]->(:Organization)-[:SIGNED]->(x) } })]) AS signed_count
}
WITH country, partner_ids, status_counts, signed_count,
     reduce(total = 0, e IN status_counts | total + e.instruments) AS instrument_count
MATCH (c:Country {id: country})
RETURN c.id AS country, c.name AS name,
       size(partner_ids) AS partner_count,
       COLLECT { UNWIND partner_ids AS q RETURN q ORDER BY q } AS partner_ids,
       instrument_count, signed_count, status_counts
ORDER BY partner_count DESC, instrument_count DESC, country
