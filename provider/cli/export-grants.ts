/**
 * Which grants `pulumi-qlik-roles export` writes out: a pure selection from the tenant's users and groups, so the
 * rules (direct grants only, no UserDefault, filters, sorting, what destroy must keep) are tested without a tenant.
 */
import { TENANT_ADMIN, UNASSIGNABLE_ROLES, UsageError, rolesHiddenError } from "../client";
import type { Group, User } from "../schemas/qlik";
import type { ExportedCustomRole } from "./export-custom-roles";
import type { ExportedSpaceMember } from "./export-spaces";

export interface ExportedUser {
    userId: string;
    subject: string;
    email?: string;
    /** Only when not active (disabled, invited, ...): worth seeing before adopting. */
    status?: string;
    /** Direct role names, sorted. */
    roles: string[];
    /** Roles that destroy must leave even when removal was opted into (the exporting identity's TenantAdmin). */
    keep?: string[];
}

export interface ExportedGroup {
    groupId: string;
    groupName: string;
    status?: string;
    roles: string[];
    keep?: string[];
}

/** The exported grants: the data both output formats are made from. */
export interface TenantGrants {
    tenantUrl: string;
    /** True (the default): destroying the stack leaves every grant that existed before its first `up`. */
    retainIfPreexisting: boolean;
    users: ExportedUser[];
    groups: ExportedGroup[];
    /** With `--custom-roles`: the custom roles, declared before the grants that use them. */
    customRoles?: ExportedCustomRole[];
    /** With `--spaces` or `--space`: each (space, assignee) and its space roles. */
    spaceMembers?: ExportedSpaceMember[];
}

export interface ExportFilters {
    /** Only these roles (exact names); empty = all. */
    roles: string[];
    users: boolean;
    groups: boolean;
    /** Only these users (id, subject or email) / groups (id or name); empty = all. */
    userNames: string[];
    groupNames: string[];
}

export interface DirectorySnapshot {
    tenantUrl: string;
    users: User[];
    groups: Group[];
    /** The identity the export authenticated as (GET /users/me). */
    me: User;
}

/** Code-point order: the same on every machine and locale, so two runs give the same bytes. */
export const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function selectRoles(held: { name: string }[] | undefined, label: string, filters: ExportFilters): string[] {
    if (held === undefined) {
        throw rolesHiddenError(label, "export needs a TenantAdmin's credential");
    }
    const names = held.map((r) => r.name).filter((n) => !UNASSIGNABLE_ROLES.has(n));
    const wanted = filters.roles.length === 0 ? names : names.filter((n) => filters.roles.includes(n));
    return [...new Set(wanted)].sort(byCodePoint);
}

/** The exporting identity's sources of TenantAdmin: destroy keeps those grants even with --remove-on-destroy. */
interface AdminSources {
    userId?: string;
    groupIds: Set<string>;
}

/**
 * Where the exporting identity gets TenantAdmin from: its own direct grant, else the groups that grant it. Removing
 * those would lock the credential out of the tenant (the provider refuses it), so destroy keeps them. (Through
 * Everyone it needs no keeping: Everyone's grants are not exported.)
 */
export function identityAdminSources(me: User): AdminSources {
    if ((me.assignedRoles ?? []).some((r) => r.name === TENANT_ADMIN))
        return { userId: me.id, groupIds: new Set() };
    const groupIds = new Set(
        (me.assignedGroups ?? [])
            .filter((g) => (g.assignedRoles ?? []).some((r) => r.name === TENANT_ADMIN))
            .map((g) => g.id),
    );
    return { groupIds };
}

/** What decides one principal's exported grants. */
export interface GrantRules {
    filters: ExportFilters;
    removeOnDestroy: boolean;
    admin: AdminSources;
}

const keepFor = (rules: GrantRules, isSource: boolean, roles: string[]) =>
    rules.removeOnDestroy && isSource && roles.includes(TENANT_ADMIN) ? { keep: [TENANT_ADMIN] } : {};

