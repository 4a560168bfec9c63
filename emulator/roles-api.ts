/** /api/v1/roles endpoints (read-only here: the emulator does not create roles over HTTP). */
import type { ApiCall, Reply } from "./context";
import { fail } from "./errors";
import { compileFilter } from "./filter";
import { roleCatalog } from "./filter-attributes";
import { inheritFromCursor, paginate, parseListParams } from "./paging";
import { renderRole } from "./render";
import type { RoleRecord } from "./roles";
import { filterOrThrow, rejectQuery } from "./query";

const ROLE_SORT = ["name", "type", "level", "createdAt", "lastUpdatedAt"] as const;

export function listRoles(call: ApiCall): Reply {
    const { ctx } = call;
    let params = parseListParams(call.query, { sortable: ROLE_SORT });
    if (ctx.variants.nextLinks === "cursor")
        params = inheritFromCursor(ctx.cursors, params, call.query, ROLE_SORT);
    let items = ctx.state.allRoles();
    if (params.filter !== undefined) {
        const predicate = filterOrThrow(() => compileFilter(params.filter!, roleCatalog, call.ctx.variants));
        items = items.filter(predicate);
    }
    const body = paginate(ctx.cursors, {
        base: ctx.url,
        path: call.path,
        resource: "roles",
        query: call.query,
        params,
        select: () => items,
        source: { owner: ctx.state, version: ctx.state.version },
        nextLinks: ctx.variants.nextLinks,
        sortValue: (r, field) => String(r[field as keyof RoleRecord] ?? ""),
        idOf: (r) => r.id,
        render: (r) => renderRole(ctx, r),
    });
    return { status: 200, body };
}

export function getRole(call: ApiCall): Reply {
    rejectQuery(call);
    const role = call.ctx.state.role(call.params["id"]!);
    // ASSUMPTION: code ROLES-7 by analogy with USERS-7 / GROUPS-7.
    if (!role) throw fail.notFound("ROLES-7");
    return { status: 200, body: renderRole(call.ctx, role) };
}
