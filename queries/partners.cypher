// name: partners
// description: Partners of a country: the countries, or organizations, that are parties to health
//    instruments with it, each with the instruments (and the status of each), counts per status,
//    how many both sides signed, domains and sources. A country takes part through its state
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
MATCH (c:Country {id: $country})
WITH c, COLLECT { MATCH (n:Domain)-[:BROADER*0..]->(:Domain {id: $domain}) RETURN n } AS within
// The country's instruments are filtered before their other parties are expanded.
MATCH (c)<-[:PARTY_COUNTRY]-(own:Party)<-[:HAS_PARTY]-(i:Instrument)
WHERE coalesce(own.role, "party") = "party" AND (coalesce(own.state, false) OR $include_non_state)
  AND i.status IN $statuses
  AND ($domain IS NULL OR EXISTS { (i)-[:COVERS]->(d:Domain) WHERE d IN within })
  AND ($from_year IS NULL OR i.signed_year >= $from_year)
  AND ($to_year IS NULL OR i.signed_year <= $to_year)
WITH DISTINCT c, i
CALL (c, i) {
  MATCH (i)-[:HAS_PARTY]->(q:Party)-[:PARTY_COUNTRY]->(p:Country)
  WHERE $level = "country" AND p <> c
    AND coalesce(q.role, "party") = "party" AND (coalesce(q.state, false) OR $include_non_state)
  RETURN "country" AS partner_kind, p.id AS partner_id, p.name AS partner_name, p.id AS partner_country,
         null AS organization_kind, null AS parent_organization
  UNION
  MATCH (i)-[:HAS_PARTY]->(q:Party)-[:PARTY_ORGANIZATION]->(o:Organization)
  WHERE coalesce(q.role, "party") = "party"
    AND CASE
          WHEN o.kind IN ["company", "company-office"] THEN $include_companies
          ELSE $level = "organization" AND coalesce(q.country, "") <> c.id
               AND (coalesce(q.state, false) OR $include_non_state)
        END
  RETURN "organization" AS partner_kind, o.id AS partner_id, o.name AS partner_name, q.country AS partner_country,
         o.kind AS organization_kind, COLLECT { MATCH (o)-[:PART_OF]->(po:Organization) RETURN po.id }[0] AS parent_organization
}
WITH c, partner_kind, partner_id, partner_name, partner_country, organization_kind, parent_organization,
     collect(DISTINCT i) AS insts, min(i.signed_year) AS first_year, max(i.signed_year) AS last_year
// An instrument is signed between the two when the country signed it (or, counting non-state
// parties, one of its non-state parties did) and so did the partner.
WITH c, partner_kind, partner_id, partner_name, partner_country, organization_kind, parent_organization,
     insts, first_year, last_year,
     COLLECT {
       UNWIND insts AS x
       WITH x, (EXISTS { (c)-[:SIGNED]->(x) }
                OR ($include_non_state AND EXISTS {
                      (x)-[:HAS_PARTY]->(s:Party)-[:PARTY_COUNTRY]->(c)
                      WHERE coalesce(s.role, "party") = "party" AND NOT coalesce(s.state, false)
                        AND EXISTS { (s)-[:PARTY_ORGANIZATION]->(:Organization)-[:SIGNED]->(x) } })) AS own_signed,
               CASE partner_kind
                 WHEN "organization" THEN EXISTS { (:Organization {id: partner_id})-[:SIGNED]->(x) }
                 ELSE EXISTS { (:Country {id: partner_id})-[:SIGNED]->(x) }
                      OR ($include_non_state AND EXISTS {
                            (x)-[:HAS_PARTY]->(s:Party)-[:PARTY_COUNTRY]->(:Country {id: partner_id})
                            WHERE coalesce(s.role, "party") = "party" AND NOT coalesce(s.state, false)
                              AND EXISTS { (s)-[:PARTY_ORGANIZATION]->(:Organization)-[:SIGNED]->(x) } })
               END AS partner_signed
       RETURN {id: x.id, status: x.status, signed_date: x.signed_date, signed: own_signed AND partner_signed} AS entry
       ORDER BY x.id
     } AS instruments
RETURN partner_kind, partner_id, partner_name, partner_country, organization_kind, parent_organization,
       size(insts) AS instrument_count,
       size([e IN instruments WHERE e.signed]) AS signed_count,
       COLLECT { UNWIND insts AS x WITH x.status AS status, count(*) AS n
                 RETURN {status: status, instruments: n} AS entry ORDER BY status } AS status_counts,
       [e IN instruments | e.id] AS instrument_ids,
       instruments,
       COLLECT { UNWIND insts AS x MATCH (x)-[:COVERS]->(d:Domain) RETURN DISTINCT d.id AS id ORDER BY id } AS domains,
       COLLECT { UNWIND insts AS x
                 MATCH (x)-[:HAS_PARTY]->(q:Party)-[:PARTY_COUNTRY]->(c), (q)-[:PARTY_ORGANIZATION]->(o:Organization)
                 WHERE coalesce(q.role, "party") = "party" AND (coalesce(q.state, false) OR $include_non_state)
                   AND o.id <> partner_id
                 RETURN DISTINCT o.id AS id ORDER BY id } AS own_organizations,
       COLLECT { UNWIND insts AS x
                 MATCH (x)-[:HAS_PARTY]->(q:Party)-[:PARTY_COUNTRY]->(:Country {id: partner_id}),
                       (q)-[:PARTY_ORGANIZATION]->(o:Organization)
                 WHERE partner_kind = "country" AND coalesce(q.role, "party") = "party"
                   AND (coalesce(q.state, false) OR $include_non_state)
                 RETURN DISTINCT o.id AS id ORDER BY id } AS partner_organizations,
       first_year, last_year,
       COLLECT { UNWIND insts AS x UNWIND x.sources AS sid WITH DISTINCT sid MATCH (s:Source {id: sid})
                 RETURN s {.id, .title, .publisher, .url} AS source ORDER BY s.id } AS sources
ORDER BY instrument_count DESC, partner_kind, partner_id
