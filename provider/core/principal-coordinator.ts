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
 *    re-plan from what we just read and write again, up to `verifyRounds` times; then fail with QLIK_CONFLICT rather
 *    than report a change that did not stick.
 *
 * Like role-set.ts, it imports no I/O: the principal is reached through a `PrincipalStore`. The batch queue and
 * its view for the policy are in batch-queue.ts, the write-and-verify rounds in write-and-verify.ts.
 */
import { decideBatch, type BatchTiming } from "./batch-policy";
import { batchView, newQueue, type Activity, type PrincipalQueue } from "./batch-queue";
import { SYSTEM_CLOCK, type Clock } from "./clock";
import { COORDINATOR_DEFAULTS, type CoordinatorOptions } from "./coordinator-options";
import type { ChangeOutcome, PrincipalStore, WriteReservation } from "./principal-store";
import { ReadCache } from "./read-cache";
import type { RoleChange, RoleRef } from "./role-set";
import { ConvergenceError, writeAndVerify } from "./write-and-verify";

export type { ChangeOutcome, PrincipalStore, WriteReservation } from "./principal-store";
export { COORDINATOR_DEFAULTS, type CoordinatorOptions } from "./coordinator-options";
export { ConvergenceError } from "./write-and-verify";

export class PrincipalCoordinator {
    private readonly queues = new Map<string, PrincipalQueue>();
    /** Failures of batches that had sent a PATCH before failing (see `mayHaveWritten`). */
    private readonly failedAfterWrite = new WeakSet<object>();
    private readonly activity: Activity = {
        batchesEnded: 0,
        lastBatchEndAt: 0,
        lastArrivalAnywhere: 0,
        pendingAnywhere: 0,
    };
    private readonly timing: BatchTiming;
    private readonly verifyRounds: number;
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
        this.verifyRounds = options.verifyRounds ?? d.verifyRounds;
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
        this.activity.latestKey = key;
    }

    /**
     * Applies one change to the principal `key` (e.g. `users/<id>`), merged with whatever else is pending for it.
     * Resolves once the change is verified in the tenant.
     */
    apply(key: string, store: PrincipalStore, change: RoleChange): Promise<ChangeOutcome> {
        const queue = this.queue(key);
        queue.store = store;
        if (queue.announced > 0) queue.announced--;
        this.activity.latestKey = key;
        return new Promise<ChangeOutcome>((resolve, reject) => {
            const now = this.clock.now();
            if (queue.pending.length === 0) queue.firstArrival = now;
            queue.lastArrival = now;
            this.activity.lastArrivalAnywhere = now;
            this.activity.pendingAnywhere++;
            queue.endedBeforeLastArrival = this.activity.batchesEnded;
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
            queue = newQueue(new ReadCache(this.clock, this.shareReadMs, this.maxReadAgeMs));
            this.queues.set(key, queue);
        }
        return queue;
    }

    /** Decides after `ms` whether the batch starts (see batch-policy.ts), and keeps deciding until it does. */
    private wait(key: string, queue: PrincipalQueue, ms: number): void {
        queue.timer = this.clock.setTimeout(() => {
            queue.timer = undefined;
            const view = batchView(key, queue, this.queues.values(), this.activity, this.clock.now());
            const decision = decideBatch(view, this.timing);
            if (decision.start) void this.drain(key, queue);
            else this.wait(key, queue, decision.recheckInMs);
        }, ms);
    }

    private async drain(key: string, queue: PrincipalQueue): Promise<void> {
        queue.running = true;
        // A failed reservation only means this batch's write queues for its place like any other request.
        const reservation = await queue.store?.reserveWrite?.().catch(() => undefined);
        const batch = queue.pending.splice(0);
        this.activity.pendingAnywhere -= batch.length;
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
            this.activity.batchesEnded++;
            this.activity.lastBatchEndAt = this.clock.now();
        }
        // Changes that arrived meanwhile have waited a whole cycle already: they go at once, unless more are
        // announced, which they wait for as a new batch would.
        if (queue.pending.length > 0) {
            if (queue.announced > 0) this.wait(key, queue, this.timing.batchWindowMs);
            else void this.drain(key, queue);
        }
    }

    /** `reservation` goes to the batch's first write; the caller releases it (a no-op once a write used it). */
    private runBatch(
        queue: PrincipalQueue,
        changes: RoleChange[],
        reservation?: WriteReservation,
    ): Promise<ChangeOutcome[]> {
        return writeAndVerify({
            store: queue.store!,
            reads: queue.reads,
            changes,
            verifyRounds: this.verifyRounds,
            reservation,
            failedAfterWrite: (err) => this.failedAfterWrite.add(err),
        });
    }
}
