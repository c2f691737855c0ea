#!/usr/bin/env python3
"""Regenerates the per-character captcha clips committed beside this script.

Run once after changing the captcha alphabet (needs Debian's espeak-ng: apt-get install espeak-ng):
    python3 generate-clips.py
Each clip is the character's name spoken by espeak-ng, resampled to 8 kHz mono 16-bit and trimmed of
leading and trailing silence; the app mixes them with noise and timing jitter at run time.
"""
import array
import pathlib
import re
import subprocess
import tempfile
import wave

HERE = pathlib.Path(__file__).resolve().parent
RATE = 8000
VOICES = {"fr": "fr-fr", "en": "en-gb"}
SILENCE = 300  # |sample| below this counts as silence when trimming


def alphabet() -> str:
    source = (HERE.parents[2] / "RecoveryFunctions.Core" / "Captcha" / "CaptchaAlphabet.cs").read_text()
    return re.search(r'Characters = "([^"]+)"', source).group(1)


def speak(voice: str, character: str) -> tuple[array.array, int]:
    with tempfile.NamedTemporaryFile(suffix=".wav") as out:
        # Letters are spelt by name; -s 130 is a little slower than the default for clarity.
        subprocess.run(["espeak-ng", "-v", voice, "-s", "130", "-w", out.name, character], check=True)
        with wave.open(out.name) as source:
            assert source.getnchannels() == 1 and source.getsampwidth() == 2
            samples = array.array("h", source.readframes(source.getnframes()))
            return samples, source.getframerate()


def resample(samples: array.array, rate: int) -> array.array:
    # Average over each output sample's span: a box low-pass, enough for speech at 8 kHz.
    ratio = rate / RATE
    count = int(len(samples) / ratio)
    result = array.array("h")
    for i in range(count):
        start, end = int(i * ratio), max(int((i + 1) * ratio), int(i * ratio) + 1)
        span = samples[start:end]
        result.append(int(sum(span) / len(span)))
    return result


def trim(samples: array.array) -> array.array:
    loud = [i for i, s in enumerate(samples) if abs(s) > SILENCE]
    return samples[loud[0]:loud[-1] + 1] if loud else samples


def main() -> None:
    for language, voice in VOICES.items():
        folder = HERE / language
        folder.mkdir(exist_ok=True)
        for character in alphabet():
            samples = trim(resample(*speak(voice, character)))
            with wave.open(str(folder / f"{character}.wav"), "wb") as clip:
                clip.setnchannels(1)
                clip.setsampwidth(2)
                clip.setframerate(RATE)
                clip.writeframes(samples.tobytes())


if __name__ == "__main__":
    main()
