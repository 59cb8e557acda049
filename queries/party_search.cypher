// name: party_search
// description: Countries and organizations whose name, in any language the graph holds (names, aliases,
//    ISO codes), contains the text; exact and prefix matches first, then the most active.
// param: text: str (required)  Part of a name, in any language and script; case does not matter. example: "Україна"
WITH toLower(trim($text)) AS needle
CALL (needle) {
  // A SIGNED relationship always ends at an instrument (the model), so counting a party's
  // SIGNED relationships reads its degree from the store, not each instrument.
  MATCH (c:Country)
  WITH c, needle, [x IN [c.name, c.official_name] + coalesce(c.names, []) WHERE x IS NOT NULL] AS shown
  WITH c, needle, shown, [y IN [c.id, c.alpha3] + shown WHERE y IS NOT NULL | toLower(y)] AS names
  WHERE any(z IN names WHERE z CONTAINS needle)
  RETURN "country" AS kind, c.id AS id, c.name AS name, c.id AS country, null AS organization_kind, names,
         coalesce([w IN shown WHERE toLower(w) CONTAINS needle][0], c.id) AS matched,
         COUNT { (c)-[:SIGNED]->() } AS instruments
  UNION
  MATCH (o:Organization)
  WITH o, needle, [o.name] + [k IN keys(o) WHERE k STARTS WITH "name_" | o[k]] + coalesce(o.aliases, []) AS raw
  WITH o, needle, [x IN raw WHERE x IS NOT NULL] AS shown
  // The id last, so a name that matches is the one shown.
  WITH o, needle, shown, [y IN shown | toLower(y)] + toLower(o.id) AS names
  WHERE any(z IN names WHERE z CONTAINS needle)
  RETURN "organization" AS kind, o.id AS id, o.name AS name, o.country AS country, o.kind AS organization_kind, names,
         coalesce([w IN shown WHERE toLower(w) CONTAINS needle][0], o.id) AS matched,
         COUNT { (o)-[:SIGNED]->() } AS instruments
}
WITH kind, id, name, country, organization_kind, matched, instruments,
     CASE WHEN needle IN names THEN 0 WHEN any(v IN names WHERE v STARTS WITH needle) THEN 1 ELSE 2 END AS rank
RETURN kind, id, name, country, organization_kind, matched, instruments
ORDER BY rank, instruments DESC, kind, id
