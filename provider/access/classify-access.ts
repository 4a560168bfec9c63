/**
 * Who holds what, and who manages it: the tenant's grants (as read, no requests here) classified against what the
 * stacks declare. Each grant is a principal and a role, how it is held (direct, through group G, through Everyone,
 * or as a space member), whether the role promotes to Full, and the resources managing it (none: unmanaged).
 *
 * A user's role held through a group is a row of its own, managed by whoever manages the group's grant: taking it
 * away means taking it from the group. Everyone's roles are one row each (every user holds them), not one per user.
 * Roles a disabled group holds reach no member, so they give no member rows (the group's own row stays).
 */
import { EVERYONE_GROUP_ID, EVERYONE_GROUP_NAME, UNASSIGNABLE_ROLES, type RoleRef } from "../client";
import {
    grantKey,
    type DeclaredSet,
    type GrantTarget,
    type Manager,
    type StackDeclarations,
} from "./declared-grants";
import { describeVia, heldRoles, promotesToFull, type HeldVia, type RoleEntitlement } from "./held-roles";

export interface TenantUser {
    id: string;
    subject: string;
    email?: string;
    status?: string;
    direct: RoleRef[];
    groupIds: string[];
}

export interface TenantGroup {
    id: string;
    name: string;
    status?: string;
    roles: RoleRef[];
}

export interface TenantSpaceMember {
    spaceId: string;
    spaceName: string;
    type: "user" | "group";
    assigneeId: string;
    roles: string[];
}

export interface CatalogueRole extends RoleEntitlement {
    id: string;
    name: string;
    type?: string;
    /** A custom role's definition, for `--program` to adopt it as it is. */
    description?: string;
    assignedScopes?: string[];
}

/** What `report` read of the tenant. `spaces` is undefined when space assignments were not read. */
export interface TenantAccess {
    tenantUrl: string;
    roles: CatalogueRole[];
    users: TenantUser[];
    groups: TenantGroup[];
    everyone: RoleRef[];
    spaces?: TenantSpaceMember[];
}

/** How a grant is held: a tenant role's source, or a space membership. */
export type GrantVia = HeldVia | { kind: "space" };

export interface Principal {
    kind: "user" | "group" | "everyone";
    id: string;
    /** As the tenant names it: a user's subject, a group's name. */
    name: string;
    /** `user "alice@x"`, `group "Sales"`, `Everyone`. */
    label: string;
    status?: string;
}

export interface GrantRow {
    principal: Principal;
    /** Set for a space member's grant. */
    space?: { id: string; name: string };
    role: string;
    roleId: string;
    via: GrantVia;
    promotesToFull: boolean;
    /**
     * The resources managing it (through a group: the group's grant), the exact sets of `removedBy` included;
     * empty = unmanaged.
     */
    managedBy: Manager[];
    /**
     * Exact sets (`UserRoles` / `GroupRoles` / `SpaceRoles`) on its principal that do not list the role: the next
     * `up` of their stack removes it. Such a grant is the set's business, not unmanaged, and never adopted.
     */
    removedBy?: Manager[];
    /** A group's grant: how many listed users belong to it. */
    members?: number;
}

/** Why a declaration and the tenant differ. */
export const BEYOND_SET = "held, not in the exact set: the next up removes it";

export interface DriftRow {
    manager: Manager;
    /** The principal as the tenant names it (its id when it is gone); absent for a custom role. */
    principal?: Principal;
    /** Set for a space member's grant. */
    space?: { id: string; name: string };
    /** The principal as the tenant names it (its id when it is gone), or "custom role". */
    label: string;
    role: string;
    why: "not held" | "principal gone" | typeof BEYOND_SET | "role gone";
}

export interface CustomRoleRow {
    id: string;
    name: string;
    promotesToFull: boolean;
    managedBy: Manager[];
}

export interface Classified {
    grants: GrantRow[];
    drift: DriftRow[];
    customRoles: CustomRoleRow[];
}

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Whether a row is a grant of its own (on a user, a group, Everyone or in a space), not one held through a group. */
export const isSourceGrant = (row: GrantRow): boolean => row.via.kind !== "group";

/**
 * A name in double quotes, as a person reads it: only control characters are escaped (as JSON escapes them), so a
 * newline cannot break a line, while a subject such as `qlikbot\<clientId>` keeps its one backslash.
 */
