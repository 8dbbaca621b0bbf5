"""The llama.cpp backend (llama-cpp-python): GGUF files, quantized, fast on a CPU.

The prompt is rendered with the chat template the GGUF carries (llama-cpp-python's own Jinja
formatter), so a final assistant message can be continued as a prefill. JSON comes out under a
grammar built from the schema, so it always parses. Calls resume from the longest prompt start
already computed (system prompts, few-shot examples) instead of paying for the whole prompt again:
a few contexts (KV slots) share one set of mmapped weights, and each call goes to the one whose KV
already holds the longest start of its prompt, so the profile and the reply prompts, alternating
every turn, each keep theirs. The fixed starts computed at warm-up are also saved as KV states, so
a slot that lost its start (one slot, or another prompt in between) gets it back cheaply
(docs/measured.md has what these save).
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Iterator
from functools import lru_cache

from bot.llm import Messages
from flexrec.errors import ModelError

log = logging.getLogger(__name__)

SLOT_MIN_SHARED = 16  # a shared start shorter than this is only the chat template's opening
REPEAT_PENALTY = 1.1  # as the transformers backend; not for JSON, where brackets and quotes repeat


@lru_cache(maxsize=8)
def _gbnf(schema_json: str) -> str:
    from llama_cpp.llama_grammar import json_schema_to_gbnf

    return json_schema_to_gbnf(schema_json)


class GrammarGuide:
    """Greedy decoding under a GBNF grammar that checks only the token the model wants, as
    llama.cpp's own sampler does: filtering every candidate of Qwen's 152k vocabulary each step, as
    llama-cpp-python's grammar sampler does, is slow on a CPU (docs/measured.md), and the model's
    top token is nearly always allowed. Only when it is not is the whole vocabulary filtered.

    A logits processor: it is called with the tokens so far and the next token's logits, and
    returns logits in which only the chosen token is finite. The answer's prefilled start
    (`prefilled`) is fed to the grammar first, then each chosen token, so a prefill and a grammar
    go together."""

    def __init__(self, llama, gbnf: str, prefilled: list[int]):
        import llama_cpp
        import numpy as np

        self._c, self._np, self.eos = llama_cpp, np, llama.token_eos()
        self.sampler = llama_cpp.llama_sampler_init_grammar(llama._model.vocab, gbnf.encode(), b"root")
        if not self.sampler:
            raise ModelError("llama.cpp could not parse the grammar built from the JSON schema")
        self._one = (llama_cpp.llama_token_data * 1)()
        for token in prefilled:
            self.accept(token)
        self.started = False

    def __del__(self):
        if getattr(self, "sampler", None):
            self._c.llama_sampler_free(self.sampler)

    def _apply(self, data, size: int) -> None:
        array = self._c.llama_token_data_array(data=data, size=size, selected=-1, sorted=False)
        self._c.llama_sampler_apply(self.sampler, self._c.byref(array))

    def allows(self, token: int) -> bool:
        self._one[0].id, self._one[0].logit = token, 0.0
        self._apply(self._one, 1)
        return self._one[0].logit != float("-inf")

    def accept(self, token: int) -> None:
        """Feed one token to the grammar; one it refuses is an error (llama.cpp would abort)."""
        if not self.allows(token):
            raise ModelError("the answer's start does not match its JSON schema")
        self._c.llama_sampler_accept(self.sampler, token)

    def _best_allowed(self, logits) -> int:
        """The best token the grammar allows, filtering the whole vocabulary (the rare, slow path);
        the end of the answer at a dead end, where nothing fits."""
        data = (self._c.llama_token_data * len(logits))()
        view = self._np.ctypeslib.as_array(data)  # the same memory, as a structured array
        view["id"], view["logit"] = self._np.arange(len(logits), dtype=self._np.int32), logits
        self._apply(data, len(logits))
        best = int(view["logit"].argmax())
        return self.eos if view["logit"][best] == -self._np.inf else best

    def __call__(self, input_ids, logits):
        if self.started:  # the last token is the one chosen at the last call, which the grammar allowed
            self._c.llama_sampler_accept(self.sampler, int(input_ids[-1]))
        self.started = True
        best = int(logits.argmax())
        if not self.allows(best):
            best = self._best_allowed(logits)
        out = self._np.full_like(logits, -self._np.inf)
        out[best] = 0.0
        return out


def _shared(llama, tokens: list[int]) -> int:
    """How many of these tokens start the context's KV (its first n_tokens ids: those evaluated)."""
    return llama.longest_token_prefix(llama.input_ids[: llama.n_tokens].tolist(), tokens)


