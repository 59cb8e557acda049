// name: domains
// description: The health domains, with their broader and narrower domains and how many instruments
//    cover each, directly and through narrower domains.
// param: statuses: list[term:instrument-status] = ["signed", "in-force"]  Instrument statuses that count. example: ["signed", "in-force"]
// param: used_only: bool = false  Only domains that at least one counted instrument covers, directly or through a narrower domain. example: true
MATCH (d:Domain)
WITH d,
     COUNT { (i:Instrument)-[:COVERS]->(d) WHERE i.status IN $statuses } AS direct,
     size(COLLECT { MATCH (i:Instrument)-[:COVERS]->(:Domain)-[:BROADER*0..]->(d) WHERE i.status IN $statuses
                    RETURN DISTINCT i.id AS id }) AS total
WHERE NOT $used_only OR total > 0
RETURN d.id AS id, d.label AS label,
       COLLECT { MATCH (d)-[:BROADER]->(b:Domain) RETURN b.id ORDER BY b.id } AS broader,
       COLLECT { MATCH (n:Domain)-[:BROADER]->(d) RETURN n.id ORDER BY n.id } AS narrower,
       direct AS instruments, total AS instruments_including_narrower
ORDER BY d.id
