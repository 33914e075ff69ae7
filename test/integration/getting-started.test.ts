import { describe, expect, it } from "vitest";
import { gettingStarted } from "@/lib/overview/getting-started";
import { insertKey } from "../support/api";
import { withTwoWorkspaces } from "../support/members";

const { as } = withTwoWorkspaces();

describe("the overview's getting-started checklist", () => {
  it("lists the owner's steps, done from what the workspace holds", async () => {
    const owner = await as("owner");
    const steps = await gettingStarted(owner);
    expect(steps?.map((s) => s.id)).toEqual(["number", "agent", "test_call", "api_key", "webhook", "team", "two_factor"]);
    // Six members already: the team step is done; nothing else is.
    expect(steps?.filter((s) => s.done).map((s) => s.id)).toEqual(["team"]);
    expect(steps?.find((s) => s.id === "api_key")?.href).toBe("/acme/developers/api-keys");

    await insertKey(owner.workspace.id, { scopes: [] });
    expect((await gettingStarted(await as("owner")))?.find((s) => s.id === "api_key")?.done).toBe(true);
    // Another workspace's key ticks nothing here.
    expect((await gettingStarted(await as("owner", "other")))?.find((s) => s.id === "api_key")?.done).toBe(false);
  });

  it("is for those who set a workspace up: an agent or a developer gets none", async () => {
    expect(await gettingStarted(await as("agent"))).toBeNull();
    expect(await gettingStarted(await as("developer"))).toBeNull();
  });
});