export const quote = (name: string) =>
    `"${name.replace(/[\u0000-\u001f\u007f]/g, (c) => JSON.stringify(c).slice(1, -1))}"`;
export const userLabel = (u: { subject: string; id: string }) => `user ${quote(u.subject || u.id)}`;
export const groupLabel = (name: string) => `group ${quote(name)}`;

const userPrincipal = (u: TenantUser): Principal => ({
    kind: "user",
    id: u.id,
    name: u.subject,
    label: userLabel(u),
    ...statusOf(u.status),
});
const groupPrincipal = (g: TenantGroup): Principal => ({
    kind: "group",
    id: g.id,
    name: g.name,
    label: groupLabel(g.name),
    ...statusOf(g.status),
});
const EVERYONE: Principal = {
    kind: "everyone",
    id: EVERYONE_GROUP_ID,
    name: EVERYONE_GROUP_NAME,
    label: "Everyone",
};

/** Classifies every grant of the tenant against the declarations. */
export function classifyAccess(tenant: TenantAccess, declared: StackDeclarations): Classified {
    const managers = new Map<string, Manager[]>();
    for (const d of declared.grants) {
        const key = grantKey(d.target, d.roleId);
        managers.set(key, [...(managers.get(key) ?? []), d.manager]);
    }
    const setsOn = new Map<string, DeclaredSet[]>();
    for (const set of declared.sets) {
        const key = grantKey(set.target, "");
        setsOn.set(key, [...(setsOn.get(key) ?? []), set]);
    }
    const managedBy: ManagedBy = (target, roleId) => {
        const removedBy = (setsOn.get(grantKey(target, "")) ?? [])
            .filter((set) => !set.roleIds.includes(roleId))
            .map((set) => set.manager);
        const declaring = managers.get(grantKey(target, roleId)) ?? [];
        return removedBy.length > 0
            ? { managedBy: [...declaring, ...removedBy], removedBy }
            : { managedBy: declaring };
    };
    const catalogue = new Map(tenant.roles.map((r) => [r.id, r]));
    const promotes = (role: RoleRef) => {
        const known = catalogue.get(role.id);
        return known ? promotesToFull(known) : false;
    };
    const assignable = (roles: readonly RoleRef[]) => roles.filter((r) => !UNASSIGNABLE_ROLES.has(r.name));

    const groups = new Map(tenant.groups.map((g) => [g.id, g]));
    const members = new Map<string, number>();
    const rows: GrantRow[] = [];
    const users = [...tenant.users].sort(
        (a, b) => byCodePoint(a.subject, b.subject) || byCodePoint(a.id, b.id),
    );
    for (const u of users) {
        if (u.status === "deleted") continue;
        const principal = userPrincipal(u);
        const memberOf = u.groupIds
            .map((id) => groups.get(id))
            .filter((g): g is TenantGroup => g !== undefined);
        for (const g of memberOf) members.set(g.id, (members.get(g.id) ?? 0) + 1);
        const active = memberOf.filter((g) => g.status !== "disabled");
        const held = heldRoles({
            direct: assignable(u.direct),
            groups: active.map((g) => ({ id: g.id, name: g.name, roles: assignable(g.roles) })),
            everyone: [],
        });
        for (const { role, via } of held) {
            const source: GrantTarget =
                via.kind === "group" ? { kind: "group", id: via.groupId } : { kind: "user", id: u.id };
            rows.push({
                principal,
                role: role.name,
                roleId: role.id,
                via,
                promotesToFull: promotes(role),
                ...managedBy(source, role.id),
            });
        }
    }
    const sortedGroups = [...tenant.groups].sort(
        (a, b) => byCodePoint(a.name, b.name) || byCodePoint(a.id, b.id),
    );
    for (const g of sortedGroups) {
        const principal = groupPrincipal(g);
        for (const role of assignable(g.roles))
            rows.push({
                principal,
                role: role.name,
                roleId: role.id,
                via: { kind: "direct" },
                promotesToFull: promotes(role),
                ...managedBy({ kind: "group", id: g.id }, role.id),
                members: members.get(g.id) ?? 0,
            });
    }
    // Appended one by one: a spread of many space grants into push() would overflow the call stack.
    for (const row of [...everyoneRows(tenant, promotes, managedBy), ...spaceRows(tenant, managedBy)])
        rows.push(row);
    return {
        grants: rows,
        drift: driftOf(tenant, declared),
        customRoles: customRoleRows(tenant, declared, promotes),
    };
}

