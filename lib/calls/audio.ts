import { createHash } from "node:crypto";

/**
 * Generated call audio for simulated calls and the demo: no real voices, nothing to leak,
 * and no library or asset file. A call is two "speakers" taking turns — runs of short
 * voiced tones (a fundamental with two harmonics and a slight pitch glide) under a soft
 * raised-cosine envelope, separated by pauses — rendered as telephone-quality PCM WAV:
 * 8 kHz, 16-bit, mono. The same seed always gives the same bytes.
 */

export const WAV_SAMPLE_RATE = 8000;
export const MAX_AUDIO_SECONDS = 30;
const BYTES_PER_SAMPLE = 2;
const HEADER_BYTES = 44;

/** sfc32 seeded from SHA-256 of the seed: deterministic, well mixed, no dependency. */
function random(seed: string): () => number {
  const h = createHash("sha256").update(seed, "utf8").digest();
  let a = h.readUInt32LE(0), b = h.readUInt32LE(4), c = h.readUInt32LE(8), d = h.readUInt32LE(12);
  return () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

/** One voiced tone from `start` (samples) gliding from f0 to f1 Hz, added into `out`. */
function addTone(out: Float32Array, start: number, length: number, f0: number, f1: number, level: number): void {
  // 20 ms attack and release (shorter for very short tones): no clicks at the edges.
  const ramp = Math.min(Math.round(0.02 * WAV_SAMPLE_RATE), Math.floor(length / 4));
  let phase = 0;
  for (let i = 0; i < length; i++) {
    const frequency = f0 + ((f1 - f0) * i) / length;
    phase += (2 * Math.PI * frequency) / WAV_SAMPLE_RATE;
    const edge = Math.min(i, length - 1 - i);
    const envelope = edge >= ramp ? 1 : 0.5 - 0.5 * Math.cos((Math.PI * edge) / ramp);
    const voice = (Math.sin(phase) + 0.35 * Math.sin(2 * phase) + 0.15 * Math.sin(3 * phase)) / 1.5;
    // Callers keep tones inside the buffer; a typed array ignores writes past its end.
    out[start + i] = (out[start + i] ?? 0) + level * envelope * voice;
  }
}

/** Lays out the conversation: alternating turns of tones, pauses between them. */
function renderCall(samples: Float32Array, rand: () => number): void {
  const sec = (s: number) => Math.round(s * WAV_SAMPLE_RATE);
  const between = (lo: number, hi: number) => lo + (hi - lo) * rand();
  const speakers = [
    { pitch: between(105, 150), level: between(0.3, 0.45) },
    { pitch: between(180, 240), level: between(0.3, 0.45) },
  ] as const;
  let at = sec(between(0.2, 0.5));
  let turn: 0 | 1 = rand() < 0.5 ? 0 : 1;
  while (at < samples.length) {
    const speaker = speakers[turn];
    const turnEnd = at + sec(between(1.0, 3.5));
    while (at < turnEnd) {
      const length = sec(between(0.12, 0.32));
      if (at + length > samples.length) return; // never cut a tone off mid-envelope
      const f0 = speaker.pitch * between(0.9, 1.25);
      addTone(samples, at, length, f0, f0 * between(0.85, 1.1), speaker.level);
      at += length + sec(between(0.03, 0.12));
    }
    at += sec(between(0.3, 0.9));
    turn = turn === 0 ? 1 : 0;
  }
}

function wavHeader(dataBytes: number): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  header.write("RIFF", 0, "ascii");
  header.writeUInt32LE(36 + dataBytes, 4); // size of everything after this field
  header.write("WAVE", 8, "ascii");
  header.write("fmt ", 12, "ascii");
  header.writeUInt32LE(16, 16); // PCM fmt chunk size
  header.writeUInt16LE(1, 20); // format: PCM
  header.writeUInt16LE(1, 22); // channels: mono
  header.writeUInt32LE(WAV_SAMPLE_RATE, 24);
  header.writeUInt32LE(WAV_SAMPLE_RATE * BYTES_PER_SAMPLE, 28); // byte rate
  header.writeUInt16LE(BYTES_PER_SAMPLE, 32); // block align
  header.writeUInt16LE(8 * BYTES_PER_SAMPLE, 34); // bits per sample
  header.write("data", 36, "ascii");
  header.writeUInt32LE(dataBytes, 40);
  return header;
}

/** A simulated call of `seconds` (at most 30) as a WAV file, determined by `seed`. */
export function synthesizeCallAudio(seed: string, seconds: number): Buffer {
  if (!Number.isFinite(seconds) || seconds <= 0) throw new RangeError("seconds must be a positive number");
  const count = Math.round(Math.min(seconds, MAX_AUDIO_SECONDS) * WAV_SAMPLE_RATE);
  const samples = new Float32Array(count);
  renderCall(samples, random(seed));
  const data = Buffer.alloc(count * BYTES_PER_SAMPLE);
  samples.forEach((sample, i) => {
    const clamped = Math.max(-1, Math.min(1, sample));
    data.writeInt16LE(Math.round(clamped * 32767), i * BYTES_PER_SAMPLE);
  });
  return Buffer.concat([wavHeader(data.length), data]);
}
