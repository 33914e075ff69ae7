import { AppError } from "../core/errors";
import { readBodyBytes } from "../core/request-shape";
import { MAX_UPLOAD_BYTES } from "../uploads";

/** Room for the multipart framing around the largest file. */
const FRAMING_BYTES = 64 * 1024;

/**
 * The one `file` field of a multipart/form-data upload. The body is read with a hard cap
 * (the largest allowed file plus framing) before the platform's parser sees it, so an
 * endless body costs at most that much memory.
 */
export async function readUploadedFile(request: Request): Promise<{ filename: string; bytes: Uint8Array }> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data\s*;/i.test(type)) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send the file as multipart/form-data with a `file` field.");
  }
  const body = await readBodyBytes(request, MAX_UPLOAD_BYTES + FRAMING_BYTES);
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(body), { headers: { "content-type": type } }).formData();
  } catch {
    throw new AppError("VALIDATION_FAILED", "The multipart body could not be read.", { details: [{ field: "file", issue: "malformed multipart body" }] });
  }
  const files = form.getAll("file");
  const [file] = files;
  if (files.length !== 1 || file === undefined || typeof file === "string") {
    throw new AppError("VALIDATION_FAILED", "Send exactly one file, in a field named `file`.", { details: [{ field: "file", issue: "required, once" }] });
  }
  return { filename: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
}
