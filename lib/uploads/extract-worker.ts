import { Worker } from "node:worker_threads";

/**
 * PDF and DOCX parsing runs in a worker thread of its own, one per file, because the parsers
 * are what a hostile file targets and nothing else bounds their time: a file can pass every
 * size check and still make pdf.js or mammoth spin. The worker has a heap limit and a
 * deadline, and is terminated when it passes either; the request gets a clear refusal and the
 * server's own heap and event loop are untouched.
 *
 * The source is plain CommonJS run with `eval: true`, so it needs no file of its own in the
 * build. It loads the parsers from the app's node_modules (the worker shares the server's
 * working directory).
 */
const SOURCE = String.raw`"use strict";
const { parentPort, workerData } = require("node:worker_threads");
const { createRequire } = require("node:module");
const path = require("node:path");
const load = createRequire(path.join(process.cwd(), "package.json"));

async function pdf(bytes, maxPages) {
  const { getDocumentProxy, extractText } = load("unpdf");
  // No eval (CVE-2024-4367 was font code compiled with eval), no system fonts, no logging.
  const document = await getDocumentProxy(bytes, { isEvalSupported: false, useSystemFonts: false, disableFontFace: true, verbosity: 0 });
  try {
    if (document.numPages > maxPages) return { refused: "pages", pages: document.numPages };
    const { text } = await extractText(document, { mergePages: true });
    return { text };
  } finally {
    await document.destroy();
  }
}

async function docx(bytes) {
  const mammoth = load("mammoth");
  const result = await mammoth.extractRawText({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) });
  return { text: result.value };
}

const { kind, bytes, maxPages } = workerData;
(kind === "pdf" ? pdf(bytes, maxPages) : docx(bytes)).then(
  (result) => parentPort.postMessage(result),
  (error) => parentPort.postMessage({ failed: String((error && error.message) || error).slice(0, 500) }),
);
`;

export type ExtractionOutcome =
  | { text: string }
  | { refused: "pages"; pages: number }
  | { failed: string }
  | { limit: "timeout" | "memory" };

export interface ExtractionBounds {
  timeoutMs: number;
  maxHeapMb: number;
  maxPdfPages: number;
}

/** Parses one PDF or DOCX in a fresh worker within `bounds`; never throws. */
export function extractInWorker(kind: "pdf" | "docx", bytes: Uint8Array, bounds: ExtractionBounds): Promise<ExtractionOutcome> {
  return new Promise((resolve) => {
    // pdf.js takes ownership of the array it is given: the worker gets its own copy.
    const worker = new Worker(SOURCE, {
      eval: true,
      workerData: { kind, bytes: new Uint8Array(bytes), maxPages: bounds.maxPdfPages },
      resourceLimits: { maxOldGenerationSizeMb: bounds.maxHeapMb, maxYoungGenerationSizeMb: 64 },
      stdout: true,
      stderr: true,
    });
    let settled = false;
    const finish = (outcome: ExtractionOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      void worker.terminate();
      resolve(outcome);
    };
    const deadline = setTimeout(() => finish({ limit: "timeout" }), bounds.timeoutMs);
    worker.once("message", (outcome: ExtractionOutcome) => finish(outcome));
    worker.once("error", (error: Error & { code?: string }) =>
      finish(error.code === "ERR_WORKER_OUT_OF_MEMORY" ? { limit: "memory" } : { failed: error.message.slice(0, 500) }),
    );
    worker.once("exit", () => finish({ failed: "the parser stopped without an answer" }));
  });
}
