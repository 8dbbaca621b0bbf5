"""`load_chat_model`: the configured model on the runtime its name calls for. Its own module, so that
bot/llm.py (the interface the backends implement) imports none of them: the backends look down at
the interface, this looks down at the backends."""

from __future__ import annotations

from bot.llm import ChatModel
from flexrec.settings import Settings


def load_chat_model(settings: Settings, progress: bool = True) -> ChatModel:
    """The configured model (`FLEXREC_LLM`, `FLEXREC_LLM_URL`) on the runtime its name calls for."""
    from bot.models import resolve

    resolved = resolve(settings, progress=progress)
    if resolved.backend == "openai":
        from bot.llm_openai import OpenAIChatModel

        key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
        return OpenAIChatModel(settings.llm_url, resolved.source, key, settings.llm_timeout)
    if resolved.backend == "llamacpp":
        from bot.llm_llamacpp import LlamaCppChatModel

        return LlamaCppChatModel(
            resolved.source,
            name=resolved.name,
            context=settings.llm_context,
            threads=settings.llm_threads,
            gpu_layers=settings.llm_gpu_layers,
            slots=settings.llm_kv_slots,
        )
    from bot import llm_transformers

    return llm_transformers.load(resolved, settings)