class LlamaCppChatModel:
    supports_prefill = True
    supports_schema = True
    parallel = 1  # one context: generations wait for one another on its lock

    def __init__(
        self,
        path: str,
        name: str,
        context: int = 4096,
        threads: int | None = None,
        gpu_layers: int = -1,
        slots: int = 2,
    ):
        try:
            from llama_cpp import Llama
            from llama_cpp.llama_chat_format import Jinja2ChatFormatter
        except ImportError as exc:
            raise ModelError(
                "llama-cpp-python is not installed; `bash scripts/setup.sh` builds it once (~10-20 min on 2 cores)"
            ) from exc
        self.name = name
        try:
            self.slots = [
                Llama(
                    model_path=path,
                    n_ctx=context,
                    n_threads=threads or os.cpu_count(),
                    n_gpu_layers=gpu_layers,  # a CPU build ignores it; a CUDA build offloads (once per slot)
                    flash_attn=True,  # a little faster prompt prefill, on a CPU too
                    verbose=False,
                )
                for _ in range(max(1, slots))
            ]
        except ValueError as exc:
            raise ModelError(f"llama.cpp cannot load {path}: {exc}") from exc
        # Fixed prompt starts saved at warm-up: (tokens, KV state). Not llama-cpp-python's RAM cache,
        # which saves a state after every call, copying a row of logits per token of a 152k
        # vocabulary: a cost paid by every profile step and every reply (docs/measured.md).
        self.starts: list[tuple[list[int], object]] = []
        self.llama = self.slots[0]  # tokenizer and metadata
        template = self.llama.metadata.get("tokenizer.chat_template")
        if not template:
            raise ModelError(f"{path} carries no chat template; FlexRec needs an instruct (chat) model")
        eos, bos = self.llama.token_eos(), self.llama.token_bos()
        self.formatter = Jinja2ChatFormatter(
            template,
            eos_token=self._token_text(eos),
            bos_token=self._token_text(bos),
            stop_token_ids=[eos],
        )
        self._lock = threading.Lock()  # one generation at a time: the context is not shareable

    def _token_text(self, token: int) -> str:
        return self.llama.detokenize([token], special=True).decode("utf-8", "replace") if token >= 0 else ""

    def prompt_tokens(self, messages: Messages) -> tuple[list[int], list[str], int]:
        """The rendered prompt as tokens (special tokens parsed, as llama-cpp's chat handler does),
        its stop strings, and where the answer starts: a final assistant message is appended as the
        answer's start (tokenized on its own, so a grammar can be fed exactly those tokens)."""
        prefill = ""
        if messages[-1]["role"] == "assistant":
            messages, prefill = messages[:-1], messages[-1]["content"]
        rendered = self.formatter(messages=messages)
        tokens = self.llama.tokenize(rendered.prompt.encode("utf-8"), add_bos=False, special=True)
        answer = self.llama.tokenize(prefill.encode("utf-8"), add_bos=False, special=False) if prefill else []
        return tokens + answer, list(rendered.stop), len(tokens)

    def clip(self, text: str, max_tokens: int) -> str:
        """`text` cut at a token boundary to at most `max_tokens` tokens (bot/llm.clip)."""
        tokens = self.llama.tokenize(text.encode("utf-8"), add_bos=False, special=False)
        if len(tokens) <= max_tokens:
            return text
        return self.llama.detokenize(tokens[:max_tokens]).decode("utf-8", "ignore")

    def slot_for(self, tokens: list[int]):
        """The context whose KV holds the longest start of this prompt; the least recently used one
        when none holds more than the chat template's opening (its KV is then overwritten).
        `slots` is kept in order of use, least recent first."""
        shared = [_shared(llama, tokens) for llama in self.slots]
        best = max(range(len(self.slots)), key=shared.__getitem__)
        slot = self.slots.pop(best if shared[best] >= SLOT_MIN_SHARED else 0)
        self.slots.append(slot)
        return slot

    def _resume(self, slot, tokens: list[int]) -> None:
        """Load the saved start that shares the most with this prompt into the slot, when it shares
        more than the slot's own KV (llama.cpp then computes only the rest)."""
        known = [(slot.longest_token_prefix(start, tokens), state) for start, state in self.starts]
        shared, state = max(known, key=lambda k: k[0], default=(0, None))
        if shared > _shared(slot, tokens):
            slot.load_state(state)

    def reusable(self, tokens: list[int]) -> int:
        """How many of this prompt's tokens need no computing: in a slot's KV or a saved start."""
        in_slots = [_shared(llama, tokens) for llama in self.slots]
        return max(in_slots + [self.llama.longest_token_prefix(start, tokens) for start, _ in self.starts])

    def _completion(self, messages: Messages, max_new_tokens: int, schema: dict | None, stream: bool):
        tokens, stop, start = self.prompt_tokens(messages)
        if len(tokens) + max_new_tokens > self.llama.n_ctx():
            raise ModelError(
                f"the prompt ({len(tokens)} tokens) does not fit the model's context ({self.llama.n_ctx()}); "
                "raise FLEXREC_LLM_CONTEXT or send a shorter message"
            )
        slot = self.slot_for(tokens)
        self._resume(slot, tokens)
        # key order in the schema is the output order
        guide = GrammarGuide(slot, _gbnf(json.dumps(schema)), tokens[start:]) if schema else None
        return slot.create_completion(
            tokens,
            max_tokens=max_new_tokens,
            temperature=0.0,  # greedy: the same answer for the same prompt
            repeat_penalty=1.0 if schema else REPEAT_PENALTY,
            stop=stop,
            logits_processor=[guide] if guide else None,
            stream=stream,
        )

    def warm_up(self, messages: Messages) -> None:
        """Compute a prompt's fixed start once and save its KV state: later prompts sharing it (the
        system prompt and examples) resume from there instead of computing it again."""
        with self._lock:
            tokens, _, _ = self.prompt_tokens(messages)
            slot = self.slot_for(tokens)
            self._resume(slot, tokens)
            slot.create_completion(tokens, max_tokens=1, temperature=0.0)
            state = slot.save_state()
            # Resuming needs only the last row of logits (load_state broadcasts it), not one per
            # token, each as long as Qwen's 152k vocabulary.
            state.scores = state.scores[-1:].copy()
            self.starts = [(t, s) for t, s in self.starts if t != tokens] + [(tokens, state)]

    def generate(self, messages: Messages, max_new_tokens: int, schema: dict | None = None) -> str:
        with self._lock:
            try:
                result = self._completion(messages, max_new_tokens, schema, stream=False)
            except (RuntimeError, ValueError) as exc:
                raise ModelError(f"text generation failed: {exc}") from exc
        return result["choices"][0]["text"]

    def stream(self, messages: Messages, max_new_tokens: int) -> Iterator[str]:
        with self._lock:
            try:
                for chunk in self._completion(messages, max_new_tokens, None, stream=True):
                    if text := chunk["choices"][0]["text"]:
                        yield text
            except (RuntimeError, ValueError) as exc:
                raise ModelError(f"text generation failed: {exc}") from exc
