"""The `newsgraph` command line: ingest, export, serve."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

from api.progress import Progress
from api.settings import Settings
from extract.documents import find_files, read_documents
from extract.errors import ExtractionError, Failure
from graph.errors import GraphError
from graph.knowledge import KnowledgeGraph
from graph.records import Document, Extraction


def _settings(args: argparse.Namespace) -> Settings:
    overrides = {"db": args.db} if getattr(args, "db", None) else {}
    return Settings(**overrides)


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def _missing(db: str) -> str | None:
    """Why `db` cannot be read, when it is not there: a reading command creates nothing."""
    if Path(db).exists():
        return None
    return f"no database at {db}: ingest documents into it first (newsgraph ingest PATH --db {db})"


Extract = Callable[[Iterable[Document]], Iterator[Extraction | Failure]]


@contextmanager
def _extraction(args: argparse.Namespace, model: str) -> Iterator[Extract]:
    """One process by default; a Dask cluster with --workers N or --scheduler ADDRESS."""
    if args.workers is None and args.scheduler is None:
        from extract.pipeline import Extractor

        _say(f"loading the model {model} ...")
        started = time.perf_counter()
        extractor = Extractor.load(model)
        _say(f"model loaded in {time.perf_counter() - started:.1f} s")
        yield extractor.extract_many
        return
    where = f"{args.workers} local workers" if args.workers else f"the cluster at {args.scheduler}"
    _say(f"extracting on {where}; each worker loads the model {model} first")
    try:
        from extract.distributed import cluster_client, extract_on_cluster
    except ImportError as exc:
        raise ExtractionError(
            "--workers and --scheduler need Dask distributed: pip install 'newsgraph[distributed]'"
        ) from exc
    with cluster_client(workers=args.workers, scheduler=args.scheduler, model=model) as client:
        yield partial(extract_on_cluster, client=client, model=model)


def count_documents(paths: Iterable[str]) -> int:
    """How many documents `paths` hold, without reading them: one a file, one a JSON Lines line."""
    total = 0
    for path in find_files(paths):
        if path.suffix.lower() != ".jsonl":
            total += 1
            continue
        try:
            with path.open("rb") as lines:
                total += sum(1 for line in lines if line.strip())
        except OSError:
            total += 1  # read_documents reports it as one failure
    return total


def cmd_ingest(args: argparse.Namespace) -> int:
    from extract.ingest import ingest
    from graph.store import Store

    settings = _settings(args)
    started = time.perf_counter()
    statuses: Counter[str] = Counter()
    failures: list[Failure] = []
    # The store alone: no graph is built in memory here. A server over the same file follows what
    # this writes (graph.knowledge), within a fraction of a second per document.
    with _extraction(args, settings.model) as extract, Store(settings.db) as store:
        bar = Progress(total=count_documents(args.paths), every=settings.progress_seconds)
        seen: set[str] = set()

        def documents() -> Iterator[Document]:
            for item in read_documents(args.paths):
                if isinstance(item, Failure):
                    failures.append(item)
                    bar.say(f"skipped {item.where}: {item.reason}")
                    bar.update(1)
                    continue
                if item.id in seen:
                    bar.say(f"note: the id {item.id!r} came twice in this run; the later text replaces it")
                seen.add(item.id)
                yield item

        try:
            for outcome in ingest(documents(), extract=extract, into=store):
                if outcome.status == "failed":
                    failures.append(Failure(outcome.document.id, outcome.error or "failed"))
                    bar.say(f"skipped {outcome.document.id}: {outcome.error}")
                else:
                    statuses[outcome.status] += 1
                bar.update(1)
        finally:
            bar.close()
        kinds = store.count_nodes()
        stored = store.count_documents()
    elapsed = time.perf_counter() - started
    done = ", ".join(f"{n} {s}" for s, n in sorted(statuses.items())) or "none"
    entities = sum(n for kind, n in kinds.items() if kind != "event")
    print(
        f"{sum(statuses.values())} documents ({done}; {len(failures)} failed) -> graph of "
        f"{stored} documents, {entities} entities, {kinds.get('event', 0)} events "
        f"in {elapsed:.1f} s"
    )
    return 1 if failures else 0


def cmd_delete(args: argparse.Namespace) -> int:
    from graph.errors import DocumentNotFound
    from graph.store import Store

    settings = _settings(args)
    if why := _missing(settings.db):
        _say(f"newsgraph: {why}")
        return 2
    missing = 0
    with Store(settings.db) as store:
        for doc_id in args.ids:
            try:
                result = store.delete(doc_id)
            except DocumentNotFound:
                _say(f"no document with id {doc_id!r}")
                missing += 1
                continue
            print(f"deleted {doc_id} ({len(result.nodes)} nodes, {len(result.edges)} edges touched)")
    return 1 if missing else 0


def cmd_export(args: argparse.Namespace) -> int:
    from graph.exports import FORMATS
    from graph.exports.source import export_stream, stored_documents
    from graph.store import Store
    from graph.views import Selection

    settings = _settings(args)
    if args.format not in FORMATS:
        _say(f"unknown format {args.format!r}; choose one of {', '.join(FORMATS)}")
        return 2
    if why := _missing(settings.db):
        _say(f"newsgraph: {why}")
        return 2
    selection = Selection.parse(
        view=args.view,
        kinds=args.kind,
        event_types=args.event_type,
        since=args.since,
        until=args.until,
        facts=args.facts,
    )
    store = Store(settings.db)
    try:
        documents = stored_documents(store) if FORMATS[args.format].needs_documents else None
        # the whole graph streams from the store; only a selection builds the graph in memory
        chunks = export_stream(
            args.format, selection, store=store, live=lambda: KnowledgeGraph(store), documents=documents
        )
        if args.out and args.out != "-":
            tmp = Path(args.out + ".part")
            try:
                with tmp.open("wb") as fh:
                    for chunk in chunks:
                        fh.write(chunk)
                tmp.replace(args.out)
            finally:
                tmp.unlink(missing_ok=True)
        else:
            out = sys.stdout.buffer
            try:
                for chunk in chunks:
                    out.write(chunk)
                out.flush()
            except BrokenPipeError:  # the reader (head, less) has had enough: stop quietly
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    finally:
        store.close()
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from api.app import create_app

    settings = _settings(args)
    if _missing(settings.db):  # a server also takes documents: it may start on a new database
        _say(
            f"newsgraph: no database at {settings.db} yet: serving an empty graph; POST /documents "
            f"or `newsgraph ingest PATH --db {settings.db}` fills it"
        )
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s:     %(message)s"))
    logging.getLogger("newsgraph").addHandler(handler)  # start-up, snapshots, following the store
    logging.getLogger("newsgraph").setLevel(logging.INFO)
    uvicorn.run(create_app(settings), host=args.host, port=args.port, log_level="info")
    return 0


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not {text!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsgraph", description="News articles -> knowledge graph.")
    sub = parser.add_subparsers(dest="command", required=True)
    db_help = "database file (default: $NEWSGRAPH_DB or ./newsgraph.db)"

    ingest = sub.add_parser("ingest", help="read documents into the graph")
    ingest.add_argument(
        "paths", nargs="+", metavar="PATH", help=".txt (+ .json sidecar), .jsonl, .html, or folders"
    )
    ingest.add_argument("--db", help=db_help)
    scale = ingest.add_mutually_exclusive_group()
    scale.add_argument(
        "--workers", type=_positive_int, metavar="N", help="extract on a local Dask cluster of N processes"
    )
    scale.add_argument(
        "--scheduler", metavar="tcp://HOST:PORT", help="extract on a running Dask cluster (dask scheduler)"
    )
    ingest.set_defaults(func=cmd_ingest)

    delete = sub.add_parser("delete", help="remove documents and what only they contributed")
    delete.add_argument("ids", nargs="+", metavar="ID", help="document ids")
    delete.add_argument("--db", help=db_help)
    delete.set_defaults(func=cmd_delete)

    export = sub.add_parser("export", help="write the graph in a format other tools read")
    export.add_argument(
        "--format", default="json", help="json (default), graphml, gexf, cytoscape or plover (JSON Lines)"
    )
    export.add_argument(
        "--view",
        default="full",
        choices=("full", "actors"),
        help="full graph (default) or actors: entities linked directly, weighted by shared events",
    )
    export.add_argument(
        "--kind", action="append", help="keep only these node kinds (repeat or comma-separate)"
    )
    export.add_argument(
        "--event-type", action="append", help="keep only events of these types, e.g. CONSULT,ASSAULT"
    )
    export.add_argument("--since", help="keep only events on or after this date (2021-04, 2021-04-20)")
    export.add_argument("--until", help="keep only events on or before this date")
    export.add_argument(
        "--no-facts",
        dest="facts",
        action="store_false",
        help="actor view: leave out leader_of/member_of/located_in edges",
    )
    export.add_argument("--out", help="output file (default: standard output)")
    export.add_argument("--db", help=db_help)
    export.set_defaults(func=cmd_export)

    serve = sub.add_parser("serve", help="serve the HTTP API and the viewer")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--db", help=db_help)
    serve.set_defaults(func=cmd_serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except (ExtractionError, GraphError) as exc:
        _say(f"newsgraph: {exc}")
        return 2
    except KeyboardInterrupt:
        _say("newsgraph: interrupted")
        return 130


if __name__ == "__main__":
    sys.exit(main())
