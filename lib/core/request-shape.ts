import { AppError } from "./errors";

/** Refuses a query string that names any parameter twice (parameter-pollution guard). */
export function assertNoDuplicateParams(params: URLSearchParams): void {
  const seen = new Set<string>();
  for (const name of params.keys()) {
    if (seen.has(name)) {
      throw new AppError("DUPLICATE_PARAMETER", `The query parameter "${name.slice(0, 64)}" was given more than once.`, {
        details: [{ field: name.slice(0, 64), issue: "duplicate" }],
      });
    }
    seen.add(name);
  }
}

export const DEFAULT_BODY_LIMIT_BYTES = 64 * 1024;

/**
 * Reads a JSON body with a hard byte cap: the declared length is checked first, then the
 * stream is cut off as soon as it passes the cap, so a lying Content-Length gains nothing.
 */
export async function readJsonBody(request: Request, limitBytes = DEFAULT_BODY_LIMIT_BYTES): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(type)) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send the body as application/json.");
  }
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limitBytes) throw tooLarge(limitBytes);
  const text = await readCapped(request, limitBytes);
  if (text.trim() === "") throw new AppError("INVALID_JSON", "The request body is empty.");
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("INVALID_JSON");
  }
}

/** The raw body, exactly as sent (signature checks need it), with the same byte cap. */
export async function readRawBody(request: Request, limitBytes = DEFAULT_BODY_LIMIT_BYTES): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limitBytes) throw tooLarge(limitBytes);
  return readCapped(request, limitBytes);
}

function tooLarge(limitBytes: number): AppError {
  return new AppError("PAYLOAD_TOO_LARGE", `The request body is larger than ${limitBytes} bytes.`);
}

/** The body's bytes with the same byte cap (multipart uploads). */
export async function readBodyBytes(request: Request, limitBytes: number): Promise<Buffer> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limitBytes) throw tooLarge(limitBytes);
  return readCappedBytes(request, limitBytes);
}

async function readCapped(request: Request, limitBytes: number): Promise<string> {
  return new TextDecoder("utf-8", { fatal: false }).decode(await readCappedBytes(request, limitBytes));
}

async function readCappedBytes(request: Request, limitBytes: number): Promise<Buffer> {
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch {
      // The body's stream fails only when the connection does: the client went away mid-body
      // ("aborted"). Nobody will read the answer; it is a client's doing, not a fault of ours
      // to log as one (it was an "unhandled error" for every request cut by a load test's end).
      throw new AppError("VALIDATION_FAILED", "The request body ended before it was complete: the connection closed while it was being sent.");
    }
    const { done, value } = chunk;
    if (done) break;
    total += value.byteLength;
    if (total > limitBytes) {
      await reader.cancel();
      throw tooLarge(limitBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
