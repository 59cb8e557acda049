// name: instrument
// description: One instrument in full: parties, signatories, domains, signing events, status history,
//    lineage (renews, amends, implements, refers to) and every source with its quotes.
// param: id: str (required)  The instrument id. example: "az-ua-moc-oncology-centres"
MATCH (i:Instrument {id: $id})
RETURN i.id AS id, i.type AS type, i.title AS title, i.title_original AS title_original,
       i.language AS language, i.status AS status, i.signed_date AS signed_date,
       i.signed_year AS signed_year, i.valid_from AS valid_from, i.valid_until AS valid_until,
       i.term_years AS term_years, i.summary AS summary, coalesce(i.unknown, []) AS unknown,
       coalesce(i.multilateral, false) AS multilateral, i.party_countries AS party_countries,
       COLLECT {
         MATCH (c:Country)-[:SIGNED]->(i)
         OPTIONAL MATCH (o:Organization)-[r:SIGNED]->(i) WHERE r.country = c.id
         OPTIONAL MATCH (p:Person {id: r.signatory})
         RETURN {country: c.id, country_name: c.name, organization: o.id, organization_name: o.name,
                 organization_kind: o.kind, signatory: p.id, signatory_name: p.name} AS party
         ORDER BY c.id, o.id
       } AS parties,
       COLLECT {
         MATCH (p:Person)-[r:SIGNATORY_OF]->(i)
         RETURN {id: p.id, name: p.name, country: r.country, organization: r.organization} AS signatory
         ORDER BY r.country, p.id
       } AS signatories,
       COLLECT { MATCH (i)-[:COVERS]->(d:Domain) RETURN {id: d.id, label: d.label} AS domain ORDER BY d.id } AS domains,
       COLLECT {
         MATCH (i)-[:SIGNED_AT]->(e:Event)
         RETURN {id: e.id, kind: e.kind, name: e.name, date: e.date, place: e.place,
                 country: COLLECT { MATCH (e)-[:HELD_IN]->(ec:Country) RETURN ec.id }[0]} AS event
         ORDER BY e.id
       } AS events,
       COLLECT {
         MATCH (i)-[:HAS_STATUS_CHANGE]->(sc:StatusChange)
         RETURN {status: sc.status, date: sc.date, position: sc.position} AS change ORDER BY sc.position
       } AS status_history,
       COLLECT { MATCH (i)-[:RENEWS]->(x:Instrument) RETURN x.id ORDER BY x.id } AS renews,
       COLLECT { MATCH (x:Instrument)-[:RENEWS]->(i) RETURN x.id ORDER BY x.id } AS renewed_by,
       COLLECT { MATCH (i)-[:AMENDS]->(x:Instrument) RETURN x.id ORDER BY x.id } AS amends,
       COLLECT { MATCH (x:Instrument)-[:AMENDS]->(i) RETURN x.id ORDER BY x.id } AS amended_by,
       COLLECT { MATCH (i)-[:IMPLEMENTS]->(x:Instrument) RETURN x.id ORDER BY x.id } AS implements,
       COLLECT { MATCH (i)-[:REFERS_TO]->(x:Instrument) RETURN x.id ORDER BY x.id } AS refers_to,
       COLLECT {
         UNWIND i.sources AS sid
         MATCH (s:Source {id: sid})
         RETURN s {.id, .title, .publisher, .url, .language, .published,
                   quotes: COLLECT {
                     MATCH (i)-[:HAS_STATUS_CHANGE*0..1]->()-[:EVIDENCED_BY]->(cl:Claim)-[:FROM_SOURCE]->(s)
                     RETURN cl {.quote, .lang, .english, supports: coalesce(cl.supports, [])} AS quote
                     ORDER BY cl.subject, cl.id
                   }} AS source
         ORDER BY s.id
       } AS sources
