"""`load_chat_model`: the configured model on the runtime its name calls for. Its own module, so that
bot/llm.py (the interface the backends implement) imports none of them: the backends look down at
the interface, this looks down at the backends."""

from __future__ import annotations

from bot.llm import ChatModel
from flexrec.errors import ModelError
from flexrec.settings import Settings


def load_chat_model(settings: Settings, progress: bool = True) -> ChatModel:
    """The configured model (`FLEXREC_LLM`, `FLEXREC_LLM_URL`) on the runtime its name calls for."""
    from bot.models import resolve

    resolved = resolve(settings, progress=progress)
    if settings.llm_parallel:
        return _served(resolved, settings)
    if resolved.backend == "openai":
        from bot.llm_llamaserver import LlamaServerChatModel, llama_server
        from bot.llm_openai import OpenAIChatModel

        key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
        if found := llama_server(settings.llm_url, key):  # continues a prefill, as in process
            root, props = found
            return LlamaServerChatModel(root, resolved.source, settings.llm_timeout, api_key=key, props=props)
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


def _served(resolved, settings: Settings) -> ChatModel:
    """The GGUF model on a llama-server this process starts and supervises (FLEXREC_LLM_PARALLEL)."""
    from bot.llm_llamaserver import LlamaServerChatModel
    from bot.llm_server_process import LlamaServerProcess

    if settings.llm_url:
        raise ModelError("FLEXREC_LLM_PARALLEL starts a llama.cpp server of its own: unset it or FLEXREC_LLM_URL")
    if resolved.backend != "llamacpp":
        raise ModelError(
            f"FLEXREC_LLM_PARALLEL serves GGUF models on llama.cpp's server; {settings.llm!r} is not one "
            "(for a transformers model, run vLLM and set FLEXREC_LLM_URL)"
        )
    log_path = settings.data_dir / "logs" / "llama-server.log"
    process = LlamaServerProcess.from_settings(settings, resolved, settings.llm_parallel, log_path)
    return LlamaServerChatModel(process.start(), resolved.name, settings.llm_timeout, process)
