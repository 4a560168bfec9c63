/**
 * The tenant's spaces and their assignments (Qlik's Spaces API; see docs/spaces-api.md). Plain records, kept apart
 * from users and groups so that the role model and the space model change independently.
 */
import { stableHex } from "./ids";

/** A space's type. `personal` is not in Qlik's `Space.type`: a personal space renders without a type. */
export type SpaceType = "shared" | "managed" | "data" | "personal";
export type SpaceRole =
    | "consumer"
    | "contributor"
    | "dataconsumer"
    | "datapreview"
    | "facilitator"
    | "operator"
    | "producer"
    | "publisher"
    | "basicconsumer"
    | "codeveloper";
export type AssigneeType = "user" | "group";

/**
 * Roles each type accepts, as the spec's `RoleType` comment lists them. Qlik's "Space roles" guide also lists
 * `operator` for managed spaces; the emulator follows the spec, the stricter of the two. Personal spaces take none.
 */
export const ASSIGNABLE_ROLES: Record<SpaceType, readonly SpaceRole[]> = {
    shared: ["codeveloper", "consumer", "dataconsumer", "facilitator", "producer"],
    managed: ["basicconsumer", "consumer", "contributor", "dataconsumer", "facilitator", "publisher"],
    data: ["consumer", "dataconsumer", "datapreview", "facilitator", "operator", "producer", "publisher"],
    personal: [],
};

export const SPACE_ROLES: readonly SpaceRole[] = [
    "consumer",
    "contributor",
    "dataconsumer",
    "datapreview",
    "facilitator",
    "operator",
    "producer",
    "publisher",
    "basicconsumer",
    "codeveloper",
];

export interface SpaceRecord {
    id: string;
    /** Empty for a personal space (Qlik: personal spaces have no name). */
    name: string;
    type: SpaceType;
    ownerId: string;
    description?: string;
    createdAt: string;
    createdBy: string;
    updatedAt: string;
}

export interface AssignmentRecord {
    id: string;
    spaceId: string;
    type: AssigneeType;
    assigneeId: string;
    /** In the order last written (Qlik's `PUT` replaces the whole list). */
    roles: SpaceRole[];
    createdAt: string;
    createdBy: string;
    updatedAt: string;
    updatedBy: string;
}

export interface SpacesData {
    spaces: SpaceRecord[];
    assignments: AssignmentRecord[];
}

export class SpaceStore {
    private spaces = new Map<string, SpaceRecord>();
    /** Keyed by assignment id; at most one per (space, assignee type, assignee id). */
    private assignments = new Map<string, AssignmentRecord>();
    private added = 0;
    private changes = 0;

    /** Moves on with every change, so a kept sorted list knows it is stale. */
    get version(): number {
        return this.changes;
    }

    load(data: SpacesData | undefined): void {
        this.changes++;
        const copy = structuredClone(data ?? { spaces: [], assignments: [] });
        this.spaces = new Map(copy.spaces.map((s) => [s.id, s]));
        this.assignments = new Map(copy.assignments.map((a) => [a.id, a]));
        this.added = 0;
    }

    space(id: string): SpaceRecord | undefined {
        return this.spaces.get(id);
    }
    allSpaces(): SpaceRecord[] {
        return [...this.spaces.values()];
    }
    /** For the test helpers: by id, else by exact name. */
    findSpace(idOrName: string): SpaceRecord {
        const s = this.spaces.get(idOrName) ?? this.allSpaces().find((x) => x.name === idOrName);
        if (!s) throw new Error(`emulator: no space with id or name ${JSON.stringify(idOrName)}`);
        return s;
    }
    addSpace(s: Omit<SpaceRecord, "id">): SpaceRecord {
        this.changes++;
        const rec: SpaceRecord = { ...s, id: stableHex(`space:added:${++this.added}:${s.name}`) };
        this.spaces.set(rec.id, rec);
        return rec;
    }

    assignment(spaceId: string, id: string): AssignmentRecord | undefined {
        const a = this.assignments.get(id);
        return a && a.spaceId === spaceId ? a : undefined;
    }
    assignmentsOf(spaceId: string): AssignmentRecord[] {
        return [...this.assignments.values()].filter((a) => a.spaceId === spaceId);
    }
    assignmentFor(spaceId: string, type: AssigneeType, assigneeId: string): AssignmentRecord | undefined {
        return this.assignmentsOf(spaceId).find((a) => a.type === type && a.assigneeId === assigneeId);
    }

    /** Throws when the assignee already has one: callers check first and answer 409. */
    addAssignment(a: Omit<AssignmentRecord, "id" | "createdAt" | "updatedAt" | "updatedBy">, now: string) {
        if (this.assignmentFor(a.spaceId, a.type, a.assigneeId))
            throw new Error(`emulator: ${a.type} ${a.assigneeId} already has an assignment in ${a.spaceId}`);
        this.changes++;
        const id = stableHex(`assignment:added:${++this.added}:${a.spaceId}:${a.assigneeId}`);
        const rec: AssignmentRecord = { ...a, id, createdAt: now, updatedAt: now, updatedBy: a.createdBy };
        this.assignments.set(id, rec);
        return rec;
    }
    setAssignmentRoles(id: string, roles: SpaceRole[], by: string, now: string): AssignmentRecord {
        const a = this.assignments.get(id);
        if (!a) throw new Error(`emulator: assignment ${id} vanished during a write`);
        this.changes++;
        a.roles = [...roles];
        a.updatedAt = now;
        a.updatedBy = by;
        return a;
    }
    deleteAssignment(id: string): void {
        this.changes++;
        this.assignments.delete(id);
    }
}
