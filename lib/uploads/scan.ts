import "server-only";
import { Readable } from "node:stream";
import NodeClam from "clamscan";
import { describeClamdTarget, uploadConfig, type ClamdTarget, type UploadConfig } from "./config";
import { UploadRefused } from "./errors";

export type ScanResult =
  | { status: "clean" }
  | { status: "infected"; signature: string }
  /** Scanning is not configured: store the file marked as not scanned (decision 018). */
  | { status: "not_scanned"; reason: "not_configured" };

export interface ScanOptions {
  /** Default: the environment (CLAMAV_HOST / CLAMAV_SOCKET). Tests and benchmarks pass one. */
  config?: UploadConfig;
}

const UNAVAILABLE = "The virus scanner is unavailable, so the file was not accepted. Please try again in a few minutes.";
const CHUNK_BYTES = 256 * 1024;

/**
 * Scans bytes with clamd over INSTREAM (the clamscan package in clamd mode: TCP or unix
 * socket, never a local binary). Fails closed: when clamd is configured but does not answer,
 * answers with an error (e.g. the file exceeds its StreamMaxLength) or times out, this throws
 * UploadRefused `scanner_unavailable` — the caller refuses the upload, never stores it unscanned.
 */
export async function scanBytes(bytes: Uint8Array, options: ScanOptions = {}): Promise<ScanResult> {
  const config = options.config ?? uploadConfig();
  if (!config.clamd) {
    // Fail closed where a scanner is required (APP_URL https, UPLOADS_ALLOW_UNSCANNED unset).
    if (config.requireScanner) throw new UploadRefused("scanner_unavailable", UNAVAILABLE, { detail: "no clamd configured (CLAMAV_HOST / CLAMAV_SOCKET) and APP_URL is https" });
    return { status: "not_scanned", reason: "not_configured" };
  }
  const target = config.clamd;
  // clamd's INSTREAM needs at least one chunk; nothing to scan is nothing infected.
  if (bytes.byteLength === 0) return { status: "clean" };
  let result: { isInfected: boolean | null; viruses: string[] };
  try {
    const scanner = await scannerFor(target, config.clamdTimeoutMs);
    result = await withDeadline(scanner.scanStream(chunked(bytes)), config.clamdTimeoutMs);
  } catch (error) {
    throw unavailable(target, error);
  }
  if (result.isInfected === true) return { status: "infected", signature: result.viruses.join(", ") || "unknown signature" };
  if (result.isInfected === false) return { status: "clean" };
  // clamscan reports a reply it could not read (a timeout, an unknown answer) as null.
  throw unavailable(target, new Error("clamd gave no verdict"));
}

/** For health checks: true when clamd answers PING; false when scanning is not configured. */
export async function pingScanner(options: ScanOptions = {}): Promise<boolean> {
  const config = options.config ?? uploadConfig();
  if (!config.clamd) return false;
  try {
    const scanner = await scannerFor(config.clamd, config.clamdTimeoutMs);
    const socket = await withDeadline(scanner.ping(), config.clamdTimeoutMs);
    socket.end();
    return true;
  } catch (error) {
    throw unavailable(config.clamd, error);
  }
}

const scanners = new Map<string, Promise<NodeClam>>();

function scannerFor(target: ClamdTarget, timeoutMs: number): Promise<NodeClam> {
  const key = `${describeClamdTarget(target)}#${timeoutMs}`;
  let scanner = scanners.get(key);
  if (!scanner) {
    scanner = new NodeClam().init({
      removeInfected: false,
      quarantineInfected: false,
      debugMode: false,
      // Never the clamscan binary nor a local fallback: only the daemon configured, so a
      // missing daemon cannot silently turn into a slower (or absent) local scan.
      clamscan: { active: false },
      clamdscan: {
        ...(target.type === "socket" ? { socket: target.path } : { host: target.host, port: target.port }),
        timeout: timeoutMs,
        localFallback: false,
        // An empty path stops clamscan from running `clamdscan --version` at start-up.
        path: "",
        active: true,
        // No PING at init: each scan connects anyway, and a daemon down at start-up must not
        // be cached as a failed scanner.
        bypassTest: true,
      },
      preference: "clamdscan",
    });
    scanner.catch(() => scanners.delete(key));
    scanners.set(key, scanner);
  }
  return scanner;
}

function chunked(bytes: Uint8Array): Readable {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Readable.from(
    (function* () {
      for (let offset = 0; offset < buffer.length; offset += CHUNK_BYTES) yield buffer.subarray(offset, offset + CHUNK_BYTES);
    })(),
  );
}

function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`clamd did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

function unavailable(target: ClamdTarget, cause: unknown): UploadRefused {
  const why = cause instanceof Error ? cause.message : String(cause);
  return new UploadRefused("scanner_unavailable", UNAVAILABLE, { detail: `clamd at ${describeClamdTarget(target)}: ${why}`, cause });
}
