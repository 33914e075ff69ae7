"use client";

import { useSyncExternalStore } from "react";
import { formatDateTime } from "@/lib/format/dates";

/** The viewer's own clock: day, month, year, time and the zone's short name. */
const local = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZoneName: "short" });

const noSubscription = () => () => {};

/**
 * A moment in the dashboard's one date format (issue 18): in the viewer's time zone, with
 * UTC on hover. The server renders UTC (it does not know the zone), and the browser switches
 * to local time once hydrated; the `title` always holds UTC, the `dateTime` attribute ISO 8601.
 */
export function DateTime({ iso, className }: { iso: string; className?: string }) {
  const inBrowser = useSyncExternalStore(noSubscription, () => true, () => false);
  const date = new Date(iso);
  const utc = formatDateTime(date);
  return (
    <time dateTime={iso} title={utc} className={className}>
      {inBrowser ? local.format(date) : utc}
    </time>
  );
}
