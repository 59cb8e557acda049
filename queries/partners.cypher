// name: partners
// description: Partners of a country: the countries, or organizations, that are parties to health
//    instruments with it, each with the instruments (and the status of each), counts per status,
//    how many both sides signed, domains, and the most recent instruments with their sources. A country takes part through its state
//    parties (itself or a state body) unless include_non_state also counts its hospitals,
//    universities and companies; whether it signed is its SIGNED edge.
// param: country: country (required)  The country whose partners are listed (ISO code or name). example: "VN"
// param: domain: domain | null = null  Only instruments covering this domain or a narrower one. example: "medical-science"
// param: from_year: int | null = null  Only instruments signed in or after this year; undated instruments drop out. example: 2020
// param: to_year: int | null = null  Only instruments signed in or before this year; undated instruments drop out. example: 2025
// param: statuses: list[term:instrument-status] = ["signed", "adopted", "ratified", "in-force", "extended"]  Instrument statuses that count as cooperation. example: ["signed", "in-force"]
// param: level: "country" | "organization" = "country"  List partner countries, or the partner organizations that are parties. example: "country"
// param: include_companies: bool = false  Also list companies and company offices that are parties to instruments with the country. example: true
// param: include_non_state: bool = false  Count non-state parties too (a hospital's or university's country is then its side). example: true
// param: evidence_limit: count = 20  Instruments listed per partner, most recent first, with their sources; the counts, years, domains and organizations cover every instrument. example: 5
MATCH (c:Country {id: $country})
WITH c, COLLECT { MATCH (n:Domain)-[:BROADER*0..]->(:Domain {id: $domain}) RETURN n } AS within,
     $from_year IS NULL AND $to_year IS NULL AND $level = "country" AND NOT $include_companies AS from_summaries
