/**
 * Pure role-set planning: given a principal's current roles and the changes wanted, the list to write back.
 *
 * This is the heart of "leave every other role alone": the next list is always the current list (order kept) with
 * exactly the requested roles added or removed. Roles are compared by id, because custom roles can be renamed.
 * Imports nothing but a type, so it is tested exhaustively with property tests.
 */
import type { RoleRef } from "../client/roles";

export type { RoleRef };

/** One resource's wish: add a role, remove one, or both (an update that swaps roles). */
export interface RoleChange {
    readonly add?: RoleRef;
    readonly remove?: RoleRef;
}

/**
 * The roles to write so that every change holds. When one change adds a role that another removes, the add wins:
 * a principal must never lose a role that some resource still declares (a replacement that keeps the same role).
 */
export function planRoles(current: readonly RoleRef[], changes: readonly RoleChange[]): RoleRef[] {
    const adds = new Map<string, RoleRef>();
    for (const c of changes) if (c.add) adds.set(c.add.id, c.add);
    const removes = new Set<string>();
    for (const c of changes) if (c.remove && !adds.has(c.remove.id)) removes.add(c.remove.id);

    const next: RoleRef[] = [];
    const seen = new Set<string>();
    for (const role of current) {
        if (seen.has(role.id) || removes.has(role.id)) continue;
        seen.add(role.id);
        next.push(role);
    }
    for (const role of adds.values()) {
        if (!seen.has(role.id)) {
            seen.add(role.id);
            next.push(role);
        }
    }
    return next;
}

/** True when every change holds in `current` (with the same add-wins rule as `planRoles`). */
export function satisfies(current: readonly RoleRef[], changes: readonly RoleChange[]): boolean {
    const held = new Set(current.map((r) => r.id));
    const added = new Set<string>();
    for (const c of changes) {
        if (c.add) {
            added.add(c.add.id);
            if (!held.has(c.add.id)) return false;
        }
    }
    return changes.every((c) => !c.remove || added.has(c.remove.id) || !held.has(c.remove.id));
}

/** Same roles, regardless of order and duplicates. */
export function sameRoleSet(a: readonly RoleRef[], b: readonly RoleRef[]): boolean {
    const ids = (list: readonly RoleRef[]) => [...new Set(list.map((r) => r.id))].sort().join(",");
    return ids(a) === ids(b);
}

export function holds(current: readonly RoleRef[], role: RoleRef): boolean {
    return current.some((r) => r.id === role.id);
}

/** The roles to add and remove to turn `current` into exactly `wanted` (compared by id). */
export function setDelta(
    current: readonly RoleRef[],
    wanted: readonly RoleRef[],
): { add: RoleRef[]; remove: RoleRef[] } {
    const wantedIds = new Set(wanted.map((r) => r.id));
    const currentIds = new Set(current.map((r) => r.id));
    return {
        add: wanted.filter((r) => !currentIds.has(r.id)),
        remove: current.filter((r) => !wantedIds.has(r.id)),
    };
}
