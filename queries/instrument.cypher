// name: instrument
// description: One instrument in full: its parties (country, organization, role, whether a state is the
//    party, on whose behalf, signatory or the signatory's post, whether it signed), who signed it,
//    domains, signing events, status history (date, actor), the forum it was adopted in, the
//    engagements that led to it, lineage (renews, amends, implements, refers to, both ways) and
//    every source with its quotes.
// param: id: str (required)  The instrument id. example: "az-ua-moc-oncology-centres"
MATCH (i:Instrument {id: $id})
// The vocabulary's hd:lifecycleStage of each status (a test checks it against ontology/vocabularies.ttl).
WITH i, {proposed: 0, `under-negotiation`: 1, `approved-for-signing`: 2, adopted: 3, signed: 3, ratified: 4, `in-force`: 5, extended: 6, expired: 7, rejected: 7, terminated: 7} AS stage_of
RETURN i.id AS id, i.type AS type, i.title AS title, i.title_original AS title_original,
       i.language AS language, i.status AS status, i.signed_date AS signed_date,
       i.signed_year AS signed_year, i.valid_from AS valid_from, i.valid_until AS valid_until,
       i.term_years AS term_years, i.summary AS summary, coalesce(i.unknown, []) AS unknown,
       coalesce(i.multilateral, false) AS multilateral, coalesce(i.party_countries, []) AS party_countries,
       COLLECT {
         MATCH (i)-[:HAS_PARTY]->(q:Party)
         OPTIONAL MATCH (q)-[:PARTY_COUNTRY]->(c:Country)
         OPTIONAL MATCH (q)-[:PARTY_ORGANIZATION]->(o:Organization)
         OPTIONAL MATCH (p:Person)-[:SIGNED_FOR]->(q)
         WITH q, c, o, p
         RETURN {id: q.id, country: c.id, country_name: c.name, organization: o.id, organization_name: o.name,
                 organization_kind: o.kind, role: coalesce(q.role, "party"), state: coalesce(q.state, false),
                 on_behalf_of: COLLECT { MATCH (q)-[:ON_BEHALF_OF]->(b) RETURN b.id ORDER BY b.id }[0],
                 signatory: p.id, signatory_name: p.name,
                 signatory_title: q.signatory_title, signatory_role: q.signatory_role,
                 signed: CASE WHEN coalesce(q.state, false) THEN EXISTS { (c)-[:SIGNED]->(i) }
                              ELSE o IS NOT NULL AND EXISTS { (o)-[:SIGNED]->(i) } END} AS party
         ORDER BY coalesce(c.id, ""), coalesce(o.id, ""), q.id
       } AS parties,
       COLLECT { MATCH (sc:Country)-[:SIGNED]->(i) RETURN sc.id ORDER BY sc.id } AS signed_by,
       COLLECT { MATCH (so:Organization)-[:SIGNED]->(i) RETURN so.id ORDER BY so.id } AS signed_by_organizations,
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
       // Steps by date (undated steps last), then by stage.
       COLLECT {
         MATCH (i)-[:HAS_STATUS_CHANGE]->(sc:StatusChange)
         RETURN {id: sc.id, status: sc.status, date: sc.date, actor: sc.actor,
                 actor_kind: COLLECT { MATCH (sc)-[:STATUS_ACTOR]->(a) RETURN CASE WHEN a:Country THEN "country" ELSE "organization" END }[0]} AS change
         ORDER BY sc.date IS NULL, sc.date,
                  coalesce(stage_of[sc.status], 99), sc.id
       } AS status_history,
       COLLECT { MATCH (i)-[:ADOPTED_WITHIN]->(f:Organization) RETURN f {.id, .name, .kind} AS forum ORDER BY f.id }[0] AS forum,
       COLLECT {
         MATCH (e:Engagement)-[:LED_TO]->(i)
         RETURN e {.id, .kind, .status, .title, .date} AS engagement ORDER BY e.id
       } AS led_to,
       COLLECT { MATCH (i)-[:RENEWS]->(x:Instrument) RETURN x.id ORDER BY x.id } AS renews,
       COLLECT { MATCH (x:Instrument)-[:RENEWS]->(i) RETURN x.id ORDER BY x.id } AS renewed_by,
       COLLECT { MATCH (i)-[:AMENDS]->(x:Instrument) RETURN x.id ORDER BY x.id } AS amends,
       COLLECT { MATCH (x:Instrument)-[:AMENDS]->(i) RETURN x.id ORDER BY x.id } AS amended_by,
       COLLECT { MATCH (i)-[:IMPLEMENTS]->(x:Instrument) RETURN x.id ORDER BY x.id } AS implements,
       COLLECT { MATCH (x:Instrument)-[:IMPLEMENTS]->(i) RETURN x.id ORDER BY x.id } AS implemented_by,
       COLLECT { MATCH (i)-[:REFERS_TO]->(x:Instrument) RETURN x.id ORDER BY x.id } AS refers_to,
       COLLECT { MATCH (x:Instrument)-[:REFERS_TO]->(i) RETURN x.id ORDER BY x.id } AS referred_to_by,
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