/** The resources managing a (target, role) pair, and the exact sets that remove it. */
type ManagedBy = (target: GrantTarget, roleId: string) => Pick<GrantRow, "managedBy" | "removedBy">;

function statusOf(status: string | undefined): { status?: string } {
    return status && status !== "active" ? { status } : {};
}

function everyoneRows(
    tenant: TenantAccess,
    promotes: (r: RoleRef) => boolean,
    managedBy: ManagedBy,
): GrantRow[] {
    const principal = EVERYONE;
    return tenant.everyone
        .filter((r) => !UNASSIGNABLE_ROLES.has(r.name))
        .map((role) => ({
            principal,
            role: role.name,
            roleId: role.id,
            via: { kind: "everyone" } as const,
            promotesToFull: promotes(role),
            ...managedBy({ kind: "group", id: EVERYONE_GROUP_ID }, role.id),
        }));
}

function spaceRows(tenant: TenantAccess, managedBy: ManagedBy): GrantRow[] {
    const users = new Map(tenant.users.map((u) => [u.id, u]));
    const groups = new Map(tenant.groups.map((g) => [g.id, g]));
    const named = (tenant.spaces ?? []).map((m) => ({
        m,
        name:
            (m.type === "user" ? users.get(m.assigneeId)?.subject : groups.get(m.assigneeId)?.name) ??
            m.assigneeId,
    }));
    // As the tenant's grants are listed: by space, then users before groups, each by name (not by id).
    const rank = (type: string) => (type === "user" ? 0 : 1);
    named.sort(
        (a, b) =>
            byCodePoint(a.m.spaceName, b.m.spaceName) ||
            byCodePoint(a.m.spaceId, b.m.spaceId) ||
            rank(a.m.type) - rank(b.m.type) ||
            byCodePoint(a.name, b.name) ||
            byCodePoint(a.m.assigneeId, b.m.assigneeId),
    );
    return named.flatMap(({ m, name }) => {
        const label = m.type === "user" ? userLabel({ subject: name, id: m.assigneeId }) : groupLabel(name);
        const target: GrantTarget = {
            kind: "space",
            spaceId: m.spaceId,
            type: m.type,
            assigneeId: m.assigneeId,
        };
        return m.roles.map((role) => ({
            principal: { kind: m.type, id: m.assigneeId, name, label },
            space: { id: m.spaceId, name: m.spaceName },
            role,
            roleId: role,
            via: { kind: "space" } as const,
            // Space roles are no tenant roles: Qlik's Roles API says nothing of their licence effect.
            promotesToFull: false,
            ...managedBy(target, role),
        }));
    });
}

/** The tenant's principals by id, for looking declarations up. */
interface TenantIndex {
    users: Map<string, TenantUser>;
    groups: Map<string, TenantGroup>;
    members: Map<string, TenantSpaceMember>;
}

function indexOf(tenant: TenantAccess): TenantIndex {
    const memberKey = (m: TenantSpaceMember) => `${m.spaceId}/${m.type}/${m.assigneeId}`;
    return {
        users: new Map(tenant.users.filter((u) => u.status !== "deleted").map((u) => [u.id, u])),
        groups: new Map(tenant.groups.map((g) => [g.id, g])),
        members: new Map((tenant.spaces ?? []).map((m) => [memberKey(m), m])),
    };
}

/** What the tenant shows on a target: its principal (as the report names it), the space, and the roles it holds by id. */
interface HeldOn {
    principal: Principal;
    space?: { id: string; name: string };
    /** The principal, and the space, in words. */
    label: string;
    roles: Map<string, string>;
}

