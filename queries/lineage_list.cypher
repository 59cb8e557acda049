// name: lineage_list
// description: Every link between two instruments: one instrument that renews, amends, implements or
//    cites (refers to) another, with the status of both and the sources stating the link.
// param: country: country | null = null  Only links where this country is party to either instrument. example: "AZ"
// param: relation: "renews" | "amends" | "implements" | "refers_to" | null = null  Only this kind of link. example: "renews"
// param: statuses: list[term:instrument-status] = ["signed", "adopted", "ratified", "in-force", "extended"]  Statuses the linking (newer) instrument may have. example: ["signed", "in-force"]
WITH COUNT { (:Instrument) } AS instruments, COUNT { ()-[:RENEWS|AMENDS|IMPLEMENTS|REFERS_TO]->() } AS links
WITH instruments, links,
     CASE WHEN $country IS NULL THEN instruments ELSE COUNT { (:Country {id: $country})<-[:PARTY_COUNTRY]-() } END AS parties
// The rows are in instrument id order: the id index is read in it, at most fifty times the page,
// each instrument's links expanded and filtered; when a page's worth match, the page lies among
// the links of the instruments read (the last one's all read again), and nothing else is. Tried
// only when the links' share of instruments, times the country's (its degree, kept by the store),
// gives a page in that many.
CALL (instruments, links, parties) {
  MATCH (x:Instrument) WHERE x.id IS NOT NULL
  WITH x ORDER BY x.id LIMIT 50 * ($page_offset + $page_size)
  WITH x WHERE 50 * links * parties >= instruments * instruments
  WITH x WHERE x.status IN $statuses
  MATCH (x)-[r:RENEWS|AMENDS|IMPLEMENTS|REFERS_TO]->(y:Instrument)
  WITH x, r, y WHERE ($relation IS NULL OR toLower(type(r)) = $relation)
    AND ($country IS NULL
         OR EXISTS { (x)-[:HAS_PARTY]->(:Party)-[:PARTY_COUNTRY]->(:Country {id: $country}) }
         OR EXISTS { (y)-[:HAS_PARTY]->(:Party)-[:PARTY_COUNTRY]->(:Country {id: $country}) })
  WITH x LIMIT $page_offset + $page_size
  RETURN collect(DISTINCT x) AS read, count(*) AS found
}
// Otherwise a country that is a party less often than there are links is the start; else every
// link, from the relationship type index rather than from every instrument.
WITH CASE WHEN found = $page_offset + $page_size THEN read END AS read,
     CASE WHEN parties < links THEN $country END AS anchor
CALL (read, anchor) {
  UNWIND read AS x
  MATCH (x)-[r:RENEWS|AMENDS|IMPLEMENTS|REFERS_TO]->(y:Instrument)
  RETURN x, r, y
  UNION
  MATCH (:Country {id: CASE WHEN read IS NULL THEN anchor END})<-[:PARTY_COUNTRY]-(:Party)<-[:HAS_PARTY]-(x:Instrument)
        -[r:RENEWS|AMENDS|IMPLEMENTS|REFERS_TO]->(y:Instrument)
  RETURN x, r, y
  UNION
  MATCH (:Country {id: CASE WHEN read IS NULL THEN anchor END})<-[:PARTY_COUNTRY]-(:Party)<-[:HAS_PARTY]-(y:Instrument)
        <-[r:RENEWS|AMENDS|IMPLEMENTS|REFERS_TO]-(x:Instrument)
  RETURN x, r, y
  UNION
  UNWIND CASE WHEN read IS NULL AND anchor IS NULL THEN [true] ELSE [] END AS unanchored
  MATCH ()-[r:RENEWS|AMENDS|IMPLEMENTS|REFERS_TO]->()
  WITH r, startNode(r) AS x, endNode(r) AS y WHERE x:Instrument AND y:Instrument
  RETURN x, r, y
}
WITH x, r, y, toLower(type(r)) AS relation
WHERE x.status IN $statuses
  AND ($relation IS NULL OR relation = $relation)
  AND ($country IS NULL
       OR EXISTS { (x)-[:HAS_PARTY]->(:Party)-[:PARTY_COUNTRY]->(:Country {id: $country}) }
       OR EXISTS { (y)-[:HAS_PARTY]->(:Party)-[:PARTY_COUNTRY]->(:Country {id: $country}) })
RETURN x.id AS instrument, x.title AS title, x.status AS status, x.signed_date AS signed_date,
       relation,
       y.id AS target, y.title AS target_title, y.status AS target_status, y.signed_date AS target_signed_date,
       COLLECT { UNWIND coalesce(r.sources, []) AS sid MATCH (s:Source {id: sid})
                 RETURN s {.id, .title, .publisher, .url} AS source ORDER BY s.id } AS sources
ORDER BY instrument, relation, target