/** A user's exported grants; undefined for a deleted user or one holding none of the wanted roles. */
export function exportUser(u: User, rules: GrantRules): ExportedUser | undefined {
    if (u.status === "deleted") return undefined;
    const roles = selectRoles(u.assignedRoles, `user "${u.subject || u.id}"`, rules.filters);
    if (roles.length === 0) return undefined;
    return {
        userId: u.id,
        subject: u.subject,
        ...(u.email ? { email: u.email } : {}),
        ...(u.status && u.status !== "active" ? { status: u.status } : {}),
        roles,
        ...keepFor(rules, u.id === rules.admin.userId, roles),
    };
}

/** A group's exported grants; undefined for a group holding none of the wanted roles. */
export function exportGroup(g: Group, rules: GrantRules): ExportedGroup | undefined {
    const roles = selectRoles(g.assignedRoles, `group "${g.name}"`, rules.filters);
    if (roles.length === 0) return undefined;
    return {
        groupId: g.id,
        groupName: g.name,
        ...(g.status && g.status !== "active" ? { status: g.status } : {}),
        roles,
        ...keepFor(rules, rules.admin.groupIds.has(g.id), roles),
    };
}

/** The exported grants in their output order: users by subject, groups by name, then id. */
export function sortedGrants(
    tenantUrl: string,
    users: ExportedUser[],
    groups: ExportedGroup[],
    removeOnDestroy: boolean,
): TenantGrants {
    users.sort((a, b) => byCodePoint(a.subject, b.subject) || byCodePoint(a.userId, b.userId));
    groups.sort((a, b) => byCodePoint(a.groupName, b.groupName) || byCodePoint(a.groupId, b.groupId));
    return { tenantUrl, retainIfPreexisting: !removeOnDestroy, users, groups };
}

/** `--user` matches a user's id, subject (exactly) or email (ignoring case). */
export const userMatches = (u: User, v: string): boolean =>
    u.id === v || u.subject === v || (u.email !== undefined && u.email.toLowerCase() === v.toLowerCase());
/** `--group` matches a group's id or exact name. */
export const groupMatches = (g: Group, v: string): boolean => g.id === v || g.name === v;

/** The direct grants to export from a whole snapshot of the tenant, filtered and sorted. */
export function selectGrants(
    snapshot: DirectorySnapshot,
    filters: ExportFilters,
    removeOnDestroy: boolean,
): TenantGrants {
    const rules: GrantRules = { filters, removeOnDestroy, admin: identityAdminSources(snapshot.me) };
    const liveUsers = snapshot.users.filter((u) => u.status !== "deleted");
    for (const v of filters.userNames) if (!liveUsers.some((u) => userMatches(u, v))) throw noSuchUser(v);
    for (const v of filters.groupNames)
        if (!snapshot.groups.some((g) => groupMatches(g, v))) throw noSuchGroup(v);
    const byPrincipal = filters.userNames.length > 0 || filters.groupNames.length > 0;
    const named =
        <T>(names: string[], matches: (p: T, v: string) => boolean) =>
        (p: T) =>
            names.length === 0 || names.some((v) => matches(p, v));

    const users =
        filters.users && (!byPrincipal || filters.userNames.length > 0)
            ? liveUsers.filter(named(filters.userNames, userMatches)).map((u) => exportUser(u, rules))
            : [];
    const groups =
        filters.groups && (!byPrincipal || filters.groupNames.length > 0)
            ? snapshot.groups
                  .filter(named(filters.groupNames, groupMatches))
                  .map((g) => exportGroup(g, rules))
            : [];
    return sortedGrants(
        snapshot.tenantUrl,
        users.filter((u): u is ExportedUser => u !== undefined),
        groups.filter((g): g is ExportedGroup => g !== undefined),
        removeOnDestroy,
    );
}

export const noSuchUser = (v: string): UsageError =>
    new UsageError(
        `--user ${JSON.stringify(v)} matches no user in the tenant; give a user id, subject or email`,
    );
export const noSuchGroup = (v: string): UsageError =>
    new UsageError(
        `--group ${JSON.stringify(v)} matches no group in the tenant; give a group id or exact name`,
    );

/** Number of grants (resources the program declares). */
export function grantCount(grants: TenantGrants): number {
    return [...grants.users, ...grants.groups].reduce((n, p) => n + p.roles.length, 0);
}
