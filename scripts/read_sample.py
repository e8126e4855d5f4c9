"""Read what extraction makes of news it was not built on: a topic-stratified sample of the BBC corpus.

    .venv/bin/python scripts/read_sample.py --per-topic 60 > sample.txt
    .venv/bin/python scripts/read_sample.py --per-topic 60 --json before.json
    .venv/bin/python scripts/read_sample.py --diff before.json after.json
    .venv/bin/python scripts/read_sample.py --speed 200

Per story it prints the entities (kind, label, named mentions, other names), the facts, and the
names the spaCy model tagged that no entity kept ("dropped"), so that junk, misses, wrong kinds and
wrong facts can be read and counted by hand. Stories are drawn at random (fixed seed) from each topic
of the corpus (the topic is the first part of the id), leaving out the stories of the development set.
`--diff` lists what changed between two `--json` runs, story by story; `--speed` times extraction
against the model's own `nlp.pipe` on the first N stories, side by side in one process.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract.clean import clean_text  # noqa: E402
from extract.documents import read_documents  # noqa: E402
from extract.errors import Failure  # noqa: E402
from extract.mentions import NAME_LABELS, find_mentions  # noqa: E402
from extract.nlp import DEFAULT_MODEL, load_pipeline, model_location  # noqa: E402
from extract.pipeline import Extractor, read_doc  # noqa: E402
from graph.records import Document  # noqa: E402
from graph.vocabulary import ENTITY_KINDS, FACT_RELATIONS  # noqa: E402

SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus" / "bbc-news.jsonl"
DEV_GOLD = SHARED / "eval" / "dev"


def _dev_ids() -> set[str]:
    return (
        {json.loads(p.read_text())["doc"] for p in DEV_GOLD.glob("bbc-*.json")}
        if DEV_GOLD.is_dir()
        else set()
    )


def sample(per_topic: int, seed: int, topics: list[str] | None) -> list[Document]:
    docs = [d for d in read_documents([CORPUS]) if not isinstance(d, Failure)]
    skip = _dev_ids()
    by_topic: dict[str, list[Document]] = defaultdict(list)
    for d in docs:
        topic = d.id.split("/")[0]
        if d.id not in skip and (not topics or topic in topics):
            by_topic[topic].append(d)
    rng = random.Random(seed)
    out = []
    for topic in sorted(by_topic):
        out += sorted(rng.sample(by_topic[topic], min(per_topic, len(by_topic[topic]))), key=lambda d: d.id)
    return out


def read(docs: list[Document]) -> list[dict[str, Any]]:
    nlp = load_pipeline(DEFAULT_MODEL)
    texts = [(clean_text(d.text, source=d.source, title=d.title), d) for d in docs]
    out = []
    for spacy_doc, document in nlp.pipe(texts, as_tuples=True, batch_size=32):
        extraction = read_doc(spacy_doc, document)
        labels = {e.id: e.label for e in extraction.entities}
        kept = {i for m in find_mentions(spacy_doc).mentions for i in range(m.start, m.end)}
        dropped = sorted(
            {
                f"{ent.text}/{ent.label_}"
                for ent in spacy_doc.ents
                if ent.label_ in NAME_LABELS and ent.label_ != "NORP"
                if not any(t.is_alpha and t.idx in kept for t in ent)
            }
        )
        facts = sorted(
            f"{labels.get(e.source, e.source)} -{e.relation}-> {labels.get(e.target, e.target)}"
            + (f" [{e.role}]" if e.role else "")
            + (" (gaz)" if e.attrs.get("basis") == "gazetteer" else "")
            for e in extraction.edges
            if e.relation in FACT_RELATIONS
        )
        entities = sorted(
            (
                {
                    "kind": e.kind,
                    "label": e.label,
                    "mentions": e.mentions,
                    "aliases": [a for a in e.aliases if a != e.label],
                }
                for e in extraction.entities
            ),
            key=lambda e: (e["kind"], -e["mentions"], e["label"]),
        )
        out.append(
            {
                "id": document.id,
                "title": document.title,
                "entities": entities,
                "facts": facts,
                "dropped": dropped,
            }
        )
    return out


def show(stories: list[dict[str, Any]]) -> None:
    for s in stories:
        print(f"== {s['id']}  {s['title']}")
        for kind in ENTITY_KINDS:
            names = [
                e["label"]
                + (f"x{e['mentions']}" if e["mentions"] > 1 else "")
                + (" {" + "|".join(e["aliases"]) + "}" if e["aliases"] else "")
                for e in s["entities"]
                if e["kind"] == kind
            ]
            if names:
                print(f"  {kind[:3].upper()}: " + "; ".join(names))
        for fact in s["facts"]:
            if not fact.endswith("(gaz)"):
                print(f"  FACT {fact}")
        if s["dropped"]:
            print("  DROPPED: " + "; ".join(s["dropped"]))


def _entity_set(story: dict[str, Any]) -> set[str]:
    return {f"{e['kind'][:3]}:{e['label']}" for e in story["entities"]}


def diff(before_path: Path, after_path: Path) -> None:
    before = {s["id"]: s for s in json.loads(before_path.read_text())}
    after = {s["id"]: s for s in json.loads(after_path.read_text())}
    for doc_id in sorted(before.keys() & after.keys()):
        b, a = before[doc_id], after[doc_id]
        lost, gained = _entity_set(b) - _entity_set(a), _entity_set(a) - _entity_set(b)
        facts_lost = [f for f in b["facts"] if f not in a["facts"] and not f.endswith("(gaz)")]
        facts_gained = [f for f in a["facts"] if f not in b["facts"] and not f.endswith("(gaz)")]
        if lost or gained or facts_lost or facts_gained:
            print(f"== {doc_id}  {a['title']}")
            for x in sorted(lost):
                print(f"  - {x}")
            for x in sorted(gained):
                print(f"  + {x}")
            for f in facts_lost:
                print(f"  - FACT {f}")
            for f in facts_gained:
                print(f"  + FACT {f}")


def speed(count: int, runs: int) -> None:
    """Extraction (clean, parse, entities, facts, events) vs the model's full `nlp.pipe`, alternating."""
    import spacy

    docs = [d for d in read_documents([CORPUS]) if not isinstance(d, Failure)][:count]
    texts = [d.text for d in docs]
    ours, peer = Extractor.load(DEFAULT_MODEL), spacy.load(model_location(DEFAULT_MODEL))
    list(ours.extract_many(docs[:8]))
    list(peer.pipe(texts[:8]))
    times: dict[str, list[float]] = {"ours": [], "peer": []}
    for run in range(runs):
        sides = [("ours", lambda: list(ours.extract_many(docs))), ("peer", lambda: list(peer.pipe(texts)))]
        for name, fn in sides if run % 2 == 0 else sides[::-1]:
            started = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - started)
    best = {k: min(v) for k, v in times.items()}
    print(
        f"{count} stories, {runs} runs each: newsgraph {best['ours']:.2f} s, "
        f"spaCy nlp.pipe {best['peer']:.2f} s"
    )
    print(f"speed ratio (spaCy time / newsgraph time, best of runs): {best['peer'] / best['ours']:.3f}")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--per-topic", type=int, default=60)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--topics", nargs="*")
    parser.add_argument("--json", type=Path, help="write the readings as JSON here instead of printing them")
    parser.add_argument("--diff", nargs=2, type=Path, metavar=("BEFORE", "AFTER"))
    parser.add_argument(
        "--speed", type=int, metavar="N", help="time extraction against nlp.pipe on N stories"
    )
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not CORPUS.exists():
        parser.error(f"no corpus at {CORPUS}")
    if args.diff:
        diff(*args.diff)
    elif args.speed:
        speed(args.speed, args.runs)
    else:
        stories = read(sample(args.per_topic, args.seed, args.topics))
        if args.json:
            args.json.write_text(json.dumps(stories, indent=1))
        else:
            show(stories)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
