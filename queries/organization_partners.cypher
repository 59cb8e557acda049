// name: organization_partners
// description: Organizations that signed instruments together with a given organization, with the
//    instruments and sources behind each partnership.
// param: organization: str (required)  The organization id. example: "az-national-oncology-center"
// param: domain: domain | null = null  Only instruments covering this domain or a narrower one. example: "clinical-medicine"
// param: statuses: list[term:instrument-status] = ["signed", "in-force"]  Instrument statuses that count as cooperation. example: ["signed", "in-force"]
WITH COLLECT { MATCH (n:Domain)-[:BROADER*0..]->(:Domain {id: $domain}) RETURN n } AS within
MATCH (o:Organization {id: $organization})-[:SIGNED]->(i:Instrument)<-[:SIGNED]-(p:Organization)
WHERE p <> o
  AND i.status IN $statuses
  AND ($domain IS NULL OR EXISTS { (i)-[:COVERS]->(d:Domain) WHERE d IN within })
WITH p, collect(DISTINCT i) AS insts
RETURN p.id AS partner_id, p.name AS partner_name, p.kind AS organization_kind, p.country AS partner_country,
       size(insts) AS instrument_count,
       COLLECT { UNWIND insts AS x RETURN x.id ORDER BY x.id } AS instrument_ids,
       COLLECT { UNWIND insts AS x MATCH (x)-[:COVERS]->(d:Domain) RETURN DISTINCT d.id AS id ORDER BY id } AS domains,
       COLLECT { UNWIND insts AS x UNWIND x.sources AS sid WITH DISTINCT sid MATCH (s:Source {id: sid})
                 RETURN s {.id, .title, .publisher, .url} AS source ORDER BY s.id } AS sources
ORDER BY instrument_count DESC, partner_id
