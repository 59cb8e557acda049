// name: country_profile
// description: A country at a glance: the domains of its instruments, its partner countries, a timeline
//    of its instruments (each with its status and whether the country signed it), the
//    organizations that are parties for it, counts per status, and the sources behind all of
//    them. The country takes part through its state parties unless include_non_state also
//    counts its hospitals, universities and companies.
// param: country: country (required)  The country (ISO code or name). example: "UA"
// param: statuses: list[term:instrument-status] = ["signed", "adopted", "ratified", "in-force", "extended"]  Instrument statuses that count as cooperation. example: ["signed", "in-force"]
// param: include_non_state: bool = false  Count non-state parties too (a hospital's or university's country is then its side). example: true
MATCH (c:Country {id: $country})
// Every list starts again from the country: a list of its instruments handed to the subqueries
// would be part of each grouping key, and the server counts its memory once per group.
RETURN c.id AS country, c.alpha3 AS alpha3, c.name AS name,
       COUNT {
         MATCH (c)<-[:PARTY_COUNTRY]-(q:Party)<-[:HAS_PARTY]-(x:Instrument)
         WHERE x.status IN $statuses AND coalesce(q.role, "party") = "party" AND (coalesce(q.state, false) OR $include_non_state)
         RETURN DISTINCT x
       } AS instrument_count,
       COUNT {
         MATCH (c)<-[:PARTY_COUNTRY]-(q:Party)<-[:HAS_PARTY]-(x:Instrument)
         WHERE x.status IN $statuses AND coalesce(q.role, "party") = "party" AND (coalesce(q.state, false) OR $include_non_state)
           AND (EXISTS { (c)-[:SIGNED]->(x) }
                OR (NOT coalesce(q.state, false) AND EXISTS { (q)-[:PARTY_ORGANIZATION]->(:Organization)-[:SIGNED]->(x) }))
         RETURN DISTINCT x
       } AS signed_count,
       COLLECT {
         MATCH (c)<-[:PARTY_COUNTRY]-(q:Party)<-[:HAS_PARTY]-(x:Instrument)
         WHERE x.status IN $statuses AND coalesce(q.role, "party") = "party" AND (coalesce(q.state, false) OR $include_non_state)
         WITH DISTINCT x
         WITH x.status AS status, count(*) AS n
         RETURN {status: status, instruments: n} AS entry ORDER BY status
       } AS status_counts,
       COLLECT {
         MATCH (c)<-[:PARTY_COUNTRY]-(q:Party)<-[:HAS_PARTY]-(x:Instrument)
         WHERE x.status IN $statuses AND coalesce(q.role, "party") = "party" AND (coalesce(q.state, false) OR $include_non_state)
         WITH DISTINCT x MATCH (x)-[:COVERS]->(d:Domain)
         WITH d, count(DISTINCT x) AS n
         RETURN {id: d.id, label: d.label, instruments: n} AS domain ORDER BY n DESC, d.id
       } AS domains,
       COLLECT {
         MATCH (c)<-[:PARTY_COUNTRY]-(q:Party)<-[:HAS_PARTY]-(x:Instrument)
         WHERE x.status IN $statuses AND coalesce(q.role, "party") = "party" AND (coalesce(q.state, false) OR $include_non_state)
         WITH DISTINCT x
         MATCH (x)-[:HAS_PARTY]->(r:Party)-[:PARTY_COUNTRY]->(p:Country)
         WHERE p <> c AND coalesce(r.role, "party") = "party" AND (coalesce(r.state, false) OR $include_non_state)
         WITH DISTINCT p, x ORDER BY x.id
         WITH p, collect(x.id) AS ids, collect(x.status) AS statuses
         WITH p, ids, size(ids) AS n,
              COLLECT { UNWIND statuses AS status WITH status, count(*) AS k
                        RETURN {status: status, instruments: k} AS entry ORDER BY status } AS status_counts
         RETURN {id: p.id, name: p.name, instruments: n, instrument_ids: ids, status_counts: status_counts} AS partner
         ORDER BY n DESC, p.id
       } AS partners,
       COLLECT {
         MATCH (c)<-[:PARTY_COUNTRY]-(q:Party)<-[:HAS_PARTY]-(x:Instrument)
         WHERE x.status IN $statuses AND coalesce(q.role, "party") = "party" AND (coalesce(q.state, false) OR $include_non_state)
         WITH x, collect(q) AS own
         RETURN x {.id, .title, .type, .status, .signed_date, .signed_year,
                   signed: EXISTS { (c)-[:SIGNED]->(x) }
                           OR any(q IN own WHERE NOT coalesce(q.state, false)
                                  AND EXISTS { (q)-[:PARTY_ORGANIZATION]->(:Organization)-[:SIGNED]->(x) })} AS entry
         ORDER BY x.signed_year IS NULL, x.signed_date, x.id
       } AS timeline,
       COLLECT {
         MATCH (c)<-[:PARTY_COUNTRY]-(q:Party)<-[:HAS_PARTY]-(x:Instrument)
         WHERE x.status IN $statuses AND coalesce(q.role, "party") = "party" AND (coalesce(q.state, false) OR $include_non_state)
         MATCH (q)-[:PARTY_ORGANIZATION]->(o:Organization)
         WITH DISTINCT o, x ORDER BY x.id
         WITH o, collect(x.id) AS ids, collect(x.status) AS statuses
         WITH o, ids, size(ids) AS n,
              COLLECT { UNWIND statuses AS status WITH status, count(*) AS k
                        RETURN {status: status, instruments: k} AS entry ORDER BY status } AS status_counts
         RETURN {id: o.id, name: o.name, kind: o.kind, instruments: n, instrument_ids: ids, status_counts: status_counts} AS organization
         ORDER BY n DESC, o.id
       } AS organizations,
       COLLECT {
         MATCH (c)<-[:PARTY_COUNTRY]-(q:Party)<-[:HAS_PARTY]-(x:Instrument)
         WHERE x.status IN $statuses AND coalesce(q.role, "party") = "party" AND (coalesce(q.state, false) OR $include_non_state)
         WITH DISTINCT x UNWIND x.sources AS sid WITH DISTINCT sid MATCH (s:Source {id: sid})
         RETURN s {.id, .title, .publisher, .url} AS source ORDER BY s.id
       } AS sources
