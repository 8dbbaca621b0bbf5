"""`flexrec` command line: serve, ingest, chat. User-facing errors become one clear line here."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from flexrec.errors import FlexRecError, InputError
from flexrec.evaluation.provenance import provenance, shared_inputs, stamp


def _serve(args, settings) -> int:
    from app import serve

    serve(settings, host=args.host, port=args.port)
    return 0


def _ingest(args, settings) -> int:
    from flexrec.services import open_catalog
    from retrieval.catalog import read_catalog
    from retrieval.enrichment import parse_fields
    from retrieval.ingest import ingest_items

    items = read_catalog(args.file)  # a malformed file is refused before any model is loaded
    fields = parse_fields(settings.enrich_fields)  # and so is a misspelt setting
    if args.enrich:
        if code := _enrich(items, args.file, settings, args.at_once):
            return code
        if not fields:
            print("the enrichment is kept, not embedded: FLEXREC_ENRICH_FIELDS names no field (README, Enrichment)")
    store, _, _ = open_catalog(settings, ingest=False)
    print(ingest_items(store, items, args.file, progress=True, enrich=settings.enrich_fields))
    return 0


def _enrich(items, file, settings, at_once: int | None) -> int:
    """GENRE's item enrichment of a catalog file, by the configured LLM; Ctrl-C keeps what is done."""
    from bot.enricher import Enricher
    from bot.llm import close
    from bot.llm_loader import load_chat_model
    from retrieval.enrichment import enrichment_path

    path = enrichment_path(file)
    llm = load_chat_model(settings, progress=True)
    enricher = Enricher(llm, at_once=at_once)
    try:
        print(enricher.run(items, path, progress=True))
    except KeyboardInterrupt:
        print(
            f"\ninterrupted: what was enriched is kept in {path}; the same command goes on from there", file=sys.stderr
        )
        return 130
    finally:
        close(llm)  # a llama-server started for FLEXREC_LLM_PARALLEL stops now
    return 0


def _chat(args, settings) -> int:
    from flexrec.services import build_recommender

    voice = args.mode == "voice"
    turn = build_recommender(settings, progress=not args.json).chat(args.session, args.message, voice)
    if args.json:
        print(json.dumps(turn.as_dict(), ensure_ascii=False, indent=2))
    else:
        print(turn.reply.strip())
        for hit in turn.hits:
            print(f"  - {hit.item.label()} [{', '.join(hit.item.genres)}]: {hit.why}")
        print(f"(session {turn.session_id}: pass --session {turn.session_id} to continue)")
    return 0


def _sign_user(args, settings) -> int:
    from web.visitor import USER_ID, Visitors, secret_key

    if not USER_ID.match(args.user):
        raise InputError("a user id is 1-64 letters, digits, '-' or '_'")
    key = secret_key(settings.secret_key and settings.secret_key.get_secret_value(), settings.data_dir)
    print(f"user={args.user}&sig={Visitors(key).sign_user(args.user)}")
    return 0


def _models(args, settings) -> int:
    from bot.models import status

    rows = status(settings)
    width = max(len(r["name"]) for r in rows)
    for r in rows:
        mark = "*" if r["active"] else " "
        print(f"{mark} {r['name']:<{width}}  {r['backend']:<12} {r['size'] / 1e6:>7,.0f} MB  {r['state']}")
        print(f"  {'':<{width}}  {r['about']}")
    if settings.llm not in {r["name"] for r in rows}:
        where = f"served by {settings.llm_url}" if settings.llm_url else "a path or Hugging Face id"
        print(f"* {settings.llm}  ({where})")
    print("(* = active: FLEXREC_LLM or --model)")
    from retrieval.embeddings import status as embedder_status

    print("\nText embedders (FLEXREC_EMBEDDING_MODEL):")
    embedders = embedder_status(settings.embedding_model, settings.models_dir)
    width = max(len(r["name"]) for r in embedders)
    for r in embedders:
        print(f"{'*' if r['active'] else ' '} {r['name']:<{width}}  {r['about']}; {r['state']}")
    if not any(r["active"] for r in embedders):
        print(f"* {settings.embedding_model}  (a sentence-transformers folder or id)")
    try:
        import llama_cpp

        print(f"llama.cpp runtime: llama-cpp-python {llama_cpp.__version__}")
    except ImportError:
        print("llama.cpp runtime: not installed (bash scripts/setup.sh builds it once)")
    return 0


def _redial_inputs(args, settings) -> list[Path]:
    """The dialogues evaluated and the shared files the ReDial evaluations learn or build from."""
    return [Path(args.data), *shared_inputs(Path(args.data).parent.parent, "redial", "movies", "movielens")]


