import type { Metadata } from "next";
import Link from "next/link";
import { CallDrawer } from "@/components/calls/call-drawer";
import { CallsFilters } from "@/components/calls/calls-filters";
import { CallsTable, type SortLinks } from "@/components/calls/calls-table";
import { ExportButton } from "@/components/calls/export-button";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { FilterChips } from "@/components/ui/filter-chips";
import { Pager, pageSummary } from "@/components/ui/pager";
import { AppError } from "@/lib/core/errors";
import { memberPage } from "@/lib/entry/page";
import { callsHref, parseCallsPage, type CallsPageState } from "@/lib/calls/dashboard-query";
import { countCallsUpToCap } from "@/lib/calls/count";
import { CALL_EXPORT_PERMISSION } from "@/lib/calls/export-access";
import { getCall, listCalls } from "@/lib/calls/query";
import { seesFullNumbers } from "@/lib/calls/full-numbers";
import { formatDuration } from "@/lib/format/calls";

export const metadata: Metadata = { title: "Calls" };

type Params = Promise<{ workspace: string }>;

/** The filters a chip can show (the sort is an order, not a filter). */
const CALL_FILTER_KEYS = ["from", "to", "direction", "status", "caller"] as const;
const CALL_FILTER_NAMES: Record<(typeof CALL_FILTER_KEYS)[number], string> = { from: "From", to: "To", direction: "Direction", status: "Status", caller: "Caller" };
type Search = Promise<Record<string, string | string[] | undefined>>;

function sortLinks(slug: string, state: CallsPageState): SortLinks {
  const current = state.query.sort;
  const link = (field: "started_at" | "duration_seconds") => {
    const sorted = current === field ? ("asc" as const) : current === `-${field}` ? ("desc" as const) : (false as const);
    // Newest/longest first on the first click, then flip.
    const next = sorted === "desc" ? field : `-${field}`;
    return { href: callsHref(slug, state, { sort: next === "-started_at" ? undefined : next, cursor: undefined, call: undefined }), sorted };
  };
  return { started_at: link("started_at"), duration_seconds: link("duration_seconds") };
}

export default async function CallsPage({ params, searchParams }: { params: Params; searchParams: Search }) {
  const { workspace: slug } = await params;
  const ctx = await memberPage(slug, "calls:read");
  const state = parseCallsPage(await searchParams);
  const viewer = ctx.inMode(state.mode);
  const errors = [...state.errors];
  const safe = async <T,>(work: Promise<T>, fallback: T): Promise<T> =>
    work.catch((error: unknown) => {
      if (error instanceof AppError && error.status < 500) {
        errors.push(error.message);
        return fallback;
      }
      throw error;
    });
  const canExport = ctx.can(CALL_EXPORT_PERMISSION);
  const [page, open, total] = await Promise.all([
    safe(listCalls(viewer, state.query), { data: [], next_cursor: null }),
    state.openCallId ? safe(getCall(viewer, state.openCallId), null) : Promise.resolve(null),
    safe(countCallsUpToCap(viewer, state.query), undefined),
  ]);
  const exportParams = new URLSearchParams(Object.entries({ ...state.filters, sort: undefined, mode: state.mode === "test" ? "test" : undefined }).filter((e): e is [string, string] => !!e[1]));
  const full = seesFullNumbers(viewer);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Calls</h1>
          <p className="mt-1 text-sm text-slate-600">
            {full ? "Masking is off for this workspace: full numbers are shown to you." : "Caller numbers are masked: search by a full number to find a caller's calls."}
          </p>
        </div>
        <nav aria-label="Data mode" className="inline-flex rounded-md border border-slate-300 bg-surface p-0.5 text-sm">
          {(["live", "test"] as const).map((m) => (
            <Link
              key={m}
              href={callsHref(slug, { ...state, mode: m, query: { ...state.query, cursor: undefined }, openCallId: undefined }, {})}
              aria-current={state.mode === m ? "page" : undefined}
              className={`rounded px-3 py-1 ${state.mode === m ? "bg-slate-900 text-surface" : "text-slate-700 hover:bg-slate-100"}`}
            >
              {m === "live" ? "Live data" : "Test data"}
            </Link>
          ))}
        </nav>
      </div>
      {errors.length > 0 ? <Alert tone="error">{errors.join(" ")}</Alert> : null}
      <Card>
        <CallsFilters slug={slug} state={state} />
        <div className="mt-4">
          <FilterChips
            chips={CALL_FILTER_KEYS.filter((k) => state.filters[k]).map((k) => ({
              name: CALL_FILTER_NAMES[k],
              value: k === "caller" ? "the number you typed" : state.filters[k]!.replace("_", " "),
              removeHref: callsHref(slug, state, { [k]: undefined, cursor: undefined, call: undefined }),
            }))}
            clearHref={`/${slug}/calls${state.mode === "test" ? "?mode=test" : ""}`}
          />
        </div>
      </Card>
      <Card
        title={state.mode === "test" ? "Test calls" : "Calls"}
        actions={canExport ? <ExportButton href={`/${slug}/calls/export?${exportParams}`} estimate={total?.count ?? 0} /> : null}
      >
        <CallsTable
          sortLinks={sortLinks(slug, state)}
          empty={
            Object.entries(state.filters).some(([k, v]) => k !== "sort" && v) ? (
              <p>
                No calls match these filters.{" "}
                <Link href={`/${slug}/calls${state.mode === "test" ? "?mode=test" : ""}`} className="text-brand-700">
                  Clear the filters
                </Link>
              </p>
            ) : (
              <p>
                No {state.mode === "test" ? "test " : ""}calls yet.{" "}
                {state.mode === "test" && ctx.can("test_calls:run") ? (
                  <Link href={`/${slug}/test-calls`} className="text-brand-700">Make a test call</Link>
                ) : ctx.can("numbers:manage") ? (
                  <>
                    Calls appear here once a caller dials one of your numbers: <Link href={`/${slug}/numbers`} className="text-brand-700">add a phone number</Link>.
                  </>
                ) : (
                  "They appear here as callers reach your agent."
                )}
              </p>
            )
          }
          rows={page.data.map((c) => ({
            id: c.id,
            href: callsHref(slug, state, { call: c.id }),
            startedAt: c.started_at,
            direction: c.direction,
            caller: c.caller_number ?? c.caller_display,
            unmasked: Boolean(c.caller_number),
            to: c.to_number,
            duration: formatDuration(c.duration_seconds),
            status: c.status,
            hasTranscript: c.has_transcript,
            hasRecording: c.has_recording,
          }))}
        />
        <Pager
          trail={state.trail}
          cursor={state.query.cursor}
          nextCursor={page.next_cursor}
          hrefOf={(change) => callsHref(slug, state, { ...change, call: undefined })}
          summary={pageSummary(state.trail, state.query.cursor, state.query.limit, page.data.length, total)}
        />
      </Card>
      {open ? <CallDrawer slug={slug} call={open} closeHref={callsHref(slug, state, { call: undefined })} /> : null}
    </div>
  );
}
