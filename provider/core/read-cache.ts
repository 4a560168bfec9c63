/**
 * The reads of one principal that may stand in for a new GET, and the rule that keeps them safe: a read sent
 * before our own last write to the principal may not show that write, so it never serves again after it.
 *
 * - **Shared reads** (`read`): refresh reads of one principal share one request while it is in flight, and are
 *   answered by a read at most `shareReadMs` old: Pulumi's refresh sends a principal's reads apart (100 ms to
 *   seconds), and one refresh sees one moment of the tenant. Only reads are served from it.
 * - **Offered reads** (`offer`, `takeOffered`): a lookup made for another reason (the `check` that resolved the
 *   principal) may serve as the starting point of the next batch when it is at most `maxReadAgeMs` old. It also
 *   answers reads as a shared read would (a set's `diff` right after its `check`, in a preview), when newer than
 *   the shared read.
 */
import type { Clock } from "./clock";
import type { RoleRef } from "./role-set";

type Roles = readonly RoleRef[] | undefined;

export class ReadCache {
    /** When our last write to this principal completed. */
    private lastWriteAt = 0;
    private offered?: { roles: readonly RoleRef[]; takenAt: number };
    private recent?: { result: Promise<Roles>; takenAt: number };

    constructor(
        private readonly clock: Clock,
        private readonly shareReadMs: number,
        private readonly maxReadAgeMs: number,
    ) {}

    /** Records that one of our writes to the principal just completed (or failed: it may have landed). */
    wrote(): void {
        this.lastWriteAt = this.clock.now();
    }

    /**
     * The principal's roles, from a recent read (in flight or answered) when it may answer, else from `fetch`.
     * A read sent before our last write never answers, even while it is still in flight.
     */
    read(fetch: () => Promise<Roles>): Promise<Roles> {
        const recent = this.recent;
        if (recent && this.sentAfterWrite(recent.takenAt) && this.age(recent.takenAt) <= this.shareReadMs)
            return recent.result;
        const result = fetch();
        const entry = { result, takenAt: this.clock.now() };
        this.recent = entry;
        // A failed read answers no one else: the next read asks again.
        result.catch(() => {
            if (this.recent === entry) this.recent = undefined;
        });
        return result;
    }

    /** Offers roles read by a request sent at `takenAt`; the newest offer sent after our last write is kept. */
    offer(roles: readonly RoleRef[], takenAt: number): void {
        if (!this.sentAfterWrite(takenAt)) return;
        if (!this.offered || this.offered.takenAt < takenAt) this.offered = { roles, takenAt };
        if (!this.recent || this.recent.takenAt < takenAt)
            this.recent = { result: Promise.resolve(roles), takenAt };
    }

    /** The offered roles if they may start a batch (checked now: a write may have completed since), once. */
    takeOffered(): readonly RoleRef[] | undefined {
        const offered = this.offered;
        this.offered = undefined;
        if (!offered || !this.sentAfterWrite(offered.takenAt)) return undefined;
        return this.age(offered.takenAt) <= this.maxReadAgeMs ? offered.roles : undefined;
    }

    private sentAfterWrite(takenAt: number): boolean {
        return takenAt > this.lastWriteAt;
    }

    private age(takenAt: number): number {
        return this.clock.now() - takenAt;
    }
}
