import { PrincipalCoordinator, type PrincipalStore } from "../../provider/core/principal-coordinator";
import type { RoleRef } from "../../provider/core/role-set";

const r = (name: string): RoleRef => ({ id: `id-${name}`, name });

/** An in-memory principal with a request log and optional interference between our write and our verify read. */
function fakePrincipal(initial: RoleRef[], interfere?: (roles: RoleRef[], writeNo: number) => RoleRef[]) {
    let roles: RoleRef[] | undefined = [...initial];
    const log: string[] = [];
    let writes = 0;
    const store: PrincipalStore = {
        async read() {
            log.push("GET");
            await new Promise((res) => setTimeout(res, 1));
            return roles && [...roles];
        },
        async write(next) {
            log.push("PATCH");
            await new Promise((res) => setTimeout(res, 1));
            if (!roles) return false;
            writes++;
            roles = [...next];
            if (interfere) roles = interfere(roles, writes);
            return true;
        },
    };
    return {
        store,
        log,
        roles: () => roles?.map((x) => x.name).sort(),
        remove: () => (roles = undefined),
    };
}

/**
 * Settles `work` under jest's fake timers, advancing the clock 1 ms at a time, and says how long it took on that
 * clock: scheduling tests assert exact waits instead of wall-clock windows that a loaded machine stretches.
 */
async function onFakeClock<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
    const t0 = Date.now();
    let done = false;
    const p = work().finally(() => (done = true));
    p.catch(() => undefined);
    for (let i = 0; i < 60_000 && !done; i++) await jest.advanceTimersByTimeAsync(1);
    return { value: await p, ms: Date.now() - t0 };
}

