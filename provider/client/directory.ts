/**
 * Reading the whole tenant directory, page by page: every user, every group (Qlik hides system groups such as
 * Everyone from GET /groups unless `systemGroups=true`, which cannot be combined with paging parameters, so they are
 * not listed here). Used by `pulumi-qlik-roles export` and the lookups; read-only.
 *
 * Pages are Qlik's maximum of 100 items (`limit=100`), following `links.next` as paging.ts does, with a callback per
 * page so a command can report progress on a large tenant. https://qlik.dev/apis/rest/users/#get-v1-users
 */
import type { z } from "zod";
import { groupSchema, pageSchema, userSchema, type Group, type User } from "../schemas/qlik";
import { QlikError } from "./errors";
import { eq } from "./filter";
import type { QlikHttp } from "./http";
import { nextPath } from "./paging";
import { parseBody } from "./parse";

/** Reported after each page: how many items of that list have been read so far, over how many pages. */
export interface PageProgress {
    list: "users" | "groups";
    items: number;
    pages: number;
}

export interface ListOptions {
    /** SCIM filter, e.g. `assignedRoles.name eq "TenantAdmin"`. Default: everything. */
    filter?: string;
    onPage?: (progress: PageProgress) => void;
}

/** Upper bound on pages followed (100,000 principals), so cursors that loop cannot hang a run. */
const MAX_PAGES = 1000;

async function listPaged<T extends z.ZodType>(
    http: QlikHttp,
    list: "users" | "groups",
    item: T,
    options: ListOptions,
): Promise<z.infer<T>[]> {
    const query = new URLSearchParams({ limit: "100" });
    if (options.filter !== undefined) query.set("filter", options.filter);
    const firstPath = `/api/v1/${list}?${query.toString()}`;
    const schema = pageSchema(item);
    const items: z.infer<T>[] = [];
    const seen = new Set<string>();
    let path: string | undefined = firstPath;
    for (let pages = 0; path !== undefined;) {
        if (pages >= MAX_PAGES || seen.has(path)) {
            throw new QlikError(
                "QLIK_INVALID_RESPONSE",
                `GET /api/v1/${list}: paging did not end after ${pages} pages; Qlik's cursors loop`,
            );
        }
        seen.add(path);
        const res = await http.send("GET", path, { tier: 1 });
        const body = parseBody(schema, res.body, "GET", path);
        items.push(...(body.data as z.infer<T>[]));
        pages++;
        options.onPage?.({ list, items: items.length, pages });
        path = nextPath(body.links?.next?.href ?? undefined);
    }
    return items;
}

/** Every user (all statuses Qlik lists), 100 per page. */
export function listUsers(http: QlikHttp, options: ListOptions = {}): Promise<User[]> {
    return listPaged(http, "users", userSchema, options);
}

/** Every regular group (system groups are hidden by Qlik), 100 per page. */
export function listGroups(http: QlikHttp, options: ListOptions = {}): Promise<Group[]> {
    return listPaged(http, "groups", groupSchema, options);
}

/**
 * A filter matching principals that hold any of `roles` directly (Qlik's documented
 * `assignedRoles.name eq '<role>'`), or undefined for no roles. Qlik matches case-insensitively, so callers
 * re-check the exact name.
 */
export function holdsAnyRoleFilter(roles: readonly string[]): string | undefined {
    if (roles.length === 0) return undefined;
    return roles.map((r) => eq("assignedRoles.name", r)).join(" or ");
}
