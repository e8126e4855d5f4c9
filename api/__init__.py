"""newsgraph's edges: the FastAPI app and the `newsgraph` command line."""
