/** /api/v1/groups endpoints. */
import { commitRoles } from "./commit";
import type { ApiCall, Reply } from "./context";
import { fail } from "./errors";
import { compileFilter } from "./filter";
import { groupCatalog } from "./filter-attributes";
import { inheritFromCursor, paginate, parseListParams } from "./paging";
import { requestedRoleIds } from "./patch";
import { renderGroup } from "./render";
import type { GroupRecord } from "./state";
import { filterOrThrow, rejectQuery } from "./query";

/**
 * The Groups list documents `sort` as "optional resource field name to sort on, eg. name": any field of a group.
 * ASSUMPTION: the fields of Qlik's `Group` type that hold one plain value; `assignedRoles` and `links` are refused.
 */
export const GROUP_SORT = [
    "id",
    "name",
    "status",
    "tenantId",
    "createdAt",
    "lastUpdatedAt",
    "providerType",
    "idpId",
] as const;

/**
 * System groups (Everyone) are hidden unless `systemGroups=true`, which "cannot be combined with other
 * parameters" (Qlik's API reference). ASSUMPTION: with it, only the system groups are listed (the reference describes
 * it as returning system groups instead of regular ones); `systemGroups=false` behaves as if absent.
 */
export function listGroups(call: ApiCall): Reply {
    const { ctx } = call;
    const system = call.query.get("systemGroups");
    if (system !== null && system !== "true" && system !== "false") {
        throw fail.invalidParameter(
            "systemGroups",
            `systemGroups must be true or false, got ${JSON.stringify(system)}`,
        );
    }
    const wantSystem = system === "true";
    if (wantSystem && [...call.query.keys()].some((k) => k !== "systemGroups")) {
        throw fail.invalidParameter(
            "systemGroups",
            "systemGroups cannot be combined with other query parameters",
        );
    }
    let params = parseListParams(call.query, { sortable: GROUP_SORT, extraParams: ["systemGroups"] });
    if (ctx.variants.nextLinks === "cursor")
        params = inheritFromCursor(ctx.cursors, params, call.query, GROUP_SORT);
    const filter = params.filter;
    const predicate =
        filter === undefined
            ? undefined
            : filterOrThrow(() => compileFilter(filter, groupCatalog(ctx.state), ctx.variants));
    const body = paginate(ctx.cursors, {
        base: ctx.url,
        path: call.path,
        resource: "groups",
        query: call.query,
        params,
        binding: wantSystem ? "system" : "",
        select: () =>
            ctx.state.allGroups().filter((g) => g.system === wantSystem && (predicate ? predicate(g) : true)),
        source: { owner: ctx.state, version: ctx.state.version },
        nextLinks: ctx.variants.nextLinks,
        sortValue: (g, field) =>
            field === "tenantId" ? ctx.tenantId : String(g[field as keyof GroupRecord] ?? ""),
        idOf: (g) => g.id,
        render: (g) => renderGroup(ctx, g, call.perms.canReadRoles),
    });
    return { status: 200, body };
}

export function getGroup(call: ApiCall): Reply {
    rejectQuery(call);
    const group = call.ctx.state.group(call.params["id"]!);
    if (!group) throw fail.notFound("GROUPS-7");
    return { status: 200, body: renderGroup(call.ctx, group, call.perms.canReadRoles) };
}

export function patchGroup(call: ApiCall): Reply {
    rejectQuery(call);
    if (!call.perms.canWriteRoles) throw fail.forbidden(call.perms.writeRefusal ?? "Forbidden");
    const roleIds = requestedRoleIds(call, "group");
    const group = call.ctx.state.group(call.params["id"]!);
    if (!group) throw fail.notFound("GROUPS-7");
    // The system group Everyone takes the same `replace` of `/assignedRoles` (Qlik's tenant-features guide
    // answers it 204); its roles are the ones the group settings show.
    return commitRoles(call, "group", group.id, roleIds);
}
