import { describe, expect, it } from "vitest";
import { MAX_AUDIO_SECONDS, synthesizeCallAudio, WAV_SAMPLE_RATE } from "@/lib/calls/audio";
import { nth } from "../support/items";

/** Reads a canonical 44-byte PCM WAV header the way a player would. */
function parseWav(wav: Buffer) {
  return {
    riff: wav.toString("ascii", 0, 4),
    riffSize: wav.readUInt32LE(4),
    wave: wav.toString("ascii", 8, 12),
    fmt: wav.toString("ascii", 12, 16),
    fmtSize: wav.readUInt32LE(16),
    format: wav.readUInt16LE(20),
    channels: wav.readUInt16LE(22),
    sampleRate: wav.readUInt32LE(24),
    byteRate: wav.readUInt32LE(28),
    blockAlign: wav.readUInt16LE(32),
    bitsPerSample: wav.readUInt16LE(34),
    data: wav.toString("ascii", 36, 40),
    dataSize: wav.readUInt32LE(40),
  };
}

const samplesOf = (wav: Buffer) => Array.from({ length: (wav.length - 44) / 2 }, (_, i) => wav.readInt16LE(44 + 2 * i));

describe("generated call audio", () => {
  it("is a valid 8 kHz 16-bit mono PCM WAV of the requested length", () => {
    const wav = synthesizeCallAudio("call-1", 12);
    expect(parseWav(wav)).toEqual({
      riff: "RIFF",
      riffSize: wav.length - 8,
      wave: "WAVE",
      fmt: "fmt ",
      fmtSize: 16,
      format: 1,
      channels: 1,
      sampleRate: 8000,
      byteRate: 16000,
      blockAlign: 2,
      bitsPerSample: 16,
      data: "data",
      dataSize: 12 * WAV_SAMPLE_RATE * 2,
    });
    expect(wav.length).toBe(44 + 12 * 8000 * 2);
    expect(synthesizeCallAudio("call-1", 2.5).length).toBe(44 + 20_000 * 2);
  });

  it("is deterministic from the seed, and different seeds give different calls", () => {
    expect(synthesizeCallAudio("seed-a", 8).equals(synthesizeCallAudio("seed-a", 8))).toBe(true);
    expect(synthesizeCallAudio("seed-a", 8).equals(synthesizeCallAudio("seed-b", 8))).toBe(false);
  });

  it("is capped at 30 seconds and refuses non-positive or non-finite lengths", () => {
    const wav = synthesizeCallAudio("long", 600);
    expect(parseWav(wav).dataSize).toBe(MAX_AUDIO_SECONDS * 8000 * 2);
    for (const seconds of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => synthesizeCallAudio("x", seconds)).toThrow(RangeError);
    }
  });

  it("sounds like a conversation: tones and pauses, loud enough, never clipped", () => {
    const samples = samplesOf(synthesizeCallAudio("conversation", 20));
    const voiced = samples.filter((s) => s !== 0).length / samples.length;
    expect(voiced).toBeGreaterThan(0.3);
    expect(voiced).toBeLessThan(0.9);
    const peak = samples.reduce((max, s) => Math.max(max, Math.abs(s)), 0);
    expect(peak).toBeGreaterThan(0.2 * 32767);
    expect(peak).toBeLessThan(0.5 * 32767);
    // At least one pause between turns (≥ 0.3 s of silence).
    let run = 0;
    let longest = 0;
    for (const s of samples) {
      run = s === 0 ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    expect(longest).toBeGreaterThanOrEqual(0.3 * 8000);
  });

  it("every tone fades in and out: no click where sound meets silence", () => {
    for (const seed of ["edges-1", "edges-2", "edges-3"]) {
      const samples = samplesOf(synthesizeCallAudio(seed, 30));
      // Silence = 16+ zero samples in a row (a tone crosses zero for one sample at most).
      let edges = 0;
      let i = 0;
      while (i < samples.length) {
        if (samples[i] !== 0) {
          i += 1;
          continue;
        }
        let end = i;
        while (end < samples.length && samples[end] === 0) end += 1;
        if (end - i >= 16) {
          for (const k of [i - 3, i - 2, i - 1, end, end + 1, end + 2]) {
            if (k >= 0 && k < samples.length) expect(Math.abs(nth(samples, k, "sample")), `${seed} at sample ${k}`).toBeLessThan(200);
          }
          edges += 1;
        }
        i = end;
      }
      expect(edges).toBeGreaterThan(20);
      expect(samples.at(-1)).toBe(0);
    }
  });
});
