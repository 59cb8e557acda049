// name: signatories
// description: Who signed an instrument for each of its parties, and in what role or post: one row per
//    party, with the person (and the roles the sources give them at the party's organization or
//    country), or only the post when the report names no person, and whether the party signed.
// param: instrument: str (required)  The instrument id. example: "az-ua-agreement-health-medical-science"
MATCH (i:Instrument {id: $instrument})-[:HAS_PARTY]->(q:Party)
OPTIONAL MATCH (q)-[:PARTY_COUNTRY]->(c:Country)
OPTIONAL MATCH (q)-[:PARTY_ORGANIZATION]->(o:Organization)
OPTIONAL MATCH (p:Person)-[:SIGNED_FOR]->(q)
RETURN i.id AS instrument, i.status AS status, q.id AS party,
       c.id AS country, c.name AS country_name, o.id AS organization, o.name AS organization_name,
       o.kind AS organization_kind, coalesce(q.role, "party") AS role, coalesce(q.state, false) AS state,
       COLLECT { MATCH (q)-[:ON_BEHALF_OF]->(b) RETURN b.id ORDER BY b.id }[0] AS on_behalf_of,
       p.id AS signatory, p.name AS signatory_name, p.name_original AS signatory_name_original,
       COLLECT {
         MATCH (p)-[:HOLDS_ROLE]->(role:Role)
         WHERE EXISTS { (role)-[:ROLE_AT]->(o) } OR EXISTS { (role)-[:ROLE_FOR]->(c) }
         RETURN role {.role, .title, .date} AS held ORDER BY role.date, role.title
       } AS signatory_roles,
       q.signatory_title AS signatory_title, q.signatory_role AS signatory_role,
       CASE WHEN coalesce(q.state, false) THEN EXISTS { (c)-[:SIGNED]->(i) }
            ELSE o IS NOT NULL AND EXISTS { (o)-[:SIGNED]->(i) } END AS signed,
       COLLECT { UNWIND coalesce(q.sources, []) AS sid MATCH (s:Source {id: sid})
                 RETURN s {.id, .title, .publisher, .url} AS source ORDER BY s.id } AS sources
ORDER BY coalesce(country, ""), coalesce(organization, ""), party, coalesce(signatory, "")