describe("PrincipalCoordinator", () => {
    afterEach(() => jest.useRealTimers());

    it("merges changes that arrive together into one GET, one PATCH and one verifying GET", async () => {
        const p = fakePrincipal([r("AuditAdmin"), r("SharedSpaceCreator")]);
        const c = new PrincipalCoordinator({ batchWindowMs: 5 });
        const names = Array.from({ length: 30 }, (_, i) => `Role${i}`);
        const outcomes = await Promise.all(names.map((n) => c.apply("users/u1", p.store, { add: r(n) })));
        expect(p.log).toEqual(["GET", "PATCH", "GET"]);
        expect(p.roles()).toEqual(["AuditAdmin", "SharedSpaceCreator", ...names].sort());
        expect(outcomes.every((o) => o.principalExists && !o.addWasHeld)).toBe(true);
    });

    it("serializes batches per principal so that no change is lost", async () => {
        const p = fakePrincipal([]);
        const c = new PrincipalCoordinator({ batchWindowMs: 0 });
        const first = c.apply("k", p.store, { add: r("A") });
        await new Promise((res) => setTimeout(res, 2)); // first batch is running
        const rest = ["B", "C", "D"].map((n) => c.apply("k", p.store, { add: r(n) }));
        await Promise.all([first, ...rest]);
        expect(p.roles()).toEqual(["A", "B", "C", "D"]);
        expect(p.log.filter((x) => x === "PATCH")).toHaveLength(2);
    });

    it("writes nothing when the role is already held, and reports it as held before", async () => {
        const p = fakePrincipal([r("A")]);
        const outcome = await new PrincipalCoordinator().apply("k", p.store, { add: r("A") });
        expect(outcome).toMatchObject({ addWasHeld: true, writes: 0 });
        expect(p.log).toEqual(["GET"]);
    });

    it("treats removing a role that is already gone as success without a write", async () => {
        const p = fakePrincipal([r("A")]);
        const outcome = await new PrincipalCoordinator().apply("k", p.store, { remove: r("B") });
        expect(outcome).toMatchObject({ principalExists: true, removeWasHeld: false, writes: 0 });
        expect(p.log).toEqual(["GET"]);
    });

    it("reports a missing principal instead of writing", async () => {
        const p = fakePrincipal([]);
        p.remove();
        const outcome = await new PrincipalCoordinator().apply("k", p.store, { remove: r("A") });
        expect(outcome.principalExists).toBe(false);
        expect(p.log).toEqual(["GET"]);
    });

    it("re-applies when an outside writer undoes our change once (verify loop)", async () => {
        const p = fakePrincipal([r("X")], (roles, n) =>
            n === 1 ? roles.filter((x) => x.name !== "A") : roles,
        );
        const outcome = await new PrincipalCoordinator().apply("k", p.store, { add: r("A") });
        expect(outcome.writes).toBe(2);
        expect(p.roles()).toEqual(["A", "X"]);
    });

    it("fails with QLIK_CONFLICT when an outside writer keeps undoing our change", async () => {
        const p = fakePrincipal([], (roles) => roles.filter((x) => x.name !== "A"));
        await expect(
            new PrincipalCoordinator({ verifyRounds: 3 }).apply("k", p.store, { add: r("A") }),
        ).rejects.toMatchObject({
            code: "QLIK_CONFLICT",
        });
        expect(p.log.filter((x) => x === "PATCH")).toHaveLength(3);
    });

    it("a batch waits for an announced change that has not arrived yet, then merges it", async () => {
        const p = fakePrincipal([]);
        const c = new PrincipalCoordinator({ batchWindowMs: 5, maxBatchWaitMs: 500 });
        c.announce("k");
        c.announce("k");
        const first = c.apply("k", p.store, { add: r("A") });
        await new Promise((res) => setTimeout(res, 60)); // longer than the quiet window: only the announcement holds it
        await Promise.all([first, c.apply("k", p.store, { add: r("B") })]);
        expect(p.log).toEqual(["GET", "PATCH", "GET"]);
    });

    it("an announcement that never arrives delays a batch by at most maxBatchWaitMs", async () => {
        const p = fakePrincipal([]);
        jest.useFakeTimers();
        const c = new PrincipalCoordinator({ batchWindowMs: 5, maxBatchWaitMs: 80 });
        c.announce("k");
        c.announce("k");
        const { ms } = await onFakeClock(() => c.apply("k", p.store, { add: r("A") }));
        expect(ms).toBe(80 + 3); // the cap, then GET, PATCH and GET of 1 ms each
    });

    /** Runs `changes` in order with at most `slots` in flight, as the engine does with `--parallel`. */
    async function throughSlots(
        c: PrincipalCoordinator,
        changes: { key: string; store: PrincipalStore; role: string }[],
        slots: number,
    ): Promise<void> {
        let next = 0;
        const worker = async () => {
            while (next < changes.length) {
                const { key, store, role } = changes[next++]!;
                await c.apply(key, store, { add: r(role) });
            }
        };
        await Promise.all(Array.from({ length: slots }, worker));
    }

    it("waits for a principal's changes held up behind the engine's parallelism when it was the last one seen", async () => {
        // Three slots, principals declared together: A1 A2 B1 fill them and B2 can only arrive once A's batch ends.
        // Without waiting, B would be written twice (B1 alone after the quiet window, then B2).
        const a = fakePrincipal([]);
        const b = fakePrincipal([]);
        jest.useFakeTimers();
        const c = new PrincipalCoordinator({ batchWindowMs: 5, maxBatchWaitMs: 2000 });
        const { ms } = await onFakeClock(() =>
            throughSlots(
                c,
                [
                    { key: "a", store: a.store, role: "A1" },
                    { key: "a", store: a.store, role: "A2" },
                    { key: "b", store: b.store, role: "B1" },
                    { key: "b", store: b.store, role: "B2" },
                ],
                3,
            ),
        );
        expect(a.log).toEqual(["GET", "PATCH", "GET"]);
        expect(b.log).toEqual(["GET", "PATCH", "GET"]);
        expect(b.roles()).toEqual(["B1", "B2"]);
        expect(ms).toBeLessThan(100); // released by A's slots, not by maxBatchWaitMs
    });

    it("a burst of removals (destroy with checkpoints skipped) waits for the burst to end: one PATCH per principal", async () => {
        // Twelve principals, three removals each. A first wave hands over 32 at once; the last four come 20 ms
        // apart, longer than the 5 ms quiet window that would otherwise start the first wave's batches without them.
        const keys = Array.from({ length: 12 }, (_, i) => `p${i}`);
        const fresh = () => keys.map(() => fakePrincipal([r("R1"), r("R2"), r("R3"), r("Kept")]));
        jest.useFakeTimers();
        const run = (maxBurstWaitMs: number, principals: ReturnType<typeof fresh>) => {
            const c = new PrincipalCoordinator({ batchWindowMs: 5, maxBatchWaitMs: 20, maxBurstWaitMs });
            const removals = ["R1", "R2", "R3"].flatMap((role) =>
                keys.map((key, i) => () => c.apply(key, principals[i]!.store, { remove: r(role) })),
            );
            return onFakeClock(async () => {
                const done = removals.slice(0, 32).map((remove) => remove());
                for (const remove of removals.slice(32)) {
                    await new Promise((res) => setTimeout(res, 20));
                    done.push(remove());
                }
                return Promise.all(done);
            });
        };
        const burst = fresh();
        await run(1000, burst);
        for (const p of burst) {
            expect(p.log).toEqual(["GET", "PATCH", "GET"]);
            expect(p.roles()).toEqual(["Kept"]);
        }
        // The same arrivals with the rule off: the four principals of the late removals are written twice.
        const off = fresh();
        await run(0, off);
        expect(off.map((p) => p.log.filter((l) => l === "PATCH").length)).toEqual([
            1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2,
        ]);
    });

    it("a burst ends with its batches: a lone change afterwards waits only its own quiet window", async () => {
        const principals = Array.from({ length: 32 }, () => fakePrincipal([]));
        jest.useFakeTimers();
        const c = new PrincipalCoordinator({ batchWindowMs: 5, maxBatchWaitMs: 20, maxBurstWaitMs: 1000 });
        const burst = await onFakeClock(() =>
            Promise.all(principals.map((p, i) => c.apply(`p${i}`, p.store, { add: r("R") }))),
        );
        expect(burst.ms).toBeGreaterThanOrEqual(100); // held for the burst's quiet
        const lone = fakePrincipal([]);
        const after = await onFakeClock(() => c.apply("lone", lone.store, { add: r("R") }));
        expect(after.ms).toBeLessThan(50);
    });

    it("does not hold a batch once the engine has moved on to another principal, or nothing else is in flight", async () => {
        const a = fakePrincipal([]);
        const b = fakePrincipal([]);
        jest.useFakeTimers();
        const c = new PrincipalCoordinator({ batchWindowMs: 5, maxBatchWaitMs: 5000 });
        // A is not the newest principal, and B (the newest) is alone once A settles: neither waits for the cap.
        const { ms } = await onFakeClock(() =>
            Promise.all([c.apply("a", a.store, { add: r("A1") }), c.apply("b", b.store, { add: r("B1") })]),
        );
        expect(ms).toBeLessThan(100);
        expect(a.roles()).toEqual(["A1"]);
        expect(b.roles()).toEqual(["B1"]);
    });

    it("two principals never wait for each other: a batch that is only waiting frees no slot", async () => {
        // --parallel 2 with A1, B1, A2 declared interleaved: A2's check announced it, but it can only start once a
        // slot frees. A waits for A2; B (the newest) must not wait for A, or both sit until maxBatchWaitMs.
        const a = fakePrincipal([]);
        const b = fakePrincipal([]);
        jest.useFakeTimers();
        const c = new PrincipalCoordinator({ batchWindowMs: 5, maxBatchWaitMs: 2000 });
        c.announce("a");
        c.announce("a");
        c.announce("b");
        const { ms } = await onFakeClock(() =>
            throughSlots(
                c,
                [
                    { key: "a", store: a.store, role: "A1" },
                    { key: "b", store: b.store, role: "B1" },
                    { key: "a", store: a.store, role: "A2" },
                ],
                2,
            ),
        );
        expect(ms).toBeLessThan(100);
        expect(a.log).toEqual(["GET", "PATCH", "GET"]);
    });

    it("holds the newest principal's batch while another principal's batch is about to run, and just after it ran", async () => {
        // The engine's slots are full: P's next change can only arrive once Q's batch, pending but not yet started,
        // has run and freed a slot. P must wait for Q's batch to start, then for it to end, then for the engine to
        // use the freed slot, or P is written twice. (R's batch only makes Q wait for a moment first.)
        const rStore = fakePrincipal([]);
        const q = fakePrincipal([]);
        const p = fakePrincipal([]);
        jest.useFakeTimers();
        const c = new PrincipalCoordinator({ batchWindowMs: 3, maxBatchWaitMs: 1000 });
        const all = [c.apply("r", rStore.store, { add: r("R1") })]; // t=0: runs from t=3 to t=6
        await jest.advanceTimersByTimeAsync(4);
        all.push(c.apply("q", q.store, { add: r("Q1") })); // t=4: waits just after R's batch, runs from t=12
        await jest.advanceTimersByTimeAsync(4);
        all.push(c.apply("p", p.store, { add: r("P1") })); // t=8: quiet at t=11, while Q's batch is pending
        await jest.advanceTimersByTimeAsync(9);
        all.push(c.apply("p", p.store, { add: r("P2") })); // t=17: the slot Q's batch freed at t=15
        await onFakeClock(() => Promise.all(all));
        expect(q.log).toEqual(["GET", "PATCH", "GET"]);
        expect(p.log).toEqual(["GET", "PATCH", "GET"]);
        expect(p.roles()).toEqual(["P1", "P2"]);
    });

    it("releases the newest principal's batch as soon as another principal is announced", async () => {
        let otherRoles: RoleRef[] = [];
        const slow: PrincipalStore = {
            read: () => new Promise((res) => setTimeout(() => res([...otherRoles]), 300)),
            write: (roles) => new Promise((res) => setTimeout(() => res(!!(otherRoles = [...roles])), 300)),
        };
        const p = fakePrincipal([]);
        jest.useFakeTimers();
        const c = new PrincipalCoordinator({ batchWindowMs: 5, maxBatchWaitMs: 5000 });
        const other = c.apply("other", slow, { add: r("X") }); // runs for ~900 ms, holding "engine slots"
        const t0 = Date.now();
        const settled = c.apply("p", p.store, { add: r("P1") }).then(() => Date.now() - t0);
        await jest.advanceTimersByTimeAsync(50);
        c.announce("q"); // the engine has moved on: nothing more for p is stuck behind the slots
        const { value } = await onFakeClock(() => settled);
        expect(value).toBeGreaterThanOrEqual(50);
        expect(value).toBeLessThan(60); // the announcement released it, long before other's ~900 ms
        await onFakeClock(() => other);
    });

    it("keeps extending a batch while changes keep arriving close together (debounce)", async () => {
        const p = fakePrincipal([]);
        jest.useFakeTimers();
        const c = new PrincipalCoordinator({ batchWindowMs: 30, maxBatchWaitMs: 1000 });
        const all: Promise<unknown>[] = [];
        for (const n of ["A", "B", "C", "D"]) {
            all.push(c.apply("k", p.store, { add: r(n) }));
            await jest.advanceTimersByTimeAsync(15); // half the quiet window: the batch must not start yet
        }
        expect(p.log).toEqual([]);
        await onFakeClock(() => Promise.all(all));
        expect(p.log.filter((x) => x === "PATCH")).toHaveLength(1);
    });

    it("starts a batch maxBatchWaitMs after its first change even while changes keep arriving", async () => {
        const p = fakePrincipal([]);
        jest.useFakeTimers();
        // The burst rule off: it would hold this stream too, up to its own cap (see the burst test above).
        const c = new PrincipalCoordinator({ batchWindowMs: 30, maxBatchWaitMs: 100, maxBurstWaitMs: 0 });
        const all: Promise<unknown>[] = [];
        for (let i = 0; i < 10; i++) {
            all.push(c.apply("k", p.store, { add: r(`R${i}`) })); // every 15 ms: never quiet for 30 ms
            await jest.advanceTimersByTimeAsync(15);
        }
        // 150 ms after the first change: the batch started at the cap (100 ms), the later changes form a second one.
        expect(p.log[0]).toBe("GET");
        await onFakeClock(() => Promise.all(all));
        expect(p.log.filter((x) => x === "PATCH")).toHaveLength(2);
    });

    it("a change that was not announced leaves the count of announced changes alone", async () => {
        const p = fakePrincipal([]);
        jest.useFakeTimers();
        const c = new PrincipalCoordinator({ batchWindowMs: 5, maxBatchWaitMs: 500 });
        await onFakeClock(() => c.apply("k", p.store, { add: r("A") })); // not announced
        c.announce("k");
        c.announce("k");
        const second = c.apply("k", p.store, { add: r("B") });
        await jest.advanceTimersByTimeAsync(60); // quiet for longer than the window: only the announcement holds it
        expect(p.log).toEqual(["GET", "PATCH", "GET"]);
        await onFakeClock(() => Promise.all([second, c.apply("k", p.store, { add: r("C") })]));
        expect(p.log).toEqual(["GET", "PATCH", "GET", "GET", "PATCH", "GET"]);
    });

    it("runs changes that arrived during a batch right after it, without a new batch window", async () => {
        const p = fakePrincipal([]);
        jest.useFakeTimers();
        const c = new PrincipalCoordinator({ batchWindowMs: 50, maxBatchWaitMs: 1000 });
        const first = c.apply("k", p.store, { add: r("A") }); // its batch runs from t=50 to t=53
        await jest.advanceTimersByTimeAsync(51);
        expect(p.log).toEqual(["GET", "PATCH"]);
        const { ms } = await onFakeClock(() => c.apply("k", p.store, { add: r("B") }));
        expect(ms).toBe(2 + 3); // the rest of A's batch, then GET, PATCH and GET: no 50 ms window
        await first;
    });

    it("lets changes that arrived during a batch wait for the principal's announced ones before they run", async () => {
        const p = fakePrincipal([]);
        jest.useFakeTimers();
        const c = new PrincipalCoordinator({ batchWindowMs: 5, maxBatchWaitMs: 1000 });
        const all = [c.apply("k", p.store, { add: r("A") })]; // its batch runs from t=5 to t=8
        await jest.advanceTimersByTimeAsync(6);
        c.announce("k");
        c.announce("k");
        all.push(c.apply("k", p.store, { add: r("B") })); // during A's batch; C is announced, not there yet
        await jest.advanceTimersByTimeAsync(20);
        all.push(c.apply("k", p.store, { add: r("C") }));
        await onFakeClock(() => Promise.all(all));
        expect(p.log.filter((x) => x === "PATCH")).toHaveLength(2); // A, then B and C together
        expect(p.roles()).toEqual(["A", "B", "C"]);
    });

    it("starts from a read offered moments ago instead of reading again", async () => {
        const p = fakePrincipal([r("X")]);
        const c = new PrincipalCoordinator({ maxReadAgeMs: 1000 });
        c.offer("k", [r("X")], Date.now());
        await c.apply("k", p.store, { add: r("A") });
        expect(p.log).toEqual(["PATCH", "GET"]);
    });

    it("ignores an offered read older than maxReadAgeMs", async () => {
        const p = fakePrincipal([r("X")]);
        const c = new PrincipalCoordinator({ maxReadAgeMs: 1000 });
        c.offer("k", [r("X")], Date.now() - 5000);
        await c.apply("k", p.store, { add: r("A") });
        expect(p.log).toEqual(["GET", "PATCH", "GET"]);
    });

    it("ignores an offered read sent before its own last write, which could undo that write", async () => {
        const p = fakePrincipal([]);
        const c = new PrincipalCoordinator({ maxReadAgeMs: 60_000 });
        const sentBefore = Date.now() - 1;
        await c.apply("k", p.store, { add: r("A") });
        c.offer("k", [], sentBefore); // a stale view without A
        await c.apply("k", p.store, { add: r("B") });
        expect(p.roles()).toEqual(["A", "B"]);
    });

    it("does not start from a read that was sent while its own write was still in flight", async () => {
        const p = fakePrincipal([]);
        // A's write is held in flight until the stale view has been offered: the order does not depend on timing.
        let writing!: () => void;
        const writeStarted = new Promise<void>((res) => (writing = res));
        let release!: () => void;
        const released = new Promise<void>((res) => (release = res));
        const store: PrincipalStore = {
            read: p.store.read,
            write: async (roles) => {
                writing();
                await released;
                return p.store.write(roles);
            },
        };
        const c = new PrincipalCoordinator({ maxReadAgeMs: 60_000, batchWindowMs: 1 });
        const first = c.apply("k", store, { add: r("A") });
        await writeStarted; // A's write is under way
        c.offer("k", [], Date.now()); // e.g. another resource's check looked the principal up meanwhile
        release();
        await first;
        await c.apply("k", store, { add: r("B") });
        expect(p.roles()).toEqual(["A", "B"]);
    });

    it("retries the changes of a failed merged batch one by one when the failure may be one change's fault", async () => {
        const p = fakePrincipal([]);
        const store: PrincipalStore = {
            read: p.store.read,
            write: async (roles) => {
                if (roles.some((x) => x.name === "Bad"))
                    throw Object.assign(new Error("400 unknown role Bad"), { code: "QLIK_BAD_REQUEST" });
                return p.store.write(roles);
            },
        };
        const c = new PrincipalCoordinator({ batchWindowMs: 5, isolateOnError: () => true });
        const results = await Promise.allSettled([
            c.apply("k", store, { add: r("Good") }),
            c.apply("k", store, { add: r("Bad") }),
        ]);
        expect(results.map((x) => x.status)).toEqual(["fulfilled", "rejected"]);
        expect(p.roles()).toEqual(["Good"]);
    });

    it("does not retry a batch of one change after a failure that one change may cause: it fails once", async () => {
        const p = fakePrincipal([]);
        let writes = 0;
        const store: PrincipalStore = {
            read: p.store.read,
            write: async () => {
                writes++;
                throw Object.assign(new Error("400 unknown role Bad"), { code: "QLIK_BAD_REQUEST" });
            },
        };
        const c = new PrincipalCoordinator({ isolateOnError: () => true });
        await expect(c.apply("k", store, { add: r("Bad") })).rejects.toThrow("unknown role Bad");
        expect(writes).toBe(1);
    });

    it("settles every change even when the batch observer throws (no hang)", async () => {
        const p = fakePrincipal([]);
        const c = new PrincipalCoordinator({
            onBatch: () => {
                throw new Error("disk full");
            },
        });
        await expect(c.apply("k", p.store, { add: r("A") })).rejects.toThrow("disk full");
    });

    it("answers reads that follow one another closely (refresh) with one GET, but not across its own write", async () => {
        const p = fakePrincipal([r("A")]);
        const c = new PrincipalCoordinator({ shareReadMs: 1000 });
        await c.read("k", p.store);
        await new Promise((res) => setTimeout(res, 20));
        await c.read("k", p.store);
        expect(p.log).toEqual(["GET"]);
        await c.apply("k", p.store, { add: r("B") });
        expect(await c.read("k", p.store)).toEqual([r("A"), r("B")]);
    });

    it("shares one GET among concurrent reads of one principal", async () => {
        const p = fakePrincipal([r("A")]);
        const c = new PrincipalCoordinator();
        await Promise.all(Array.from({ length: 10 }, () => c.read("k", p.store)));
        expect(p.log).toEqual(["GET"]);
    });

    it("rejects every change of a batch when the write fails, and recovers for the next batch", async () => {
        const p = fakePrincipal([]);
        let fail = true;
        const flaky: PrincipalStore = {
            read: p.store.read,
            write: async (roles) => {
                if (fail) {
                    fail = false;
                    throw Object.assign(new Error("boom"), { code: "QLIK_SERVER_ERROR" });
                }
                return p.store.write(roles);
            },
        };
        const c = new PrincipalCoordinator({ batchWindowMs: 1 });
        const results = await Promise.allSettled([
            c.apply("k", flaky, { add: r("A") }),
            c.apply("k", flaky, { add: r("B") }),
        ]);
        expect(results.map((x) => x.status)).toEqual(["rejected", "rejected"]);
        await c.apply("k", flaky, { add: r("A") });
        expect(p.roles()).toEqual(["A"]);
    });
});

describe("a principal deleted in the middle of a batch", () => {
    const role = (name: string) => ({ id: `id-${name}`, name });

    it("reports it gone when the PATCH finds no principal (404), counting the write it tried", async () => {
        const c = new PrincipalCoordinator({ batchWindowMs: 1, maxBatchWaitMs: 1 });
        const store = { read: async () => [], write: async () => false };
        await expect(c.apply("users/u1", store, { add: role("A") })).resolves.toEqual({
            principalExists: false,
            addWasHeld: false,
            removeWasHeld: false,
            writes: 1,
        });
    });

    it("reports it gone when the verifying read finds no principal", async () => {
        const c = new PrincipalCoordinator({ batchWindowMs: 1, maxBatchWaitMs: 1 });
        let reads = 0;
        const store = {
            read: async () => (reads++ === 0 ? [role("A")] : undefined),
            write: async () => true,
        };
        await expect(c.apply("users/u1", store, { remove: role("A") })).resolves.toEqual({
            principalExists: false,
            addWasHeld: false,
            removeWasHeld: false,
            writes: 1,
        });
    });
});
