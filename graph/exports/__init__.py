"""Writers that turn the graph into files other tools read, by format name.

Every writer (`ChunkWriter`: `iter_json`, `iter_graphml`, `iter_gexf`, `iter_cytoscape`,
`iter_plover`) is called alike: ``writer(g, *, graph_attrs=None)``, and ``documents=`` too for a
format that cites documents. `g` (a networkx.MultiDiGraph, or anything that iterates its nodes and
edges with their data the same way) is only read; `graph_attrs` are attributes written with the
graph's own (`g.graph`), such as the view it is, where the format has a place for them. A writer
yields the document in chunks of bytes, a few thousand nodes or edges at a time; joined, the
chunks are the whole document. Each format's module says what it writes and what it cannot, and
has a reader for what it wrote, ``read_<format>(fh)``: `fh` is a binary file open for reading bytes
(GraphML and GEXF: or a path), and the reader returns a networkx.MultiDiGraph (PLOVER: the records).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from graph.exports.cytoscape import iter_cytoscape
from graph.exports.gexf import iter_gexf
from graph.exports.graphml import iter_graphml
from graph.exports.node_link import iter_json
from graph.exports.plover import iter_plover

__all__ = ["FORMATS", "ChunkWriter", "Documents", "ExportFormat", "export_chunks"]

ChunkWriter = Callable[..., Iterator[bytes]]
Documents = Mapping[str, Mapping[str, Any]]


@dataclass(frozen=True, slots=True)
class ExportFormat:
    """A writer yielding bytes, and how the result is served and named."""

    writer: ChunkWriter
    media_type: str
    suffix: str
    needs_documents: bool = False  # the writer cites documents (title, URL) from the store


FORMATS: dict[str, ExportFormat] = {
    "json": ExportFormat(iter_json, "application/json", ".json"),
    "graphml": ExportFormat(iter_graphml, "application/graphml+xml", ".graphml"),
    "gexf": ExportFormat(iter_gexf, "application/gexf+xml", ".gexf"),
    "cytoscape": ExportFormat(iter_cytoscape, "application/json", ".cyjs"),
    "plover": ExportFormat(iter_plover, "application/x-ndjson", ".jsonl", needs_documents=True),
}


def export_chunks(
    g: nx.MultiDiGraph,
    name: str,
    *,
    documents: Documents | None = None,
    graph_attrs: dict[str, Any] | None = None,
) -> Iterator[bytes]:
    """The export of `g` in format `name`, as a stream of bytes.

    Parameters
    ----------
    g : networkx.MultiDiGraph
        The graph to write; it is only read.
    name : str
        A key of `FORMATS`: ``"json"``, ``"graphml"``, ``"gexf"``, ``"cytoscape"`` or ``"plover"``.
    documents : mapping, optional
        Document id -> its metadata, for the formats that cite documents (`needs_documents`).
    graph_attrs : dict, optional
        Attributes written with the graph's own, where the format has a place for them.

    Returns
    -------
    chunks : iterator of bytes
        The document; joined, the whole file.

    Examples
    --------
    >>> import networkx as nx
    >>> from graph.exports import FORMATS, export_chunks
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("place:kyiv", kind="place", label="Kyiv")
    >>> fmt = FORMATS["cytoscape"]
    >>> fmt.media_type, fmt.suffix
    ('application/json', '.cyjs')
    >>> import json
    >>> json.loads(b"".join(export_chunks(g, "cytoscape")))["elements"]["nodes"]
    [{'data': {'id': 'place:kyiv', 'kind': 'place', 'label': 'Kyiv'}}]
    """
    fmt = FORMATS[name]
    if fmt.needs_documents:
        return fmt.writer(g, documents=documents, graph_attrs=graph_attrs)
    return fmt.writer(g, graph_attrs=graph_attrs)
