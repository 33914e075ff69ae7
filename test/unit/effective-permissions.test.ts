import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { resolvePermissions, ROLE_LIMITS, type GroupOverrides, type Override } from "@/lib/authz/effective";
import { PERMISSIONS, type Permission } from "@/lib/authz/permissions";
import { ROLE_DEFAULTS, ROLES, type Role } from "@/lib/authz/roles";

const SPEC_DEFAULTS: Record<Role, Permission[]> = {
  owner: [...PERMISSIONS],
  admin: PERMISSIONS.filter((p) => p !== "billing:manage"),
  developer: ["calls:read", "test_calls:run", "config:manage", "api_keys:read", "api_keys:manage", "webhooks:manage"],
  billing: ["billing:manage"],
  agent: ["calls:read"],
  viewer: ["calls:read", "api_keys:read"],
};

const override = fc.record({ permission: fc.constantFrom(...PERMISSIONS), granted: fc.boolean() });
const overrides = fc.uniqueArray(override, { selector: (o) => o.permission, maxLength: 13 });
const groups = fc.array(fc.record({ groupId: fc.uuid(), overrides }), { maxLength: 5 });
const role = fc.constantFrom(...ROLES);

describe("role defaults", () => {
  it.each(ROLES)("%s has exactly the SPEC's permissions", (r) => {
    expect([...ROLE_DEFAULTS[r]].sort()).toEqual([...SPEC_DEFAULTS[r]].sort());
    expect(resolvePermissions({ role: r, groups: [], user: [] }).list().sort()).toEqual([...SPEC_DEFAULTS[r]].sort());
  });
});

describe("effective permissions (property-based)", () => {
  it("owners always have everything, whatever the overrides", () => {
    fc.assert(
      fc.property(groups, overrides, (g, u) => {
        expect(resolvePermissions({ role: "owner", groups: g, user: u }).list()).toEqual([...PERMISSIONS]);
      }),
    );
  });

  const limited = (r: Role, p: Permission) => ROLE_LIMITS[r]?.includes(p) ?? false;

  it("a member's own override always decides its permission, within the role's limits", () => {
    fc.assert(
      fc.property(role.filter((r) => r !== "owner"), groups, overrides, (r, g, u) => {
        const eff = resolvePermissions({ role: r, groups: g, user: u });
        for (const o of u) {
          expect(eff.has(o.permission)).toBe(o.granted && !limited(r, o.permission));
          expect(eff.explain(o.permission).source.kind).toBe(o.granted && limited(r, o.permission) ? "role_limit" : "user");
        }
      }),
    );
  });

  it("without an own override: a deny in any group beats any grant; else a grant; else the role", () => {
    fc.assert(
      fc.property(role.filter((r) => r !== "owner"), groups, (r, g) => {
        const eff = resolvePermissions({ role: r, groups: g, user: [] });
        for (const p of PERMISSIONS) {
          const all = g.flatMap((x: GroupOverrides) => x.overrides.filter((o: Override) => o.permission === p));
          const expected = all.some((o) => !o.granted) ? false : all.some((o) => o.granted) ? true : ROLE_DEFAULTS[r].includes(p);
          expect(eff.has(p)).toBe(expected && !limited(r, p));
        }
      }),
    );
  });

  it("explains group decisions by naming the deciding groups", () => {
    const eff = resolvePermissions({
      role: "agent",
      groups: [
        { groupId: "g1", groupName: "Night", overrides: [{ permission: "test_calls:run", granted: true }] },
        { groupId: "g2", groupName: "Probation", overrides: [{ permission: "test_calls:run", granted: false }] },
      ],
      user: [],
    });
    expect(eff.explain("test_calls:run")).toEqual({ granted: false, source: { kind: "group", groupIds: ["g2"], groupNames: ["Probation"] } });
  });

  it("an agent never holds calls:read_unmasked, and the explanation says so", () => {
    fc.assert(
      fc.property(groups, overrides, (g, u) => {
        const grant: Override = { permission: "calls:read_unmasked", granted: true };
        const eff = resolvePermissions({ role: "agent", groups: [...g, { groupId: "grant", overrides: [grant] }], user: [...u.filter((o) => o.permission !== grant.permission), grant] });
        expect(eff.has("calls:read_unmasked")).toBe(false);
        expect(eff.list()).not.toContain("calls:read_unmasked");
        expect(eff.explain("calls:read_unmasked")).toEqual({ granted: false, source: { kind: "role_limit", role: "agent" } });
      }),
    );
  });
});
