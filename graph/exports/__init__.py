"""Writers that turn the graph into files other tools read, by format name."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import networkx as nx

from graph.exports.node_link import iter_json

ChunkWriter = Callable[[nx.MultiDiGraph], Iterator[bytes]]

# name -> (writer yielding bytes, media type, file suffix)
FORMATS: dict[str, tuple[ChunkWriter, str, str]] = {
    "json": (iter_json, "application/json", ".json"),
}


def export_chunks(g: nx.MultiDiGraph, name: str) -> Iterator[bytes]:
    writer, _, _ = FORMATS[name]
    return writer(g)
