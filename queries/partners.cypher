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
WITH c, COLLECT { MATCH (n:Domain)-[:BROADER*0..]->(:Domain {id: $domain}) RETURN n } AS within
// Start from the country's parties or from the domain and its narrower domains, whichever has
// fewer instruments by the degrees the store keeps; the instruments are filtered before their
// other parties are expanded.
WITH c, within,
     $domain IS NULL
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
       [e IN listed | e.instrument.id] AS instrument_ids,
       [e IN listed | {id: e.instrument.id, status: e.instrument.status, signed_date: e.instrument.signed_date,
                       signed: e.signed}] AS instruments,
       size(entries) > size(listed) AS evidence_capped,
       COLLECT { UNWIND entries AS e UNWIND e.domains AS id RETURN DISTINCT id ORDER BY id } AS domains,
       COLLECT { UNWIND entries AS e UNWIND e.own AS id RETURN DISTINCT id ORDER BY id } AS own_organizations,
       COLLECT { UNWIND entries AS e UNWIND e.partner AS id RETURN DISTINCT id ORDER BY id } AS partner_organizations,
       first_year, last_year,
       COLLECT { UNWIND listed AS e UNWIND e.instrument.sources AS sid WITH DISTINCT sid MATCH (s:Source {id: sid})
                 RETURN s {.id, .title, .publisher, .url} AS source ORDER BY s.id } AS sources
ORDER BY instrument_count DESC, partner_kind, partner_id
