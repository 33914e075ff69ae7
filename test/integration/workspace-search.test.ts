import { describe, expect, it } from "vitest";
import { searchWorkspace } from "@/lib/search/workspace-search";
import { insertKey } from "../support/api";
import { withTwoWorkspaces } from "../support/members";

const { as, member } = withTwoWorkspaces();

describe("the command palette's search", () => {
  it("finds a member by name or email and by membership id, in this workspace only", async () => {
    const owner = await as("owner");
    const byEmail = await searchWorkspace(owner, "agent@acme");
    expect(byEmail.map((h) => h.kind)).toEqual(["member"]);
    const [hit] = byEmail;
    expect(hit?.href).toMatch(/^\/acme\/team\/[0-9a-f-]{36}$/);
    const byId = await searchWorkspace(owner, hit!.href.split("/").at(-1)!);
    expect(byId.map((h) => h.label)).toEqual([hit!.label]);
    // The other workspace's agent is not found from here.
    expect((await searchWorkspace(owner, "agent@other")).length).toBe(0);
  });

  it("searches each kind only for members who may open its page", async () => {
    const agent = await as("agent");
    expect(await searchWorkspace(agent, member("owner").email)).toEqual([]);
    await insertKey((await as("owner")).workspace.id, { scopes: [] });
    expect((await searchWorkspace(await as("developer"), "test key")).map((h) => h.kind)).toEqual(["api_key"]);
    expect(await searchWorkspace(agent, "test key")).toEqual([]);
  });

  it("answers key fragments, never key material", async () => {
    const hits = await searchWorkspace(await as("owner"), "test key");
    expect(hits[0]?.detail).toMatch(/…[0-9A-Za-z]{4}/);
    expect(JSON.stringify(hits)).not.toMatch(/sb_(live|test)_sk_[0-9A-Za-z]{20,}/);
  });
});