def _eval_redial(args, settings) -> int:
    from flexrec.evaluation import redial

    metrics = redial.run(
        Path(args.data),
        Path(args.out),
        settings,
        limit=args.limit,
        mode=args.mode,
        docs=Path(args.docs) if args.docs else None,
        generate=args.generate,
        query=args.query,
        label=args.label,
        note=args.note,
        on_train=args.on_train,
        enrichment=Path(args.enrichment) if args.enrichment else None,
        catalog_limit=args.catalog_limit,
    )
    from flexrec.evaluation.report import table

    print(table(metrics))
    print(f"{metrics['n_targets']} targets ({metrics['n_targets_dedup']} without repeats); files in {args.out}")
    return 0


def _eval_profile(args, settings) -> int:
    from flexrec.evaluation import profile_eval

    models = args.models or [settings.llm]
    metrics = profile_eval.run(
        Path(args.data),
        Path(args.out),
        settings,
        models=models,
        limit=args.limit,
        skip=args.skip,
        answers=Path(args.answers) if args.answers else None,
    )
    print(profile_eval.table(metrics))
    print(f"files in {args.out}")
    return 0


def _eval_writing(args, settings) -> int:
    from flexrec.evaluation import writing_eval

    models = args.models or [settings.llm]
    metrics = writing_eval.run(Path(args.data), Path(args.out), settings, models=models, contexts=args.contexts)
    print(writing_eval.table(metrics))
    print(f"files in {args.out}")
    return 0


def _eval_conversations(args, settings) -> int:
    from flexrec.evaluation import conversations

    models = args.models or [settings.llm]
    metrics = conversations.run(Path(args.data), Path(args.out), settings, models=models, limit=args.limit)
    print(conversations.table(metrics))
    print(f"files in {args.out}")
    return 0


def _eval_movielens(args, settings) -> int:
    from flexrec.evaluation import movielens

    docs = Path(args.docs) if args.docs else None
    metrics = movielens.run(
        Path(args.data),
        Path(args.out),
        settings,
        limit=args.limit,
        docs=docs,
        cold_start=args.cold_start,
        catalog_limit=args.catalog_limit,
    )
    print((Path(args.out) / "metrics.md").read_text(), end="")
    print(f"{metrics['n_users']} simulated users, {metrics['stated_likes']} stated likes each; files in {args.out}")
    return 0


