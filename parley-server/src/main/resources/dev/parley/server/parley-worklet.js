// Parley's audio worklets: microphone capture to 16 kHz PCM16 frames, and agent playback from a
// short ring buffer. Both run on the browser's audio rendering thread, at the AudioContext's rate
// (`sampleRate`, usually 48000 or 44100); they talk to the page only through their message ports.

const WIRE_RATE = 16000; // the server's rate, both ways
const FRAME_SAMPLES = 320; // 20 ms at 16 kHz

// A band-limited resampler for any pair of rates: a Kaiser-windowed sinc low-pass whose cutoff sits
// below the lower rate's Nyquist frequency, evaluated from a polyphase table (PHASES fractional
// positions per input sample, linearly interpolated between neighbouring phases). Going down it
// removes what would alias (48 kHz to 16 kHz keeps 0-7.2 kHz); going up it removes the images.
class Resampler {
  constructor(inRate, outRate, zeros = 12) {
    this.step = inRate / outRate; // input samples per output sample
    const ratio = Math.min(1, outRate / inRate);
    const cutoff = 0.45 * 2 * ratio; // of the input Nyquist: 0.9 of the lower rate's Nyquist
    this.half = Math.ceil(zeros / cutoff); // half the kernel's width, in input samples
    this.taps = 2 * this.half;
    this.phases = 64;
    const beta = 8.0; // Kaiser window: about 80 dB of stop-band attenuation
    const table = new Float32Array((this.phases + 1) * this.taps);
    for (let p = 0; p <= this.phases; p++) {
      const frac = p / this.phases;
      let sum = 0;
      for (let k = 0; k < this.taps; k++) {
        // tap k weighs the input sample at (base - half + 1 + k); its distance from the output point
        const x = k - this.half + 1 - frac;
        const w = kaiser(x / this.half, beta);
        const s = x === 0 ? cutoff : Math.sin(Math.PI * cutoff * x) / (Math.PI * x);
        table[p * this.taps + k] = s * w;
        sum += s * w;
      }
      for (let k = 0; k < this.taps; k++) table[p * this.taps + k] /= sum; // unity gain at DC
    }
    this.table = table;
    this.buf = new Float32Array(8192);
    this.len = this.half - 1; // history of zeros, so the first output needs no look-behind
    this.pos = this.half - 1; // input position (in buf) of the next output sample
  }

  // Appends input samples and writes every output sample now computable into out (a Float32Array,
  // or anything indexable); returns how many were written.
  process(input, out) {
    if (this.len + input.length > this.buf.length) {
      const bigger = new Float32Array(2 * (this.len + input.length));
      bigger.set(this.buf.subarray(0, this.len));
      this.buf = bigger;
    }
    this.buf.set(input, this.len);
    this.len += input.length;
    const { buf, table, taps, half, phases, step } = this;
    let n = 0;
    while (this.pos + half < this.len && n < out.length) {
      const base = Math.floor(this.pos);
      const f = (this.pos - base) * phases;
      const p = Math.floor(f);
      const t = f - p;
      const a = p * taps;
      const b = a + taps;
      const start = base - half + 1;
      let y = 0;
      for (let k = 0; k < taps; k++) {
        const h = table[a + k] + t * (table[b + k] - table[a + k]);
        y += buf[start + k] * h;
      }
      out[n++] = y;
      this.pos += step;
    }
    // Keep only the history the next output needs.
    const drop = Math.floor(this.pos) - half + 1;
    if (drop > 0) {
      buf.copyWithin(0, drop, this.len);
      this.len -= drop;
      this.pos -= drop;
    }
    return n;
  }

  // How many output samples process() can write for `inputLength` more input, at most.
  maxOutput(inputLength) {
    return Math.ceil((inputLength + this.len) / this.step) + 2;
  }
}

function kaiser(x, beta) {
  if (x <= -1 || x >= 1) return 0;
  return besselI0(beta * Math.sqrt(1 - x * x)) / besselI0(beta);
}

function besselI0(x) {
  let sum = 1;
  let term = 1;
  for (let k = 1; k < 30; k++) {
    term *= (x / (2 * k)) * (x / (2 * k));
    sum += term;
    if (term < 1e-12 * sum) break;
  }
  return sum;
}

// Microphone to the server: resamples the first input channel to 16 kHz and posts each full 20 ms
// frame as an ArrayBuffer of PCM16LE (transferred, not copied). Also posts the input level now and
// then, for the page's meter.
class CaptureProcessor extends AudioWorkletProcessor {
  constructor() {
    super();
    this.resampler = new Resampler(sampleRate, WIRE_RATE);
    this.scratch = new Float32Array(this.resampler.maxOutput(128) + 8);
    this.frame = new Int16Array(FRAME_SAMPLES);
    this.filled = 0;
    this.peak = 0;
    this.frames = 0;
  }

