import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

/**
 * The layering (decision 020), checked here so a wrong import fails `npm run lint`:
 * - no import cycles (type-only imports are erased, so they cannot form one);
 * - app/ and components/ reach data only through lib/entry and the domains, never lib/db
 *   (types of the generated client excepted: they are erased too);
 * - domains never import the transport (lib/api) or the entry layer (lib/entry): they take a
 *   Principal and answer values or AppErrors;
 * - lib/core imports no other part of lib/.
 */
const restricted = (patterns, allowTypeImports = false) => ["error", { patterns: patterns.map((p) => ({ ...p, allowTypeImports })) }];

const DB = { group: ["@/lib/db/*", "@/lib/db", "**/lib/db/*"], message: "Pages and components reach data through lib/entry's context and the domains (decision 020)." };
const TRANSPORT = {
  group: ["@/lib/api/*", "@/lib/entry/*", "../api/*", "../../api/*", "../entry/*", "../../entry/*"],
  message: "Domains take a Principal and throw AppErrors; HTTP and entry steps live in lib/api and lib/entry (decision 020).",
};
const DOMAINS = { group: ["../*", "!../core", "!../core/*", "@/lib/*", "!@/lib/core/*"], message: "lib/core is what every domain uses: it imports none of them (decision 020)." };

const config = [
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      // Server actions bound with useActionState receive (prevState, formData) whether or not they use them.
      "@typescript-eslint/no-unused-vars": ["warn", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}", "lib/**/*.ts", "scripts/**/*.ts", "proxy.ts"],
    // Dependencies are not ours to check (and some are too large for the parser to walk).
    settings: { "import/ignore": ["node_modules"] },
    rules: { "import/no-cycle": ["error", { ignoreExternal: true }] },
  },
  {
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}"],
    rules: { "@typescript-eslint/no-restricted-imports": restricted([DB], true) },
  },
  {
    files: ["lib/**/*.ts"],
    ignores: ["lib/api/**", "lib/entry/**", "lib/core/**"],
    rules: { "@typescript-eslint/no-restricted-imports": restricted([TRANSPORT]) },
  },
  {
    files: ["lib/core/**/*.ts"],
    rules: { "@typescript-eslint/no-restricted-imports": restricted([DOMAINS]) },
  },
  { ignores: [".next/**", "lib/db/generated/**", "node_modules/**", ".data/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
];

export default config;
