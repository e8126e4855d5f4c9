"""newsgraph's extraction: text -> mentions -> entities, facts and events, as graph records."""
