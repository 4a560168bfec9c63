/**
 * Who sees a space and who may change its assignments. Qlik documents only that lists hold "spaces that the current
 * user has access to" and that a 404 means "not found or access denied".
 * ASSUMPTION: a TenantAdmin sees every shared, managed and data space; anyone else sees the spaces it owns or holds
 * an assignment in, directly or through an active group (Everyone included). A personal space is seen by its owner
 * alone. Writes: a TenantAdmin whose credential may write (see auth.ts), the owner, or a holder of `facilitator`.
 */
import type { ApiCall } from "./context";
import { ASSIGNABLE_ROLES, type SpaceRecord, type SpaceRole } from "./spaces-state";

/** The caller's roles in the space: every assignable role for the owner, else its assignments' roles. */
export function callerRoles(call: ApiCall, space: SpaceRecord): SpaceRole[] {
    const { state } = call.ctx;
    const userId = call.caller.userId;
    if (space.ownerId === userId) return [...ASSIGNABLE_ROLES[space.type]];
    const user = state.user(userId);
    const groupIds = new Set(
        [...(user ? state.groupsOf(user) : []), ...state.allGroups().filter((g) => g.system)]
            .filter((g) => g.status === "active")
            .map((g) => g.id),
    );
    const roles = new Set<SpaceRole>();
    for (const a of state.spaces.assignmentsOf(space.id)) {
        const mine = a.type === "user" ? a.assigneeId === userId : groupIds.has(a.assigneeId);
        if (mine) for (const r of a.roles) roles.add(r);
    }
    return [...roles];
}

export function canSee(call: ApiCall, space: SpaceRecord): boolean {
    if (space.type === "personal") return space.ownerId === call.caller.userId;
    if (call.perms.canReadRoles || space.ownerId === call.caller.userId) return true;
    return callerRoles(call, space).length > 0;
}

export function canManage(call: ApiCall, space: SpaceRecord): boolean {
    if (space.ownerId === call.caller.userId || call.perms.canWriteRoles) return true;
    return callerRoles(call, space).includes("facilitator");
}
