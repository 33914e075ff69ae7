import { randomInt } from "node:crypto";
import { AppError } from "../core/errors";
import type { CreateTestCallInput } from "./schemas";
import { plainText } from "../security/sanitize";
import { createCallGenerator } from "./simulation/call-generator";
import { synthesizeCallAudio } from "./audio";
import { recordCall } from "./create";
import { emitCallEvent } from "./events";
import { requireE164 } from "./masking";
import { getCall } from "./query";
import type { Principal } from "../authz/principal";

const PLAUSIBLE_SECONDS = { completed: [45, 240], failed: [2, 15], no_answer: [0, 0], busy: [0, 0] } as const;

/** The workspace number the call rang: the one asked for (it must be ours), else the newest. */
async function ourNumber(viewer: Principal, wanted?: string): Promise<string> {
  const to = wanted ? requireE164(wanted) : undefined;
  const row = await viewer.data((tx) =>
    tx.phoneNumber.findFirst({
      where: { workspaceId: viewer.workspace.id, mode: viewer.mode, ...(to ? { number: to } : {}) },
      orderBy: { createdAt: "desc" },
      select: { number: true },
    }),
  );
  if (!row) {
    throw new AppError("VALIDATION_FAILED", to ? "That number is not one of this workspace's numbers in this mode." : "Add a phone number (in this mode) before running test calls.", {
      details: [{ field: "to", issue: to ? "not a workspace number" : "no phone numbers" }],
    });
  }
  return row.number;
}

/**
 * A simulated call (SPEC §5 test calls): in the viewer's mode (test keys and the dashboard's
 * test runner make test calls), stored exactly like a real one — masked or not by the
 * workspace's setting, transcript and a generated recording sealed — and audited without the
 * caller's number; its call.completed / call.failed event is committed with it.
 */
export async function runTestCall(viewer: Principal, input: CreateTestCallInput, now = new Date()) {
  const toNumber = await ourNumber(viewer, input.to);
  // A plausible answered call in this direction gives the default caller and transcript.
  const generator = createCallGenerator({ count: 40, seed: randomInt(2 ** 31), toNumbers: [toNumber], days: 1, now });
  let generated = generator.next();
  for (let i = 0; i < 200 && (generated.status !== "completed" || generated.direction !== input.direction || !generated.transcript); i++) generated = generator.next();
  const caller = input.caller ? requireE164(input.caller) : generated.caller;
  const [lo, hi] = PLAUSIBLE_SECONDS[input.status];
  const duration = input.duration_seconds ?? lo + randomInt(hi - lo + 1);
  const answered = input.status === "completed";
  // A given transcript is kept as plain text, line by line (no markup survives).
  const given = input.transcript?.split(/\r?\n/).map(plainText).filter(Boolean).join("\n");
  const transcript = answered ? (input.transcript !== undefined ? given || null : generated.transcript) : null;
  const id = await recordCall(
    viewer.workspace,
    viewer.mode,
    {
      direction: input.direction,
      status: input.status,
      caller,
      toNumber,
      startedAt: new Date(now.getTime() - duration * 1000),
      durationSeconds: duration,
      transcript,
      recording: answered && duration > 0 ? synthesizeCallAudio(`${caller}:${now.getTime()}`, Math.min(duration, 30)) : null,
      simulated: true,
    },
    viewer.data,
    async (tx, callId) => {
      // The webhook event is committed with the call (transactional outbox).
      await emitCallEvent(tx, viewer.workspace, callId, now);
      // Audited last: the entry locks the workspace's audit chain head until commit, and
      // concurrent test calls (and every other audited write) queue on that lock.
      await viewer.audit("call.test_created", { type: "call", id: callId, label: `${input.status} ${input.direction} test call` }, {
        after: { mode: viewer.mode, direction: input.direction, status: input.status, duration_seconds: duration },
      }, tx);
    },
  );
  return getCall(viewer, id);
}
