/** /api/v1/users endpoints. */
import { commitRoles } from "./commit";
import type { ApiCall, Reply } from "./context";
import { fail } from "./errors";
import { compileFilter } from "./filter";
import { filterOrThrow, rejectQuery } from "./query";
import { userCatalog } from "./filter-attributes";
import { paginate, parseListParams } from "./paging";
import { requestedRoleIds } from "./patch";
import { renderUser } from "./render";
import type { UserRecord } from "./state";

const USER_SORT = ["name", "subject", "email", "status", "createdAt", "lastUpdatedAt"] as const;

/**
 * ASSUMPTION: role filters (assignedRoles.*) also work for callers who cannot see roles; Qlik does not say
 * whether it refuses them or answers from hidden data.
 */
export function listUsers(call: ApiCall): Reply {
    const { ctx } = call;
    const params = parseListParams(call.query, { sortable: USER_SORT });
    const catalog = userCatalog(ctx.state);
    let items = ctx.state.allUsers();
    if (params.filter !== undefined) {
        const predicate = filterOrThrow(() => compileFilter(params.filter!, catalog, ctx.variants));
        items = items.filter(predicate);
    }
    const body = paginate(ctx.cursors, {
        base: ctx.url,
        path: call.path,
        resource: "users",
        query: call.query,
        params,
        items,
        sortValue: (u, field) => String(u[field as keyof UserRecord] ?? ""),
        idOf: (u) => u.id,
        render: (u) => renderUser(ctx, u, seesRoles(call, u)),
    });
    return { status: 200, body };
}

export function getUser(call: ApiCall): Reply {
    rejectQuery(call);
    const user = call.ctx.state.user(call.params["id"]!);
    if (!user) throw fail.notFound("USERS-7");
    return { status: 200, body: renderUser(call.ctx, user, seesRoles(call, user)) };
}

/** Qlik's API reference: GET /users/me answers 301 to the caller's own user resource, with an absolute Location. */
export function getMe(call: ApiCall): Reply {
    rejectQuery(call);
    const location = `${call.ctx.url}/api/v1/users/${call.caller.userId}`;
    if (call.ctx.variants.meRedirect === "html") {
        // The documented form: `Content-Type: text/html` with a page, which a client must not parse.
        return {
            status: 301,
            headers: { location },
            raw: {
                contentType: "text/html; charset=utf-8",
                text: `<html><head><title>Moved Permanently</title></head><body><a href="${location}">Moved Permanently</a>.</body></html>\n`,
            },
        };
    }
    return { status: 301, headers: { location } };
}

/** Qlik hides only other users' roles: a caller always sees its own `assignedRoles`. */
function seesRoles(call: ApiCall, user: UserRecord): boolean {
    return call.perms.canReadRoles || user.id === call.caller.userId;
}

export function patchUser(call: ApiCall): Reply {
    rejectQuery(call);
    // ASSUMPTION: Qlik does not document the order of checks. The emulator checks permission (403), then the
    // body (415/400, including role names), then that the user exists (404), then the admin invariants (403).
    if (!call.perms.canWriteRoles) throw fail.forbidden(call.perms.writeRefusal ?? "Forbidden");
    const roleIds = requestedRoleIds(call, "user");
    const user = call.ctx.state.user(call.params["id"]!);
    if (!user) throw fail.notFound("USERS-7");
    return commitRoles(call, "user", user.id, roleIds);
}
