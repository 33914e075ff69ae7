import { synthesizeCallAudio } from "../calls/audio";
import { recordCall } from "../calls/create";
import { db } from "../db/client";
import type { KeyMode } from "../db/generated/client";
import { inWorkspace } from "../db/scoped";
import { log } from "../log/logger";
import { createCallGenerator } from "../calls/simulation/call-generator";

const DEMO_CALLS: Record<KeyMode, number> = { live: 260, test: 40 };
/** The newest completed calls get a (generated) recording; the rest have transcripts only. */
const WITH_RECORDINGS = 12;

/**
 * A few hundred realistic calls for the demo workspace (SPEC §13), stored through the same
 * path as real ones (masked, transcripts and recordings sealed). Only into a workspace with
 * no calls yet, so restarts never add more.
 */
export async function seedDemoCalls(workspaceId: string, now = new Date()): Promise<number> {
  if ((await db().call.count({ where: { workspaceId } })) > 0) return 0;
  const workspace = await db().workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { id: true, callerMasking: true } });
  const write = <T>(fn: Parameters<typeof inWorkspace<T>>[1]) => inWorkspace(workspaceId, fn);
  let total = 0;
  for (const mode of ["live", "test"] as const) {
    const numbers = await db().phoneNumber.findMany({ where: { workspaceId, mode }, select: { number: true } });
    const generator = createCallGenerator({ count: DEMO_CALLS[mode], toNumbers: numbers.map((n) => n.number), days: 45, now, seed: mode === "live" ? 7 : 11 });
    const calls = Array.from({ length: DEMO_CALLS[mode] }, () => generator.next()).sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime());
    let recordings = mode === "live" ? WITH_RECORDINGS : 3;
    for (const c of calls) {
      const record = c.status === "completed" && recordings-- > 0;
      await recordCall(
        workspace,
        mode,
        { ...c, recording: record ? synthesizeCallAudio(`${mode}:${c.startedAt.toISOString()}`, Math.min(20, c.durationSeconds)) : null, simulated: mode === "test" },
        write,
      );
      total++;
    }
  }
  log().info({ calls: total }, "seeded demo calls");
  return total;
}
