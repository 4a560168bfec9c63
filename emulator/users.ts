/** /api/v1/users endpoints. */
import { commitRoles } from "./commit";
import type { ApiCall, Reply } from "./context";
import { fail } from "./errors";
import { compileFilter } from "./filter";
import { filterOrThrow, rejectQuery } from "./query";
import { userCatalog } from "./filter-attributes";
import { parseFields, pickFields } from "./fields";
import { inheritFromCursor, paginate, parseListParams } from "./paging";
import { requestedRoleIds } from "./patch";
import { renderUser } from "./render";
import type { UserRecord } from "./state";

/** Qlik's enum of the Users list's sort fields (each also with `+` or `-`); nothing else is accepted. */
export const USER_SORT = [
    "name",
    "_id",
    "id",
    "tenantId",
    "clientId",
    "status",
    "subject",
    "email",
    "inviteExpiry",
    "createdAt",
] as const;

function sortValue(call: ApiCall, u: UserRecord, field: string): string {
    if (field === "_id") return u.id;
    if (field === "tenantId") return call.ctx.tenantId;
    return String(u[field as keyof UserRecord] ?? "");
}

/**
 * ASSUMPTION: role filters (assignedRoles.*) also work for callers who cannot see roles; Qlik does not say
 * whether it refuses them or answers from hidden data.
 */
export function listUsers(call: ApiCall): Reply {
    const { ctx } = call;
    let params = parseListParams(call.query, { sortable: USER_SORT, extraParams: ["fields"] });
    if (ctx.variants.nextLinks === "cursor")
        params = inheritFromCursor(ctx.cursors, params, call.query, USER_SORT);
    const fields = parseFields(call.query);
    const filter = params.filter;
    const predicate =
        filter === undefined
            ? undefined
            : filterOrThrow(() => compileFilter(filter, userCatalog(ctx.state), ctx.variants));
    const body = paginate(ctx.cursors, {
        base: ctx.url,
        path: call.path,
        resource: "users",
        query: call.query,
        params,
        select: () => (predicate ? ctx.state.allUsers().filter(predicate) : ctx.state.allUsers()),
        source: { owner: ctx.state, version: ctx.state.version },
        nextLinks: ctx.variants.nextLinks,
        sortValue: (u, field) => sortValue(call, u, field),
        idOf: (u) => u.id,
        render: (u) => pickFields(ctx, u, renderUser(ctx, u, seesRoles(call, u)), fields),
    });
    return { status: 200, body };
}

export function getUser(call: ApiCall): Reply {
    rejectQuery(call, ["fields"]);
    const fields = parseFields(call.query);
    const user = call.ctx.state.user(call.params["id"]!);
    if (!user) throw fail.notFound("USERS-7");
    return {
        status: 200,
        body: pickFields(call.ctx, user, renderUser(call.ctx, user, seesRoles(call, user)), fields),
    };
}

/** Qlik's API reference: GET /users/me answers 301 to the caller's own user resource, with an absolute Location. */
export function getMe(call: ApiCall): Reply {
    // Qlik's changelog shows `/users/me?fields=groups`: the fields go on to the user the redirect names.
    rejectQuery(call, ["fields"]);
    parseFields(call.query);
    const fields = call.query.get("fields");
    const location = `${call.ctx.url}/api/v1/users/${call.caller.userId}${fields === null ? "" : `?fields=${encodeURIComponent(fields)}`}`;
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
