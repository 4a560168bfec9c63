/**
 * What the coordinator keeps per principal (the changes waiting for a batch, and when they arrived), what it
 * keeps across principals (the engine's activity), and the view of both that the batch policy decides on.
 */
import type { BatchView } from "./batch-policy";
import type { ChangeOutcome, PrincipalStore } from "./principal-store";
import type { ReadCache } from "./read-cache";
import type { RoleChange } from "./role-set";

export interface Pending {
    change: RoleChange;
    resolve: (outcome: ChangeOutcome) => void;
    reject: (err: unknown) => void;
}

export interface PrincipalQueue {
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

/** An empty queue for a principal the coordinator has not seen yet. */
export function newQueue(reads: ReadCache): PrincipalQueue {
    return {
        pending: [],
        running: false,
        firstArrival: 0,
        lastArrival: 0,
        announced: 0,
        endedBeforeLastArrival: 0,
        reads,
    };
}

/** The engine's activity across every principal, as the coordinator has seen it. */
export interface Activity {
    /** The principal of the most recent `apply` or `announce`: the last one the engine was seen working on. */
    latestKey?: string;
    /** How many batches have ended so far, and when the last one did. */
    batchesEnded: number;
    lastBatchEndAt: number;
    /** When the newest change of any principal arrived, and how many changes wait for a batch. */
    lastArrivalAnywhere: number;
    pendingAnywhere: number;
}

/** What the scheduling policy needs to know about the pending batch of `key`, at `now`. */
export function batchView(
    key: string,
    queue: PrincipalQueue,
    all: Iterable<PrincipalQueue>,
    activity: Activity,
    now: number,
): BatchView {
    const endedSince = activity.batchesEnded > queue.endedBeforeLastArrival;
    let otherBatchBusy = false;
    for (const other of all) {
        if (other === queue) continue;
        if (other.running || (other.pending.length > 0 && other.announced === 0)) {
            otherBatchBusy = true;
            break;
        }
    }
    return {
        now,
        firstArrival: queue.firstArrival,
        lastArrival: queue.lastArrival,
        announced: queue.announced,
        isLatest: activity.latestKey === key,
        ...(endedSince ? { batchEndedSinceLastArrivalAt: activity.lastBatchEndAt } : {}),
        otherBatchBusy,
        lastArrivalAnywhere: activity.lastArrivalAnywhere,
        pendingAnywhere: activity.pendingAnywhere,
    };
}
