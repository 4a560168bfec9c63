/**
 * What `export` reads from the tenant, with as few requests and as little memory as a tenant of 100,000 users
 * allows: the identity (GET /users/me), the roles only when `--role` names some, then the users' and groups' pages
 * one at a time, each principal turned into its grants at once (only the fields the export needs are requested, so
 * no user's `assignedGroups` is ever held). `--user` and `--group` are looked up, not found by listing everyone.
 */
import {
    QlikError,
    TENANT_ADMIN,
    isQlikError,
    USER_ROLE_FIELDS,
    co,
    eq,
    groupsHoldingFilter,
    isFilterSafe,
    longestSafeRun,
    usersHoldingFilter,
    type PageProgress,
    type QlikClient,
    type RoleRef,
} from "../client";
import type { Group, User } from "../schemas/qlik";
import { roleNamed } from "../lookups/queries";
import {
    exportGroup,
    exportUser,
    groupMatches,
    identityAdminSources,
    noSuchGroup,
    noSuchUser,
    sortedGrants,
    userMatches,
    type ExportFilters,
    type ExportedGroup,
    type ExportedUser,
    type GrantRules,
    type TenantGrants,
} from "./export-grants";

/**
 * The identity the export runs as, refused unless it holds TenantAdmin: directly, through one of its groups, or
 * through Everyone (whose roles every user holds; read from the group settings only when the first two fail).
 * Qlik shows every user their own roles, so "can see roles" is not the test: only a TenantAdmin reads everyone's.
 */
export async function exportingIdentity(client: QlikClient): Promise<User> {
    const me = await client.getMe();
    const isAdmin = (roles: { name: string }[] | undefined) => roles?.some((r) => r.name === TENANT_ADMIN);
    if (isAdmin(me.assignedRoles) || (me.assignedGroups ?? []).some((g) => isAdmin(g.assignedRoles)))
        return me;
    // Qlik may refuse a non-admin the group settings outright: that answers the question too.
    const everyone = await client.getEveryoneRoles().catch((err: unknown) => {
        if (isQlikError(err, "QLIK_FORBIDDEN")) return undefined;
        throw err;
    });
    if (isAdmin(everyone)) return me;
    throw new QlikError(
        "QLIK_FORBIDDEN",
        `the credential's user ${JSON.stringify(me.subject)} cannot read role assignments; export needs a TenantAdmin's API key (OAuth: scope admin_classic)`,
    );
}

/** The `--role` names as the tenant's roles (one listing); a name it does not have fails with the spelling meant. */
async function wantedRoles(client: QlikClient, names: string[]): Promise<RoleRef[]> {
    if (names.length === 0) return [];
    const catalogue = await client.listRoles();
    return names.map((name) => roleNamed(catalogue, name, "GET /api/v1/roles"));
}

/** The live users a `--user` value names (id, subject or email), by one filtered listing. */
async function lookUpUsers(client: QlikClient, value: string): Promise<User[]> {
    const run = longestSafeRun(value);
    // A value that cannot go into a filter is searched by its longest safe part, then compared exactly.
    const filter = isFilterSafe(value)
        ? [eq("id", value), eq("subject", value), eq("email", value)].join(" or ")
        : run === ""
          ? undefined
          : `${co("subject", run)} or ${co("email", run)}`;
    const users = await client.listUsers({ filter, fields: USER_ROLE_FIELDS });
    return users.filter((u) => u.status !== "deleted" && userMatches(u, value));
}

/** The groups a `--group` value names (id or exact name). */
async function lookUpGroups(client: QlikClient, value: string): Promise<Group[]> {
    const filter = isFilterSafe(value) ? `${eq("id", value)} or ${eq("name", value)}` : undefined;
    return (await client.listGroups({ filter })).filter((g) => groupMatches(g, value));
}

interface ReadOptions {
    filters: ExportFilters;
    removeOnDestroy: boolean;
    onPage: (progress: PageProgress) => void;
    /** Filled with the ids `--user` and `--group` named (with or without grants), for the space export. */
    named?: { users: Set<string>; groups: Set<string> };
    /** The identity, when the caller checked it already (`exportingIdentity`). */
    me?: User;
}

/** Reads the grants to export: GETs only. */
export async function readGrants(
    client: QlikClient,
    tenantUrl: string,
    options: ReadOptions,
): Promise<TenantGrants> {
    const { filters } = options;
    const me = options.me ?? (await exportingIdentity(client));
    const roles = await wantedRoles(client, filters.roles);
    const rules: GrantRules = {
        filters,
        removeOnDestroy: options.removeOnDestroy,
        admin: identityAdminSources(me),
    };
    // By id, so that two `--user` values naming one user export it once.
    const users = new Map<string, ExportedUser>();
    const groups = new Map<string, ExportedGroup>();
    const addUsers = (list: User[]) => {
        for (const u of list) {
            const grants = exportUser(u, rules);
            if (grants) users.set(u.id, grants);
        }
    };
    const addGroups = (list: Group[]) => {
        for (const g of list) {
            const grants = exportGroup(g, rules);
            if (grants) groups.set(g.id, grants);
        }
    };
    const byPrincipal = filters.userNames.length > 0 || filters.groupNames.length > 0;

    if (filters.users && filters.userNames.length > 0) {
        for (const v of filters.userNames) {
            const found = await lookUpUsers(client, v);
            if (found.length === 0) throw noSuchUser(v);
            for (const u of found) options.named?.users.add(u.id);
            addUsers(found);
        }
    } else if (filters.users && !byPrincipal) {
        const filter = usersHoldingFilter(roles);
        for await (const page of client.userPages({
            filter,
            fields: USER_ROLE_FIELDS,
            onPage: options.onPage,
        }))
            addUsers(page);
    }
    if (filters.groups && filters.groupNames.length > 0) {
        for (const v of filters.groupNames) {
            const found = await lookUpGroups(client, v);
            if (found.length === 0) throw noSuchGroup(v);
            for (const g of found) options.named?.groups.add(g.id);
            addGroups(found);
        }
    } else if (filters.groups && !byPrincipal) {
        const filter = groupsHoldingFilter(roles);
        for await (const page of client.groupPages({ filter, onPage: options.onPage })) addGroups(page);
    }
    return sortedGrants(tenantUrl, [...users.values()], [...groups.values()], options.removeOnDestroy);
}