  process(inputs) {
    const channel = inputs[0] && inputs[0][0];
    if (!channel) return true;
    if (this.scratch.length < this.resampler.maxOutput(channel.length)) {
      this.scratch = new Float32Array(this.resampler.maxOutput(channel.length) + 8);
    }
    const n = this.resampler.process(channel, this.scratch);
    for (let i = 0; i < n; i++) {
      const s = Math.max(-1, Math.min(1, this.scratch[i]));
      this.peak = Math.max(this.peak, Math.abs(s));
      this.frame[this.filled++] = s < 0 ? s * 0x8000 : s * 0x7fff;
      if (this.filled === FRAME_SAMPLES) {
        const bytes = this.frame.buffer;
        this.port.postMessage({ type: 'frame', pcm: bytes, peak: this.peak }, [bytes]);
        this.frame = new Int16Array(FRAME_SAMPLES);
        this.filled = 0;
        this.peak = 0;
      }
    }
    return true;
  }
}

// Server to speaker: agent audio (16 kHz PCM16 frames posted as ArrayBuffers) is resampled to the
// context's rate into a ring. Playback starts once the ring holds the jitter target (60 ms) and
// re-buffers after an underrun; the ring never holds more than the cap (100 ms): older audio past
// it is skipped, so a burst after a network stall cannot add lasting delay. {type:'clear'} empties
// the ring at once (the agent was interrupted). Posts a status about every 100 ms.
class PlaybackProcessor extends AudioWorkletProcessor {
  constructor(options) {
    super();
    const o = (options && options.processorOptions) || {};
    this.targetSamples = Math.round(((o.targetMillis || 60) * sampleRate) / 1000);
    this.capSamples = Math.round(((o.capMillis || 100) * sampleRate) / 1000);
    this.ring = new Float32Array(Math.max(this.capSamples * 2, 4096));
    this.read = 0; // absolute sample counts; the ring index is count % ring.length
    this.write = 0;
    this.playing = false;
    this.resampler = new Resampler(WIRE_RATE, sampleRate);
    this.floats = new Float32Array(FRAME_SAMPLES);
    this.scratch = new Float32Array(this.resampler.maxOutput(FRAME_SAMPLES * 4) + 8);
    this.playedSamples = 0; // agent audio actually rendered, at the context's rate
    this.skippedSamples = 0;
    this.rebuffers = 0;
    this.clears = 0;
    this.sinceStatus = 0;
    this.port.onmessage = (e) => this.receive(e.data);
  }

  receive(msg) {
    if (msg.type === 'clear') {
      this.read = this.write;
      this.playing = false;
      this.clears++;
      this.status();
      return;
    }
    if (msg.type !== 'frame') return;
    const pcm = new Int16Array(msg.pcm);
    if (this.floats.length < pcm.length) this.floats = new Float32Array(pcm.length);
    for (let i = 0; i < pcm.length; i++) this.floats[i] = pcm[i] / 0x8000;
    const max = this.resampler.maxOutput(pcm.length);
    if (this.scratch.length < max) this.scratch = new Float32Array(max + 8);
    const n = this.resampler.process(this.floats.subarray(0, pcm.length), this.scratch);
    for (let i = 0; i < n; i++) this.ring[(this.write + i) % this.ring.length] = this.scratch[i];
    this.write += n;
    const excess = this.write - this.read - this.capSamples;
    if (excess > 0) {
      this.read += excess;
      this.skippedSamples += excess;
    }
  }

  process(inputs, outputs) {
    const out = outputs[0];
    const left = out[0];
    const frames = left.length;
    const buffered = this.write - this.read;
    if (!this.playing && buffered >= this.targetSamples) this.playing = true;
    let n = 0;
    if (this.playing) {
      n = Math.min(frames, buffered);
      for (let i = 0; i < n; i++) left[i] = this.ring[(this.read + i) % this.ring.length];
      this.read += n;
      this.playedSamples += n;
      if (n < frames) {
        this.playing = false; // ran dry (a reply's end, or late audio): buffer up before resuming
        this.rebuffers++;
      }
    }
    for (let i = n; i < frames; i++) left[i] = 0;
    for (let c = 1; c < out.length; c++) out[c].set(left);
    this.sinceStatus += frames;
    if (this.sinceStatus >= sampleRate / 10) this.status();
    return true;
  }

  status() {
    this.sinceStatus = 0;
    this.port.postMessage({
      type: 'status',
      bufferedMillis: ((this.write - this.read) * 1000) / sampleRate,
      playedMillis: (this.playedSamples * 1000) / sampleRate,
      skippedMillis: (this.skippedSamples * 1000) / sampleRate,
      rebuffers: this.rebuffers,
      clears: this.clears,
    });
  }
}

registerProcessor('parley-capture', CaptureProcessor);
registerProcessor('parley-playback', PlaybackProcessor);
