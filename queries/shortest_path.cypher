// name: shortest_path
// description: The shortest cooperation paths between two countries: chains of instruments, each
//    signed by the countries on both sides of it.
// param: from_country: country (required)  Where the path starts (ISO code or name). example: "AZ"
// param: to_country: country (required)  Where the path ends (ISO code or name). example: "UA"
// param: statuses: list[term:instrument-status] = ["signed", "in-force"]  Instrument statuses a path may pass through. example: ["signed", "in-force"]
MATCH (a:Country {id: $from_country}), (b:Country {id: $to_country})
WHERE a <> b
MATCH path = allShortestPaths((a)-[:SIGNED*..12]-(b))
WHERE all(n IN nodes(path) WHERE n:Country OR (n:Instrument AND n.status IN $statuses))
WITH [n IN nodes(path) WHERE n:Country] AS countries, [n IN nodes(path) WHERE n:Instrument] AS insts
RETURN size(insts) AS hops,
       [c IN countries | c.id] AS countries,
       [x IN insts | x.id] AS instrument_ids,
       [k IN range(0, size(insts) - 1) | {from_country: countries[k].id, instrument: insts[k].id,
                                          title: insts[k].title, to_country: countries[k + 1].id}] AS steps,
       COLLECT { UNWIND insts AS x UNWIND x.sources AS sid WITH DISTINCT sid MATCH (s:Source {id: sid})
                 RETURN s {.id, .title, .publisher, .url} AS source ORDER BY s.id } AS sources
ORDER BY hops, countries, instrument_ids
