/**
 * Reading the whole tenant directory, page by page: every user, every group (Qlik hides system groups such as
 * Everyone from GET /groups unless `systemGroups=true`, which cannot be combined with paging parameters, so they are
 * not listed here). Used by `pulumi-qlik-roles export` and the lookups; read-only.
 *
 * Pages come from the one pager (paging.ts), sorted by id: new principals get higher ids, and a rename does not move
 * a principal, so the order holds while the walk runs. https://qlik.dev/apis/rest/users/#get-v1-users
 */
import { groupSchema, userSchema, type Group, type User } from "../schemas/qlik";
import { eq, isFilterSafe } from "./filter";
import type { QlikHttp } from "./http";
import { collect, pages, type PageProgress } from "./paging";
import type { RoleRef } from "./roles";

export type { PageProgress } from "./paging";

/**
 * The sort of every user and group listing: by id, ascending. `id` is in the Users list's enum of sort fields; the
 * Groups list takes any field name of a group.
 */
export const SORT_BY_ID = "id";

/** The fields an export or a role report needs of a user (Users list `fields`); `assignedGroups` is left out. */
export const USER_ROLE_FIELDS = "id,subject,email,status,assignedRoles";

export interface ListOptions {
    /** SCIM filter, e.g. `assignedRoles.id eq "<id>"`. Default: everything. */
    filter?: string;
    /** Users only: the fields to ask for (default: every field). */
    fields?: string;
    onPage?: (progress: PageProgress) => void;
}

/** Pages of users (all statuses Qlik lists), 100 per page, as they arrive. */
export function userPages(http: QlikHttp, options: ListOptions = {}): AsyncGenerator<User[]> {
    return pages(
        http,
        {
            path: "/api/v1/users",
            query: { filter: options.filter, sort: SORT_BY_ID },
            shape: { fields: options.fields },
            onPage: options.onPage,
        },
        userSchema,
    );
}

/** Pages of regular groups (system groups are hidden by Qlik), 100 per page, as they arrive. */
export function groupPages(http: QlikHttp, options: ListOptions = {}): AsyncGenerator<Group[]> {
    return pages(
        http,
        {
            path: "/api/v1/groups",
            query: { filter: options.filter, sort: SORT_BY_ID },
            onPage: options.onPage,
        },
        groupSchema,
    );
}

/** Every user, 100 per page. */
export function listUsers(http: QlikHttp, options: ListOptions = {}): Promise<User[]> {
    return collect(userPages(http, options));
}

/** Every regular group, 100 per page. */
export function listGroups(http: QlikHttp, options: ListOptions = {}): Promise<Group[]> {
    return collect(groupPages(http, options));
}

/**
 * A users filter matching those who hold any of `roles` directly, by role id (Qlik documents `assignedRoles.id eq`
 * for users; ids are hex, so no quoting question arises whatever the role's name holds); undefined for no roles.
 */
export function usersHoldingFilter(roles: readonly RoleRef[]): string | undefined {
    if (roles.length === 0 || !roles.every((r) => isFilterSafe(r.id))) return undefined;
    return roles.map((r) => eq("assignedRoles.id", r.id)).join(" or ");
}

/**
 * A groups filter matching those who hold any of `roles`. Qlik documents no `assignedRoles.id` filter for groups,
 * only `assignedRoles.name eq` (in its Manage roles guide), so a name is used when it needs no quoting rule; when any
 * does not, undefined: list every group and compare ids exactly. Qlik matches names ignoring case, so callers
 * compare role ids themselves.
 */
export function groupsHoldingFilter(roles: readonly RoleRef[]): string | undefined {
    if (roles.length === 0 || !roles.every((r) => isFilterSafe(r.name))) return undefined;
    return roles.map((r) => eq("assignedRoles.name", r.name)).join(" or ");
}
