/**
 * The per-principal coordinator: the only place that reads, changes and writes a principal's roles.
 *
 * Qlik only accepts a replacement of the whole `assignedRoles` list and offers no ETag, so two read-modify-write
 * cycles on one principal that overlap lose one of the changes. Pulumi runs many resource operations at once in one
 * provider process, so every change to a principal goes through here:
 *
 * 1. **Lock**: at most one cycle per principal runs at a time.
 * 2. **Merge**: changes that arrive while a cycle runs, or close together, form one batch: one GET and one PATCH
 *    for the whole batch instead of one of each per resource. When a pending batch starts is decided by
 *    `decideBatch` in batch-policy.ts (quiet for `batchWindowMs`, nothing announced missing, nothing held up
 *    behind Pulumi's parallelism limit; at the latest `maxBatchWaitMs` after its first change).
 * 3. **Read once**: a batch may start from a read offered by the caller (the lookup `check` just made), when it
 *    is at most `maxReadAgeMs` old and was sent after our own last write to the principal; otherwise it reads anew
 *    (read-cache.ts keeps those reads and the rule).
 * 4. **Write slot first**: a batch first waits for the right to write (`reserveWrite`), then takes every change
 *    pending for the principal. Once the tenant's write budget is spent, batches wait minutes for it; changes that
 *    arrive for the principal meanwhile join that write instead of queueing for another.
 * 5. **Verify**: after writing, read again. If another writer (outside this process) undid part of our batch,
 *    re-plan from what we just read and write again, up to `maxRounds` times; then fail with QLIK_CONFLICT rather
 *    than report a change that did not stick.
 *
 * Like role-set.ts, it imports no I/O: the principal is reached through a `PrincipalStore`.
 */
import { decideBatch, type BatchTiming, type BatchView } from "./batch-policy";
import { SYSTEM_CLOCK, type Clock } from "./clock";
import { ReadCache } from "./read-cache";
import { planRoles, sameRoleSet, satisfies, holds, type RoleChange, type RoleRef } from "./role-set";

/** A place for one write, granted ahead by the store's rate limiter (see `PrincipalStore.reserveWrite`). */
export interface WriteReservation {
    /** Gives the place back if no write used it; does nothing after a write has. */
    release(): void;
}

/** How the coordinator reaches one principal. */
export interface PrincipalStore {
    /** Current roles; `undefined` when the principal does not exist. */
    read(): Promise<readonly RoleRef[] | undefined>;
    /** Replaces the roles; false when the principal does not exist. `reservation`: the batch's reserved place. */
    write(roles: readonly RoleRef[], reservation?: WriteReservation): Promise<boolean>;
    /**
     * Waits until a write to the tenant may be sent, and holds that place (optional; undefined when writes are
     * not limited). A batch waits for it before it takes the principal's pending changes.
     */
    reserveWrite?(): Promise<WriteReservation | undefined>;
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
    /** A batch starts after this long without a new change for its principal. Default 20 ms. */
    batchWindowMs?: number;
    /**
     * ...but at the latest this long after its first change. Default 1000 ms: with 2,000 resources Pulumi starts a
     * create about every 90 ms (it saves state at every step), so announced siblings arrive over several hundred ms.
     */
    maxBatchWaitMs?: number;
    /**
     * While the engine hands over a burst of changes (many pending, still arriving), a batch waits for the burst to
     * end, up to this long after its first change (see batch-policy.ts). Default 10 s: a 2,000-resource destroy
     * with the engine's checkpoints skipped hands over its removals within seconds. 0 switches it off.
     */
    maxBurstWaitMs?: number;
    /** Write-and-verify rounds before giving up with QLIK_CONFLICT. Default 3. */
    maxRounds?: number;
    /**
     * How old a read may be and still serve as a batch's starting point. 0 (the default) always reads anew. Larger
     * values save a GET per principal, but widen the window in which a change by another writer, made between
     * that read and our write, is overwritten (Qlik has no ETag to detect it).
     */
    maxReadAgeMs?: number;
    /**
     * Whether a failure of a merged batch may be caused by one of its changes (e.g. 400 for one role, or a group
     * over its role limit), so that the changes are retried one by one and only the culprit fails. Transient
     * failures (5xx, network) should answer false: replaying them would only multiply the load. Default: never.
     */
    isolateOnError?: (err: unknown) => boolean;
    /**
     * How long a `read()` answers later `read()`s of the same principal (refresh). Default 10 s: a refresh of
     * 2,000 assignments takes about that long, and delivers one principal's reads seconds apart.
     */
    shareReadMs?: number;
    /** Observes each batch as it starts (for tracing and benchmarks); must not throw. */
    onBatch?: (key: string, size: number) => void;
    /** Time and timers; tests pass fake ones. Default the system clock. */
    clock?: Clock;
}

