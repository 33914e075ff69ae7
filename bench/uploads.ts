import { execFileSync } from "node:child_process";
import { parseArgs } from "node:util";
import { parseUploadConfig, type UploadConfig } from "../lib/uploads/config";
import { extractText } from "../lib/uploads/extract";
import { inspectUpload } from "../lib/uploads/inspect";
import { scanBytes } from "../lib/uploads/scan";
import { findClamd, startClamd, type RunningClamd } from "../test/uploads/support/clamd";
import { makeDocx, makePdfPages } from "../test/uploads/support/files";
import { itemAt } from "./lib/item-at";
import { summarise, timeRuns } from "./lib/stats";

/**
 * Knowledge-base upload pipeline (issue 9): inspect (magic bytes, ZIP limits, UTF-8) + extract
 * (pdf.js, mammoth, sanitise) for ~1 MB files of each kind, without and with a clamd scan.
 * Uses CLAMAV_HOST / CLAMAV_SOCKET when set, else starts scripts/clamd/start.sh if clamd is
 * installed. That clamd has one signature (EICAR): the scan figures are clamd's file-type and
 * unpacking overhead plus the INSTREAM round trip, not the cost of the full ClamAV database.
 * Sequential, one file at a time: files/s is per worker.
 */
const { values } = parseArgs({ options: { runs: { type: "string", default: "20" }, mb: { type: "string", default: "1" } } });
const RUNS = Number(values.runs);
const TARGET_BYTES = Number(values.mb) * 1024 * 1024;

// A 4,096-word vocabulary of syllable words: compresses about as well as English prose (~3×),
// so a 1 MB DOCX holds a realistic amount of text.
const SYLLABLES = "ka lo mi ne ru sa te vo di pa fe gu ho ji ly qu".split(" ");
const syllable = (i: number) => itemAt(SYLLABLES, i & 15, "syllable");
const WORDS = Array.from({ length: 4096 }, (_, i) => syllable(i) + syllable(i >> 4) + syllable(i >> 8) + (i % 3 === 0 ? "n" : ""));
function prose(seed: number, words: number): string {
  let x = seed;
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    out.push(itemAt(WORDS, (x >> 8) % WORDS.length, "word"));
  }
  return out.join(" ");
}

function lines(total: number): string[] {
  const result: string[] = [];
  for (let bytes = 0, i = 0; bytes < total; i++) {
    const line = `${i}. ${prose(i + 1, 10)}`;
    result.push(line);
    bytes += line.length + 1;
  }
  return result;
}

async function buildFiles(): Promise<Array<{ name: string; bytes: Buffer }>> {
  const text = Buffer.from(lines(TARGET_BYTES).join("\n"));
  const csv = Buffer.from(["id,topic,answer", ...lines(TARGET_BYTES).map((l, i) => `${i},${l.slice(0, 20)},"${l}"`)].join("\n").slice(0, TARGET_BYTES));
  const pdfLines = lines(TARGET_BYTES * 0.9);
  const pages = Array.from({ length: Math.ceil(pdfLines.length / 60) }, (_, i) => pdfLines.slice(i * 60, i * 60 + 60));
  const pdf = makePdfPages(pages);
  // Prose compresses ~4× in a DOCX: grow the paragraphs until the file is about the target.
  let paragraphs = 1000;
  let docx = await makeDocx(Array.from({ length: paragraphs }, (_, i) => prose(i + 1, 40)));
  paragraphs = Math.round((paragraphs * TARGET_BYTES) / docx.length);
  docx = await makeDocx(Array.from({ length: paragraphs }, (_, i) => prose(i + 1, 40)));
  return [
    { name: "notes.txt", bytes: text },
    { name: "faq.csv", bytes: csv },
    { name: `handbook.pdf (${pages.length} pages)`, bytes: pdf },
    { name: "guide.docx", bytes: docx },
  ];
}

async function pipeline(name: string, bytes: Buffer, config: UploadConfig | undefined): Promise<void> {
  const inspected = await inspectUpload({ filename: name.split(" ")[0], bytes });
  if (inspected.status !== "accepted") throw new Error(`${name}: ${inspected.reason} ${inspected.message}`);
  if (config) {
    const scan = await scanBytes(bytes, { config });
    if (scan.status !== "clean") throw new Error(`${name}: scan ${scan.status}`);
  }
  const text = await extractText(inspected, bytes);
  if (text.length === 0) throw new Error(`${name}: no text`);
}

async function scanOnly(name: string, bytes: Buffer, config: UploadConfig): Promise<void> {
  const scan = await scanBytes(bytes, { config });
  if (scan.status !== "clean") throw new Error(`${name}: scan ${scan.status}`);
}

async function measure(bytes: Buffer, run: () => Promise<void>) {
  const stats = summarise(await timeRuns(run, RUNS));
  return {
    MB: +(bytes.length / 1024 / 1024).toFixed(2),
    meanMs: stats.meanMs,
    p95Ms: stats.p95Ms,
    "MB/s": +(bytes.length / 1024 / 1024 / (stats.meanMs / 1000)).toFixed(1),
    "files/s": +(1000 / stats.meanMs).toFixed(1),
  };
}

let clamd: RunningClamd | undefined;
let scanConfig: UploadConfig | undefined = parseUploadConfig(process.env);
try {
  if (!scanConfig.clamd && findClamd()) {
    clamd = await startClamd("tcp");
    scanConfig = { clamd: clamd.target, clamdTimeoutMs: 60_000 };
  }
  const clamdVersion = scanConfig.clamd ? (findClamd() ? execFileSync(findClamd()!, ["--version"], { encoding: "utf8" }).trim() : "remote clamd") : undefined;
  const files = await buildFiles();
  const rows: Record<string, ReturnType<typeof measure> extends Promise<infer R> ? R : never> = {};
  for (const { name, bytes } of files) {
    rows[`${name}: inspect + extract`] = await measure(bytes, () => pipeline(name, bytes, undefined));
    if (!scanConfig.clamd) continue;
    const config = scanConfig;
    rows[`${name}: inspect + scan + extract`] = await measure(bytes, () => pipeline(name, bytes, config));
    rows[`${name}: scan only`] = await measure(bytes, () => scanOnly(name, bytes, config));
  }
  console.log(`\nUpload pipeline, ${RUNS} runs per row after 3 warm-up, one file at a time (Node ${process.version})`);
  console.log(scanConfig.clamd ? `scanning with ${clamdVersion} (${clamd ? "EICAR-only database from scripts/clamd/start.sh" : "the configured clamd"})` : "scanning not measured: no CLAMAV_HOST / CLAMAV_SOCKET and clamd not installed");
  console.table(rows);
} finally {
  clamd?.stop();
}
