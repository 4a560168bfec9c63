import fc from "fast-check";
import { planRoles, satisfies, sameRoleSet, type RoleRef } from "../../provider/core/role-set";

const r = (name: string): RoleRef => ({ id: `id-${name}`, name });
const AUDIT = r("AuditAdmin");
const SHARED = r("SharedSpaceCreator");
const MANAGED = r("ManagedSpaceCreator");

describe("planRoles", () => {
    it("appends the role to the documented user's roles, keeping their order", () => {
        expect(planRoles([AUDIT, SHARED], [{ add: MANAGED }]).map((x) => x.name)).toEqual([
            "AuditAdmin",
            "SharedSpaceCreator",
            "ManagedSpaceCreator",
        ]);
    });

    it("removes only the managed role", () => {
        expect(planRoles([AUDIT, MANAGED, SHARED], [{ remove: MANAGED }])).toEqual([AUDIT, SHARED]);
    });

    it("swaps roles in one plan for an update", () => {
        expect(planRoles([AUDIT, MANAGED], [{ add: SHARED, remove: MANAGED }])).toEqual([AUDIT, SHARED]);
    });

    it("lets an add win over a remove of the same role in one batch (replacement keeps the role)", () => {
        expect(planRoles([AUDIT, MANAGED], [{ remove: MANAGED }, { add: MANAGED }])).toEqual([
            AUDIT,
            MANAGED,
        ]);
    });

    it("matches roles by id, so a renamed custom role is still recognised", () => {
        expect(
            planRoles([{ id: "c1", name: "Old name" }], [{ add: { id: "c1", name: "New name" } }]),
        ).toHaveLength(1);
    });

    const role = fc.constantFrom(...["A", "B", "C", "D", "E", "F"].map(r));
    const change = fc.record({
        add: fc.option(role, { nil: undefined }),
        remove: fc.option(role, { nil: undefined }),
    });

    it("never touches a role that no change names (property)", () => {
        fc.assert(
            fc.property(fc.array(role), fc.array(change), (current, changes) => {
                const named = new Set(changes.flatMap((c) => [c.add?.id, c.remove?.id]));
                const next = planRoles(current, changes);
                for (const held of current) {
                    if (!named.has(held.id)) expect(next.some((x) => x.id === held.id)).toBe(true);
                }
                for (const x of next) {
                    if (!named.has(x.id)) expect(current.some((c) => c.id === x.id)).toBe(true);
                }
            }),
        );
    });

    it("always produces a list that satisfies every change, without duplicates (property)", () => {
        fc.assert(
            fc.property(fc.array(role), fc.array(change), (current, changes) => {
                const next = planRoles(current, changes);
                expect(satisfies(next, changes)).toBe(true);
                expect(new Set(next.map((x) => x.id)).size).toBe(next.length);
            }),
        );
    });

    it("is idempotent: planning again on its own result changes nothing (property)", () => {
        fc.assert(
            fc.property(fc.array(role), fc.array(change), (current, changes) => {
                const once = planRoles(current, changes);
                expect(sameRoleSet(planRoles(once, changes), once)).toBe(true);
            }),
        );
    });
});
