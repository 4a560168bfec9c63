/**
 * JSON shapes of spaces and assignments, named so that test/types can hold them against Qlik's published `Space`
 * and `Assignment` types. A personal space renders with an empty name and no type (Qlik's `Space.type` has no
 * `personal`, and "personal spaces do not have a name").
 */
import type { ApiCall } from "./context";
import { callerRoles, canManage } from "./spaces-access";
import {
    ASSIGNABLE_ROLES,
    type AssigneeType,
    type AssignmentRecord,
    type SpaceRecord,
    type SpaceRole,
} from "./spaces-state";

type Link = { href: string };
type SpaceAction = "read" | "update" | "delete" | "change_owner";
type ListLinks = { self: Link; next?: Link; prev?: Link };

/** GET /api/v1/spaces: personal spaces are not items; the caller's own is described in `meta.personalSpace`. */
export interface SpacesPageJson {
    data: SpaceJson[];
    links: ListLinks;
    meta: { count: number; personalSpace?: { actions: SpaceAction[]; resourceType: string } };
}

export interface AssignmentsPageJson {
    data: AssignmentJson[];
    links: ListLinks;
    meta: { count: number };
}

export interface SpaceJson {
    id: string;
    name: string;
    type?: "shared" | "managed" | "data";
    ownerId: string;
    tenantId: string;
    description?: string;
    createdAt: string;
    createdBy: string;
    updatedAt: string;
    meta: { actions: SpaceAction[]; assignableRoles: SpaceRole[]; roles: SpaceRole[] };
    links: { self: Link; assignments: Link };
}

export interface AssignmentJson {
    id: string;
    type: AssigneeType;
    assigneeId: string;
    roles: SpaceRole[];
    spaceId: string;
    tenantId: string;
    createdAt: string;
    createdBy: string;
    updatedAt: string;
    updatedBy: string;
    links: { self: Link; space: Link };
}

const spaceHref = (call: ApiCall, id: string) => `${call.ctx.url}/api/v1/spaces/${id}`;

export function renderSpace(call: ApiCall, s: SpaceRecord): SpaceJson {
    // ASSUMPTION: actions are read for every viewer, plus update/delete/change_owner for whoever may manage it.
    const actions: SpaceAction[] = canManage(call, s)
        ? ["read", "update", "delete", "change_owner"]
        : ["read"];
    return {
        id: s.id,
        name: s.name,
        ...(s.type !== "personal" ? { type: s.type } : {}),
        ownerId: s.ownerId,
        tenantId: call.ctx.tenantId,
        ...(s.description !== undefined ? { description: s.description } : {}),
        createdAt: s.createdAt,
        createdBy: s.createdBy,
        updatedAt: s.updatedAt,
        meta: { actions, assignableRoles: [...ASSIGNABLE_ROLES[s.type]], roles: callerRoles(call, s) },
        links: {
            self: { href: spaceHref(call, s.id) },
            assignments: { href: `${spaceHref(call, s.id)}/assignments` },
        },
    };
}

export function renderAssignment(call: ApiCall, a: AssignmentRecord): AssignmentJson {
    return {
        id: a.id,
        type: a.type,
        assigneeId: a.assigneeId,
        roles: [...a.roles],
        spaceId: a.spaceId,
        tenantId: call.ctx.tenantId,
        createdAt: a.createdAt,
        createdBy: a.createdBy,
        updatedAt: a.updatedAt,
        updatedBy: a.updatedBy,
        links: {
            self: { href: `${spaceHref(call, a.spaceId)}/assignments/${a.id}` },
            space: { href: spaceHref(call, a.spaceId) },
        },
    };
}
