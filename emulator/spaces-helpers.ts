/** `emu.spaces`: synchronous state helpers for tests (no auth, no rate limits, not logged). */
import type { TenantState } from "./state";
import type { SpaceAssignmentSnapshot, SpaceHelpers } from "./types";
import type { AssigneeType, SpaceRole, SpaceType } from "./spaces-state";

export class EmulatorSpaces implements SpaceHelpers {
    constructor(
        private readonly state: () => TenantState,
        private readonly now: () => string,
    ) {}

    private get store() {
        return this.state().spaces;
    }

    spaceId(idOrName: string): string {
        return this.store.findSpace(idOrName).id;
    }
    assignment(space: string, assigneeId: string) {
        const a = this.store.assignmentsOf(this.spaceId(space)).find((x) => x.assigneeId === assigneeId);
        return a && { id: a.id, type: a.type, roles: [...a.roles] };
    }
    setAssignment(space: string, type: AssigneeType, assigneeId: string, roles: SpaceRole[]): void {
        const spaceId = this.spaceId(space);
        const current = this.store.assignmentFor(spaceId, type, assigneeId);
        if (current) this.store.setAssignmentRoles(current.id, roles, "outside-writer", this.now());
        else
            this.store.addAssignment(
                { spaceId, type, assigneeId, roles, createdBy: "outside-writer" },
                this.now(),
            );
    }
    deleteAssignment(space: string, assigneeId: string): void {
        const a = this.assignment(space, assigneeId);
        if (!a) throw new Error(`emulator: ${assigneeId} has no assignment in ${space}`);
        this.store.deleteAssignment(a.id);
    }
    addSpace(s: { name: string; type: SpaceType; ownerId: string }): { id: string } {
        const now = this.now();
        return { id: this.store.addSpace({ ...s, createdAt: now, createdBy: s.ownerId, updatedAt: now }).id };
    }
    snapshot(): SpaceAssignmentSnapshot {
        const out: SpaceAssignmentSnapshot = {};
        for (const s of this.store.allSpaces()) {
            const byAssignee: Record<string, string[]> = {};
            for (const a of this.store.assignmentsOf(s.id))
                byAssignee[`${a.type}:${a.assigneeId}`] = [...a.roles].sort();
            out[s.id] = byAssignee;
        }
        return out;
    }
}
