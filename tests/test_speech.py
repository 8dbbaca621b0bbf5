"""Speech in and out with the real models: the shipped piper voice speaks, the shipped Whisper-base
hears what it said. Each model loads once for the module (a few seconds in all)."""

from __future__ import annotations

import io
import shutil
import threading
import wave
from dataclasses import replace

import pytest

from bot.speech import ASR_MODELS, SIDE_FILES, SpeechToText, TextToSpeech, decode, to_wav
from flexrec.errors import InputError, ModelError, SpeechUnavailable
from flexrec.settings import Settings

REQUEST = "Recommend me a comedy."


@pytest.fixture(scope="module")
def voice_settings(tmp_path_factory) -> Settings:
    return Settings(data_dir=tmp_path_factory.mktemp("speech"))


@pytest.fixture(scope="module")
def tts(voice_settings) -> TextToSpeech:
    """The steady voice: the request Whisper hears is the same audio on every run."""
    return TextToSpeech(voice_settings, steady=True).load()


@pytest.fixture(scope="module")
def stt(voice_settings) -> SpeechToText:
    return SpeechToText(voice_settings).load()


@pytest.fixture(scope="module")
def request_wav(tts) -> bytes:
    return tts.synthesize(REQUEST)


def read_wav(data: bytes) -> tuple[int, int, int, float]:
    """(rate, sample width, channels, seconds); the frame count must match the bytes really there."""
    with wave.open(io.BytesIO(data)) as wav:
        frames = wav.readframes(wav.getnframes())
        assert len(frames) == wav.getnframes() * wav.getsampwidth() * wav.getnchannels()
        return wav.getframerate(), wav.getsampwidth(), wav.getnchannels(), wav.getnframes() / wav.getframerate()


def test_the_shipped_piper_voice_speaks_a_complete_wav(tts, request_wav):
    assert tts.engine == "piper:en_US-joe-medium"
    rate, width, channels, seconds = read_wav(request_wav)
    assert (rate, width, channels) == (22050, 2, 1)
    assert 0.5 < seconds < 5


def test_the_steady_voice_reads_a_text_the_same_way_each_time_and_the_default_varies(tts, voice_settings, request_wav):
    assert tts.synthesize(REQUEST) == request_wav
    lively = TextToSpeech(voice_settings).load()
    assert lively.engine == tts.engine and lively.synthesize(REQUEST) != lively.synthesize(REQUEST)


def test_whisper_hears_what_the_voice_said(stt, request_wav):
    text = stt.transcribe(request_wav).lower()
    assert "recommend" in text and "comedy" in text


def to_webm_opus(wav: bytes) -> bytes:
    """What Chrome's MediaRecorder sends: Opus at 48 kHz in WebM, encoded with PyAV's own FFmpeg."""
    import av

    buf = io.BytesIO()
    with av.open(buf, "w", format="webm") as out, av.open(io.BytesIO(wav)) as inp:
        stream = out.add_stream("libopus", rate=48000)
        resampler = av.AudioResampler(format=stream.format.name, layout=stream.layout.name, rate=48000)
        for frame in [*inp.decode(audio=0), None]:
            for resampled in resampler.resample(frame):
                out.mux(stream.encode(resampled))
        out.mux(stream.encode(None))
    return buf.getvalue()


def test_a_browser_recording_is_heard_too(stt, request_wav):
    text = stt.transcribe(to_webm_opus(request_wav)).lower()
    assert "recommend" in text and "comedy" in text


def test_two_threads_share_one_recognizer(stt, request_wav):
    heard: list[str] = []
    threads = [threading.Thread(target=lambda: heard.append(stt.transcribe(request_wav))) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(heard) == 2 and all("comedy" in h.lower() for h in heard)


def test_the_weights_are_joined_once_into_the_models_dir(stt, voice_settings):
    folder = voice_settings.models_dir / "whisper-base"
    assert (folder / "model.bin").stat().st_size == ASR_MODELS["whisper-base"].size
    assert all((folder / name).is_file() for name in SIDE_FILES)
    assert not list(folder.glob("*.partial-*"))
    # the joined folder also works as a configured path
    assert SpeechToText(Settings(asr_model=str(folder))).load()._model is not None


def test_a_wrong_checksum_leaves_no_model_file(tmp_path, monkeypatch):
    monkeypatch.setitem(ASR_MODELS, "whisper-base", replace(ASR_MODELS["whisper-base"], sha256="0" * 64))
    with pytest.raises(ModelError, match="checksum mismatch"):
        SpeechToText(Settings(data_dir=tmp_path, models_path=tmp_path / "models")).load()  # not the run's shared dir
    assert not list((tmp_path / "models" / "whisper-base").glob("model.bin*"))


@pytest.mark.parametrize(
    ("audio", "message"),
    [
        (b"", "the recording is empty"),
        (b"this is plain text, not a recording", "could not be read as audio"),
        (bytes(range(256)) * 64, "could not be read as audio"),
        (to_wav(b"", 16000), "holds no sound"),
        (to_wav(bytes(2 * 8000 * 61), 8000), "longer than 60 s"),
    ],
    ids=["empty", "text", "noise-bytes", "no-frames", "61-seconds"],
)
def test_unusable_audio_is_an_input_error_that_says_why(audio, message):
    with pytest.raises(InputError, match=message):
        decode(audio)


def test_silence_is_not_a_request(stt):
    with pytest.raises(InputError, match="no speech was heard"):
        stt.transcribe(to_wav(bytes(2 * 16000 * 2), 16000))


@pytest.mark.parametrize("text", ["", "   ", "... !!"])
def test_text_without_words_is_not_spoken(tts, text):
    with pytest.raises(InputError, match="nothing to say"):
        tts.synthesize(text)


def test_a_missing_model_is_unavailable_and_says_what_is_missing(tmp_path):
    with pytest.raises(SpeechUnavailable, match="no CTranslate2 Whisper model at"):
        SpeechToText(Settings(asr_model=str(tmp_path / "nowhere"))).load()


def test_no_voice_and_no_espeak_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # hides espeak-ng, if installed
    with pytest.raises(SpeechUnavailable, match=r"no piper voice at .*apt-get install espeak-ng"):
        TextToSpeech(Settings(tts_voice=str(tmp_path / "gone.onnx"))).load()
    with pytest.raises(SpeechUnavailable, match="apt-get install espeak-ng"):
        TextToSpeech(Settings(tts_voice="espeak-ng")).load()


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="needs Debian's espeak-ng")
@pytest.mark.parametrize("voice", ["espeak-ng", "/nonexistent/voice.onnx"])
def test_espeak_speaks_when_configured_or_when_the_piper_voice_is_missing(voice, stt):
    tts = TextToSpeech(Settings(tts_voice=voice))
    audio = tts.synthesize(REQUEST)
    assert tts.engine == "espeak-ng"
    rate, width, channels, seconds = read_wav(audio)
    assert (width, channels) == (2, 1) and rate > 8000 and 0.5 < seconds < 5
    assert "comedy" in stt.transcribe(audio).lower()
