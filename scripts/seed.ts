import { parseArgs } from "node:util";
import { config, ConfigError } from "../lib/config";
import { database, db, disconnectDb } from "../lib/db/client";
import { prepareDatabase } from "../lib/db/prepare";
import { seedCalls } from "../lib/seed/bulk-calls";
import { DEMO_SLUG, seedDemo, seedsDemoOnStart } from "../lib/seed/demo";
import { demoDecision } from "../lib/seed/production-guard";
import { exitOnConfigError } from "./lib/exit-on-config-error";

// `npm run seed`: migrate, then seed the demo workspace (always, whatever the mode).
// `npm run seed -- --calls N [--workspace slug] [--mode live|test] [--days D] [--seed S]`:
// also bulk-insert N generated calls into that workspace (lib/seed/bulk-calls.ts).
const USAGE = "usage: npm run seed [-- --calls N [--workspace <slug>] [--mode live|test] [--days D] [--seed S]]";

function parseOptions() {
  const { values } = parseArgs({
    options: {
      calls: { type: "string" },
      workspace: { type: "string", default: DEMO_SLUG },
      mode: { type: "string", default: "live" },
      days: { type: "string", default: "365" },
      seed: { type: "string", default: "1" },
    },
    strict: true,
    allowPositionals: false,
  });
  const problems: string[] = [];
  const integer = (name: string, value: string | undefined, max: number) => {
    if (value === undefined) return undefined;
    const n = Number(value.replaceAll("_", ""));
    if (!Number.isSafeInteger(n) || n < 1 || n > max) problems.push(`--${name} must be a whole number from 1 to ${max.toLocaleString("en")}`);
    return n;
  };
  const calls = integer("calls", values.calls, 100_000_000);
  const days = integer("days", values.days, 3650)!;
  const seed = integer("seed", values.seed, 2 ** 31)!;
  if (values.mode !== "live" && values.mode !== "test") problems.push("--mode must be live or test");
  if (problems.length > 0) throw new Error(problems.join("\n"));
  return { calls, workspace: values.workspace, mode: values.mode as "live" | "test", days, seed };
}

let options: ReturnType<typeof parseOptions>;
try {
  options = parseOptions();
} catch (error) {
  console.error(`${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}

const number = (n: number) => Math.round(n).toLocaleString("en");

const cfg = exitOnConfigError(config);
// The demo as `npm start` would seed it (embedded, or SEED_DEMO), and whenever it is asked for.
const seedsDemo = options.calls === undefined || options.workspace === DEMO_SLUG || seedsDemoOnStart(cfg);
// The demo has known credentials: refused where the deployment looks real, as at start (decision 031).
const guard = demoDecision({ ...cfg, SEED_DEMO: seedsDemo }, process.env.NODE_ENV);
if (guard.problems.length > 0) {
  console.error(new ConfigError(guard.problems).message);
  process.exit(1);
}
for (const warning of guard.warnings) console.warn(warning);
try {
  await prepareDatabase();
  if (seedsDemo) {
    const { created } = await seedDemo();
    console.log(created ? "Seeded the demo workspace." : "The demo workspace already exists.");
  }
  if (options.calls !== undefined) await seedBulkCalls(options.calls);
} finally {
  await disconnectDb();
}

async function seedBulkCalls(count: number) {
  const workspace = await db().workspace.findUnique({ where: { slug: options.workspace }, select: { id: true } });
  if (!workspace) {
    console.error(`No workspace "${options.workspace}".`);
    process.exitCode = 1;
    return;
  }
  const where = database().kind === "postgresql" ? "PostgreSQL" : "the embedded PGlite";
  console.log(`Seeding ${number(count)} ${options.mode} calls over ${options.days} days into "${options.workspace}" on ${where}…`);
  let shown = 0;
  const result = await seedCalls({
    workspaceId: workspace.id,
    count,
    mode: options.mode,
    days: options.days,
    seed: options.seed,
    onProgress: ({ inserted, total, elapsedMs }) => {
      // Every 10 % (and the end), so logs stay short whatever N is.
      if (inserted < total && inserted - shown < total / 10) return;
      shown = inserted;
      const rate = inserted / (elapsedMs / 1000);
      console.log(`  ${number(inserted)} / ${number(total)} (${Math.floor((inserted / total) * 100)} %), ${number(rate)} rows/s`);
    },
  });
  console.log(
    `Inserted ${number(result.inserted)} calls (${number(result.transcripts)} with transcripts; caller masking ${result.masked ? "on" : "off"}) ` +
      `in ${(result.elapsedMs / 1000).toFixed(1)} s: ${number(result.rowsPerSecond)} rows/s.`,
  );
}
