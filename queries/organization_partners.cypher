// name: organization_partners
// description: Organizations that are parties to instruments together with a given organization, with
//    counts per status, how many both signed, and the most recent instruments (and the status of
//    each) with their sources. Partners are state bodies (ministries, agencies, embassies ...)
//    unless include_non_state also lists hospitals, universities and companies.
// param: organization: str (required)  The organization id. example: "az-ministry-of-health"
// param: domain: domain | null = null  Only instruments covering this domain or a narrower one. example: "medical-science"
// param: statuses: list[term:instrument-status] = ["signed", "adopted", "ratified", "in-force", "extended"]  Instrument statuses that count as cooperation. example: ["signed", "in-force"]
// param: include_non_state: bool = false  List non-state partner organizations too. example: true
// param: evidence_limit: count = 20  Instruments listed per partner, most recent first, with their sources; the counts and domains cover every instrument. example: 5
WITH COLLECT { MATCH (n:Domain)-[:BROADER*0..]->(:Domain {id: $domain}) RETURN n } AS within
MATCH (o:Organization {id: $organization})<-[:PARTY_ORGANIZATION]-(qo:Party)<-[:HAS_PARTY]-(i:Instrument)
      -[:HAS_PARTY]->(qp:Party)-[:PARTY_ORGANIZATION]->(p:Organization)
WHERE p <> o
  AND coalesce(qo.role, "party") = "party"
  AND coalesce(qp.role, "party") = "party" AND (coalesce(qp.state, false) OR $include_non_state)
  AND i.status IN $statuses
  AND ($domain IS NULL OR EXISTS { (i)-[:COVERS]->(d:Domain) WHERE d IN within })
WITH o, p, collect(DISTINCT i) AS insts, head(collect(qp.country)) AS side
// The evidence listed is capped: the most recent instruments, the sources of those.
WITH o, p, insts, side,
     COLLECT { UNWIND insts AS x WITH x ORDER BY x.signed_date IS NULL, x.signed_date DESC, x.id
               LIMIT $evidence_limit RETURN x } AS listed
RETURN p.id AS partner_id, p.name AS partner_name, p.kind AS organization_kind,
       coalesce(side, p.country) AS partner_country,
       size(insts) AS instrument_count,
       size([x IN insts WHERE EXISTS { (o)-[:SIGNED]->(x) } AND EXISTS { (p)-[:SIGNED]->(x) }]) AS signed_count,
       COLLECT { UNWIND insts AS x WITH x.status AS status, count(*) AS k
                 RETURN {status: status, instruments: k} AS entry ORDER BY status } AS status_counts,
       [x IN listed | x.id] AS instrument_ids,
       [x IN listed | {id: x.id, status: x.status, signed_date: x.signed_date,
                       signed: EXISTS { (o)-[:SIGNED]->(x) } AND EXISTS { (p)-[:SIGNED]->(x) }}] AS instruments,
       size(insts) > size(listed) AS evidence_capped,
       COLLECT { UNWIND insts AS x MATCH (x)-[:COVERS]->(d:Domain) RETURN DISTINCT d.id AS id ORDER BY id } AS domains,
       COLLECT { UNWIND listed AS x UNWIND x.sources AS sid WITH DISTINCT sid MATCH (s:Source {id: sid})
                 RETURN s {.id, .title, .publisher, .url} AS source ORDER BY s.id } AS sources
ORDER BY instrument_count DESC, partner_id
