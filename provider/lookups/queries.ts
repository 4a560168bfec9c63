/**
 * What the lookups read, as plain async functions over a `QlikClient`: GETs only (they run during `pulumi preview`),
 * paging through every page, and results sorted so that a program's outputs do not change order between runs.
 */
import {
    EVERYONE_GROUP_ID,
    EVERYONE_GROUP_NAME,
    UNASSIGNABLE_ROLES,
    rolesHiddenError,
    USER_ROLE_FIELDS,
    groupsHoldingFilter,
    usersHoldingFilter,
    type GroupSelector,
    type QlikClient,
    type RoleRef,
    type UserSelector,
} from "../client";
import type { AssignedRole, Group, Role, User } from "../schemas/qlik";
import { namesEveryone, resolveEveryone } from "../runtime/kinds/everyone";
import { unknownRoleError } from "../runtime/registries/role-catalog";

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

const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The roles Qlik showed; hidden roles (a credential without TenantAdmin) fail with one line. */
function shown<R>(roles: R[] | undefined, label: string): R[] {
    if (roles === undefined) {
        throw rolesHiddenError(label, "the credential needs the TenantAdmin role");
    }
    return roles;
}

function roleNames(roles: { name: string }[] | undefined, label: string): string[] {
    return [...new Set(shown(roles, label).map((r) => r.name))].sort(byCodePoint);
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

/** A group by id or exact name; Everyone by its id or either of its names, as the resources accept it. */
export async function findGroup(client: QlikClient, selector: GroupSelector): Promise<GroupInfo> {
    const [key, value] =
        "groupId" in selector ? ["groupId", selector.groupId] : ["groupName", selector.groupName];
    if (namesEveryone(key, value)) {
        const everyone = await resolveEveryone(client, key, value);
        return {
            groupId: EVERYONE_GROUP_ID,
            groupName: EVERYONE_GROUP_NAME,
            roles: roleNames(everyone.roles, 'group "Everyone"'),
        };
    }
    return groupInfo(await client.resolveGroup(selector));
}

/** The role of exactly that name in the tenant's catalogue; otherwise one line with the spelling meant. */
export function roleNamed(catalogue: readonly Role[], name: string, listedBy: string): RoleRef {
    const role = catalogue.find((r) => r.name === name);
    if (!role)
        throw unknownRoleError(
            name,
            catalogue.map((r) => r.name),
            listedBy,
        );
    return { id: role.id, name: role.name };
}

function holds(roles: AssignedRole[] | undefined, role: RoleRef, label: string): boolean {
    return shown(roles, label).some((r) => r.id === role.id);
}

/**
 * Users and groups holding `role` directly, found by the role's id (users: Qlik's documented `assignedRoles.id eq`,
 * safe whatever the role's name holds; groups: by name when it needs no quoting, else every group), with the id
 * compared here. Everyone is among the groups when it holds the role, since that grant reaches every user. A role the
 * tenant does not have is an error, not an empty answer, so a typo cannot pass an assertion such as "nobody else
 * holds TenantAdmin".
 */
export async function findRoleHolders(client: QlikClient, name: string): Promise<RoleHolders> {
    const role = roleNamed(await client.listRoles(), name, "getRoles()");
    const [users, groups, everyone] = await Promise.all([
        client.listUsers({ filter: usersHoldingFilter([role]), fields: USER_ROLE_FIELDS }),
        client.listGroups({ filter: groupsHoldingFilter([role]) }),
        client.getEveryoneRoles(),
    ]);
    const groupHolders = groups
        .filter((g) => holds(g.assignedRoles, role, `group "${g.name}"`))
        .map((g) => ({ groupId: g.id, groupName: g.name }));
    if (holds(everyone, role, 'group "Everyone"'))
        groupHolders.push({ groupId: EVERYONE_GROUP_ID, groupName: EVERYONE_GROUP_NAME });
    return {
        role: role.name,
        users: users
            .filter((u) => u.status !== "deleted" && holds(u.assignedRoles, role, `user "${u.subject}"`))
            .map((u) => ({
                userId: u.id,
                subject: u.subject,
                ...(u.email !== undefined ? { email: u.email } : {}),
            }))
            .sort((a, b) => byCodePoint(a.subject, b.subject) || byCodePoint(a.userId, b.userId)),
        groups: groupHolders.sort(
            (a, b) => byCodePoint(a.groupName, b.groupName) || byCodePoint(a.groupId, b.groupId),
        ),
    };
}
