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

    it("yields exactly the roles a plain set model predicts: held, minus removed, plus added, adds winning (property)", () => {
        fc.assert(
            fc.property(fc.array(role), fc.array(change), (current, changes) => {
                expect(ids(planRoles(current, changes))).toEqual(modelPlan(current, changes));
            }),
        );
    });

    it("keeps the order of the roles it keeps, appends new ones, and never repeats a role (property)", () => {
        fc.assert(
            fc.property(fc.array(role), fc.array(change), (current, changes) => {
                const next = planRoles(current, changes).map((x) => x.id);
                expect(new Set(next).size).toBe(next.length);
                const kept = [...new Set(current.map((x) => x.id))].filter((id) => next.includes(id));
                expect(next.slice(0, kept.length)).toEqual(kept);
            }),
        );
    });

    it("never touches a role that no change names (property)", () => {
        fc.assert(
            fc.property(fc.array(role), fc.array(change), (current, changes) => {
                const named = new Set(changes.flatMap((c) => [c.add?.id, c.remove?.id]));
                const before = new Set(current.map((x) => x.id));
                const after = new Set(planRoles(current, changes).map((x) => x.id));
                for (const id of ALL_IDS) if (!named.has(id)) expect(after.has(id)).toBe(before.has(id));
            }),
        );
    });
});

describe("satisfies and sameRoleSet, judged by the set model", () => {
    const role = fc.constantFrom(...["A", "B", "C", "D"].map(r));
    const change = fc.record({
        add: fc.option(role, { nil: undefined }),
        remove: fc.option(role, { nil: undefined }),
    });

    it("satisfies is true exactly when the set model says every change holds (property)", () => {
        fc.assert(
            fc.property(fc.array(role), fc.array(change), (current, changes) => {
                expect(satisfies(current, changes)).toBe(modelHolds(current, changes));
            }),
        );
    });

    it("what planRoles returns satisfies every change, by the set model (property)", () => {
        fc.assert(
            fc.property(fc.array(role), fc.array(change), (current, changes) => {
                expect(modelHolds(planRoles(current, changes), changes)).toBe(true);
            }),
        );
    });

    it("sameRoleSet is set equality of ids, whatever the order and repetition (property)", () => {
        fc.assert(
            fc.property(fc.array(role), fc.array(role), (a, b) => {
                expect(sameRoleSet(a, b)).toBe(ids(a).join() === ids(b).join());
            }),
        );
    });

    it("sameRoleSet tells ids apart that would run together if joined (a, bc against ab, c)", () => {
        const ref = (id: string): RoleRef => ({ id, name: id });
        expect(sameRoleSet([ref("a"), ref("bc")], [ref("ab"), ref("c")])).toBe(false);
    });

    it("the model can tell: a plan that ignores removals disagrees with it", () => {
        const current = [r("A"), r("B")];
        const changes = [{ remove: r("A") }];
        expect(modelPlan(current, changes)).toEqual(["id-B"]);
        expect(modelHolds(current, changes)).toBe(false);
    });
});

// The oracle: a plain model on sets of ids, written without anything from role-set.ts.
const ALL_IDS = ["A", "B", "C", "D", "E", "F"].map((n) => `id-${n}`);
type Change = { add?: RoleRef; remove?: RoleRef };

/** Sorted distinct ids. */
function ids(roles: readonly RoleRef[]): string[] {
    return [...new Set(roles.map((x) => x.id))].sort();
}

/** held − (removed and not added by any change) ∪ added, as sorted ids. */
function modelPlan(current: readonly RoleRef[], changes: readonly Change[]): string[] {
    const added = new Set(changes.flatMap((c) => (c.add ? [c.add.id] : [])));
    const removed = new Set(changes.flatMap((c) => (c.remove ? [c.remove.id] : [])));
    const result = new Set(current.map((x) => x.id));
    for (const id of removed) if (!added.has(id)) result.delete(id);
    for (const id of added) result.add(id);
    return [...result].sort();
}

/** Every add is held; every remove is not held, unless some change of the batch adds it (the add wins). */
function modelHolds(current: readonly RoleRef[], changes: readonly Change[]): boolean {
    const held = new Set(current.map((x) => x.id));
    const added = new Set(changes.flatMap((c) => (c.add ? [c.add.id] : [])));
    return changes.every(
        (c) =>
            (!c.add || held.has(c.add.id)) && (!c.remove || added.has(c.remove.id) || !held.has(c.remove.id)),
    );
}
