#!/usr/bin/env python3
"""Writes the golden fixtures WhisperFeaturesTest compares the Java feature extractor with.

Run from this directory with numpy installed (nothing else is needed, and CI never runs it):

    python3 make_golden.py

It writes, for each test signal NAME:

    NAME.pcm           the signal, 16 kHz mono PCM16, little-endian, no header
    NAME.features.bin  the expected model input: float32 little-endian, 80 x 800, mel-major
                       (value of mel band m at frame f is at index m * 800 + f)

The reference is Smart Turn v3's preprocessing as its inference code runs it: the last 8 s of the
audio, zero-padded on the left to 128 000 samples (pipecat-ai/smart-turn `audio_utils.py`), then
Hugging Face's WhisperFeatureExtractor(chunk_length=8) with do_normalize=True. That extractor is
re-implemented here in numpy, step by step, so that the fixtures need neither transformers nor
librosa:

  - zero-mean unit-variance normalisation over all 128 000 samples, in float32, with the
    denominator sqrt(var + 1e-7) (transformers' zero_mean_unit_var_norm);
  - STFT: periodic Hann window of 400, hop 160, centred with reflect padding of 200 on both sides
    (transformers.audio_utils.spectrogram), 801 frames; the FFT result is stored as complex64 as
    transformers does, then |X|^2 in float64;
  - 80 Slaney-scale, Slaney-normalised mel filters over 0-8000 Hz, built with librosa's formula
    (librosa.filters.mel(sr=16000, n_fft=400, n_mels=80, htk=False, norm="slaney")) in float64,
    as transformers' mel_filter_bank(norm="slaney", mel_scale="slaney") does;
  - log10(max(mel, 1e-10)) cast to float32, the last frame dropped, values below the global
    maximum minus 8 raised to it, then (x + 4) / 4.
"""

import pathlib

import numpy as np

SAMPLE_RATE = 16000
WINDOW_SAMPLES = 8 * SAMPLE_RATE
N_FFT = 400
HOP = 160
N_MELS = 80

HERE = pathlib.Path(__file__).resolve().parent


def hz_to_mel(hz):
    """Slaney's mel scale (librosa.hz_to_mel with htk=False): linear below 1 kHz, log above."""
    hz = np.asanyarray(hz, dtype=np.float64)
    f_sp = 200.0 / 3
    mels = hz / f_sp
    min_log_hz = 1000.0
    min_log_mel = min_log_hz / f_sp
    logstep = np.log(6.4) / 27.0
    return np.where(hz >= min_log_hz, min_log_mel + np.log(np.maximum(hz, 1e-300) / min_log_hz) / logstep, mels)


def mel_to_hz(mels):
    mels = np.asanyarray(mels, dtype=np.float64)
    f_sp = 200.0 / 3
    freqs = f_sp * mels
    min_log_hz = 1000.0
    min_log_mel = min_log_hz / f_sp
    logstep = np.log(6.4) / 27.0
    return np.where(mels >= min_log_mel, min_log_hz * np.exp(logstep * (mels - min_log_mel)), freqs)


def mel_filters():
    """librosa.filters.mel(sr=16000, n_fft=400, n_mels=80, fmin=0, fmax=8000, htk=False,
    norm="slaney"), in float64: shape (80, 201)."""
    fftfreqs = np.fft.rfftfreq(n=N_FFT, d=1.0 / SAMPLE_RATE)
    mel_f = mel_to_hz(np.linspace(hz_to_mel(0.0), hz_to_mel(SAMPLE_RATE / 2), N_MELS + 2))
    fdiff = np.diff(mel_f)
    ramps = np.subtract.outer(mel_f, fftfreqs)
    weights = np.zeros((N_MELS, len(fftfreqs)), dtype=np.float64)
    for i in range(N_MELS):
        lower = -ramps[i] / fdiff[i]
        upper = ramps[i + 2] / fdiff[i + 1]
        weights[i] = np.maximum(0, np.minimum(lower, upper))
    enorm = 2.0 / (mel_f[2 : N_MELS + 2] - mel_f[:N_MELS])
    return weights * enorm[:, np.newaxis]


