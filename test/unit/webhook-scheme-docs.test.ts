import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SIGNATURE_SCHEMES } from "@/lib/webhooks/scheme-names";
import { verificationSnippets } from "@/lib/webhooks/snippets-by-scheme";

describe("signature scheme docs", () => {
  const docs = readFileSync(path.join(import.meta.dirname, "../../docs/webhooks-schemes.md"), "utf8");

  it("docs/webhooks-schemes.md shows each standard and standard-ed25519 snippet exactly as the dashboard does", () => {
    for (const scheme of ["standard", "standard-ed25519"] as const) {
      for (const snippet of verificationSnippets(scheme)) {
        expect(docs).toContain(snippet.code);
        expect(docs).toContain(snippet.run);
      }
    }
  });

  it("names every scheme, and each scheme has Node, Python and Go receivers", () => {
    for (const scheme of SIGNATURE_SCHEMES) {
      expect(docs).toContain(`\`${scheme}\``);
      expect(verificationSnippets(scheme).map((s) => s.language)).toEqual(["node", "python", "go"]);
    }
  });
});
