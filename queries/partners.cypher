// name: partners
// description: Partners of a country: the countries, or organizations, that signed health instruments
//    with it, each with the instruments, domains and sources behind the partnership.
// param: country: country (required)  The country whose partners are listed (ISO code or name). example: "VN"
// param: domain: domain | null = null  Only instruments covering this domain or a narrower one. example: "medical-science"
// param: from_year: int | null = null  Only instruments signed in or after this year; undated instruments drop out. example: 2020
// param: to_year: int | null = null  Only instruments signed in or before this year; undated instruments drop out. example: 2025
// param: statuses: list[term:instrument-status] = ["signed", "in-force"]  Instrument statuses that count as cooperation. example: ["signed", "in-force"]
// param: level: "country" | "organization" = "country"  List partner countries, or the partner organizations that signed. example: "country"
// param: include_companies: bool = false  Also list companies and company offices that signed instruments with the country. example: true
MATCH (c:Country {id: $country})
WITH c, COLLECT { MATCH (n:Domain)-[:BROADER*0..]->(:Domain {id: $domain}) RETURN n } AS within
// The country's instruments are filtered before their other parties are expanded.
MATCH (c)-[:SIGNED]->(i:Instrument)
WHERE i.status IN $statuses
  AND ($domain IS NULL OR EXISTS { (i)-[:COVERS]->(d:Domain) WHERE d IN within })
  AND ($from_year IS NULL OR i.signed_year >= $from_year)
  AND ($to_year IS NULL OR i.signed_year <= $to_year)
CALL (c, i) {
  MATCH (i)<-[:SIGNED]-(p:Country)
  WHERE $level = "country" AND p <> c
  RETURN "country" AS partner_kind, p.id AS partner_id, p.name AS partner_name, p.id AS partner_country,
         null AS organization_kind, null AS parent_organization
  UNION
  MATCH (i)<-[r:SIGNED]-(o:Organization)
  WHERE CASE
          WHEN o.kind IN ["company", "company-office"] THEN $include_companies
          ELSE $level = "organization" AND r.country <> c.id
        END
  RETURN "organization" AS partner_kind, o.id AS partner_id, o.name AS partner_name, r.country AS partner_country,
         o.kind AS organization_kind, COLLECT { MATCH (o)-[:PART_OF]->(po:Organization) RETURN po.id }[0] AS parent_organization
}
WITH c, partner_kind, partner_id, partner_name, partner_country, organization_kind, parent_organization,
     collect(DISTINCT i) AS insts, min(i.signed_year) AS first_year, max(i.signed_year) AS last_year
RETURN partner_kind, partner_id, partner_name, partner_country, organization_kind, parent_organization,
       size(insts) AS instrument_count,
       COLLECT { UNWIND insts AS x RETURN x.id ORDER BY x.id } AS instrument_ids,
       COLLECT { UNWIND insts AS x MATCH (x)-[:COVERS]->(d:Domain) RETURN DISTINCT d.id AS id ORDER BY id } AS domains,
       COLLECT { UNWIND insts AS x MATCH (o:Organization)-[r:SIGNED]->(x) WHERE r.country = c.id AND o.id <> partner_id
                 RETURN DISTINCT o.id AS id ORDER BY id } AS own_organizations,
       COLLECT { UNWIND insts AS x MATCH (o:Organization)-[r:SIGNED]->(x)
                 WHERE partner_kind = "country" AND r.country = partner_id
                 RETURN DISTINCT o.id AS id ORDER BY id } AS partner_organizations,
       first_year, last_year,
       COLLECT { UNWIND insts AS x UNWIND x.sources AS sid WITH DISTINCT sid MATCH (s:Source {id: sid})
                 RETURN s {.id, .title, .publisher, .url} AS source ORDER BY s.id } AS sources
ORDER BY instrument_count DESC, partner_kind, partner_id
