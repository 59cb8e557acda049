// name: company_instruments
// description: Instruments with a company or a company's local office among the parties, each with its
//    status, whether each company signed, and the countries that signed (a company's home country
//    is not a signatory; its country counts as a party country only with include_non_state).
// param: country: country | null = null  Only instruments this country is party to. example: "KZ"
// param: statuses: list[term:instrument-status] = ["signed", "adopted", "ratified", "in-force", "extended"]  Instrument statuses to list. example: ["signed", "in-force"]
// param: include_non_state: bool = false  Count non-state parties too (a company's country is then its side). example: true
MATCH (o:Organization)<-[:PARTY_ORGANIZATION]-(q:Party)<-[:HAS_PARTY]-(i:Instrument)
// From the companies (few, and indexed by kind) to their instruments, not from every instrument.
WHERE o.kind IN ["company", "company-office"]
  AND coalesce(q.role, "party") = "party"
  AND i.status IN $statuses
WITH DISTINCT i
// The country filter checks for one party of the country; the party countries are listed for
// the page's rows only.
WHERE $country IS NULL
   OR EXISTS { (i)-[:HAS_PARTY]->(p:Party)-[:PARTY_COUNTRY]->(:Country {id: $country})
               WHERE coalesce(p.role, "party") = "party" AND (coalesce(p.state, false) OR $include_non_state) }
RETURN i.id AS id, i.type AS type, i.title AS title, i.status AS status,
       i.signed_date AS signed_date, i.signed_year AS signed_year,
       COLLECT {
         MATCH (i)-[:HAS_PARTY]->(p:Party)-[:PARTY_COUNTRY]->(pc:Country)
         WHERE coalesce(p.role, "party") = "party" AND (coalesce(p.state, false) OR $include_non_state)
         RETURN DISTINCT pc.id AS code ORDER BY code
       } AS party_countries,
       COLLECT { MATCH (sc:Country)-[:SIGNED]->(i) RETURN sc.id ORDER BY sc.id } AS signed_by,
       COLLECT {
         MATCH (i)-[:HAS_PARTY]->(q:Party)-[:PARTY_ORGANIZATION]->(o:Organization)
         WHERE o.kind IN ["company", "company-office"] AND coalesce(q.role, "party") = "party"
         WITH DISTINCT o, q.country AS side
         RETURN {id: o.id, name: o.name, kind: o.kind, country: side,
                 home_country: COLLECT { MATCH (o)-[:BASED_IN]->(h:Country) RETURN h.id }[0],
                 parent: COLLECT { MATCH (o)-[:PART_OF]->(po:Organization) RETURN po.id }[0],
                 signed: EXISTS { (o)-[:SIGNED]->(i) }} AS company
         ORDER BY o.id
       } AS companies,
       COLLECT {
         MATCH (i)-[:HAS_PARTY]->(q:Party)-[:PARTY_ORGANIZATION]->(o:Organization)
         WHERE NOT o.kind IN ["company", "company-office"] AND coalesce(q.role, "party") = "party"
         WITH DISTINCT o, q.country AS side ORDER BY side, o.id
         RETURN o.id
       } AS other_organizations,
       COLLECT { MATCH (i)-[:COVERS]->(d:Domain) RETURN d.id ORDER BY d.id } AS domains,
       COLLECT { UNWIND i.sources AS sid MATCH (s:Source {id: sid})
                 RETURN s {.id, .title, .publisher, .url} AS source ORDER BY s.id } AS sources
ORDER BY coalesce(i.signed_date, "") DESC, i.id
