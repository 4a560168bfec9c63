/** JSON shapes of users, groups and roles (Qlik's API reference and the Manage roles guide's sample responses). */
import type { EmulatorContext } from "./context";
import type { RoleRecord } from "./roles";
import type { GroupRecord, UserRecord } from "./state";

export interface AssignedRole {
    id: string;
    name: string;
    type: "default" | "custom";
    level: "admin" | "user";
}

function assignedRoles(ctx: EmulatorContext, roleIds: readonly string[]): AssignedRole[] {
    // Order as assigned: Qlik echoes the PATCH order (Ansible's module is order-sensitive for this reason).
    return ctx.state.rolesOf(roleIds).map((r) => ({ id: r.id, name: r.name, type: r.type, level: r.level }));
}

export function renderUser(ctx: EmulatorContext, u: UserRecord, showRoles: boolean): Record<string, unknown> {
    const out: Record<string, unknown> = { id: u.id, tenantId: ctx.tenantId };
    if (u.clientId !== undefined) out["clientId"] = u.clientId;
    out["status"] = u.status;
    out["subject"] = u.subject;
    out["name"] = u.name;
    if (u.email !== undefined) out["email"] = u.email;
    if (showRoles) out["assignedRoles"] = assignedRoles(ctx, u.roleIds);
    out["assignedGroups"] = ctx.state.groupsOf(u).map((g) => ({
        id: g.id,
        name: g.name,
        ...(showRoles ? { assignedRoles: assignedRoles(ctx, g.roleIds) } : {}),
    }));
    out["createdAt"] = u.createdAt;
    out["lastUpdatedAt"] = u.lastUpdatedAt;
    out["links"] = { self: { href: `${ctx.url}/api/v1/users/${u.id}` } };
    return out;
}

export function renderGroup(
    ctx: EmulatorContext,
    g: GroupRecord,
    showRoles: boolean,
): Record<string, unknown> {
    const out: Record<string, unknown> = {
        id: g.id,
        tenantId: ctx.tenantId,
        createdAt: g.createdAt,
        lastUpdatedAt: g.lastUpdatedAt,
        name: g.name,
        status: g.status,
    };
    if (g.idpId !== undefined) out["idpId"] = g.idpId;
    out["providerType"] = g.providerType;
    if (showRoles) out["assignedRoles"] = assignedRoles(ctx, g.roleIds);
    out["links"] = { self: { href: `${ctx.url}/api/v1/groups/${g.id}` } };
    return out;
}

export function renderRole(ctx: EmulatorContext, r: RoleRecord): Record<string, unknown> {
    return {
        id: r.id,
        tenantId: ctx.tenantId,
        name: r.name,
        description: r.description,
        type: r.type,
        level: r.level,
        // ASSUMPTION: real roles list permission strings; the emulator has no permission model.
        permissions: [],
        createdAt: r.createdAt,
        lastUpdatedAt: r.lastUpdatedAt,
        links: { self: { href: `${ctx.url}/api/v1/roles/${r.id}` } },
    };
}
