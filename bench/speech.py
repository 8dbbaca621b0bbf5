"""Time speech in and out (bot/speech.py) on this machine and print one table.

    .venv/bin/python bench/speech.py [--repeats 3]

In a fresh temporary data dir: loading the voice and Whisper (the first load also joins the
weights), then per sentence the time to read it aloud and to transcribe that recording. The
baseline, measured in the same run, is the recording's own length: the ratio is the real-time
factor (under 1 is faster than the speech itself).
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import statistics
import tempfile
import time
import wave

from bot.speech import SpeechToText, TextToSpeech
from flexrec.services import go_offline
from flexrec.settings import Settings

SENTENCES = [
    "Recommend me a comedy.",
    "Hey, something funny for tonight?",
    "I would start with Airplane, a quick and silly comedy. Also worth a look: Superbad and The Hangover.",
]


def seconds_of(audio: bytes) -> float:
    with wave.open(io.BytesIO(audio)) as wav:
        return wav.getnframes() / wav.getframerate()


def timed(fn, *args):
    start = time.perf_counter()
    result = fn(*args)
    return result, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    go_offline()
    with tempfile.TemporaryDirectory(prefix="flexrec-bench-") as data_dir:
        settings = Settings(data_dir=data_dir)
        tts, load_tts = timed(TextToSpeech(settings).load)
        stt, first_stt = timed(SpeechToText(settings).load)
        _, load_stt = timed(SpeechToText(settings).load)  # weights already joined
        rows = []
        for sentence in SENTENCES:
            audio = tts.synthesize(sentence)
            stt.transcribe(audio)  # warm-up (the VAD model loads on first use)
            speak = statistics.median(timed(tts.synthesize, sentence)[1] for _ in range(args.repeats))
            hear = statistics.median(timed(stt.transcribe, audio)[1] for _ in range(args.repeats))
            rows.append((sentence, seconds_of(audio), speak, hear))
    print(f"\nFlexRec speech benchmark · {platform.machine()}, {os.cpu_count()} CPUs · median of {args.repeats}\n")
    print(
        f"load: voice ({tts.engine}) {load_tts:.2f} s · Whisper first (join + load) {first_stt:.2f} s, "
        f"again {load_stt:.2f} s\n"
    )
    print("| sentence | audio (s) | read aloud (s) | × audio | transcribe (s) | × audio |")
    print("|---|---|---|---|---|---|")
    for sentence, length, speak, hear in rows:
        short = sentence if len(sentence) < 40 else sentence[:37] + "..."
        print(f"| {short} | {length:.2f} | {speak:.2f} | {speak / length:.2f} | {hear:.2f} | {hear / length:.2f} |")


if __name__ == "__main__":
    main()
