import "server-only";
import { config } from "../../../config";
import type { SplunkSettings } from "../kinds";
import { postToReceiver, withDefaultPath } from "./post";
import { batchIdOf, type Sink } from "./types";

export const HEC_EVENT_PATH = "/services/collector/event";

/**
 * Splunk HTTP Event Collector (decision 038): `POST /services/collector/event` with
 * `Authorization: Splunk <token>`, the batch as concatenated JSON event objects
 * `{time, host, source, sourcetype, [index], event}` (HEC's batch form). `time` is epoch
 * seconds with milliseconds; `host` is this deployment's host name. HEC answers
 * `{"text":"Success","code":0}`; any non-2xx is retried.
 */
export const sendSplunk: Sink = (target, batch, ctx) => {
  const settings = target.settings as SplunkSettings;
  const host = new URL(config().APP_URL).hostname;
  const body = batch.records
    .map((r) =>
      JSON.stringify({
        time: r.at.getTime() / 1000,
        host,
        source: settings.source ?? "switchboard",
        sourcetype: settings.sourcetype ?? "switchboard:evidence",
        ...(settings.index ? { index: settings.index } : {}),
        event: r.body,
      }),
    )
    .join("");
  return postToReceiver(
    target,
    withDefaultPath(target.url, HEC_EVENT_PATH),
    {
      headers: {
        "content-type": "application/json",
        authorization: `Splunk ${target.secret}`,
        "user-agent": "Switchboard-Evidence/1",
        "x-switchboard-batch-id": batchIdOf(target, batch),
      },
      body,
    },
    ctx,
  );
};
