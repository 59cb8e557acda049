// name: engagements
// description: Engagements that produced no instrument (talks, proposals, opposed projects, plans,
//    assistance), shown only when asked for, with who took part, proposed or opposed, the
//    instruments they led to (with their status), and sources.
// param: statuses: list[term:engagement-status] | null = null  Engagement statuses to list; null lists every status. example: ["opposed"]
// param: country: country | null = null  Only engagements this country, or one of its organizations, took part in. example: "KG"
// param: domain: domain | null = null  Only engagements covering this domain or a narrower one. example: "health-security"
// param: kind: term:engagement-kind | null = null  Only engagements of this kind. example: "proposal"
WITH COLLECT { MATCH (n:Domain)-[:BROADER*0..]->(:Domain {id: $domain}) RETURN n } AS within
// Start from the country and its organizations when a country is given, else from every
// engagement.
CALL () {
  MATCH (:Country {id: $country})-[:PARTICIPATED_IN|PROPOSED|OPPOSED]->(e:Engagement) RETURN e
  UNION
  MATCH (:Country {id: $country})<-[:BASED_IN]-(:Organization)-[:PARTICIPATED_IN|PROPOSED|OPPOSED]->(e:Engagement) RETURN e
  UNION
  UNWIND CASE WHEN $country IS NULL THEN [true] ELSE [] END AS unanchored
  MATCH (e:Engagement) RETURN e
}
WITH e, within
WHERE ($statuses IS NULL OR e.status IN $statuses)
  AND ($kind IS NULL OR e.kind = $kind)
  AND ($domain IS NULL OR EXISTS { (e)-[:COVERS]->(d:Domain) WHERE d IN within })
RETURN e.id AS id, e.kind AS kind, e.status AS status, e.title AS title, e.summary AS summary,
       e.date AS date, e.year AS year,
       COLLECT {
         MATCH (a)-[:PARTICIPATED_IN|PROPOSED|OPPOSED]->(e)
         OPTIONAL MATCH (a)-[:BASED_IN]->(home:Country)
         WITH CASE WHEN a:Country THEN a.id ELSE home.id END AS code
         WHERE code IS NOT NULL
         RETURN DISTINCT code ORDER BY code
       } AS countries,
       COLLECT { MATCH (a)-[:PARTICIPATED_IN]->(e) RETURN a.id ORDER BY a.id } AS participants,
       COLLECT { MATCH (a)-[:PROPOSED]->(e) RETURN a.id ORDER BY a.id } AS proposed_by,
       COLLECT { MATCH (a)-[:OPPOSED]->(e) RETURN a.id ORDER BY a.id } AS opposed_by,
       COLLECT { MATCH (e)-[:COVERS]->(d:Domain) RETURN d.id ORDER BY d.id } AS domains,
       COLLECT { MATCH (e)-[:AT_EVENT]->(ev:Event) RETURN ev.id ORDER BY ev.id }[0] AS event,
       COLLECT { MATCH (e)-[:LED_TO]->(x:Instrument) RETURN x {.id, .status} AS instrument ORDER BY x.id } AS led_to,
       COLLECT { UNWIND e.sources AS sid MATCH (s:Source {id: sid})
                 RETURN s {.id, .title, .publisher, .url} AS source ORDER BY s.id } AS sources
ORDER BY coalesce(e.date, "") DESC, e.id
