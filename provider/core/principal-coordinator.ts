/**
 * The per-principal coordinator: the only place that reads, changes and writes a principal's roles.
 *
 * Qlik only accepts a replacement of the whole `assignedRoles` list and offers no ETag, so two read-modify-write
 * cycles on one principal that overlap lose one of the changes. Pulumi runs many resource operations at once in one
 * provider process, so every change to a principal goes through here:
 *
 * 1. **Lock**: at most one cycle per principal runs at a time.
 * 2. **Merge**: changes that arrive while a cycle runs, or within `batchWindowMs` of the first, form one batch:
 *    one GET and one PATCH for the whole batch instead of one of each per resource.
 * 3. **Verify**: after writing, read again. If another writer (outside this process) undid part of our batch,
 *    re-plan from what we just read and write again, up to `maxRounds` times; then fail with QLIK_CONFLICT rather
 *    than report a change that did not stick.
 *
 * Like role-set.ts, it imports no I/O: the principal is reached through a `PrincipalStore`.
 */
import { planRoles, sameRoleSet, satisfies, holds, type RoleChange, type RoleRef } from "./role-set";

/** How the coordinator reaches one principal. */
export interface PrincipalStore {
    /** Current roles; `undefined` when the principal does not exist. */
    read(): Promise<readonly RoleRef[] | undefined>;
    /** Replaces the roles; false when the principal does not exist. */
    write(roles: readonly RoleRef[]): Promise<boolean>;
}

export interface ChangeOutcome {
    /** False when the principal does not exist (any more). Nothing was written for it. */
    principalExists: boolean;
    /** Whether the role to add was already held before this batch touched the principal. */
    addWasHeld: boolean;
    /** Whether the role to remove was held before this batch touched the principal. */
    removeWasHeld: boolean;
    /** Number of PATCHes this batch sent (0 when nothing needed changing). */
    writes: number;
}

export interface CoordinatorOptions {
    /** How long the first change of a batch waits for others to join it. Default 20 ms. */
    batchWindowMs?: number;
    /** Write-and-verify rounds before giving up with QLIK_CONFLICT. Default 3. */
    maxRounds?: number;
}

/** Thrown when other writers keep undoing our change. `code` matches the client's error codes. */
export class ConvergenceError extends Error {
    override readonly name = "ConvergenceError";
    readonly code = "QLIK_CONFLICT";
}

interface Pending {
    change: RoleChange;
    resolve: (outcome: ChangeOutcome) => void;
    reject: (err: unknown) => void;
}

interface PrincipalQueue {
    store: PrincipalStore;
    pending: Pending[];
    running: boolean;
    timer?: NodeJS.Timeout;
    inflightRead?: Promise<readonly RoleRef[] | undefined>;
}

export class PrincipalCoordinator {
    private readonly queues = new Map<string, PrincipalQueue>();
    private readonly batchWindowMs: number;
    private readonly maxRounds: number;

    constructor(options: CoordinatorOptions = {}) {
        this.batchWindowMs = options.batchWindowMs ?? 20;
        this.maxRounds = options.maxRounds ?? 3;
    }

    /**
     * Applies one change to the principal `key` (e.g. `users/<id>`), merged with whatever else is pending for it.
     * Resolves once the change is verified in the tenant.
     */
    apply(key: string, store: PrincipalStore, change: RoleChange): Promise<ChangeOutcome> {
        const queue = this.queue(key, store);
        return new Promise<ChangeOutcome>((resolve, reject) => {
            queue.pending.push({ change, resolve, reject });
            if (!queue.running && !queue.timer) {
                queue.timer = setTimeout(() => void this.drain(queue), this.batchWindowMs);
            }
        });
    }

    /**
     * The principal's current roles. Concurrent reads of one principal share one request (refresh of many
     * assignments on one principal costs one GET).
     */
    read(key: string, store: PrincipalStore): Promise<readonly RoleRef[] | undefined> {
        const queue = this.queue(key, store);
        if (!queue.inflightRead) {
            queue.inflightRead = store.read().finally(() => (queue.inflightRead = undefined));
        }
        return queue.inflightRead;
    }

    private queue(key: string, store: PrincipalStore): PrincipalQueue {
        let queue = this.queues.get(key);
        if (!queue) {
            queue = { store, pending: [], running: false };
            this.queues.set(key, queue);
        }
        return queue;
    }

    private async drain(queue: PrincipalQueue): Promise<void> {
        queue.timer = undefined;
        queue.running = true;
        try {
            while (queue.pending.length > 0) {
                const batch = queue.pending.splice(0);
                try {
                    const outcomes = await this.runBatch(queue, batch.map((p) => p.change));
                    batch.forEach((p, i) => p.resolve(outcomes[i]!));
                } catch (err) {
                    for (const p of batch) p.reject(err);
                }
            }
        } finally {
            queue.running = false;
        }
    }

    private async runBatch(queue: PrincipalQueue, changes: RoleChange[]): Promise<ChangeOutcome[]> {
        // Always a fresh read: anyone may have changed the principal since our last look.
        const before = await queue.store.read();
        const outcomes = (exists: boolean, writes: number): ChangeOutcome[] =>
            changes.map((c) => ({
                principalExists: exists,
                addWasHeld: !!(exists && c.add && holds(before!, c.add)),
                removeWasHeld: !!(exists && c.remove && holds(before!, c.remove)),
                writes,
            }));
        if (!before) return outcomes(false, 0);

        let current = before;
        for (let round = 0; round <= this.maxRounds; round++) {
            if (satisfies(current, changes)) {
                return outcomes(true, round);
            }
            if (round === this.maxRounds) break;
            const next = planRoles(current, changes);
            if (sameRoleSet(next, current)) break; // cannot happen; guards against an endless loop
            if (!(await queue.store.write(next))) return outcomes(false, round + 1);
            const after = await queue.store.read();
            if (!after) return outcomes(false, round + 1);
            current = after;
        }
        throw new ConvergenceError(
            `another writer kept changing this principal's roles while we wrote them (${this.maxRounds} attempts); ` +
                `our change did not stick: re-run, and stop the other writer (Qlik offers no way to lock a principal)`,
        );
    }
}
