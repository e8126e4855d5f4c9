"""newsgraph's graph: record types, the SQLite store, the in-memory NetworkX view, queries and exports."""
