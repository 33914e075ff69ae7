import type { ErrorCode } from "../core/errors";

/**
 * Why an upload was not accepted. Every reason but `scanner_unavailable` is a refusal of the
 * file itself and a security event (SPEC §8); `scanner_unavailable` is an outage, refused
 * only because scanning fails closed (decision 018).
 */
export const UPLOAD_REJECTION_REASONS = [
  "empty_file",
  "file_too_large",
  "type_not_allowed",
  "executable",
  "extension_mismatch",
  "invalid_text",
  "active_content",
  "invalid_archive",
  "zip_bomb",
  "nested_archive",
  "macros",
  /** A DOCX whose relationships point at files on other servers (Word fetches them on opening). */
  "external_reference",
  "unreadable",
  "text_too_long",
  "infected",
  "scanner_unavailable",
] as const;

export type UploadRejectionReason = (typeof UPLOAD_REJECTION_REASONS)[number];

export interface UploadRejection {
  status: "rejected";
  reason: UploadRejectionReason;
  /** Safe to show to the uploader: names their file and what to do, never internals. */
  message: string;
  /** For logs and the security event only (an inner error, a signature, a limit). */
  detail?: string;
}

export function rejection(reason: UploadRejectionReason, message: string, detail?: string): UploadRejection {
  return detail === undefined ? { status: "rejected", reason, message } : { status: "rejected", reason, message, detail };
}

/** Thrown by extraction and scanning, where a result union would be easy to ignore. */
export class UploadRefused extends Error {
  readonly reason: UploadRejectionReason;
  readonly detail?: string;

  constructor(reason: UploadRejectionReason, message: string, options: { detail?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "UploadRefused";
    this.reason = reason;
    this.detail = options.detail;
  }

  get isSecurityEvent(): boolean {
    return isSecurityEvent(this.reason);
  }

  toRejection(): UploadRejection {
    return rejection(this.reason, this.message, this.detail);
  }
}

export function isSecurityEvent(reason: UploadRejectionReason): boolean {
  return reason !== "scanner_unavailable";
}

/** How a route answers each reason (lib/core/errors.ts codes). */
export const UPLOAD_REJECTION_API_CODE: Readonly<Record<UploadRejectionReason, ErrorCode>> = {
  empty_file: "VALIDATION_FAILED",
  file_too_large: "PAYLOAD_TOO_LARGE",
  type_not_allowed: "UNSUPPORTED_MEDIA_TYPE",
  executable: "UNSUPPORTED_MEDIA_TYPE",
  extension_mismatch: "UNSUPPORTED_MEDIA_TYPE",
  invalid_text: "UNSUPPORTED_MEDIA_TYPE",
  active_content: "UNSUPPORTED_MEDIA_TYPE",
  invalid_archive: "UNSUPPORTED_MEDIA_TYPE",
  zip_bomb: "PAYLOAD_TOO_LARGE",
  nested_archive: "UNSUPPORTED_MEDIA_TYPE",
  macros: "UNSUPPORTED_MEDIA_TYPE",
  external_reference: "UNSUPPORTED_MEDIA_TYPE",
  unreadable: "VALIDATION_FAILED",
  text_too_long: "PAYLOAD_TOO_LARGE",
  infected: "VALIDATION_FAILED",
  scanner_unavailable: "SERVICE_UNAVAILABLE",
};
