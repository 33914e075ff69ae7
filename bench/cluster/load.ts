import autocannon from "autocannon";

/**
 * The mixed load (issue 22 item 2): one autocannon per kind, all at once against the balancer.
 * Test calls' answers are read: every accepted call's id is kept for the reconciliation.
 */
export interface LoadFixture {
  url: string;
  /** Owner's session cookie: dashboard pages and CSV exports. */
  ownerCookie: string;
  /** Several API keys of the demo workspace: reads rotate through them. */
  readKeys: string[];
  /** The test-mode key the test calls are made with (its endpoint is the receiver). */
  testKey: string;
  signIn: { email: string; password: string };
}

export interface KindResult {
  kind: string;
  connections: number;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  codes: Record<string, number>;
  /** Connection errors, resets and timeouts the client saw. */
  errors: number;
  /** Codes outside the kind's expected set. */
  unexpected: Record<string, number>;
}

interface Kind {
  kind: string;
  share: number;
  expected: number[];
  requests: (f: LoadFixture, accepted: Set<string>) => autocannon.Request[];
  headers?: (f: LoadFixture) => Record<string, string>;
}

const cookieOf = (headers: unknown): string => {
  // autocannon hands the raw header list ([name, value, …]) or an object, by version.
  const list = Array.isArray(headers) ? headers : Object.entries((headers ?? {}) as Record<string, string | string[]>).flatMap(([k, v]) => (Array.isArray(v) ? v.flatMap((x) => [k, x]) : [k, v]));
  const cookies: string[] = [];
  for (let i = 0; i + 1 < list.length; i += 2) if (String(list[i]).toLowerCase() === "set-cookie") cookies.push(String(list[i + 1]).split(";")[0]!);
  return cookies.join("; ");
};

export const KINDS: Kind[] = [
  {
    kind: "dashboard page",
    share: 0.15,
    expected: [200],
    headers: (f) => ({ cookie: f.ownerCookie }),
    requests: () => [{ method: "GET", path: "/demo" }, { method: "GET", path: "/demo/calls" }],
  },
  {
    kind: "API read",
    share: 0.45,
    expected: [200],
    requests: (f) =>
      f.readKeys.flatMap((key) => [
        { method: "GET", path: "/api/v1/phone-numbers", headers: { "x-api-key": key } },
        { method: "GET", path: "/api/v1/calls?limit=20", headers: { "x-api-key": key } },
      ]),
  },
  {
    kind: "test call (write + webhook)",
    share: 0.25,
    expected: [201],
    requests: (f, accepted) => [
      {
        method: "POST",
        path: "/api/v1/test-calls",
        headers: { "x-api-key": f.testKey, "content-type": "application/json" },
        body: "{}",
        onResponse: (status: number, body: string) => {
          if (status === 201) accepted.add((JSON.parse(body) as { id: string }).id);
        },
      },
    ],
  },
  {
    kind: "sign-in",
    share: 0.05,
    // The CSRF token (200), then the credentials' redirect into the dashboard (302).
    expected: [200, 302],
    requests: (f) => [
      {
        method: "GET",
        path: "/api/auth/csrf",
        onResponse: (_status: number, body: string, ctx: object, headers: unknown) => {
          const context = ctx as Record<string, unknown>;
          try {
            context.csrf = (JSON.parse(body) as { csrfToken: string }).csrfToken;
          } catch {
            context.csrf = "";
          }
          context.cookie = cookieOf(headers);
        },
      },
      {
        method: "POST",
        path: "/api/auth/callback/credentials",
        setupRequest: (req: autocannon.Request, ctx: object) => {
          const context = ctx as Record<string, unknown>;
          return {
          ...req,
          headers: { "content-type": "application/x-www-form-urlencoded", origin: f.url, cookie: String(context.cookie ?? "") },
          body: new URLSearchParams({ csrfToken: String(context.csrf ?? ""), email: f.signIn.email, password: f.signIn.password, callbackUrl: "/" }).toString(),
          };
        },
      },
    ],
  },
  {
    kind: "CSV export",
    share: 0.1,
    expected: [200],
    headers: (f) => ({ cookie: f.ownerCookie }),
    requests: () => [{ method: "GET", path: "/demo/calls/export" }],
  },
];

export async function runMixedLoad(f: LoadFixture, options: { seconds: number; connections: number; accepted: Set<string> }): Promise<KindResult[]> {
  const runs = KINDS.map(async (k) => {
    const connections = Math.max(2, Math.round(options.connections * k.share));
    const result = await autocannon({
      url: f.url,
      connections,
      duration: options.seconds,
      headers: k.headers?.(f),
      requests: k.requests(f, options.accepted),
      timeout: 30,
    });
    const codes: Record<string, number> = {};
    for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) codes[code] = (stat as { count: number }).count;
    const unexpected = Object.fromEntries(Object.entries(codes).filter(([code]) => !k.expected.includes(Number(code))));
    return {
      kind: k.kind,
      connections,
      requests: result.requests.total,
      rps: Math.round(result.requests.average),
      p50: result.latency.p50,
      p99: result.latency.p99,
      codes,
      errors: result.errors + result.timeouts,
      unexpected,
    } satisfies KindResult;
  });
  return Promise.all(runs);
}
