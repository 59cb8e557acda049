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
CALL (within) {
  // Without a year range, the pairs, their counts and their most recent instruments are those the
  // loader keeps per scope (graph/summaries.py): the page's pairs are ranked there and read no
  // instrument unless they ask for more evidence than is kept.
  UNWIND CASE WHEN $from_year IS NULL AND $to_year IS NULL
              THEN [CASE WHEN $include_non_state THEN "all" ELSE "state" END + "/" + coalesce($domain, "*")]
              ELSE [] END AS scope
  CALL (scope) {
    UNWIND CASE WHEN $country IS NULL THEN [scope] ELSE [] END AS every
    MATCH (s:PairSummary {scope: every}) RETURN s
    UNION
    UNWIND CASE WHEN $country IS NULL THEN [] ELSE [$country] END AS c
    MATCH (s:PairSummary {scope: scope, country_a: c}) RETURN s
    UNION
    UNWIND CASE WHEN $country IS NULL THEN [] ELSE [$country] END AS c
    MATCH (s:PairSummary {scope: scope, country_b: c}) RETURN s
  }
  WITH s, size(s.statuses) AS width, [k IN range(0, size(s.statuses) - 1) WHERE s.statuses[k] IN $statuses] AS ks
  WITH s, width, ks, reduce(n = 0, k IN ks | n + s.counts[k]) AS instrument_count
  WHERE instrument_count > 0
  ORDER BY instrument_count DESC, s.country_a, s.country_b
  LIMIT $page_offset + $page_size
  // A list property a comprehension reads is read from the store again for each element it
  // visits: the kept lists are read once, here.
  WITH s, width, ks, instrument_count, s.recent_ids AS recent_ids, s.recent_statuses AS recent_statuses,
       s.recent_dates AS recent_dates, s.recent_signed AS recent_signed
  // Per status the summary lists its most recent instruments, all of them when it has few; the
  // evidence is the head of those of the statuses asked for, when each of these lists all its
  // instruments or at least evidence_limit.
  WITH s, width, ks, instrument_count, recent_ids, recent_statuses, recent_dates, recent_signed,
       all(k IN ks WHERE size([x IN recent_statuses WHERE x = s.statuses[k]])
                         >= CASE WHEN s.counts[k] < $evidence_limit THEN s.counts[k] ELSE $evidence_limit END) AS kept
  CALL (s, within, kept) {
    // Else the pair's instruments, from its country that is a party less often.
    WITH s, within WHERE NOT kept
    MATCH (ca:Country {id: s.country_a}), (cb:Country {id: s.country_b})
    UNWIND [ca, cb] AS start
    WITH ca, cb, within, start ORDER BY COUNT { (start)<-[:PARTY_COUNTRY]-() } LIMIT 1
    MATCH (start)<-[:PARTY_COUNTRY]-(:Party)<-[:HAS_PARTY]-(i:Instrument)
    WITH DISTINCT ca, cb, within, i
    WHERE i.status IN $statuses
      AND ($domain IS NULL OR EXISTS { (i)-[:COVERS]->(d:Domain) WHERE d IN within })
      AND all(c IN [ca, cb] WHERE EXISTS { (i)-[:HAS_PARTY]->(q:Party)-[:PARTY_COUNTRY]->(c)
                                           WHERE coalesce(q.role, "party") = "party"
                                             AND (coalesce(q.state, false) OR $include_non_state) })
    WITH i, all(c IN [ca, cb] WHERE EXISTS { (c)-[:SIGNED]->(i) }
                                   OR ($include_non_state AND EXISTS {
                                         (i)-[:HAS_PARTY]->(q:Party)-[:PARTY_COUNTRY]->(c)
                                         WHERE coalesce(q.role, "party") = "party" AND NOT coalesce(q.state, false)
                                           AND EXISTS { (q)-[:PARTY_ORGANIZATION]->(:Organization)-[:SIGNED]->(i) } })) AS signed
    ORDER BY i.signed_date IS NULL, i.signed_date DESC, i.id
    RETURN collect({id: i.id, status: i.status, signed_date: i.signed_date, signed: signed})[..$evidence_limit] AS read
  }
  RETURN s.country_a AS a, s.country_b AS b, instrument_count,
         reduce(n = 0, k IN ks | n + s.signed[k]) AS signed_count,
         [k IN ks WHERE s.counts[k] > 0 | {status: s.statuses[k], instruments: s.counts[k]}] AS status_counts,
         [j IN range(0, size(s.domains) - 1) WHERE any(k IN ks WHERE s.domain_counts[j * width + k] > 0) | s.domains[j]] AS domains,
         [j IN range(0, size(s.years) - 1) WHERE any(k IN ks WHERE s.year_counts[j * width + k] > 0) | s.years[j]] AS years,
         CASE WHEN kept
              THEN [j IN [j IN range(0, size(recent_statuses) - 1) WHERE recent_statuses[j] IN $statuses][..$evidence_limit]
                    | {id: recent_ids[j], status: recent_statuses[j],
                       signed_date: CASE WHEN recent_dates[j] = "" THEN null ELSE recent_dates[j] END,
                       signed: recent_signed[j]}]
              ELSE read END AS listed
  UNION ALL
  // With a year range, the instruments themselves.
  UNWIND CASE WHEN $from_year IS NULL AND $to_year IS NULL THEN [] ELSE [true] END AS bounded
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
  RETURN a, b, size(entries) AS instrument_count,
         size([e IN entries WHERE e.signed]) AS signed_count,
         COLLECT { UNWIND entries AS e WITH e.instrument.status AS status, count(*) AS n
                   RETURN {status: status, instruments: n} AS entry ORDER BY status } AS status_counts,
         COLLECT { UNWIND entries AS e UNWIND e.domains AS id RETURN DISTINCT id ORDER BY id } AS domains,
         [y IN [first_year, last_year] WHERE y IS NOT NULL] AS years,
         [e IN entries[..$evidence_limit] | {id: e.instrument.id, status: e.instrument.status,
                                             signed_date: e.instrument.signed_date, signed: e.signed}] AS listed
}
MATCH (ca:Country {id: a}), (cb:Country {id: b})
RETURN a AS country_a, ca.name AS country_a_name, b AS country_b, cb.name AS country_b_name,
       instrument_count, signed_count, status_counts,
       [e IN listed | e.id] AS instrument_ids,
       listed AS instruments,
       instrument_count > size(listed) AS evidence_capped,
       domains, years[0] AS first_year, years[-1] AS last_year,
       COLLECT { UNWIND listed AS e MATCH (i:Instrument {id: e.id}) UNWIND i.sources AS sid WITH DISTINCT sid
                 MATCH (src:Source {id: sid}) RETURN src {.id, .title, .publisher, .url} AS source ORDER BY src.id } AS sources
ORDER BY instrument_count DESC, country_a, country_b
