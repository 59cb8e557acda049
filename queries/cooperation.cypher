// name: cooperation
// description: Pairs of countries that are parties to instruments together on a domain (narrower
//    domains count), with the instruments (and the status of each), counts per status, how many
//    both signed, and the most recent instruments with their sources. Countries take part through their state parties unless
//    include_non_state also counts hospitals, universities and companies.
// param: domain: domain | null = null  Only instruments covering this domain or a narrower one; null for every domain. example: "medical-science"
// param: country: country | null = null  Only pairs that include this country. example: "VN"
// param: statuses: list[term:instrument-status] = ["signed", "adopted", "ratified", "in-force", "extended"]  Instrument statuses that count as cooperation. example: ["signed", "in-force"]
// param: from_year: int | null = null  Only instruments signed in or after this year; undated instruments drop out. example: 2020
// param: to_year: int | null = null  Only instruments signed in or before this year; undated instruments drop out. example: 2025
// param: include_non_state: bool = false  Count non-state parties too (a hospital's or university's country is then its side). example: true
// param: evidence_limit: count = 20  Instruments listed per pair, most recent first, with their sources; the counts, years and domains cover every instrument. example: 5
WITH COLLECT { MATCH (n:Domain)-[:BROADER*0..]->(:Domain {id: $domain}) RETURN n } AS within
// Start from the country or from the domain and its narrower domains, whichever has fewer
// instruments by the degrees the store keeps, else from every instrument of the statuses asked
// for: a scan only when nothing narrower is given.
WITH within,
     $country IS NOT NULL
       AND ($domain IS NULL
            OR COUNT { (:Country {id: $country})<-[:PARTY_COUNTRY]-() }
               <= reduce(n = 0, d IN within | n + COUNT { (d)<-[:COVERS]-() })) AS from_country
CALL (within, from_country) {
  MATCH (:Country {id: CASE WHEN from_country THEN $country END})<-[:PARTY_COUNTRY]-(:Party)<-[:HAS_PARTY]-(i:Instrument)
  RETURN i
  UNION
  UNWIND CASE WHEN from_country THEN [] ELSE within END AS d
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
  AND ($country IS NULL OR EXISTS { (i)-[:HAS_PARTY]->(:Party)-[:PARTY_COUNTRY]->(:Country {id: $country}) })
// Each instrument is read once (its parties, who signed it, its domains); the pairs are built
// from these lists, so a multilateral instrument is not expanded again for each of its pairs.
WITH i,
     COLLECT { MATCH (i)-[:HAS_PARTY]->(q:Party)-[:PARTY_COUNTRY]->(pc:Country)
               WHERE coalesce(q.role, "party") = "party" AND (coalesce(q.state, false) OR $include_non_state)
               RETURN {country: pc.id, state: coalesce(q.state, false),
                       organization: COLLECT { MATCH (q)-[:PARTY_ORGANIZATION]->(o:Organization) RETURN o.id }[0]} AS party } AS parties,
     COLLECT { MATCH (s:Country)-[:SIGNED]->(i) RETURN s.id } AS country_signers,
     COLLECT { MATCH (s:Organization)-[:SIGNED]->(i) RETURN s.id } AS organization_signers,
     COLLECT { MATCH (i)-[:COVERS]->(d:Domain) RETURN d.id } AS domains
// A side signed when its country did (or, counting non-state parties, one of its non-state
// parties' organizations did).
WITH i, domains,
     COLLECT { UNWIND parties AS p WITH DISTINCT p.country AS side
               RETURN {id: side,
                       signed: side IN country_signers
                               OR ($include_non_state AND any(q IN parties WHERE q.country = side AND NOT q.state
                                                                            AND q.organization IN organization_signers))} AS side
               ORDER BY side.id } AS sides
UNWIND sides AS a
UNWIND sides AS b
WITH i, domains, a, b
WHERE a.id < b.id AND ($country IS NULL OR a.id = $country OR b.id = $country)
// Most recent first: each pair's entries are collected in this order, and its evidence list is
// their head.
ORDER BY i.signed_date IS NULL, i.signed_date DESC, i.id
WITH a.id AS a, b.id AS b, collect({instrument: i, signed: a.signed AND b.signed, domains: domains}) AS entries,
     min(i.signed_year) AS first_year, max(i.signed_year) AS last_year
WITH a, b, entries, first_year, last_year, entries[..$evidence_limit] AS listed
MATCH (ca:Country {id: a}), (cb:Country {id: b})
RETURN a AS country_a, ca.name AS country_a_name, b AS country_b, cb.name AS country_b_name,
       size(entries) AS instrument_count,
       size([e IN entries WHERE e.signed]) AS signed_count,
       COLLECT { UNWIND entries AS e WITH e.instrument.status AS status, count(*) AS n
                 RETURN {status: status, instruments: n} AS entry ORDER BY status } AS status_counts,
       [e IN listed | e.instrument.id] AS instrument_ids,
       [e IN listed | {id: e.instrument.id, status: e.instrument.status, signed_date: e.instrument.signed_date,
                       signed: e.signed}] AS instruments,
       size(entries) > size(listed) AS evidence_capped,
       COLLECT { UNWIND entries AS e UNWIND e.domains AS id RETURN DISTINCT id ORDER BY id } AS domains,
       first_year, last_year,
       COLLECT { UNWIND listed AS e UNWIND e.instrument.sources AS sid WITH DISTINCT sid MATCH (s:Source {id: sid})
                 RETURN s {.id, .title, .publisher, .url} AS source ORDER BY s.id } AS sources
ORDER BY instrument_count DESC, country_a, country_b
