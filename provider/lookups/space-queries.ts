/**
 * What the space lookups read: a space with the roles it takes, and its members with their names. GETs only; the
 * members' names cost one GET per user or group (Tier 1), read a few at a time.
 */
import type { QlikClient, SpaceAssignment, SpaceSelector } from "../client";

/** A space as the lookups give it. */
export interface SpaceDetails {
    spaceId: string;
    spaceName: string;
    /** `shared`, `managed` or `data` (`personal` for a personal space). */
    type: string;
    /** Holds every role without an assignment; absent when Qlik does not say. */
    ownerId?: string;
    /** The roles this space accepts, sorted. */
    assignableRoles: string[];
}

/** One member of a space: a user or a group, its name, and its roles there (the owner is not a member). */
export interface SpaceMember {
    type: "user" | "group";
    assigneeId: string;
    /** A user's subject, or a group's name; absent when the user or group no longer exists. */
    name?: string;
    email?: string;
    /** Sorted. */
    roles: string[];
}

export interface SpaceMembers extends SpaceDetails {
    /** By type, then name. */
    members: SpaceMember[];
}

const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
/** Name reads in flight at once: enough to be quick, few enough to leave the read budget to the rest. */
const NAME_READS_AT_ONCE = 8;

export async function findSpace(client: QlikClient, selector: SpaceSelector): Promise<SpaceDetails> {
    const s = await client.resolveSpace(selector);
    return {
        spaceId: s.id,
        spaceName: s.name,
        type: s.type,
        ...(s.ownerId !== undefined ? { ownerId: s.ownerId } : {}),
        assignableRoles: [...s.assignableRoles].sort(byCodePoint),
    };
}

async function named(client: QlikClient, a: SpaceAssignment): Promise<SpaceMember> {
    const roles = [...a.roles].sort(byCodePoint);
    const base = { type: a.type, assigneeId: a.assigneeId, roles };
    if (a.type === "user") {
        const u = await client.getUser(a.assigneeId);
        return u ? { ...base, name: u.subject, ...(u.email ? { email: u.email } : {}) } : base;
    }
    const g = await client.getGroup(a.assigneeId);
    return g ? { ...base, name: g.name } : base;
}

export async function findSpaceMembers(client: QlikClient, selector: SpaceSelector): Promise<SpaceMembers> {
    const space = await findSpace(client, selector);
    const assignments = await client.listSpaceAssignments(space.spaceId);
    const members: SpaceMember[] = [];
    for (let i = 0; i < assignments.length; i += NAME_READS_AT_ONCE)
        members.push(
            ...(await Promise.all(assignments.slice(i, i + NAME_READS_AT_ONCE).map((a) => named(client, a)))),
        );
    members.sort(
        (a, b) =>
            byCodePoint(a.type, b.type) ||
            byCodePoint(a.name ?? "", b.name ?? "") ||
            byCodePoint(a.assigneeId, b.assigneeId),
    );
    return { ...space, members };
}