CALL (c, within, from_summaries) {
  // Partner countries without a year range are the country's pairs the loader keeps per scope
  // (graph/summaries.py), with their counts, organizations on both sides and most recent
  // instruments: the page's partners are ranked there and read no instrument unless they ask for
  // more evidence than is kept.
  UNWIND CASE WHEN from_summaries
              THEN [CASE WHEN $include_non_state THEN "all" ELSE "state" END + "/" + coalesce($domain, "*")]
              ELSE [] END AS scope
  CALL (scope, c) {
    MATCH (s:PairSummary {scope: scope, country_a: c.id}) RETURN s, s.country_b AS partner_id, true AS own_a
    UNION
    MATCH (s:PairSummary {scope: scope, country_b: c.id}) RETURN s, s.country_a AS partner_id, false AS own_a
  }
  WITH c, within, s, partner_id, own_a, size(s.statuses) AS width,
       [k IN range(0, size(s.statuses) - 1) WHERE s.statuses[k] IN $statuses] AS ks
  WITH c, within, s, partner_id, own_a, width, ks, reduce(n = 0, k IN ks | n + s.counts[k]) AS instrument_count
  WHERE instrument_count > 0
  ORDER BY instrument_count DESC, partner_id
  LIMIT $page_offset + $page_size
  // A list property a comprehension reads is read from the store again for each element it
  // visits: the kept lists are read once, here.
  WITH c, within, s, partner_id, own_a, width, ks, instrument_count, s.recent_ids AS recent_ids,
       s.recent_statuses AS recent_statuses, s.recent_dates AS recent_dates, s.recent_signed AS recent_signed
  // Per status the summary lists its most recent instruments, all of them when it has few; the
  // evidence is the head of those of the statuses asked for, when each of these lists all its
  // instruments or at least evidence_limit.
  WITH c, within, s, partner_id, own_a, width, ks, instrument_count, recent_ids, recent_statuses, recent_dates, recent_signed,
       all(k IN ks WHERE size([x IN recent_statuses WHERE x = s.statuses[k]])
                         >= CASE WHEN s.counts[k] < $evidence_limit THEN s.counts[k] ELSE $evidence_limit END) AS kept
  MATCH (pc:Country {id: partner_id})
  CALL (c, pc, within, kept) {
    // Else the pair's instruments, from its country that is a party less often.
    WITH c, pc, within WHERE NOT kept
    UNWIND [c, pc] AS start
    WITH c, pc, within, start ORDER BY COUNT { (start)<-[:PARTY_COUNTRY]-() } LIMIT 1
    MATCH (start)<-[:PARTY_COUNTRY]-(:Party)<-[:HAS_PARTY]-(i:Instrument)
    WITH DISTINCT c, pc, within, i
    WHERE i.status IN $statuses
      AND ($domain IS NULL OR EXISTS { (i)-[:COVERS]->(d:Domain) WHERE d IN within })
      AND all(x IN [c, pc] WHERE EXISTS { (i)-[:HAS_PARTY]->(q:Party)-[:PARTY_COUNTRY]->(x)
                                           WHERE coalesce(q.role, "party") = "party"
                                             AND (coalesce(q.state, false) OR $include_non_state) })
    WITH i, all(x IN [c, pc] WHERE EXISTS { (x)-[:SIGNED]->(i) }
                                   OR ($include_non_state AND EXISTS {
                                         (i)-[:HAS_PARTY]->(q:Party)-[:PARTY_COUNTRY]->(x)
                                         WHERE coalesce(q.role, "party") = "party" AND NOT coalesce(q.state, false)
                                           AND EXISTS { (q)-[:PARTY_ORGANIZATION]->(:Organization)-[:SIGNED]->(i) } })) AS signed
    ORDER BY i.signed_date IS NULL, i.signed_date DESC, i.id
    RETURN collect({id: i.id, status: i.status, signed_date: i.signed_date, signed: signed})[..$evidence_limit] AS read
  }
  WITH s, pc, own_a, width, ks, instrument_count, kept, read, recent_ids, recent_statuses, recent_dates, recent_signed,
       [j IN range(0, size(s.years) - 1) WHERE any(k IN ks WHERE s.year_counts[j * width + k] > 0) | s.years[j]] AS years,
       [j IN range(0, size(s.orgs_a) - 1) WHERE any(k IN ks WHERE s.org_a_counts[j * width + k] > 0) | s.orgs_a[j]] AS orgs_a,
       [j IN range(0, size(s.orgs_b) - 1) WHERE any(k IN ks WHERE s.org_b_counts[j * width + k] > 0) | s.orgs_b[j]] AS orgs_b
  RETURN "country" AS partner_kind, pc.id AS partner_id, pc.name AS partner_name, pc.id AS partner_country,
         null AS organization_kind, null AS parent_organization, instrument_count,
         reduce(n = 0, k IN ks | n + s.signed[k]) AS signed_count,
         [k IN ks WHERE s.counts[k] > 0 | {status: s.statuses[k], instruments: s.counts[k]}] AS status_counts,
         CASE WHEN kept
              THEN [j IN [j IN range(0, size(recent_statuses) - 1) WHERE recent_statuses[j] IN $statuses][..$evidence_limit]
                    | {id: recent_ids[j], status: recent_statuses[j],
                       signed_date: CASE WHEN recent_dates[j] = "" THEN null ELSE recent_dates[j] END,
                       signed: recent_signed[j]}]
              ELSE read END AS listed,
         [j IN range(0, size(s.domains) - 1) WHERE any(k IN ks WHERE s.domain_counts[j * width + k] > 0) | s.domains[j]] AS domains,
         CASE WHEN own_a THEN orgs_a ELSE orgs_b END AS own_organizations,
         CASE WHEN own_a THEN orgs_b ELSE orgs_a END AS partner_organizations,
         years[0] AS first_year, years[-1] AS last_year
  UNION ALL
  // Otherwise (a year range, partner organizations, companies) the country's instruments.
  UNWIND CASE WHEN from_summaries THEN [] ELSE [true] END AS read_instruments
  // Start from the country's parties or from the domain and its narrower domains, whichever has
  // fewer instruments by the degrees the store keeps; the instruments are filtered before their
  // other parties are expanded.
  WITH c, within, $domain IS NULL
         OR COUNT { (c)<-[:PARTY_COUNTRY]-() } <= reduce(n = 0, d IN within | n + COUNT { (d)<-[:COVERS]-() }) AS from_country
  CALL (c, within, from_country) {
    UNWIND CASE WHEN from_country THEN [c] ELSE [] END AS start
    MATCH (start)<-[:PARTY_COUNTRY]-(own:Party)<-[:HAS_PARTY]-(i:Instrument)
    WHERE coalesce(own.role, "party") = "party" AND (coalesce(own.state, false) OR $include_non_state)
    RETURN i
    UNION
    UNWIND CASE WHEN from_country THEN [] ELSE within END AS d
    MATCH (d)<-[:COVERS]-(i:Instrument)
    WHERE EXISTS { (i)-[:HAS_PARTY]->(own:Party)-[:PARTY_COUNTRY]->(c)
                   WHERE coalesce(own.role, "party") = "party" AND (coalesce(own.state, false) OR $include_non_state) }
    RETURN i
  }
  WITH c, within, i
  WHERE i.status IN $statuses
    AND ($domain IS NULL OR EXISTS { (i)-[:COVERS]->(d:Domain) WHERE d IN within })
    AND ($from_year IS NULL OR i.signed_year >= $from_year)
    AND ($to_year IS NULL OR i.signed_year <= $to_year)
  // Each instrument is read once (its parties, who signed it, its domains); the partner rows are
  // built from these lists, so an instrument shared by many partners is not expanded again for each.
  WITH c, i,
       COLLECT { MATCH (i)-[:HAS_PARTY]->(q:Party) WHERE coalesce(q.role, "party") = "party"
                 OPTIONAL MATCH (q)-[:PARTY_COUNTRY]->(pc:Country)
                 OPTIONAL MATCH (q)-[:PARTY_ORGANIZATION]->(o:Organization)
                 RETURN {country: pc.id, country_name: pc.name, stated_country: q.country, state: coalesce(q.state, false),
                         organization: o.id, organization_name: o.name, organization_kind: o.kind} AS party } AS parties,
       COLLECT { MATCH (s:Country)-[:SIGNED]->(i) RETURN s.id } AS country_signers,
       COLLECT { MATCH (s:Organization)-[:SIGNED]->(i) RETURN s.id } AS organization_signers,
       COLLECT { MATCH (i)-[:COVERS]->(d:Domain) RETURN d.id } AS domains
  // A side signed when its country did (or, counting non-state parties, one of its non-state
  // parties' organizations did).
  WITH c, i, parties, country_signers, organization_signers, domains,
       c.id IN country_signers
         OR ($include_non_state AND any(p IN parties WHERE p.country = c.id AND NOT p.state
                                                       AND p.organization IN organization_signers)) AS own_signed,
       COLLECT {
         UNWIND [p IN parties WHERE $level = "country" AND p.country IS NOT NULL AND p.country <> c.id
                                    AND (p.state OR $include_non_state)
                 | {kind: "country", id: p.country, name: p.country_name, country: p.country, organization_kind: null}]
              + [p IN parties WHERE p.organization IS NOT NULL
                                    AND CASE
                                          WHEN p.organization_kind IN ["company", "company-office"] THEN $include_companies
                                          ELSE $level = "organization" AND coalesce(p.stated_country, "") <> c.id
                                               AND (p.state OR $include_non_state)
                                        END
                 | {kind: "organization", id: p.organization, name: p.organization_name, country: p.stated_country,
                    organization_kind: p.organization_kind}] AS partner
         RETURN DISTINCT partner
       } AS partners
  UNWIND partners AS partner
  WITH c, partner, i, domains,
       own_signed AND CASE partner.kind
                        WHEN "organization" THEN partner.id IN organization_signers
                        ELSE partner.id IN country_signers
                             OR ($include_non_state AND any(p IN parties WHERE p.country = partner.id AND NOT p.state
                                                                           AND p.organization IN organization_signers))
                      END AS signed,
       [p IN parties WHERE p.country = c.id AND p.organization IS NOT NULL AND p.organization <> partner.id
                           AND (p.state OR $include_non_state) | p.organization] AS own_organizations,
       [p IN parties WHERE partner.kind = "country" AND p.country = partner.id AND p.organization IS NOT NULL
                           AND (p.state OR $include_non_state) | p.organization] AS partner_organizations
  // Most recent first: each partner's entries are collected in this order, and its evidence list
  // is their head.
  ORDER BY i.signed_date IS NULL, i.signed_date DESC, i.id
  WITH partner, collect({instrument: i, signed: signed, domains: domains, own: own_organizations,
                         partner: partner_organizations}) AS entries,
       min(i.signed_year) AS first_year, max(i.signed_year) AS last_year
  WITH partner, entries, first_year, last_year, entries[..$evidence_limit] AS listed
  RETURN partner.kind AS partner_kind, partner.id AS partner_id, partner.name AS partner_name,
         partner.country AS partner_country, partner.organization_kind AS organization_kind,
         CASE partner.kind
           WHEN "organization" THEN COLLECT { MATCH (:Organization {id: partner.id})-[:PART_OF]->(po:Organization) RETURN po.id }[0]
         END AS parent_organization,
         size(entries) AS instrument_count,
         size([e IN entries WHERE e.signed]) AS signed_count,
         COLLECT { UNWIND entries AS e WITH e.instrument.status AS status, count(*) AS n
                   RETURN {status: status, instruments: n} AS entry ORDER BY status } AS status_counts,
         [e IN listed | {id: e.instrument.id, status: e.instrument.status, signed_date: e.instrument.signed_date,
                         signed: e.signed}] AS listed,
         COLLECT { UNWIND entries AS e UNWIND e.domains AS id RETURN DISTINCT id ORDER BY id } AS domains,
         COLLECT { UNWIND entries AS e UNWIND e.own AS id RETURN DISTINCT id ORDER BY id } AS own_organizations,
         COLLECT { UNWIND entries AS e UNWIND e.partner AS id RETURN DISTINCT id ORDER BY id } AS partner_organizations,
         first_year, last_year
}
RETURN partner_kind, partner_id, partner_name, partner_country, organization_kind, parent_organization,
       instrument_count, signed_count, status_counts,
       [e IN listed | e.id] AS instrument_ids,
       listed AS instruments,
       instrument_count > size(listed) AS evidence_capped,
       domains, own_organizations, partner_organizations, first_year, last_year,
       COLLECT { UNWIND listed AS e MATCH (i:Instrument {id: e.id}) UNWIND i.sources AS sid WITH DISTINCT sid
                 MATCH (src:Source {id: sid}) RETURN src {.id, .title, .publisher, .url} AS source ORDER BY src.id } AS sources
ORDER BY instrument_count DESC, partner_kind, partner_id
