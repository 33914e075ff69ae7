// Runs every benchmark in turn; each prints its own figures.
const suites = ["./gate-overhead.ts", "./identity.ts", "./two-factor.ts", "./passkeys.ts", "./authz.ts", "./api-keys.ts", "./calls.ts", "./audit.ts", "./uploads.ts", "./console.ts"];
for (const suite of suites) {
  console.log(`\n### ${suite}`);
  await import(suite);
}
export {};
