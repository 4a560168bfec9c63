/**
 * Applying a validated role PATCH: TenantAdmin invariants, the injected 207, and the outside writer.
 */
import type { ApiCall, Reply } from "./context";
import { fail, partialFailureBody } from "./errors";
import type { PrincipalKind } from "./state";

export function commitRoles(call: ApiCall, kind: PrincipalKind, id: string, roleIds: string[]): Reply {
    const { state, faults } = call.ctx;
    guardTenantAdmins(call, kind, id, roleIds);

    if (call.partial207) {
        // ASSUMPTION: Qlik documents 207 with an Errors body but not its contents or whether anything was applied.
        // The emulator applies nothing (unless the rule says `applied`), so a client that treats 207 as success
        // ends up with wrong state, and one that assumes a 207 changed nothing does too.
        const applied = call.partial207Applied;
        if (applied) {
            const current = (kind === "user" ? state.user(id) : state.group(id))?.roleIds ?? [];
            // "additions": the roles the PATCH adds landed, its removals did not; "removals": the reverse.
            const landed =
                applied === "additions"
                    ? [...new Set([...current, ...roleIds])]
                    : applied === "removals"
                      ? current.filter((r) => roleIds.includes(r))
                      : roleIds;
            state.setRoles(kind, id, landed, new Date(call.ctx.now()).toISOString());
        }
        return { status: 207, body: partialFailureBody(call.traceId) };
    }

    const principal = kind === "user" ? state.user(id) : state.group(id);
    if (!principal) throw fail.internal(`${kind} ${id} vanished`);
    const before = [...principal.roleIds];
    const now = new Date(call.ctx.now()).toISOString();
    const ow = faults.outsideWriter;
    const fires = ow.enabled && (ow.times === undefined || ow.times > 0) && faults.roll(ow.rate);
    if (fires && ow.times !== undefined) ow.times--;
    let outsideRoleId = "";
    if (fires) {
        const role = state.roleByName(ow.role);
        if (!role) throw fail.internal(`outside writer: unknown role ${JSON.stringify(ow.role)}`);
        outsideRoleId = role.id;
    }
    const withOutsideRole = (ids: string[]) => (ids.includes(outsideRoleId) ? ids : [...ids, outsideRoleId]);

    if (fires && ow.mode === "before-write") {
        // Another admin adds a role between the client's GET and its PATCH; the client's replace, built from
        // its stale read, silently drops it. Nothing on the wire can reveal this: Qlik has no ETag.
        state.setRoles(kind, id, withOutsideRole(before), now);
        record(call, id, `before-write: added ${ow.role}`);
    }
    state.setRoles(kind, id, roleIds, now);
    if (fires && ow.mode === "after-write") {
        // Another admin's read-modify-write, based on a read from before this PATCH, lands right after it.
        const written = withOutsideRole(before);
        state.setRoles(kind, id, written, now);
        record(call, id, `after-write: wrote back [${state.roleNames(written).join(", ")}]`);
    }
    return { status: 204 };
}

function record(call: ApiCall, principal: string, action: string): void {
    call.ctx.faults.outsideWriterEvents.push({ at: call.ctx.now(), principal, action });
    call.notes.push(`outside-writer:${call.ctx.faults.outsideWriter.mode}`);
}

/**
 * "A user cannot remove TenantAdmin from themselves; a tenant keeps at least one admin" (Qlik's API reference); the
 * status is undocumented. ASSUMPTION: both are 403 (code HTTP-403). Removing one's own admin rights through a
 * group counts as removing it from oneself.
 */
export function guardTenantAdmins(call: ApiCall, kind: PrincipalKind, id: string, roleIds: string[]): void {
    const { state } = call.ctx;
    const override = { kind, id, roleIds };
    if (state.isTenantAdmin(call.caller.userId) && !state.isTenantAdmin(call.caller.userId, override)) {
        throw fail.forbidden("You cannot remove the TenantAdmin role from yourself");
    }
    if (state.activeAdminCount() > 0 && state.activeAdminCount(override) === 0) {
        throw fail.forbidden("The tenant must keep at least one user with the TenantAdmin role");
    }
}
