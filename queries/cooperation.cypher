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
  // Without a year range, the pairs and their counts are those the loader keeps per scope
  // (graph/summaries.py), ranked there: only the pairs up to the end of the page read instruments,
  // for the evidence they list.
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
  WITH s, instrument_count,
       [j IN range(0, size(s.years) - 1) | [s.years[j], reduce(n = 0, k IN ks | n + s.year_counts[j * width + k])]] AS years,
       [j IN range(0, size(s.domains) - 1) WHERE any(k IN ks WHERE s.domain_counts[j * width + k] > 0) | s.domains[j]] AS domains,
       [k IN ks WHERE s.counts[k] > 0 | {status: s.statuses[k], instruments: s.counts[k]}] AS status_counts,
       reduce(n = 0, k IN ks | n + s.signed[k]) AS signed_count,
       CASE WHEN $evidence_limit < instrument_count THEN $evidence_limit ELSE instrument_count END AS needed
  WITH s, instrument_count, domains, status_counts, signed_count, needed, [y IN years WHERE y[1] > 0] AS years
  // The evidence of a pair is its `needed` most recent instruments: when that many are dated, those
  // signed in or after the newest year from which the pair has that many (its cutoff); else all.
  MATCH (ca:Country {id: s.country_a}), (cb:Country {id: s.country_b})
  WITH s, instrument_count, domains, status_counts, signed_count, needed, years,
       // Newest year first, the instruments counted so far and the year at which they reach `needed`.
       reduce(acc = [0, null], y IN reverse(years)
              | [acc[0] + y[1], CASE WHEN acc[1] IS NULL AND acc[0] + y[1] >= needed THEN y[0] ELSE acc[1] END]) AS reach,
       COUNT { (ca)<-[:PARTY_COUNTRY]-() } AS degree_a, COUNT { (cb)<-[:PARTY_COUNTRY]-() } AS degree_b
  WITH collect({a: s.country_a, b: s.country_b, instrument_count: instrument_count, signed_count: signed_count,
                status_counts: status_counts, domains: domains,
                first_year: years[0][0], last_year: years[-1][0],
                reads: needed > 0,
                cutoff: CASE WHEN needed > 0 THEN reach[1] END,
                start: CASE WHEN degree_a <= degree_b THEN s.country_a ELSE s.country_b END,
                cost: CASE WHEN degree_a <= degree_b THEN degree_a ELSE degree_b END}) AS page
  // One shared read serves the pairs whose cutoff is at or after `since`: the instruments signed
  // since then, by the signing-year index or from the domain, whichever reads fewer; each other
  // pair reads every instrument of its rarer country (once per country, however many pairs start
  // there). `since` is the cutoff that reads least in all, by the counts the loader keeps per year
  // and the degrees the store keeps.
  // List expressions, not subqueries with an aggregation: rows of those would each carry the page.
  WITH page, [p IN page WHERE p.reads] AS reading
  WITH page, reading,
       reduce(found = [], p IN reading | CASE WHEN p.start IN found THEN found ELSE found + p.start END) AS countries,
       reduce(found = [], p IN reading | CASE WHEN p.cutoff IS NULL OR p.cutoff IN found THEN found ELSE found + p.cutoff END) AS cutoffs
  WITH page, cutoffs,
       // A country is read when any of its pairs is left out of the shared read: when `since` is
       // after the earliest cutoff of its pairs (a pair without one, never in).
       [c IN countries | {start: c, cost: [p IN reading WHERE p.start = c][0].cost,
                          earliest: reduce(m = 2147483647, p IN [p IN reading WHERE p.start = c]
                                           | CASE WHEN coalesce(p.cutoff, -2147483648) < m THEN coalesce(p.cutoff, -2147483648) ELSE m END)}] AS starts,
       COLLECT { MATCH (y:YearSummary {domain: "*"}) WHERE y.year IS NOT NULL
                 RETURN [y.year, reduce(n = 0, x IN y.counts | n + x)] } AS per_year,
       CASE WHEN $domain IS NULL THEN null ELSE reduce(n = 0, d IN within | n + COUNT { (d)<-[:COVERS]-() }) END AS domain_cost
  WITH page, starts, domain_cost,
       [y IN cutoffs | {since: y, by_year: reduce(n = 0, t IN [t IN per_year WHERE t[0] >= y] | n + t[1])}]
       + [{since: null, by_year: 0}] AS options
  WITH page, starts,
       COLLECT { UNWIND options AS o
                 WITH o, o.since IS NOT NULL AND coalesce(domain_cost < o.by_year, false) AS from_domain
                 RETURN {since: o.since, from_domain: from_domain,
                         cost: CASE WHEN from_domain THEN domain_cost ELSE o.by_year END
                               + reduce(n = 0, st IN [st IN starts WHERE o.since IS NULL OR st.earliest < o.since]
                                        | n + st.cost)} AS o
                 ORDER BY o.cost, o.since DESC LIMIT 1 }[0] AS plan
  WITH page, plan.since AS since, plan.from_domain AS from_domain,
       [st IN starts WHERE plan.since IS NULL OR st.earliest < plan.since | st.start] AS starts
  OPTIONAL CALL (within, since, from_domain, starts) {
    UNWIND CASE WHEN since IS NOT NULL AND NOT from_domain THEN [since] ELSE [] END AS y
    MATCH (i:Instrument) WHERE i.signed_year >= y
    RETURN i
    UNION
    UNWIND CASE WHEN since IS NOT NULL AND from_domain THEN within ELSE [] END AS d
    MATCH (d)<-[:COVERS]-(i:Instrument) WHERE i.signed_year >= since
    RETURN i
    UNION
    UNWIND starts AS start
    MATCH (:Country {id: start})<-[:PARTY_COUNTRY]-(:Party)<-[:HAS_PARTY]-(i:Instrument)
    RETURN i
  }
  WITH within, page, [p IN page | p.a + "/" + p.b] AS keys, collect(DISTINCT i) AS read
  WITH page, COLLECT {
    UNWIND read AS i
    WITH i
    WHERE i.status IN $statuses
      AND ($domain IS NULL OR EXISTS { (i)-[:COVERS]->(d:Domain) WHERE d IN within })
    // Each instrument is read once (its parties, who signed it); the pairs are built
    // from these lists, so a multilateral instrument is not expanded again for each of its pairs.
    WITH i,
         COLLECT { MATCH (i)-[:HAS_PARTY]->(q:Party)-[:PARTY_COUNTRY]->(pc:Country)
                   WHERE coalesce(q.role, "party") = "party" AND (coalesce(q.state, false) OR $include_non_state)
                   RETURN {country: pc.id, state: coalesce(q.state, false),
                           organization: COLLECT { MATCH (q)-[:PARTY_ORGANIZATION]->(o:Organization) RETURN o.id }[0]} AS party } AS parties,
         COLLECT { MATCH (s:Country)-[:SIGNED]->(i) RETURN s.id } AS country_signers,
         COLLECT { MATCH (s:Organization)-[:SIGNED]->(i) RETURN s.id } AS organization_signers
    // A side signed when its country did (or, counting non-state parties, one of its non-state
    // parties' organizations did).
    WITH i,
         COLLECT { UNWIND parties AS p WITH DISTINCT p.country AS side
                   RETURN {id: side,
                           signed: side IN country_signers
                                   OR ($include_non_state AND any(q IN parties WHERE q.country = side AND NOT q.state
                                                                                AND q.organization IN organization_signers))} AS side
                   ORDER BY side.id } AS sides
    UNWIND sides AS a
    UNWIND sides AS b
    WITH i, a, b
    WHERE a.id < b.id AND a.id + "/" + b.id IN keys
    ORDER BY i.signed_date IS NULL, i.signed_date DESC, i.id
    WITH a.id + "/" + b.id AS key,
         collect({id: i.id, status: i.status, signed_date: i.signed_date, signed: a.signed AND b.signed,
                  sources: i.sources}) AS entries
    RETURN {key: key, listed: entries[..$evidence_limit]} AS found
  } AS evidence
  UNWIND page AS p
  RETURN p.a AS a, p.b AS b, p.instrument_count AS instrument_count, p.signed_count AS signed_count,
         p.status_counts AS status_counts, p.domains AS domains, p.first_year AS first_year, p.last_year AS last_year,
         coalesce([e IN evidence WHERE e.key = p.a + "/" + p.b][0].listed, []) AS listed
  UNION ALL
  // With a year range, the instruments themselves. Start from the country or from the domain and
  // its narrower domains, whichever has fewer instruments by the degrees the store keeps, else
  // from every instrument of the statuses asked for.
  UNWIND CASE WHEN $from_year IS NULL AND $to_year IS NULL THEN [] ELSE [true] END AS bounded
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
  // Each instrument is read once (its parties, who signed it); the pairs are built
  // from these lists, so a multilateral instrument is not expanded again for each of its pairs.
  WITH i,
       COLLECT { MATCH (i)-[:HAS_PARTY]->(q:Party)-[:PARTY_COUNTRY]->(pc:Country)
                 WHERE coalesce(q.role, "party") = "party" AND (coalesce(q.state, false) OR $include_non_state)
                 RETURN {country: pc.id, state: coalesce(q.state, false),
                         organization: COLLECT { MATCH (q)-[:PARTY_ORGANIZATION]->(o:Organization) RETURN o.id }[0]} AS party } AS parties,
       COLLECT { MATCH (s:Country)-[:SIGNED]->(i) RETURN s.id } AS country_signers,
       COLLECT { MATCH (s:Organization)-[:SIGNED]->(i) RETURN s.id } AS organization_signers
  // A side signed when its country did (or, counting non-state parties, one of its non-state
  // parties' organizations did).
  WITH i,
       COLLECT { UNWIND parties AS p WITH DISTINCT p.country AS side
                 RETURN {id: side,
                         signed: side IN country_signers
                                 OR ($include_non_state AND any(q IN parties WHERE q.country = side AND NOT q.state
                                                                              AND q.organization IN organization_signers))} AS side
                 ORDER BY side.id } AS sides
  UNWIND sides AS a
  UNWIND sides AS b
  WITH i, a, b
  WHERE a.id < b.id AND ($country IS NULL OR a.id = $country OR b.id = $country)
  // Most recent first: each pair's entries are collected in this order, and its evidence list is
  // their head.
  ORDER BY i.signed_date IS NULL, i.signed_date DESC, i.id
  WITH a.id AS a, b.id AS b,
       collect({id: i.id, status: i.status, signed_date: i.signed_date, signed: a.signed AND b.signed,
                sources: i.sources, domains: COLLECT { MATCH (i)-[:COVERS]->(d:Domain) RETURN d.id }}) AS entries,
       min(i.signed_year) AS first_year, max(i.signed_year) AS last_year
  RETURN a, b, size(entries) AS instrument_count, size([e IN entries WHERE e.signed]) AS signed_count,
         COLLECT { UNWIND entries AS e WITH e.status AS status, count(*) AS n
                   RETURN {status: status, instruments: n} AS entry ORDER BY status } AS status_counts,
         COLLECT { UNWIND entries AS e UNWIND e.domains AS id RETURN DISTINCT id ORDER BY id } AS domains,
         first_year, last_year, entries[..$evidence_limit] AS listed
}
MATCH (ca:Country {id: a}), (cb:Country {id: b})
RETURN a AS country_a, ca.name AS country_a_name, b AS country_b, cb.name AS country_b_name,
       instrument_count, signed_count, status_counts,
       [e IN listed | e.id] AS instrument_ids,
       [e IN listed | {id: e.id, status: e.status, signed_date: e.signed_date, signed: e.signed}] AS instruments,
       instrument_count > size(listed) AS evidence_capped,
       domains, first_year, last_year,
       COLLECT { UNWIND listed AS e UNWIND e.sources AS sid WITH DISTINCT sid MATCH (s:Source {id: sid})
                 RETURN s {.id, .title, .publisher, .url} AS source ORDER BY s.id } AS sources
ORDER BY instrument_count DESC, country_a, country_b