def _positive(text: str) -> int:
    """An argparse type: a whole number of at least 1, else argparse's own clear error."""
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return n


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="flexrec", description="FlexRec, a conversational recommender.")
    p.add_argument("-v", "--verbose", action="store_true", help="log what happens inside")
    model = argparse.ArgumentParser(add_help=False)
    model.add_argument(
        "--model", default=None, help="LLM name, .gguf path or Hugging Face id (default: FLEXREC_LLM; `flexrec models`)"
    )
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("serve", parents=[model], help="run the web app and API")
    s.add_argument("--host", default=None, help="default: FLEXREC_HOST or 127.0.0.1")
    s.add_argument("--port", type=int, default=None, help="default: FLEXREC_PORT or 7860")
    s.set_defaults(run=_serve)
    i = sub.add_parser("ingest", parents=[model], help="add or update catalog items from a CSV or JSONL file")
    i.add_argument("file")
    i.add_argument(
        "--enrich",
        action="store_true",
        help="first have the LLM write what a person would search each item by, into FILE's .enrichment.jsonl "
        "(resumable; slow: hours for thousands of items on a CPU)",
    )
    i.add_argument(
        "--at-once",
        type=_positive,
        default=None,
        metavar="N",
        help="with --enrich, items asked about together (default: the model's slots, FLEXREC_LLM_PARALLEL; "
        "one in process). For a server at FLEXREC_LLM_URL that batches what it is sent, such as vLLM",
    )
    i.set_defaults(run=_ingest)
    c = sub.add_parser("chat", parents=[model], help="one chat turn from the command line")
    c.add_argument("message")
    c.add_argument("--session", default=None, help="continue this session")
    c.add_argument("--json", action="store_true", help="print the API's JSON answer")
    c.add_argument("--mode", choices=["text", "voice"], default="text", help="voice: a short answer to read aloud")
    c.set_defaults(run=_chat)
    ms = sub.add_parser("models", parents=[model], help="the LLMs FlexRec knows, which is active, whether ready")
    ms.set_defaults(run=_models)
    su = sub.add_parser("sign-user", help="the ?user=…&sig=… an embedding site passes for one of its users")
    su.add_argument("user", help="the site's id for the user (1-64 letters, digits, '-' or '_')")
    su.set_defaults(run=_sign_user)
    e = sub.add_parser("eval", help="measure recommendation quality").add_subparsers(dest="dataset", required=True)
    r = e.add_parser("redial", parents=[model], help="Recall@k on ReDial dialogues (needs ../shared/data or --data)")
    r.add_argument("--data", default="../shared/data/redial/valid_data.jsonl", help="dialogues to evaluate (JSONL)")
    r.add_argument("--limit", type=int, default=None, help="only the first N dialogues")
    r.add_argument("--out", default="eval-out/redial", help="where metrics.json, metrics.md, recall.png go")
    r.add_argument(
        "--mode",
        choices=["rules", "llm"],
        default="rules",
        help="profile step: rules only (fast retrieval run) or the LLM with rules",
    )
    r.add_argument(
        "--generate",
        action="store_true",
        help="also write the pipeline's reply each turn and measure its grounding (slow: use --limit)",
    )
    r.add_argument(
        "--query",
        choices=["dialogue", "last"],
        default="dialogue",
        help="the pipeline's query text: the dialogue so far, or the seeker's last message (profile does the rest)",
    )
    r.add_argument("--docs", default=None, help="also write this Markdown report (docs/evaluation.md)")
    r.add_argument("--label", default="main", help="with --docs: record this run under this name (main = headline)")
    r.add_argument("--note", default="", help="with --docs: what this run changes, for the levers table")
    r.add_argument(
        "--on-train",
        action="store_true",
        help="allow --data to be the train file the evaluation learns from (the report then says so)",
    )
    r.add_argument(
        "--enrichment",
        metavar="FILE",
        default=None,
        help="rank only the catalog items this enrichment file enriches (scripts/enrich_redial_catalog.py; "
        "a partial one is a random sample) and count only targets among them; FLEXREC_ENRICH_FIELDS says "
        "whether its fields are embedded, so two runs compare with and without on the same items",
    )
    r.add_argument(
        "--catalog-limit",
        type=int,
        default=None,
        help="only the N movies the train dialogues mention most, and targets among them (quick runs)",
    )
    r.set_defaults(run=_eval_redial, inputs=_redial_inputs)
    several = argparse.ArgumentParser(add_help=False)
    several.add_argument(
        "--model",
        dest="models",
        action="append",
        help="model to evaluate; repeat for several (default: FLEXREC_LLM; profile, conversations: `rules`, no model)",
    )
    pe = e.add_parser("profile", parents=[several], help="profiler precision/recall on ReDial's liked/disliked labels")
    pe.add_argument("--data", default="../shared/data/redial/valid_data.jsonl", help="dialogues (JSONL)")
    pe.add_argument("--limit", type=int, default=None, help="only the first N dialogues (after --skip)")
    pe.add_argument("--skip", type=int, default=0, help="start after the first N dialogues (a long run in parts)")
    pe.add_argument("--out", default="eval-out/profile", help="where metrics.json and metrics.md go")
    pe.add_argument(
        "--answers",
        metavar="FILE",
        help="SQLite file of the models' answers, by prompt: reused and extended, so a re-run after a rule "
        "change asks the model only prompts it has not answered (delete it after changing the model)",
    )
    pe.set_defaults(run=_eval_profile, inputs=_redial_inputs)
    we = e.add_parser("writing", parents=[several], help="grounding of written replies on fixed ReDial contexts")
    we.add_argument("--data", default="../shared/data/redial/valid_data.jsonl", help="dialogues (JSONL)")
    we.add_argument("--contexts", type=int, default=50, help="how many fixed profile+hits contexts")
    we.add_argument("--out", default="eval-out/writing", help="where metrics.json, metrics.md, replies.jsonl go")
    we.set_defaults(run=_eval_writing, inputs=_redial_inputs)
    ce = e.add_parser(
        "conversations", parents=[several], help="scripted multi-turn chats checked against catalog facts"
    )
    ce.add_argument("--data", default="tests/data/conversations.jsonl", help="conversations (JSONL)")
    ce.add_argument("--limit", type=int, default=None, help="only the first N conversations")
    ce.add_argument("--out", default="eval-out/conversations", help="where metrics.json, metrics.md, turns.jsonl go")
    ce.set_defaults(run=_eval_conversations, inputs=lambda args, s: [Path(args.data), s.catalog_path])
    m = e.add_parser("movielens", parents=[model], help="Hit@10 / NDCG@10 for simulated MovieLens users")
    m.add_argument("--data", default="../shared/data", help="folder holding movielens/ and movies/")
    m.add_argument("--limit", type=int, default=None, help="only N users")
    m.add_argument("--catalog-limit", type=int, default=None, help="only the N most-rated movies (quick runs)")
    m.add_argument("--out", default="eval-out/movielens")
    m.add_argument("--docs", default=None, help="also write this Markdown report (docs/evaluation-movielens.md)")
    m.add_argument(
        "--cold-start",
        action="store_true",
        help="users state only 1-2 likes; adds the pipeline with a starting profile (from --model) and picked genres",
    )
    m.set_defaults(run=_eval_movielens, inputs=lambda args, s: shared_inputs(Path(args.data), "movielens", "movies"))
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    from flexrec.services import go_offline
    from flexrec.settings import Settings

    go_offline()
    try:
        settings = Settings()
        if getattr(args, "model", None):
            settings = settings.model_copy(update={"llm": args.model})
        # the record of where the figures come from, taken as the run begins: the code that ran,
        # even if a commit lands while a long evaluation runs
        record = (
            provenance(sys.argv[1:] if argv is None else argv, args.inputs(args, settings))
            if args.command == "eval"
            else None
        )
        code = args.run(args, settings)
        if code == 0 and record is not None:
            stamp(Path(args.out), record)
        return code
    except FlexRecError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
