import {
    BURST_MIN_PENDING,
    BURST_QUIET_MS,
    decideBatch,
    RECHECK_MS,
    type BatchView,
} from "../../provider/core/batch-policy";

const timing = { batchWindowMs: 20, maxBatchWaitMs: 1000, maxBurstWaitMs: 10_000 };

/** A batch whose only change arrived at 0, seen at `now`, with nothing else going on. */
const view = (changes: Partial<BatchView>): BatchView => ({
    now: 100,
    firstArrival: 0,
    lastArrival: 0,
    announced: 0,
    isLatest: false,
    otherBatchBusy: false,
    lastArrivalAnywhere: 0,
    pendingAnywhere: 1,
    ...changes,
});

describe("decideBatch", () => {
    it.each<[string, Partial<BatchView>, ReturnType<typeof decideBatch>]>([
        ["starts once quiet, with nothing announced or held up", {}, { start: true }],
        [
            "waits out the quiet window after the newest change",
            { lastArrival: 90 },
            { start: false, reason: "quiet", recheckInMs: 10 },
        ],
        [
            "never rechecks sooner than the polling step",
            { lastArrival: 82 },
            { start: false, reason: "quiet", recheckInMs: RECHECK_MS },
        ],
        [
            "waits for an announced change that has not arrived",
            { announced: 1 },
            { start: false, reason: "announced", recheckInMs: RECHECK_MS },
        ],
        [
            "waits while the engine was last seen here and another batch runs (its end frees slots)",
            { isLatest: true, otherBatchBusy: true },
            { start: false, reason: "held-up", recheckInMs: RECHECK_MS },
        ],
        [
            "does not wait for another busy batch once the engine moved on to another principal",
            { isLatest: false, otherBatchBusy: true },
            { start: true },
        ],
        [
            "waits a quiet window after a batch ended, for the engine to use the freed slots",
            { isLatest: true, batchEndedSinceLastArrivalAt: 90 },
            { start: false, reason: "held-up", recheckInMs: RECHECK_MS },
        ],
        [
            "starts once the engine had a quiet window to use the freed slots",
            { isLatest: true, batchEndedSinceLastArrivalAt: 80, otherBatchBusy: true },
            { start: true },
        ],
        [
            "starts at maxBatchWaitMs after the first change whatever else is pending",
            { now: 1000, lastArrival: 995, announced: 3, isLatest: true, otherBatchBusy: true },
            { start: true },
        ],
        [
            "never rechecks later than the deadline",
            { now: 998, announced: 1 },
            { start: false, reason: "announced", recheckInMs: 2 },
        ],
        [
            "waits while a burst is arriving (many pending, one arrived within the burst's quiet), past maxBatchWaitMs",
            { now: 5000, lastArrivalAnywhere: 4990, pendingAnywhere: BURST_MIN_PENDING },
            { start: false, reason: "burst", recheckInMs: BURST_QUIET_MS - 10 },
        ],
        [
            "starts once the burst had its quiet",
            { now: 5000, lastArrivalAnywhere: 5000 - BURST_QUIET_MS, pendingAnywhere: 100 },
            { start: true },
        ],
        [
            "is no burst with fewer changes pending than the engine has in flight by default",
            { now: 5000, lastArrivalAnywhere: 4990, pendingAnywhere: BURST_MIN_PENDING - 1 },
            { start: true },
        ],
        [
            "waits for a burst at most maxBurstWaitMs after its first change",
            { now: 10_000, lastArrivalAnywhere: 9_999, pendingAnywhere: 100 },
            { start: true },
        ],
        [
            "never rechecks a burst later than its deadline",
            { now: 9_995, lastArrivalAnywhere: 9_994, pendingAnywhere: 100 },
            { start: false, reason: "burst", recheckInMs: 5 },
        ],
    ])("%s", (_name, changes, expected) => {
        expect(decideBatch(view(changes), timing)).toEqual(expected);
    });

    it("with maxBurstWaitMs 0 the burst rule is off: another principal's newest change holds nothing", () => {
        const burst = view({ lastArrivalAnywhere: 99, pendingAnywhere: 100 });
        expect(decideBatch(burst, { ...timing, maxBurstWaitMs: 0 })).toEqual({
            start: true,
        });
    });
});
