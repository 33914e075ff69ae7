import "server-only";
import type { StreamKind } from "../kinds";
import { sendDatadog } from "./datadog";
import { sendHttps } from "./https";
import { sendS3 } from "./s3";
import { sendSplunk } from "./splunk";
import type { Sink } from "./types";

/** Each kind's sender; every one takes a batch in seq order and answers accepted or not. */
export const SINKS: Record<StreamKind, Sink> = { https: sendHttps, splunk: sendSplunk, datadog: sendDatadog, s3: sendS3 };

export type { SendOutcome, SinkTarget } from "./types";
