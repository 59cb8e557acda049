// name: domains
// description: The health domains, with their broader and narrower domains and how many instruments
//    cover each, directly and through narrower domains, with the count per status.
// param: statuses: list[term:instrument-status] = ["signed", "adopted", "ratified", "in-force", "extended"]  Instrument statuses that count. example: ["signed", "in-force"]
// param: used_only: bool = false  Only domains that at least one counted instrument covers, directly or through a narrower domain. example: true
MATCH (d:Domain)
// The counts are the loader's (graph/summaries.py), per status; a domain no instrument covers has none.
OPTIONAL MATCH (s:DomainSummary {id: d.id})
WITH d, coalesce(s.statuses, []) AS st, coalesce(s.counts, []) AS n, coalesce(s.direct, []) AS direct
WITH d,
     [k IN range(0, size(st) - 1) WHERE st[k] IN $statuses AND n[k] > 0 | {status: st[k], instruments: n[k]}] AS status_counts,
     reduce(total = 0, k IN range(0, size(st) - 1) | total + CASE WHEN st[k] IN $statuses THEN direct[k] ELSE 0 END) AS direct
WITH d, status_counts, direct, reduce(total = 0, e IN status_counts | total + e.instruments) AS counted
WHERE NOT $used_only OR counted > 0
RETURN d.id AS id, d.label AS label,
       COLLECT { MATCH (d)-[:BROADER]->(b:Domain) RETURN b.id ORDER BY b.id } AS broader,
       COLLECT { MATCH (n:Domain)-[:BROADER]->(d) RETURN n.id ORDER BY n.id } AS narrower,
       direct AS instruments, counted AS instruments_including_narrower, status_counts
ORDER BY d.id
