// name: company_instruments
// description: Instruments with a company or a company's local office among the signing parties.
// param: country: country | null = null  Only instruments this country is party to. example: "KZ"
// param: statuses: list[term:instrument-status] = ["signed", "in-force"]  Instrument statuses to list. example: ["signed", "in-force"]
MATCH (o:Organization)-[:SIGNED]->(i:Instrument)
// From the companies (few, and indexed by kind) to their instruments, not from every instrument.
WHERE o.kind IN ["company", "company-office"]
  AND i.status IN $statuses
  AND ($country IS NULL OR $country IN i.party_countries)
WITH DISTINCT i
RETURN i.id AS id, i.type AS type, i.title AS title, i.status AS status,
       i.signed_date AS signed_date, i.signed_year AS signed_year, i.party_countries AS party_countries,
       COLLECT {
         MATCH (o:Organization)-[r:SIGNED]->(i) WHERE o.kind IN ["company", "company-office"]
         RETURN {id: o.id, name: o.name, kind: o.kind, country: r.country,
                 parent: COLLECT { MATCH (o)-[:PART_OF]->(po:Organization) RETURN po.id }[0]} AS company
         ORDER BY o.id
       } AS companies,
       COLLECT {
         MATCH (o:Organization)-[r:SIGNED]->(i) WHERE NOT o.kind IN ["company", "company-office"]
         RETURN o.id ORDER BY r.country, o.id
       } AS other_organizations,
       COLLECT { MATCH (i)-[:COVERS]->(d:Domain) RETURN d.id ORDER BY d.id } AS domains,
       COLLECT { UNWIND i.sources AS sid MATCH (s:Source {id: sid})
                 RETURN s {.id, .title, .publisher, .url} AS source ORDER BY s.id } AS sources
ORDER BY coalesce(i.signed_date, "") DESC, i.id
