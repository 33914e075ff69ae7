import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "@/lib/log/logger";

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger({ level: "info", destination }), output: () => lines.join("") };
}

const KEY = "sb_live_sk_4eC39HqLyjWDarjtT1zdp7dcABCDEF1234";
const PHONE = "+234 803 555 0789";

describe("logger redaction", () => {
  it("censors sensitive fields by name at any of the first levels", () => {
    const { logger, output } = capture();
    logger.info({ password: "hunter2hunter2", user: { token: "abc" }, req: { headers: { "x-api-key": KEY } } }, "login");
    const text = output();
    expect(text).not.toContain("hunter2");
    expect(text).not.toContain('"abc"');
    expect(text).not.toContain(KEY);
  });

  it("scrubs keys, secrets, bearer tokens and phone numbers from free text and errors", () => {
    const { logger, output } = capture();
    logger.info(`caller ${PHONE} used ${KEY} with whsec_abcdefghijklmnop and Bearer abc.def.ghijkl`);
    logger.error({ err: new Error(`lookup failed for ${PHONE}`), note: `number 08035550789` }, "oops");
    const text = output();
    for (const secret of [KEY, "whsec_abcdefghijklmnop", "abc.def.ghijkl", "803 555", "08035550789", "5550789"]) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain("[api-key]");
    expect(text).toContain("[number]");
  });

  it("keeps ISO dates readable", () => {
    const { logger, output } = capture();
    logger.info("retention ran on 2026-11-22 at 22:05:30");
    expect(output()).toContain("2026-11-22 at 22:05:30");
  });

  it("keeps UUIDs whole, and still catches a number written beside one", () => {
    const { logger, output } = capture();
    const id = "79de1234-5678-4abc-9def-012345678901";
    logger.info(`call ${id} from +2348035550789 (workspace ${id}+2348035550789)`);
    const text = output();
    expect(text.split(id)).toHaveLength(3);
    expect(text).not.toContain("8035550789");
  });
});
