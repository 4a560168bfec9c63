/**
 * What the lookups read, as plain async functions over a `QlikClient`: GETs only (they run during `pulumi preview`),
 * paging through every page, and results sorted so that a program's outputs do not change order between runs.
 */
import { QlikError, UNASSIGNABLE_ROLES, holdsAnyRoleFilter, type QlikClient } from "../client";
import type { Group, User } from "../schemas/qlik";

/** A role of the tenant's catalogue (GET /api/v1/roles). */
export interface RoleInfo {
    id: string;
    name: string;
    /** `default` or `custom`. */
    type?: string;
    /** `admin` or `user`. */
    level?: string;
    description?: string;
    /** False for roles Qlik gives everyone and nobody can assign (UserDefault). */
    assignable: boolean;
}

/** A user and its direct roles (roles held through groups are under `groups`). */
export interface UserInfo {
    userId: string;
    subject: string;
    name?: string;
    email?: string;
    status?: string;
    /** Direct role names, sorted. */
    roles: string[];
    groups: { groupId: string; groupName?: string; roles: string[] }[];
}

export interface GroupInfo {
    groupId: string;
    groupName: string;
    status?: string;
    /** Role names, sorted. */
    roles: string[];
}

/** Who holds a role directly (not through a group). */
export interface RoleHolders {
    role: string;
    users: { userId: string; subject: string; email?: string }[];
    groups: { groupId: string; groupName: string }[];
}

export type UserSelector = { userId: string } | { subject: string } | { email: string };
export type GroupSelector = { groupId: string } | { groupName: string };

const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function roleNames(roles: { name: string }[] | undefined, label: string): string[] {
    if (roles === undefined) {
        throw new QlikError(
            "QLIK_FORBIDDEN",
            `Qlik did not show the roles of ${label}; the credential needs the TenantAdmin role (OAuth: scope admin_classic)`,
        );
    }
    return [...new Set(roles.map((r) => r.name))].sort(byCodePoint);
}

export async function listRoles(client: QlikClient): Promise<RoleInfo[]> {
    const roles = await client.listRoles();
    return roles
        .map((r) => ({
            id: r.id,
            name: r.name,
            ...(r.type !== undefined ? { type: r.type } : {}),
            ...(r.level !== undefined ? { level: r.level } : {}),
            ...(r.description !== undefined ? { description: r.description } : {}),
            assignable: !UNASSIGNABLE_ROLES.has(r.name),
        }))
        .sort((a, b) => byCodePoint(a.name, b.name));
}

function userInfo(u: User): UserInfo {
    const label = `user "${u.subject || u.id}"`;
    return {
        userId: u.id,
        subject: u.subject,
        ...(u.name !== undefined ? { name: u.name } : {}),
        ...(u.email !== undefined ? { email: u.email } : {}),
        ...(u.status !== undefined ? { status: u.status } : {}),
        roles: roleNames(u.assignedRoles, label),
        groups: (u.assignedGroups ?? [])
            .map((g) => ({
                groupId: g.id,
                ...(g.name !== undefined ? { groupName: g.name } : {}),
                roles: roleNames(g.assignedRoles, `group ${g.name ?? g.id}`),
            }))
            .sort((a, b) => byCodePoint(a.groupId, b.groupId)),
    };
}

function groupInfo(g: Group): GroupInfo {
    return {
        groupId: g.id,
        groupName: g.name,
        ...(g.status !== undefined ? { status: g.status } : {}),
        roles: roleNames(g.assignedRoles, `group "${g.name}"`),
    };
}

/** The one user the selector names; none or several is one line saying which input to change. */
export async function findUser(client: QlikClient, selector: UserSelector): Promise<UserInfo> {
    return userInfo(await client.resolveUser(selector));
}

export async function findGroup(client: QlikClient, selector: GroupSelector): Promise<GroupInfo> {
    return groupInfo(await client.resolveGroup(selector));
}

/**
 * Users and groups holding `role` directly, through Qlik's documented `assignedRoles.name eq` filter. Qlik matches
 * case-insensitively, so the exact name is checked here; a role the tenant does not have is an error, not an
 * empty answer, so a typo cannot pass an assertion such as "nobody else holds TenantAdmin".
 */
export async function findRoleHolders(client: QlikClient, role: string): Promise<RoleHolders> {
    const catalogue = await client.listRoles();
    if (!catalogue.some((r) => r.name === role)) {
        const near = catalogue.find((r) => r.name.toLowerCase() === role.toLowerCase());
        throw new QlikError(
            "QLIK_INVALID_INPUT",
            `role "${role}" does not exist in the tenant${near ? `; role names are case-sensitive: did you mean "${near.name}"?` : "; getRoles() lists the tenant's roles"}`,
        );
    }
    const filter = holdsAnyRoleFilter([role]);
    const holds = (p: User | Group, label: string) => roleNames(p.assignedRoles, label).includes(role);
    const [users, groups] = await Promise.all([client.listUsers({ filter }), client.listGroups({ filter })]);
    return {
        role,
        users: users
            .filter((u) => u.status !== "deleted" && holds(u, `user "${u.subject}"`))
            .map((u) => ({
                userId: u.id,
                subject: u.subject,
                ...(u.email !== undefined ? { email: u.email } : {}),
            }))
            .sort((a, b) => byCodePoint(a.subject, b.subject) || byCodePoint(a.userId, b.userId)),
        groups: groups
            .filter((g) => holds(g, `group "${g.name}"`))
            .map((g) => ({ groupId: g.id, groupName: g.name }))
            .sort((a, b) => byCodePoint(a.groupName, b.groupName) || byCodePoint(a.groupId, b.groupId)),
    };
}
