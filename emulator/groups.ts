/** /api/v1/groups endpoints. */
import { commitRoles } from "./commit";
import type { ApiCall, Reply } from "./context";
import { fail } from "./errors";
import { compileFilter } from "./filter";
import { groupCatalog } from "./filter-attributes";
import { paginate, parseListParams } from "./paging";
import { requestedRoleIds } from "./patch";
import { renderGroup } from "./render";
import type { GroupRecord } from "./state";
import { filterOrThrow, rejectQuery } from "./query";

const GROUP_SORT = ["name", "createdAt", "lastUpdatedAt"] as const;

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
    const params = parseListParams(call.query, { sortable: GROUP_SORT, extraParams: ["systemGroups"] });
    let items = ctx.state.allGroups().filter((g) => g.system === wantSystem);
    if (params.filter !== undefined) {
        const predicate = filterOrThrow(() =>
            compileFilter(params.filter!, groupCatalog(ctx.state), ctx.variants),
        );
        items = items.filter(predicate);
    }
    const body = paginate(ctx.cursors, {
        base: ctx.url,
        path: call.path,
        resource: "groups",
        query: call.query,
        params,
        binding: wantSystem ? "system" : "",
        items,
        sortValue: (g, field) => String(g[field as keyof GroupRecord] ?? ""),
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
