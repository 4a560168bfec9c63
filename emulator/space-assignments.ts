/**
 * /api/v1/spaces/{spaceId}/assignments[/{assignmentId}] (Qlik's Spaces API; docs/spaces-api.md): list (filters
 * `assigneeId`, `type`; `limit` default 10; cursors), create (201; 409 when the assignee already has one), read,
 * replace the whole role list (`PUT`, 200 with the assignment) and delete (204).
 *
 * ASSUMPTIONS (Qlik publishes no 400 for these operations, nor what an unknown assignee gets):
 * - Check order: 404 space, 403 personal space or no right to manage it, 415/400 body, 404 assignee or assignment,
 *   400 the owner, 409 duplicate.
 * - Bodies are strict: `application/json`; exactly `{type, assigneeId, roles}` on `POST` and `{roles}` on `PUT`;
 *   unknown fields, wrong types, an empty or repeated role list, a role the space's type does not accept: 400.
 * - An unknown assignee is a 404 whose code names the assignee, so it cannot pass for a missing space; there are no
 *   bots, so a `bot` assignee is always unknown.
 * - The owner already holds every role: an assignment for the owner is a 400.
 * - Anyone who can see the space may list its assignments; the list is sorted by assignment id.
 */
import type { ApiCall, Reply } from "./context";
import { ApiError, fail } from "./errors";
import { paginate, parseListParams } from "./paging";
import { jsonBody } from "./patch";
import { rejectQuery } from "./query";
import { canManage } from "./spaces-access";
import { visibleSpace } from "./spaces-api";
import { renderAssignment, type AssignmentJson, type AssignmentsPageJson } from "./spaces-render";
import {
    ASSIGNABLE_ROLES,
    SPACE_ROLES,
    type AssigneeType,
    type AssignmentRecord,
    type SpaceRecord,
    type SpaceRole,
} from "./spaces-state";

const ASSIGNEE_TYPES = ["user", "group", "bot"] as const;

const bad = (detail: string, pointer?: string) =>
    fail.badRequest("Invalid request body", detail, pointer === undefined ? undefined : { pointer });

export function listAssignments(call: ApiCall): Reply {
    const { ctx } = call;
    const space = visibleSpace(call);
    const params = parseListParams(call.query, {
        commonParams: ["limit", "next", "prev"],
        extraParams: ["assigneeId", "type"],
        sortable: [],
        defaultLimit: 10,
    });
    const assigneeId = nonEmpty(call.query, "assigneeId");
    const type = nonEmpty(call.query, "type");
    if (type !== undefined && !(ASSIGNEE_TYPES as readonly string[]).includes(type))
        throw fail.invalidParameter("type", `type must be user or group, got ${JSON.stringify(type)}`);
    if (assigneeId !== undefined || type !== undefined) params.filter = JSON.stringify({ assigneeId, type });
    const store = ctx.state.spaces;
    const { totalResults, data, links } = paginate(ctx.cursors, {
        base: ctx.url,
        path: call.path,
        resource: `assignments:${space.id}`,
        query: call.query,
        params: { ...params, sort: { field: "id", descending: false }, totalResults: true },
        select: () =>
            store
                .assignmentsOf(space.id)
                .filter(
                    (a) =>
                        (assigneeId === undefined || a.assigneeId === assigneeId) &&
                        (type === undefined || a.type === type),
                ),
        source: { owner: store, version: store.version },
        nextLinks: ctx.variants.nextLinks,
        sortValue: (a) => a.id,
        idOf: (a) => a.id,
        render: (a) => renderAssignment(call, a),
    });
    const body: AssignmentsPageJson = {
        data: data as AssignmentJson[],
        links,
        meta: { count: totalResults ?? 0 },
    };
    return { status: 200, body };
}

function nonEmpty(query: URLSearchParams, key: string): string | undefined {
    const v = query.get(key);
    if (v === "") throw fail.invalidParameter(key, `${key} must not be empty`);
    return v ?? undefined;
}

export function getAssignment(call: ApiCall): Reply {
    rejectQuery(call);
    const space = visibleSpace(call);
    return { status: 200, body: renderAssignment(call, existing(call, space)) };
}

