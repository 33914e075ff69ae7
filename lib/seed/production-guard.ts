import type { Config } from "../config";
import { seedsDemoOnStart } from "./demo";

export interface DemoDecision {
  /** Whether to seed the demo workspace now. */
  seed: boolean;
  /** Settings that stop start-up, each naming its variable. */
  problems: string[];
  /** What start-up must say loudly. */
  warnings: string[];
}

/**
 * The demo and production (ASVS V6.3.2/V6.4.1, decision 031). The demo's users, keys and
 * staff account have known or printed credentials, so where the deployment looks real —
 * APP_URL https, or NODE_ENV=production as the operator set it — demo seeding and every
 * DEMO_* variable are refused unless ALLOW_DEMO_IN_PRODUCTION=true, which is then warned at
 * every start. `operatorNodeEnv` is NODE_ENV before `npm start` defaults it to production
 * for Next: that default alone does not make a laptop a deployment, so `npm start` on a dev
 * machine (and CI's smoke run) keep their demo. With the embedded database, whose demo is
 * implicit, the demo is skipped rather than refused.
 */
export function demoDecision(cfg: Config, operatorNodeEnv: string | undefined): DemoDecision {
  const looksReal = cfg.isHttps || operatorNodeEnv === "production";
  const wanted = seedsDemoOnStart(cfg);
  if (!looksReal) return { seed: wanted, problems: [], warnings: [] };
  const why = cfg.isHttps ? "APP_URL is https" : "NODE_ENV=production";
  if (cfg.ALLOW_DEMO_IN_PRODUCTION) {
    return {
      seed: wanted,
      problems: [],
      warnings: [`ALLOW_DEMO_IN_PRODUCTION is on although ${why}: the demo workspace and its known credentials are enabled. Never on a real deployment.`],
    };
  }
  const demoVariables = Object.entries(cfg)
    .filter(([name, value]) => name.startsWith("DEMO_") && value !== undefined)
    .map(([name]) => name);
  const refusal = `refused because ${why} (set ALLOW_DEMO_IN_PRODUCTION=true only for a demo deployment)`;
  const problems = [...(cfg.SEED_DEMO ? ["SEED_DEMO"] : []), ...demoVariables].map((name) => `${name}: ${refusal}`);
  const warnings = wanted && !cfg.SEED_DEMO ? [`The demo workspace is not seeded because ${why} (ALLOW_DEMO_IN_PRODUCTION=true to seed it).`] : [];
  return { seed: false, problems, warnings };
}
