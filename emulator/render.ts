/**
 * JSON shapes of users, groups and roles (Qlik's API reference and the Manage roles guide's sample responses).
 *
 * Each shape is a named type so that test/types can hold it against Qlik's published response types
 * (`@qlik/api`): a field the emulator renders that Qlik's types do not allow is a compile error there. Fields
 * Qlik sends beyond its types (`clientId`, `idpId`) are rendered too, as a real tenant does.
 */
import type { EmulatorContext } from "./context";
import { promotesToFull, USER_DEFAULT, type RoleRecord } from "./roles";
import type { GroupRecord, UserRecord } from "./state";
import type { UserStatus } from "./types";

export interface AssignedRole {
    id: string;
    name: string;
    type: "default" | "custom";
    level: "admin" | "user";
}

/** `links` of a single resource: an absolute URL to itself. */
export interface SelfLink {
    self: { href: string };
}

export interface UserJson {
    id: string;
    tenantId: string;
    clientId?: string;
    status: UserStatus;
    subject: string;
    name: string;
    email?: string;
    /** Absent when the caller may not read other users' role assignments. */
    assignedRoles?: AssignedRole[];
    assignedGroups: { id: string; name: string; assignedRoles?: AssignedRole[] }[];
    createdAt: string;
    lastUpdatedAt: string;
    links: SelfLink;
}

export interface GroupJson {
    id: string;
    tenantId: string;
    createdAt: string;
    lastUpdatedAt: string;
    name: string;
    status: "active" | "disabled";
    idpId?: string;
    providerType: "idp" | "custom";
    /** Absent when the caller may not read role assignments. */
    assignedRoles?: AssignedRole[];
    links: SelfLink;
}

export interface RoleJson {
    id: string;
    tenantId: string;
    name: string;
    description: string;
    type: "default" | "custom";
    level: "admin" | "user";
    permissions: string[];
    /** Custom roles only: their scopes. */
    assignedScopes?: string[];
    canEdit: boolean;
    canDelete: boolean;
    /** Absent with the `roleEntitlement: "boolean"` or `"none"` variant. */
    userEntitlementType?: string;
    /** The deprecated boolean twin, sent with the `roleEntitlement: "boolean"` or `"both"` variant. */
    fullUser?: boolean;
    createdAt: string;
    lastUpdatedAt: string;
    links: SelfLink;
}

function assignedRoles(ctx: EmulatorContext, roleIds: readonly string[]): AssignedRole[] {
    // Order as assigned: Qlik echoes the PATCH order (Ansible's module is order-sensitive for this reason).
    return ctx.state.rolesOf(roleIds).map((r) => ({ id: r.id, name: r.name, type: r.type, level: r.level }));
}

/**
 * A user's direct roles. With the `userDefault: "listed"` variant they end with the implicit UserDefault, as a
 * tenant may list it; the state never stores it, and a PATCH that names it is refused (patch.ts).
 */
function userRoles(ctx: EmulatorContext, roleIds: readonly string[]): AssignedRole[] {
    const listed = assignedRoles(ctx, roleIds);
    const implicit = ctx.state.roleByName(USER_DEFAULT);
    if (ctx.variants.userDefault !== "listed" || !implicit) return listed;
    return [...listed, { id: implicit.id, name: implicit.name, type: implicit.type, level: implicit.level }];
}

export function renderUser(ctx: EmulatorContext, u: UserRecord, showRoles: boolean): UserJson {
    return {
        id: u.id,
        tenantId: ctx.tenantId,
        ...(u.clientId !== undefined ? { clientId: u.clientId } : {}),
        status: u.status,
        subject: u.subject,
        name: u.name,
        ...(u.email !== undefined ? { email: u.email } : {}),
        ...(showRoles ? { assignedRoles: userRoles(ctx, u.roleIds) } : {}),
        assignedGroups: ctx.state.groupsOf(u).map((g) => ({
            id: g.id,
            name: g.name,
            ...(showRoles ? { assignedRoles: assignedRoles(ctx, g.roleIds) } : {}),
        })),
        createdAt: u.createdAt,
        lastUpdatedAt: u.lastUpdatedAt,
        links: { self: { href: `${ctx.url}/api/v1/users/${u.id}` } },
    };
}

export function renderGroup(ctx: EmulatorContext, g: GroupRecord, showRoles: boolean): GroupJson {
    return {
        id: g.id,
        tenantId: ctx.tenantId,
        createdAt: g.createdAt,
        lastUpdatedAt: g.lastUpdatedAt,
        name: g.name,
        status: g.status,
        ...(g.idpId !== undefined ? { idpId: g.idpId } : {}),
        providerType: g.providerType,
        ...(showRoles ? { assignedRoles: assignedRoles(ctx, g.roleIds) } : {}),
        links: { self: { href: `${ctx.url}/api/v1/groups/${g.id}` } },
    };
}

export function renderRole(ctx: EmulatorContext, r: RoleRecord): RoleJson {
    return {
        id: r.id,
        tenantId: ctx.tenantId,
        name: r.name,
        description: r.description,
        type: r.type,
        level: r.level,
        // ASSUMPTION: real roles list permission strings; the emulator has no permission model, and shows a custom
        // role's scopes as its permissions.
        permissions: [...r.assignedScopes],
        ...(r.type === "custom" ? { assignedScopes: [...r.assignedScopes] } : {}),
        canEdit: r.type === "custom",
        canDelete: r.type === "custom",
        ...roleEntitlement(ctx, r),
        createdAt: r.createdAt,
        lastUpdatedAt: r.lastUpdatedAt,
        links: { self: { href: `${ctx.url}/api/v1/roles/${r.id}` } },
    };
}

/**
 * A role's licence effect in the form the `roleEntitlement` variant picks: `userEntitlementType` (documented values:
 * "fullUser" when it promotes; ASSUMPTION: "basicUser" otherwise, Qlik lists no other value), the deprecated
 * boolean `fullUser`, both, or neither (what a tenant the field does not apply to may send: undocumented).
 */
function roleEntitlement(
    ctx: EmulatorContext,
    r: RoleRecord,
): { userEntitlementType?: string; fullUser?: boolean } {
    const full = promotesToFull(r);
    const type = full ? "fullUser" : "basicUser";
    switch (ctx.variants.roleEntitlement) {
        case "type":
            return { userEntitlementType: type };
        case "boolean":
            return { fullUser: full };
        case "both":
            return { userEntitlementType: type, fullUser: full };
        case "none":
            return {};
    }
}