/** The default of each numeric option (the provider's internal options start from these too). */
export const COORDINATOR_DEFAULTS = Object.freeze({
    batchWindowMs: 20,
    maxBatchWaitMs: 1000,
    maxBurstWaitMs: 10_000,
    maxRounds: 3,
    maxReadAgeMs: 0,
    shareReadMs: 10_000,
});

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
    store?: PrincipalStore;
    pending: Pending[];
    running: boolean;
    timer?: unknown;
    /** When the oldest and the newest pending change arrived. */
    firstArrival: number;
    lastArrival: number;
    /** `batchesEnded` when the newest pending change arrived. */
    endedBeforeLastArrival: number;
    /** Changes announced for this principal that have not arrived yet. */
    announced: number;
    /** Reads that may stand in for a new GET of this principal. */
    reads: ReadCache;
}

export class PrincipalCoordinator {
    private readonly queues = new Map<string, PrincipalQueue>();
    /** Failures of batches that had sent a PATCH before failing (see `mayHaveWritten`). */
    private readonly failedAfterWrite = new WeakSet<object>();
    /** The principal of the most recent `apply` or `announce`: the last one the engine was seen working on. */
    private latestKey?: string;
    /** How many batches have ended so far, and when the last one did. */
    private batchesEnded = 0;
    private lastBatchEndAt = 0;
    /** When the newest change of any principal arrived, and how many changes wait for a batch. */
    private lastArrivalAnywhere = 0;
    private pendingAnywhere = 0;
    private readonly timing: BatchTiming;
    private readonly maxRounds: number;
    private readonly maxReadAgeMs: number;
    private readonly shareReadMs: number;
    private readonly isolateOnError: (err: unknown) => boolean;
    private readonly onBatch?: (key: string, size: number) => void;
    private readonly clock: Clock;

    constructor(options: CoordinatorOptions = {}) {
        const d = COORDINATOR_DEFAULTS;
        const batchWindowMs = options.batchWindowMs ?? d.batchWindowMs;
        this.timing = {
            batchWindowMs,
            maxBatchWaitMs: Math.max(batchWindowMs, options.maxBatchWaitMs ?? d.maxBatchWaitMs),
            maxBurstWaitMs: options.maxBurstWaitMs ?? d.maxBurstWaitMs,
        };
        this.maxRounds = options.maxRounds ?? d.maxRounds;
        this.maxReadAgeMs = options.maxReadAgeMs ?? d.maxReadAgeMs;
        this.shareReadMs = options.shareReadMs ?? d.shareReadMs;
        this.isolateOnError = options.isolateOnError ?? (() => false);
        this.onBatch = options.onBatch;
        this.clock = options.clock ?? SYSTEM_CLOCK;
    }

    /**
     * Says that a change to the principal `key` is coming (Pulumi checked a new resource, or diffed a changed
     * one): its batch waits for it, up to `maxBatchWaitMs`. An announcement that never arrives costs only that wait.
     */
    announce(key: string): void {
        this.queue(key).announced++;
        this.latestKey = key;
    }

    /**
     * Applies one change to the principal `key` (e.g. `users/<id>`), merged with whatever else is pending for it.
     * Resolves once the change is verified in the tenant.
     */
    apply(key: string, store: PrincipalStore, change: RoleChange): Promise<ChangeOutcome> {
        const queue = this.queue(key);
        queue.store = store;
        if (queue.announced > 0) queue.announced--;
        this.latestKey = key;
        return new Promise<ChangeOutcome>((resolve, reject) => {
            const now = this.clock.now();
            if (queue.pending.length === 0) queue.firstArrival = now;
            queue.lastArrival = now;
            this.lastArrivalAnywhere = now;
            this.pendingAnywhere++;
            queue.endedBeforeLastArrival = this.batchesEnded;
            queue.pending.push({ change, resolve, reject });
            if (!queue.running && !queue.timer) this.wait(key, queue, this.timing.batchWindowMs);
        });
    }

    /**
     * The principal's current roles. Concurrent reads of one principal share one request (refresh of many
     * assignments on one principal costs one GET).
     */
    read(key: string, store: PrincipalStore): Promise<readonly RoleRef[] | undefined> {
        return this.queue(key).reads.read(() => store.read());
    }

    /**
     * Whether `apply` failed with `err` after a PATCH of its batch went out, so that the change may have landed.
     * False means nothing was written: callers use it to tell "nothing can have changed" apart from "our change
     * may have landed". A conflict always follows writes.
     */
    mayHaveWritten(err: unknown): boolean {
        if (err instanceof ConvergenceError) return true;
        return typeof err === "object" && err !== null && this.failedAfterWrite.has(err);
    }

    /**
     * Offers a read of the principal's roles, sent at `takenAt`, as the starting point of its next batch. Ignored
     * when it may predate our own last write to the principal.
     */
    offer(key: string, roles: readonly RoleRef[], takenAt: number): void {
        this.queue(key).reads.offer(roles, takenAt);
    }

