// name: shortest_path
// description: The shortest cooperation paths between two countries: chains of instruments, each
//    with the countries on both sides of it as parties (state parties unless include_non_state),
//    and for each step the instrument's status and whether both sides signed it.
// param: from_country: country (required)  Where the path starts (ISO code or name). example: "AZ"
// param: to_country: country (required)  Where the path ends (ISO code or name). example: "UA"
// param: statuses: list[term:instrument-status] = ["signed", "adopted", "ratified", "in-force", "extended"]  Instrument statuses a path may pass through. example: ["signed", "in-force"]
// param: include_non_state: bool = false  Count non-state parties too (a hospital's or university's country is then its side). example: true
MATCH (a:Country {id: $from_country}), (b:Country {id: $to_country})
WHERE a <> b
// Country <- Party <- Instrument -> Party -> Country is one step: four relationships.
MATCH path = allShortestPaths((a)-[:PARTY_COUNTRY|HAS_PARTY*..48]-(b))
WHERE all(n IN nodes(path) WHERE n:Country
          OR (n:Instrument AND n.status IN $statuses)
          OR (n:Party AND coalesce(n.role, "party") = "party" AND (coalesce(n.state, false) OR $include_non_state)))
// Several parties of one country on one instrument give the same chain more than once.
WITH DISTINCT [n IN nodes(path) WHERE n:Country] AS countries, [n IN nodes(path) WHERE n:Instrument] AS insts
// Two countries linked through hubs have many chains: the steps (who signed each) are worked out
// for those up to the end of the page only, in the answer's order.
WITH countries, insts ORDER BY size(insts), [n IN countries | n.id], [n IN insts | n.id] LIMIT $page_offset + $page_size
WITH countries, insts, COLLECT {
  UNWIND range(0, size(insts) - 1) AS k
  WITH k, countries[k] AS left, insts[k] AS x, countries[k + 1] AS right
  WITH k, left, x, right,
       [side IN [left, right] WHERE EXISTS { (side)-[:SIGNED]->(x) }
          OR ($include_non_state AND EXISTS {
                (x)-[:HAS_PARTY]->(s:Party)-[:PARTY_COUNTRY]->(side)
                WHERE coalesce(s.role, "party") = "party" AND NOT coalesce(s.state, false)
                  AND EXISTS { (s)-[:PARTY_ORGANIZATION]->(:Organization)-[:SIGNED]->(x) } })] AS signers
  RETURN {from_country: left.id, instrument: x.id, title: x.title, status: x.status,
          signed: size(signers) = 2, to_country: right.id} AS step
  ORDER BY k
} AS steps
RETURN size(insts) AS hops,
       [c IN countries | c.id] AS countries,
       [x IN insts | x.id] AS instrument_ids,
       steps,
       all(s IN steps WHERE s.signed) AS signed,
       COLLECT { UNWIND insts AS x UNWIND x.sources AS sid WITH DISTINCT sid MATCH (s:Source {id: sid})
                 RETURN s {.id, .title, .publisher, .url} AS source ORDER BY s.id } AS sources
ORDER BY hops, countries, instrument_ids