def features(pcm16):
    audio = pcm16.astype(np.float32) / np.float32(32768.0)
    if len(audio) > WINDOW_SAMPLES:
        audio = audio[-WINDOW_SAMPLES:]
    elif len(audio) < WINDOW_SAMPLES:
        audio = np.pad(audio, (WINDOW_SAMPLES - len(audio), 0), mode="constant", constant_values=0)
    audio = (audio - audio.mean()) / np.sqrt(audio.var() + 1e-7)

    waveform = audio.astype(np.float64)
    window = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(N_FFT) / N_FFT)  # periodic Hann
    padded = np.pad(waveform, N_FFT // 2, mode="reflect")
    n_frames = 1 + (len(padded) - N_FFT) // HOP
    frames = np.stack([padded[i * HOP : i * HOP + N_FFT] for i in range(n_frames)])
    spectrum = np.fft.rfft(frames * window, n=N_FFT, axis=-1).astype(np.complex64)
    power = np.abs(spectrum, dtype=np.float64) ** 2  # (801, 201)

    mel = np.maximum(1e-10, mel_filters() @ power.T)  # (80, 801)
    log_spec = np.log10(mel).astype(np.float32)
    log_spec = log_spec[:, :-1]
    log_spec = np.maximum(log_spec, log_spec.max() - 8.0)
    log_spec = (log_spec + 4.0) / 4.0
    assert log_spec.shape == (N_MELS, 800)
    return log_spec.astype(np.float32)


def to_pcm16(x):
    return np.round(np.clip(x, -1.0, 1.0) * 32767.0).astype("<i2")


def chirp_3s():
    """3 s of a linear chirp 100 Hz -> 4 kHz in light noise: exercises the left padding."""
    rng = np.random.default_rng(20240601)
    t = np.arange(3 * SAMPLE_RATE) / SAMPLE_RATE
    phase = 2 * np.pi * (100.0 * t + 0.5 * (4000.0 - 100.0) / 3.0 * t**2)
    return to_pcm16(0.3 * np.sin(phase) + 0.01 * rng.standard_normal(t.size))


def voiced_9s():
    """9 s of a speech-like signal (a gliding 90-220 Hz pulse train's first 30 harmonics under a
    syllable-rate envelope, pauses, noise): longer than 8 s, so the first second is dropped."""
    rng = np.random.default_rng(7)
    t = np.arange(9 * SAMPLE_RATE) / SAMPLE_RATE
    f0 = 150.0 + 60.0 * np.sin(2 * np.pi * 0.3 * t)
    phase = 2 * np.pi * np.cumsum(f0) / SAMPLE_RATE
    voiced = sum(np.sin(k * phase) / k for k in range(1, 31))
    envelope = np.clip(np.sin(2 * np.pi * 4.0 * t), 0.0, None) * (np.sin(2 * np.pi * 0.25 * t) > -0.3)
    signal = 0.2 * voiced * envelope + 0.003 * rng.standard_normal(t.size)
    signal[: SAMPLE_RATE // 2] += 0.5  # a DC step in the dropped first second must not matter
    return to_pcm16(signal)


def quiet_8s():
    """Exactly 8 s of very quiet noise with a 1 kHz tone burst in the last second: no padding, no
    truncation, and a wide dynamic range that the max - 8 floor cuts."""
    rng = np.random.default_rng(99)
    t = np.arange(8 * SAMPLE_RATE) / SAMPLE_RATE
    signal = 0.0005 * rng.standard_normal(t.size)
    burst = (t >= 7.0) & (t < 7.6)
    signal[burst] += 0.1 * np.sin(2 * np.pi * 1000.0 * t[burst])
    return to_pcm16(signal)


def main():
    for name, pcm in (("chirp_3s", chirp_3s()), ("voiced_9s", voiced_9s()), ("quiet_8s", quiet_8s())):
        expected = features(pcm)
        (HERE / f"{name}.pcm").write_bytes(pcm.astype("<i2").tobytes())
        (HERE / f"{name}.features.bin").write_bytes(expected.astype("<f4").tobytes())
        print(
            f"{name}: {len(pcm)} samples, features min {expected.min():.6f} max {expected.max():.6f}"
            f" mean {expected.mean():.6f}"
        )


if __name__ == "__main__":
    main()
