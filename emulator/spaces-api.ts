/**
 * GET /api/v1/spaces and GET /api/v1/spaces/{spaceId} (Qlik's Spaces API; docs/spaces-api.md).
 *
 * The list takes `name` (case-insensitive contains), `type` (comma-separated), `ownerId`, `sort` (`type`, `name`,
 * `createdAt`), `limit` (default 10) and cursors, and answers `{data, meta: {count}, links}`.
 * ASSUMPTIONS: `limit` 1..100 like Qlik's other lists (no bound is published); default sort `+name`; an empty
 * `name`, `type` or `ownerId` is a 400; the documented `action`, `roles`, `environment.name` and `environmentId`
 * are refused as not modelled, so a client that starts to depend on them notices here.
 */
import type { ApiCall, Reply } from "./context";
import { fail } from "./errors";
import { inheritFromCursor, paginate, parseListParams, type ListParams } from "./paging";
import { rejectQuery } from "./query";
import { canSee } from "./spaces-access";
import { spaceNotFound } from "./spaces-errors";
import { renderSpace, type SpaceJson, type SpacesPageJson } from "./spaces-render";
import type { SpaceRecord } from "./spaces-state";

export const SPACE_SORT = ["type", "name", "createdAt"] as const;
export const SPACES_DEFAULT_LIMIT = 10;
const LIST_TYPES = ["shared", "managed", "data"] as const;
const NOT_MODELLED = ["action", "roles", "environment.name", "environmentId"];

interface SpaceFilter {
    name?: string;
    types?: string[];
    ownerId?: string;
}

function filterOf(query: URLSearchParams): SpaceFilter | undefined {
    const f: SpaceFilter = {};
    for (const key of ["name", "type", "ownerId"] as const) {
        const v = query.get(key);
        if (v === null) continue;
        if (v === "") throw fail.invalidParameter(key, `${key} must not be empty`);
        if (key === "type") {
            const types = v.split(",");
            const bad = types.find((t) => !(LIST_TYPES as readonly string[]).includes(t));
            if (bad !== undefined)
                throw fail.invalidParameter(
                    "type",
                    `Unknown space type ${JSON.stringify(bad)}; use ${LIST_TYPES.join(", ")}, comma-separated`,
                );
            f.types = types;
        } else f[key] = v;
    }
    return Object.keys(f).length > 0 ? f : undefined;
}

function matches(f: SpaceFilter | undefined, s: SpaceRecord): boolean {
    if (!f) return true;
    if (f.name !== undefined && !s.name.toLowerCase().includes(f.name.toLowerCase())) return false;
    if (f.types && !f.types.includes(s.type)) return false;
    return f.ownerId === undefined || s.ownerId === f.ownerId;
}

/** The filter travels in `params.filter` (as JSON), so cursors are bound to it and a cursor-only link brings it. */
function listParams(call: ApiCall): ListParams {
    const bad = [...call.query.keys()].find((k) => NOT_MODELLED.includes(k));
    if (bad !== undefined)
        throw fail.invalidParameter(bad, `${bad} is documented by Qlik but not modelled by the emulator`);
    let params = parseListParams(call.query, {
        commonParams: ["limit", "next", "prev", "sort"],
        extraParams: ["name", "type", "ownerId"],
        sortable: SPACE_SORT,
        defaultLimit: SPACES_DEFAULT_LIMIT,
    });
    const filter = filterOf(call.query);
    if (filter) params.filter = JSON.stringify(filter);
    else if (call.ctx.variants.nextLinks === "cursor")
        params = inheritFromCursor(call.ctx.cursors, params, call.query, SPACE_SORT);
    return { ...params, totalResults: true };
}

export function listSpaces(call: ApiCall): Reply {
    const { ctx } = call;
    const params = listParams(call);
    const filter = params.filter === undefined ? undefined : (JSON.parse(params.filter) as SpaceFilter);
    const store = ctx.state.spaces;
    const { totalResults, data, links } = paginate(ctx.cursors, {
        base: ctx.url,
        path: call.path,
        resource: "spaces",
        query: call.query,
        params,
        // What a caller sees depends on who it is: its lists and cursors are its own.
        binding: call.caller.userId,
        // Personal spaces are not list items; the caller's own is described by `meta.personalSpace`.
        select: () =>
            store.allSpaces().filter((s) => s.type !== "personal" && canSee(call, s) && matches(filter, s)),
        source: { owner: store, version: store.version + ctx.state.version },
        nextLinks: ctx.variants.nextLinks,
        sortValue: (s, field) => String(s[field as keyof SpaceRecord] ?? ""),
        idOf: (s) => s.id,
        render: (s) => renderSpace(call, s),
    });
    const personal = store.allSpaces().some((s) => s.type === "personal" && s.ownerId === call.caller.userId);
    const body: SpacesPageJson = {
        data: data as SpaceJson[],
        links,
        meta: {
            count: totalResults ?? 0,
            // ASSUMPTION: what Qlik puts in it is not published beyond its fields.
            ...(personal ? { personalSpace: { actions: ["read"], resourceType: "space" } } : {}),
        },
    };
    return { status: 200, body };
}

/** The space named by the path, or the documented 404 when it does not exist or the caller may not see it. */
export function visibleSpace(call: ApiCall): SpaceRecord {
    const space = call.ctx.state.spaces.space(call.params["spaceId"]!);
    if (!space || !canSee(call, space)) throw spaceNotFound();
    return space;
}

export function getSpace(call: ApiCall): Reply {
    rejectQuery(call);
    return { status: 200, body: renderSpace(call, visibleSpace(call)) };
}
