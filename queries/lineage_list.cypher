// name: lineage_list
// description: Every link between two instruments: one instrument that renews, amends, implements or
//    cites (refers to) another, with the status of both and the sources stating the link.
// param: country: country | null = null  Only links where this country is party to either instrument. example: "AZ"
// param: relation: "renews" | "amends" | "implements" | "refers_to" | null = null  Only this kind of link. example: "renews"
// param: statuses: list[term:instrument-status] = ["signed", "adopted", "ratified", "in-force", "extended"]  Statuses the linking (newer) instrument may have. example: ["signed", "in-force"]
WITH CASE WHEN COUNT { (:Country {id: $country})<-[:PARTY_COUNTRY]-() }
               < COUNT { ()-[:RENEWS|AMENDS|IMPLEMENTS|REFERS_TO]->() } THEN $country END AS anchor
// A country that is a party less often than there are links is the start (its degree and the
// links' count are both kept by the store, not counted); else every link, from the relationship
// type index rather than from every instrument.
CALL (anchor) {
  MATCH (:Country {id: anchor})<-[:PARTY_COUNTRY]-(:Party)<-[:HAS_PARTY]-(x:Instrument)
        -[r:RENEWS|AMENDS|IMPLEMENTS|REFERS_TO]->(y:Instrument)
  RETURN x, r, y
  UNION
  MATCH (:Country {id: anchor})<-[:PARTY_COUNTRY]-(:Party)<-[:HAS_PARTY]-(y:Instrument)
        <-[r:RENEWS|AMENDS|IMPLEMENTS|REFERS_TO]-(x:Instrument)
  RETURN x, r, y
  UNION
  UNWIND CASE WHEN anchor IS NULL THEN [true] ELSE [] END AS unanchored
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
