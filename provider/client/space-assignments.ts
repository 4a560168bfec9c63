/**
 * The Spaces API, assignments: who holds which roles in a space (docs/spaces-api.md). One assignment per space per
 * user or group; `PUT` replaces its whole role list; the space's owner has none yet holds every role.
 * Writes are Tier 2 and take a reserved throttle place (`slot`) like the role PATCHes.
 */
import { assignmentSchema, type QlikAssignment } from "../schemas/spaces";
import { QlikError, isQlikError } from "./errors";
import type { QlikHttp } from "./http";
import { listAll } from "./paging";
import { parseBody } from "./parse";
import { spacePath } from "./spaces";
import type { ThrottleSlot } from "./throttle";

export type AssigneeType = "user" | "group";

export interface SpaceAssignee {
    type: AssigneeType;
    /** The user's or the group's id. */
    assigneeId: string;
}

export interface SpaceAssignment extends SpaceAssignee {
    id: string;
    spaceId: string;
    roles: string[];
}

/** A POST's outcome: created, or (409) the assignment someone else made first, read back. */
export type CreateAssignmentResult =
    { outcome: "created"; assignment: SpaceAssignment } | { outcome: "exists"; assignment: SpaceAssignment };

/** Times a POST answered 409 is re-read before giving up (the other writer may delete it in between). */
const CREATE_ATTEMPTS = 3;

function assignmentsPath(spaceId: string): string {
    return `${spacePath(spaceId)}/assignments`;
}

function assignmentPath(spaceId: string, assignmentId: string): string {
    return `${assignmentsPath(spaceId)}/${encodeURIComponent(assignmentId)}`;
}

/**
 * The `POST` body (held to Qlik's `AssignmentCreate` in test/types). Roles are strings, not Qlik's role union: a
 * `PUT` sends back every role it read, including any this package does not know yet, so none is dropped.
 */
export function createAssignmentBody<Role extends string>(assignee: SpaceAssignee, roles: readonly Role[]) {
    return { type: assignee.type, assigneeId: assignee.assigneeId, roles: [...roles] };
}

/** The `PUT` body: the complete role list (held to Qlik's `AssignmentUpdate`). */
export function replaceAssignmentBody<Role extends string>(roles: readonly Role[]) {
    return { roles: [...roles] };
}

function toAssignment(spaceId: string, a: QlikAssignment): SpaceAssignment {
    return { id: a.id, spaceId, type: a.type as AssigneeType, assigneeId: a.assigneeId, roles: a.roles };
}

/** Every assignment of a space (the owner has none). A 404 (no such space, or no access) is thrown. */
export async function listSpaceAssignments(
    http: QlikHttp,
    spaceId: string,
    filter: Partial<SpaceAssignee> = {},
): Promise<SpaceAssignment[]> {
    const query = { assigneeId: filter.assigneeId, type: filter.type };
    const items = await listAll(http, { path: assignmentsPath(spaceId), query }, assignmentSchema);
    return items.map((a) => toAssignment(spaceId, a));
}

/** The assignee's assignment in the space, or undefined when it has none. */
export async function getSpaceAssignment(
    http: QlikHttp,
    spaceId: string,
    assignee: SpaceAssignee,
): Promise<SpaceAssignment | undefined> {
    // The filters narrow the answer; matching again here keeps a filter Qlik ignored from handing back another's.
    const found = (await listSpaceAssignments(http, spaceId, assignee)).filter(
        (a) => a.type === assignee.type && a.assigneeId === assignee.assigneeId,
    );
    if (found.length > 1)
        throw new QlikError(
            "QLIK_INVALID_RESPONSE",
            `GET ${assignmentsPath(spaceId)}: ${found.length} assignments for ${assignee.type} ${assignee.assigneeId} (ids ${found.map((a) => a.id).join(", ")}), where Qlik allows one; report it to Qlik`,
        );
    return found[0];
}

/**
 * POST a new assignment. A 409 means the assignee already has one (another writer was first): it is read back and
 * returned as `exists`, for the caller to merge its roles into with a `PUT`.
 */
export async function createSpaceAssignment(
    http: QlikHttp,
    spaceId: string,
    assignee: SpaceAssignee,
    roles: readonly string[],
    slot?: ThrottleSlot,
): Promise<CreateAssignmentResult> {
    const path = assignmentsPath(spaceId);
    for (let attempt = 1; attempt <= CREATE_ATTEMPTS; attempt++) {
        try {
            const res = await http.send("POST", path, {
                tier: 2,
                json: createAssignmentBody(assignee, roles),
                expect: [201],
                slot: attempt === 1 ? slot : undefined,
            });
            return {
                outcome: "created",
                assignment: toAssignment(spaceId, parseBody(assignmentSchema, res.body, "POST", path)),
            };
        } catch (err) {
            if (!(isQlikError(err) && err.status === 409)) throw err;
        }
        const existing = await getSpaceAssignment(http, spaceId, assignee);
        if (existing) return { outcome: "exists", assignment: existing };
    }
    throw new QlikError(
        "QLIK_CONFLICT",
        `POST ${path}: Qlik answered 409 (an assignment for ${assignee.type} ${assignee.assigneeId} exists) ${CREATE_ATTEMPTS} times, yet none was there when read back; another writer is adding and removing it: re-run`,
    );
}

/** PUT the complete role list; undefined when the assignment (or the space) is gone (404). */
export async function replaceSpaceAssignmentRoles(
    http: QlikHttp,
    spaceId: string,
    assignmentId: string,
    roles: readonly string[],
    slot?: ThrottleSlot,
): Promise<SpaceAssignment | undefined> {
    const path = assignmentPath(spaceId, assignmentId);
    try {
        const res = await http.send("PUT", path, { tier: 2, json: replaceAssignmentBody(roles), slot });
        return toAssignment(spaceId, parseBody(assignmentSchema, res.body, "PUT", path));
    } catch (err) {
        if (isQlikError(err, "QLIK_NOT_FOUND")) return undefined;
        throw err;
    }
}

/** DELETE the assignment; false when it (or the space) was already gone (404). */
export async function deleteSpaceAssignment(
    http: QlikHttp,
    spaceId: string,
    assignmentId: string,
    slot?: ThrottleSlot,
): Promise<boolean> {
    try {
        await http.send("DELETE", assignmentPath(spaceId, assignmentId), {
            tier: 2,
            expect: [200, 204],
            jsonBody: false,
            slot,
        });
        return true;
    } catch (err) {
        if (isQlikError(err, "QLIK_NOT_FOUND")) return false;
        throw err;
    }
}