export function createAssignment(call: ApiCall): Reply {
    rejectQuery(call);
    const space = writableSpace(call);
    const body = objectBody(call, ["type", "assigneeId", "roles"]);
    const type = body["type"];
    if (typeof type !== "string" || !(ASSIGNEE_TYPES as readonly string[]).includes(type))
        throw bad(`type must be "user" or "group", got ${JSON.stringify(type)}`, "/type");
    const assigneeId = body["assigneeId"];
    if (typeof assigneeId !== "string" || assigneeId === "")
        throw bad("assigneeId must be a non-empty string", "/assigneeId");
    const roles = validRoles(space, body["roles"]);
    const { state } = call.ctx;
    const known =
        type === "user" ? state.user(assigneeId) : type === "group" ? state.group(assigneeId) : undefined;
    if (!known)
        throw new ApiError(404, [
            {
                code: "SPACES-ASSIGNEE-NOT-FOUND",
                title: "Assignee not found",
                detail: `No ${type} with id ${assigneeId}`,
            },
        ]);
    if (type === "user" && assigneeId === space.ownerId)
        throw bad(`User ${assigneeId} owns this space and already holds every role; it takes no assignment`);
    if (state.spaces.assignmentFor(space.id, type as AssigneeType, assigneeId))
        throw new ApiError(409, [
            {
                code: "HTTP-409",
                title: "Conflict",
                detail: `Assignment already exists. ${type} ${assigneeId} has one`,
            },
        ]);
    const now = new Date(call.ctx.now()).toISOString();
    const created = state.spaces.addAssignment(
        { spaceId: space.id, type: type as AssigneeType, assigneeId, roles, createdBy: call.caller.userId },
        now,
    );
    return { status: 201, body: renderAssignment(call, created) };
}

export function updateAssignment(call: ApiCall): Reply {
    rejectQuery(call);
    const space = writableSpace(call);
    const roles = validRoles(space, objectBody(call, ["roles"])["roles"]);
    const assignment = existing(call, space);
    const now = new Date(call.ctx.now()).toISOString();
    const updated = call.ctx.state.spaces.setAssignmentRoles(assignment.id, roles, call.caller.userId, now);
    return { status: 200, body: renderAssignment(call, updated) };
}

export function deleteAssignment(call: ApiCall): Reply {
    rejectQuery(call);
    const space = writableSpace(call);
    call.ctx.state.spaces.deleteAssignment(existing(call, space).id);
    return { status: 204 };
}

function writableSpace(call: ApiCall): SpaceRecord {
    const space = visibleSpace(call);
    if (space.type === "personal") throw fail.forbidden("Personal spaces take no assignments");
    if (!canManage(call, space))
        throw fail.forbidden(
            "Changing assignments needs TenantAdmin, the space's owner or the facilitator role in it",
        );
    return space;
}

function existing(call: ApiCall, space: SpaceRecord): AssignmentRecord {
    const a = call.ctx.state.spaces.assignment(space.id, call.params["assignmentId"]!);
    if (!a) throw fail.status(404, "Not found", "Assignment not found");
    return a;
}

/** A JSON object holding exactly `keys` (all required). */
function objectBody(call: ApiCall, keys: readonly string[]): Record<string, unknown> {
    const body = jsonBody(call);
    if (typeof body !== "object" || body === null || Array.isArray(body))
        throw bad(`The body must be a JSON object with ${keys.join(", ")}`);
    const record = body as Record<string, unknown>;
    const unknown = Object.keys(record).find((k) => !keys.includes(k));
    if (unknown !== undefined)
        throw bad(`Unknown field ${JSON.stringify(unknown)}; allowed: ${keys.join(", ")}`, `/${unknown}`);
    const missing = keys.find((k) => !(k in record));
    if (missing !== undefined) throw bad(`${missing} is required`, `/${missing}`);
    return record;
}

function validRoles(space: SpaceRecord, roles: unknown): SpaceRole[] {
    if (!Array.isArray(roles) || roles.length === 0 || roles.some((r) => typeof r !== "string"))
        throw bad("roles must be a non-empty array of role names", "/roles");
    const assignable = ASSIGNABLE_ROLES[space.type];
    for (const [i, role] of (roles as string[]).entries()) {
        if (roles.indexOf(role) !== i)
            throw bad(`Role ${JSON.stringify(role)} is listed twice`, `/roles/${i}`);
        if (
            !(SPACE_ROLES as readonly string[]).includes(role) ||
            !(assignable as readonly string[]).includes(role)
        )
            throw bad(
                `Role ${JSON.stringify(role)} cannot be assigned in a ${space.type} space; assignable: ${assignable.join(", ")}`,
                `/roles/${i}`,
            );
    }
    return roles as SpaceRole[];
}
