/** Knowledge-base uploads under SPEC §8 (decision 018): import from here. */
export { processUpload, type ProcessedUpload } from "./pipeline";
export { inspectUpload, type AcceptedUpload, type UploadInput, type UploadInspection } from "./inspect";
export { extractText } from "./extract";
export { scanBytes, pingScanner, type ScanOptions, type ScanResult } from "./scan";
export { sanitiseText, sanitisePlainField, type PlainFieldOptions } from "./sanitise-text";
export { sanitiseFilename, fileExtension, FALLBACK_FILENAME, MAX_FILENAME_BYTES } from "./filename";
export { UPLOAD_KINDS, UPLOAD_RULES, ZIP_LIMITS, EXTRACTION_LIMITS, MAX_UPLOAD_BYTES, type UploadKind } from "./limits";
export {
  UploadRefused,
  UPLOAD_REJECTION_REASONS,
  UPLOAD_REJECTION_API_CODE,
  isSecurityEvent,
  type UploadRejection,
  type UploadRejectionReason,
} from "./errors";
export { parseUploadConfig, uploadConfig, resetUploadConfigForTests, scanningMode, type ScanningMode, type UploadConfig, type ClamdTarget } from "./config";