/** The roles the tenant shows on a target, by id, and who it is; undefined when the principal is gone. */
function heldOn(tenant: TenantAccess, index: TenantIndex, target: GrantTarget): HeldOn | undefined {
    const byId = (refs: readonly RoleRef[]) => new Map(refs.map((r) => [r.id, r.name]));
    if (target.kind === "user") {
        const u = index.users.get(target.id);
        return u && { principal: userPrincipal(u), label: userLabel(u), roles: byId(u.direct) };
    }
    if (target.kind === "group") {
        if (target.id === EVERYONE_GROUP_ID)
            return { principal: EVERYONE, label: EVERYONE.label, roles: byId(tenant.everyone) };
        const g = index.groups.get(target.id);
        return g && { principal: groupPrincipal(g), label: groupLabel(g.name), roles: byId(g.roles) };
    }
    // A space member without an assignment holds no role in it (it may still exist elsewhere in the tenant).
    const m = index.members.get(`${target.spaceId}/${target.type}/${target.assigneeId}`);
    const user = target.type === "user" ? index.users.get(target.assigneeId) : undefined;
    const group = target.type === "group" ? index.groups.get(target.assigneeId) : undefined;
    const principal: Principal = user
        ? userPrincipal(user)
        : group
          ? groupPrincipal(group)
          : {
                kind: target.type,
                id: target.assigneeId,
                name: target.assigneeId,
                label: `${target.type} ${quote(target.assigneeId)}`,
            };
    const space = { id: target.spaceId, name: m?.spaceName ?? target.spaceId };
    return {
        principal,
        space,
        label: `${principal.label} in space ${quote(space.name)}`,
        roles: new Map((m?.roles ?? []).map((r) => [r, r])),
    };
}

/**
 * Declared grants the tenant does not hold, roles held beyond an exact set, and declared custom roles the tenant no
 * longer has. Space grants only when spaces were read.
 */
function driftOf(tenant: TenantAccess, declared: StackDeclarations): DriftRow[] {
    const index = indexOf(tenant);
    const checked = (t: GrantTarget) => t.kind !== "space" || tenant.spaces !== undefined;
    const drift: DriftRow[] = [];
    for (const d of declared.grants.filter((g) => checked(g.target))) {
        const on = heldOn(tenant, index, d.target);
        if (!on) drift.push({ manager: d.manager, ...gone(d.target), role: d.role, why: "principal gone" });
        else if (!on.roles.has(d.roleId))
            drift.push({ manager: d.manager, ...who(on), role: d.role, why: "not held" });
    }
    for (const set of declared.sets.filter((s) => checked(s.target))) {
        const on = heldOn(tenant, index, set.target);
        for (const [id, name] of on?.roles ?? []) {
            if (set.roleIds.includes(id) || UNASSIGNABLE_ROLES.has(name)) continue;
            drift.push({ manager: set.manager, ...who(on!), role: name, why: BEYOND_SET });
        }
    }
    const roleIds = new Set(tenant.roles.map((r) => r.id));
    for (const c of declared.customRoles)
        if (!roleIds.has(c.roleId))
            drift.push({ manager: c.manager, label: "custom role", role: c.name, why: "role gone" });
    return drift;
}

const who = (on: HeldOn): Pick<DriftRow, "principal" | "space" | "label"> => ({
    principal: on.principal,
    ...(on.space ? { space: on.space } : {}),
    label: on.label,
});

/** A principal the tenant no longer lists: named by its id. */
function gone(t: GrantTarget): Pick<DriftRow, "principal" | "space" | "label"> {
    const kind = t.kind === "space" ? t.type : t.kind;
    const id = t.kind === "space" ? t.assigneeId : t.id;
    const principal: Principal = { kind, id, name: id, label: `${kind} ${quote(id)}` };
    if (t.kind !== "space") return { principal, label: principal.label };
    const space = { id: t.spaceId, name: t.spaceId };
    return { principal, space, label: `${principal.label} in space ${quote(t.spaceId)}` };
}

function customRoleRows(
    tenant: TenantAccess,
    declared: StackDeclarations,
    promotes: (r: RoleRef) => boolean,
): CustomRoleRow[] {
    return tenant.roles
        .filter((r) => r.type === "custom")
        .sort((a, b) => byCodePoint(a.name, b.name))
        .map((r) => ({
            id: r.id,
            name: r.name,
            promotesToFull: promotes(r),
            managedBy: declared.customRoles.filter((c) => c.roleId === r.id).map((c) => c.manager),
        }));
}

/** The words for how a row is held. */
export function describeGrantVia(row: GrantRow): string {
    if (row.via.kind === "space") return "space member";
    if (row.principal.kind === "everyone") return "every user (Everyone)";
    if (row.principal.kind === "group") {
        const n = row.members ?? 0;
        return `direct (${n} member${n === 1 ? "" : "s"})`;
    }
    return describeVia(row.via);
}
