"""Everything that touches Neo4j: the server, the connection, the schema, writes and RDF mapping."""