    private queue(key: string): PrincipalQueue {
        let queue = this.queues.get(key);
        if (!queue) {
            queue = {
                pending: [],
                running: false,
                firstArrival: 0,
                lastArrival: 0,
                announced: 0,
                endedBeforeLastArrival: 0,
                reads: new ReadCache(this.clock, this.shareReadMs, this.maxReadAgeMs),
            };
            this.queues.set(key, queue);
        }
        return queue;
    }

    /** What the scheduling policy needs to know about the pending batch of `key`, now. */
    private view(key: string, queue: PrincipalQueue): BatchView {
        const endedSince = this.batchesEnded > queue.endedBeforeLastArrival;
        let otherBatchBusy = false;
        for (const other of this.queues.values()) {
            if (other === queue) continue;
            if (other.running || (other.pending.length > 0 && other.announced === 0)) {
                otherBatchBusy = true;
                break;
            }
        }
        return {
            now: this.clock.now(),
            firstArrival: queue.firstArrival,
            lastArrival: queue.lastArrival,
            announced: queue.announced,
            isLatest: this.latestKey === key,
            ...(endedSince ? { batchEndedSinceLastArrivalAt: this.lastBatchEndAt } : {}),
            otherBatchBusy,
            lastArrivalAnywhere: this.lastArrivalAnywhere,
            pendingAnywhere: this.pendingAnywhere,
        };
    }

    /** Decides after `ms` whether the batch starts (see batch-policy.ts), and keeps deciding until it does. */
    private wait(key: string, queue: PrincipalQueue, ms: number): void {
        queue.timer = this.clock.setTimeout(() => {
            queue.timer = undefined;
            const decision = decideBatch(this.view(key, queue), this.timing);
            if (decision.start) void this.drain(key, queue);
            else this.wait(key, queue, decision.recheckInMs);
        }, ms);
    }

    private async drain(key: string, queue: PrincipalQueue): Promise<void> {
        queue.running = true;
        // A failed reservation only means this batch's write queues for its place like any other request.
        const reservation = await queue.store?.reserveWrite?.().catch(() => undefined);
        const batch = queue.pending.splice(0);
        this.pendingAnywhere -= batch.length;
        try {
            this.onBatch?.(key, batch.length);
            try {
                const outcomes = await this.runBatch(
                    queue,
                    batch.map((p) => p.change),
                    reservation,
                );
                batch.forEach((p, i) => p.resolve(outcomes[i]!));
            } catch (err) {
                if (batch.length === 1 || !this.isolateOnError(err)) throw err;
                // One change may have spoiled the merged write: retry each alone, so only the culprit fails.
                for (const p of batch) {
                    await this.runBatch(queue, [p.change]).then(
                        (outcomes) => p.resolve(outcomes[0]!),
                        (e: unknown) => p.reject(e),
                    );
                }
            }
        } catch (err) {
            for (const p of batch) p.reject(err);
        } finally {
            reservation?.release();
            queue.running = false;
            this.batchesEnded++;
            this.lastBatchEndAt = this.clock.now();
        }
        // Changes that arrived meanwhile have waited a whole cycle already: they go at once, unless more are
        // announced, which they wait for as a new batch would.
        if (queue.pending.length > 0) {
            if (queue.announced > 0) this.wait(key, queue, this.timing.batchWindowMs);
            else void this.drain(key, queue);
        }
    }

    /** `reservation` goes to the batch's first write; the caller releases it (a no-op once a write used it). */
    private async runBatch(
        queue: PrincipalQueue,
        changes: RoleChange[],
        reservation?: WriteReservation,
    ): Promise<ChangeOutcome[]> {
        const store = queue.store!;
        const before = queue.reads.takeOffered() ?? (await store.read());
        const outcomes = (exists: boolean, writes: number): ChangeOutcome[] =>
            changes.map((c) => ({
                principalExists: exists,
                addWasHeld: !!(exists && c.add && holds(before!, c.add)),
                removeWasHeld: !!(exists && c.remove && holds(before!, c.remove)),
                writes,
            }));
        if (!before) return outcomes(false, 0);

        let current = before;
        let wrote = false;
        try {
            for (let round = 0; round <= this.maxRounds; round++) {
                if (satisfies(current, changes)) {
                    return outcomes(true, round);
                }
                if (round === this.maxRounds) break;
                const next = planRoles(current, changes);
                if (sameRoleSet(next, current)) break; // cannot happen; guards against an endless loop
                wrote = true;
                const written = await store
                    .write(next, round === 0 ? reservation : undefined)
                    .finally(() => queue.reads.wrote());
                if (!written) return outcomes(false, round + 1);
                const after = await store.read();
                if (!after) return outcomes(false, round + 1);
                current = after;
            }
        } catch (err) {
            if (wrote && typeof err === "object" && err !== null) this.failedAfterWrite.add(err);
            throw err;
        }
        throw new ConvergenceError(
            `another writer kept changing this principal's roles while we wrote them (${this.maxRounds} attempts); ` +
                `our change did not stick: re-run, and stop the other writer (Qlik offers no way to lock a principal)`,
        );
    }
}
