/**
 * When a principal's pending batch of changes starts: the coordinator's scheduling policy, as one pure function
 * over what the coordinator knows at that moment. It guesses what the Pulumi engine will send next, so that one
 * principal's changes that arrive spread out (the engine runs only `--parallel` operations at once) still share
 * one GET and one PATCH.
 *
 * While the engine is handing over a burst of changes (at least `BURST_MIN_PENDING` changes pending across all
 * principals, and one arrived less than `BURST_QUIET_MS` ago), no batch starts, up to `maxBurstWaitMs` after its
 * first change: with checkpoints skipped, a 2,000-resource destroy hands over every removal within a second or two
 * in random order (in waves, so a gap of tens of milliseconds does not end it), and a batch started mid-burst holds
 * only part of its principal's removals, spending a write of Qlik's budget (500 per 5 minutes) that a moment later
 * would have carried them all. With few operations in flight (the engine's default `--parallel` is a handful) it
 * decides nothing: those changes are all pending already, and holding them would only stall the engine.
 *
 * Then a batch starts when all of these hold, or at the latest `maxBatchWaitMs` after its first change:
 * - **quiet**: no change has arrived for the principal for `batchWindowMs` (a debounce);
 * - **nothing announced is missing**: every change announced for it (a `check` of a new resource, a `diff` of a
 *   changed role) has arrived;
 * - **nothing held up**: when the engine was last seen working on this principal, no other principal's batch is
 *   running or about to run (its end frees `--parallel` slots that let this principal's next change in), and no
 *   batch ended less than `batchWindowMs` ago (the engine has not yet used the slots it freed). Destroy announces
 *   nothing, so this is what merges a principal's removals. A batch that is only waiting for an announcement does
 *   not count as busy: that change may itself be stuck behind the slots, and two principals must not wait for
 *   each other.
 */

/** What the coordinator knows about one principal's pending batch, and about the others, at time `now`. */
export interface BatchView {
    now: number;
    /** When the oldest and the newest pending change arrived. */
    firstArrival: number;
    lastArrival: number;
    /** Changes announced for this principal that have not arrived yet. */
    announced: number;
    /** The engine's most recent change or announcement was for this principal. */
    isLatest: boolean;
    /** When the last batch (of any principal) ended, if one ended after this principal's newest change arrived. */
    batchEndedSinceLastArrivalAt?: number;
    /** Another principal's batch is running, or pending with nothing announced missing (about to run). */
    otherBatchBusy: boolean;
    /** When the newest change of any principal arrived. */
    lastArrivalAnywhere: number;
    /** Changes pending (arrived, not yet taken by a batch) across all principals, this one's included. */
    pendingAnywhere: number;
}

export interface BatchTiming {
    /** Quiet time that ends a batch. */
    batchWindowMs: number;
    /** Longest wait after a batch's first change. */
    maxBatchWaitMs: number;
    /** Longest wait after a batch's first change while a burst of changes is still arriving. */
    maxBurstWaitMs: number;
}

/** Why a batch waits (for tracing and tests). */
type WaitReason = "burst" | "quiet" | "announced" | "held-up";

type BatchDecision = { start: true } | { start: false; reason: WaitReason; recheckInMs: number };

/** How often a batch that waits for something other than time looks again. */
export const RECHECK_MS = 5;

/** Pending changes that make a burst: more than the engine has in flight at its default `--parallel`. */
export const BURST_MIN_PENDING = 32;

/** Quiet that ends a burst. */
export const BURST_QUIET_MS = 100;

/** Whether the batch starts now, or else why it waits and when to decide again. */
export function decideBatch(view: BatchView, timing: BatchTiming): BatchDecision {
    const burstLeft = view.firstArrival + timing.maxBurstWaitMs - view.now;
    const burstQuietLeft = view.lastArrivalAnywhere + BURST_QUIET_MS - view.now;
    if (view.pendingAnywhere >= BURST_MIN_PENDING && burstLeft > 0 && burstQuietLeft > 0)
        return {
            start: false,
            reason: "burst",
            recheckInMs: Math.min(burstLeft, Math.max(burstQuietLeft, RECHECK_MS)),
        };
    const left = view.firstArrival + timing.maxBatchWaitMs - view.now;
    if (left <= 0) return { start: true };
    const quietLeft = view.lastArrival + timing.batchWindowMs - view.now;
    const recheckInMs = Math.min(left, Math.max(quietLeft, RECHECK_MS));
    if (quietLeft > 0) return { start: false, reason: "quiet", recheckInMs };
    if (view.announced > 0) return { start: false, reason: "announced", recheckInMs };
    if (mayBeHeldUp(view, timing)) return { start: false, reason: "held-up", recheckInMs };
    return { start: true };
}

/** More changes for this principal may be stuck behind the engine's parallelism limit (see the module comment). */
function mayBeHeldUp(view: BatchView, timing: BatchTiming): boolean {
    if (!view.isLatest) return false;
    if (view.batchEndedSinceLastArrivalAt !== undefined)
        return view.now - view.batchEndedSinceLastArrivalAt < timing.batchWindowMs;
    return view.otherBatchBusy;
}
