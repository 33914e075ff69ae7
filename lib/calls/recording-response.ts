/** The decrypted recording as an HTTP answer, with the single byte range <audio> asks for. */
export function audioResponse(wav: Buffer, rangeHeader: string | null): Response {
  const headers = new Headers({
    "Content-Type": "audio/wav",
    // Decrypted audio must not sit in any cache, shared or private.
    "Cache-Control": "private, no-store",
    "Content-Disposition": "inline",
    "X-Content-Type-Options": "nosniff",
    "Accept-Ranges": "bytes",
  });
  const range = parseRange(rangeHeader, wav.length);
  if (range === "unsatisfiable") {
    headers.set("Content-Range", `bytes */${wav.length}`);
    return new Response(null, { status: 416, headers });
  }
  if (range) {
    headers.set("Content-Range", `bytes ${range.start}-${range.end}/${wav.length}`);
    headers.set("Content-Length", String(range.end - range.start + 1));
    return new Response(new Uint8Array(wav.subarray(range.start, range.end + 1)), { status: 206, headers });
  }
  headers.set("Content-Length", String(wav.length));
  return new Response(new Uint8Array(wav), { status: 200, headers });
}

/**
 * One `bytes=a-b`, `bytes=a-` or `bytes=-n` range (what <audio> sends). Several ranges,
 * other units or nonsense are ignored and the whole file is served, as RFC 9110 allows.
 */
function parseRange(header: string | null, size: number): { start: number; end: number } | "unsatisfiable" | null {
  const match = header ? /^bytes=(\d{0,15})-(\d{0,15})$/.exec(header.trim()) : null;
  if (!match || (match[1] === "" && match[2] === "")) return null;
  if (match[1] === "") {
    const suffix = Number(match[2]);
    if (suffix === 0 || size === 0) return "unsatisfiable";
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === "" ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size) return "unsatisfiable";
  if (end < start) return null;
  return { start, end };
}
