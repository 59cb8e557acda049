// name: domains
// description: The health domains, with their broader and narrower domains and how many instruments
//    cover each, directly and through narrower domains, with the count per status.
// param: statuses: list[term:instrument-status] = ["signed", "adopted", "ratified", "in-force", "extended"]  Instrument statuses that count. example: ["signed", "in-force"]
// param: used_only: bool = false  Only domains that at least one counted instrument covers, directly or through a narrower domain. example: true
MATCH (d:Domain)
WITH d,
     COUNT { (i:Instrument)-[:COVERS]->(d) WHERE i.status IN $statuses } AS direct,
     COLLECT { MATCH (i:Instrument)-[:COVERS]->(:Domain)-[:BROADER*0..]->(d) WHERE i.status IN $statuses
               WITH DISTINCT i RETURN i.status } AS counted
WHERE NOT $used_only OR size(counted) > 0
RETURN d.id AS id, d.label AS label,
       COLLECT { MATCH (d)-[:BROADER]->(b:Domain) RETURN b.id ORDER BY b.id } AS broader,
       COLLECT { MATCH (n:Domain)-[:BROADER]->(d) RETURN n.id ORDER BY n.id } AS narrower,
       direct AS instruments, size(counted) AS instruments_including_narrower,
       COLLECT { UNWIND counted AS status WITH status, count(*) AS k
                 RETURN {status: status, instruments: k} AS entry ORDER BY status } AS status_counts
ORDER BY d.id
