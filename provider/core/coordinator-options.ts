/** The coordinator's settings, each with its default (the provider's internal options start from these too). */
import type { Clock } from "./clock";

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
    verifyRounds?: number;
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
    verifyRounds: 3,
    maxReadAgeMs: 0,
    shareReadMs: 10_000,
});
