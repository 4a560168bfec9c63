/**
 * Write slot first: a principal's batch waits for the right to write before it takes the pending changes, so that
 * when the tenant's write budget is spent (minutes of waiting at scale), what arrives for the principal meanwhile
 * joins that one write. Tested at each layer: the throttle's reserved slots, the client's PATCH that uses one,
 * and the coordinator that reserves, gathers and releases.
 */
import { MockAgent } from "undici";
import { QlikClient, type RequestEvent } from "../../provider/client";
import { TierThrottle, ThrottleSlot } from "../../provider/client/throttle";
import {
    PrincipalCoordinator,
    type PrincipalStore,
    type WriteReservation,
} from "../../provider/core/principal-coordinator";
import type { RoleRef } from "../../provider/core/role-set";

/** A clock whose sleeps resolve only when the test moves time on. */
function manualClock() {
    let now = 0;
    const sleepers: { until: number; wake: () => void }[] = [];
    return {
        now: () => now,
        setTimeout: (wake: () => void, ms: number) => sleepers.push({ until: now + ms, wake }),
        async advance(ms: number) {
            now += ms;
            for (const s of sleepers.filter((x) => x.until <= now)) {
                sleepers.splice(sleepers.indexOf(s), 1);
                s.wake();
            }
            for (let i = 0; i < 20; i++) await Promise.resolve();
        },
    };
}

const settle = async () => {
    for (let i = 0; i < 20; i++) await Promise.resolve();
};

describe("the throttle's reserved slots", () => {
    // 2 per window of 1 s (the enforced window is 100 ms longer, for jitter).
    const limit = { perMinute: 120, windowMs: 1000 };

    it("a reserved slot counts like an admitted request: the next one waits for the window", async () => {
        const clock = manualClock();
        const t = new TierThrottle(limit, clock);
        await t.reserve();
        await t.acquire();
        let third = false;
        void t.acquire().then(() => (third = true));
        await clock.advance(1000);
        expect(third).toBe(false);
        await clock.advance(100);
        expect(third).toBe(true);
    });

    it("a request held by the window says how long it waited (kept off the retry budget)", async () => {
        const clock = manualClock();
        const t = new TierThrottle(limit, clock);
        expect(await t.acquire()).toBe(0);
        await clock.advance(300);
        expect(await t.acquire()).toBe(0);
        let paced: number | undefined;
        void t.acquire().then((ms) => (paced = ms));
        await settle();
        await clock.advance(800); // the first request leaves the window 1,100 ms after it started
        expect(paced).toBe(800);
    });

    it("a released slot is free again for the next request", async () => {
        const clock = manualClock();
        const t = new TierThrottle(limit, clock);
        const slot = await t.reserve();
        await t.acquire();
        slot.release();
        let third = false;
        void t.acquire().then(() => (third = true));
        await settle();
        expect(third).toBe(true);
    });

    it("a used slot counts from when its request started, not from when it was granted", async () => {
        const clock = manualClock();
        const t = new TierThrottle(limit, clock);
        const slot = await t.reserve(); // granted at 0
        await clock.advance(500);
        slot.use(); // the request starts at 500
        await t.acquire(); // at 500
        let third = false;
        void t.acquire().then(() => (third = true));
        await clock.advance(700); // 1,200: the grant's window has passed, the request's has not
        expect(third).toBe(false);
        await clock.advance(400); // 1,600: 1,100 after the request started
        expect(third).toBe(true);
    });

    it("a slot settles once: release after use, or use after release, changes nothing", () => {
        const calls: string[] = [];
        const used = new ThrottleSlot(
            () => calls.push("use"),
            () => calls.push("release"),
        );
        used.use();
        used.release();
        used.use();
        const released = new ThrottleSlot(
            () => calls.push("use2"),
            () => calls.push("release2"),
        );
        released.release();
        released.use();
        expect(calls).toEqual(["use", "release2"]);
    });
});

describe("a PATCH that carries a reserved slot", () => {
    const ORIGIN = "https://acme.eu.qlikcloud.com";
    const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));
    /** Whether `p` is still pending after `ms`: a write queued in the throttle behind a full window. */
    const stillWaiting = (p: Promise<unknown>, ms = 300) =>
        Promise.race([p.then(() => false), sleep(ms).then(() => true)]);

    /** A client allowed one write per 2 s: a write that queues for a place waits seconds, not milliseconds. */
    function oneWritePerWindow() {
        const agent = new MockAgent();
        agent.disableNetConnect();
        const pool = agent.get(ORIGIN);
        const events: RequestEvent[] = [];
        const client = new QlikClient({
            origin: ORIGIN,
            credentials: { apiKey: "qlik-key-0123456789abcdef" },
            dispatcher: agent,
            rateLimits: { readsPerMinute: 1000, writesPerMinute: 30, windowMs: 2000 },
            privateLimiter: true,
            retry: { baseDelayMs: 1, maxDelayMs: 5 },
            onRequest: (e) => events.push(e),
        });
        return { pool, client, events };
    }

    it("goes out on the slot without queueing again, and once used the slot gives nothing back", async () => {
        const { pool, client, events } = oneWritePerWindow();
        pool.intercept({ path: "/api/v1/users/a", method: "PATCH" }).reply(204, "");
        const slot = await client.reserveWrite(); // the window's one write
        expect(slot).toBeDefined();
        await expect(client.replaceUserRoles("a", [], slot)).resolves.toBe(true);
        slot!.release();
        pool.intercept({ path: "/api/v1/users/b", method: "PATCH" }).reply(204, "");
        const next = client.replaceUserRoles("b", []);
        await expect(stillWaiting(next)).resolves.toBe(true);
        expect(events.map((e) => e.path)).toEqual(["/api/v1/users/a"]);
        await next; // when the window moves on (leaves no timer behind)
    });

    it("its retry queues for a new place like any request", async () => {
        const { pool, client, events } = oneWritePerWindow();
        pool.intercept({ path: "/api/v1/users/a", method: "PATCH" }).reply(503, "");
        pool.intercept({ path: "/api/v1/users/a", method: "PATCH" }).reply(204, "");
        const slot = await client.reserveWrite();
        const write = client.replaceUserRoles("a", [], slot);
        await expect(stillWaiting(write)).resolves.toBe(true);
        expect(events.map((e) => e.status)).toEqual([503]);
        await expect(write).resolves.toBe(true);
        expect(events.map((e) => e.status)).toEqual([503, 204]);
    });

    it("a released slot that no request used lets the next write go at once", async () => {
        const { pool, client } = oneWritePerWindow();
        pool.intercept({ path: "/api/v1/users/a", method: "PATCH" }).reply(204, "");
        const slot = await client.reserveWrite();
        slot!.release();
        await expect(stillWaiting(client.replaceUserRoles("a", []))).resolves.toBe(false);
    });

    it("an unthrottled client reserves nothing", async () => {
        const client = new QlikClient({
            origin: ORIGIN,
            credentials: { apiKey: "qlik-key-0123456789abcdef" },
            rateLimits: false,
        });
        await expect(client.reserveWrite()).resolves.toBeUndefined();
    });
});

describe("the coordinator takes a batch's changes when its write slot is granted", () => {
    const r = (name: string): RoleRef => ({ id: `id-${name}`, name });

    /** A principal whose store grants write slots only when the test opens the gate. */
    function gatedPrincipal(initial: RoleRef[]) {
        let roles = [...initial];
        const log: string[] = [];
        const writes: (readonly RoleRef[])[] = [];
        const reservations: { reservation: WriteReservation; released: number }[] = [];
        const passed: (WriteReservation | undefined)[] = [];
        let open!: () => void;
        let gate = new Promise<void>((resolve) => (open = resolve));
        const store: PrincipalStore = {
            async reserveWrite() {
                log.push("reserve");
                await gate;
                const entry = { released: 0, reservation: { release: () => entry.released++ } };
                reservations.push(entry);
                return entry.reservation;
            },
            async read() {
                log.push("GET");
                return [...roles];
            },
            async write(next, reservation) {
                log.push("PATCH");
                passed.push(reservation);
                writes.push(next);
                roles = [...next];
                return true;
            },
        };
        return {
            store,
            log,
            writes,
            reservations,
            passed,
            names: () => roles.map((x) => x.name).sort(),
            openGate: () => open(),
            closeGate: () => (gate = new Promise<void>((resolve) => (open = resolve))),
        };
    }

    it("removals that arrive while the batch waits for its slot join its one PATCH", async () => {
        const p = gatedPrincipal([r("A"), r("B"), r("C"), r("Keep")]);
        const c = new PrincipalCoordinator({ batchWindowMs: 1, maxBatchWaitMs: 1 });
        const first = c.apply("users/u1", p.store, { remove: r("A") });
        await new Promise((res) => setTimeout(res, 20)); // the batch has started and waits for its slot
        expect(p.log).toEqual(["reserve"]);
        const later = [
            c.apply("users/u1", p.store, { remove: r("B") }),
            c.apply("users/u1", p.store, { remove: r("C") }),
        ];
        await new Promise((res) => setTimeout(res, 20));
        p.openGate();
        const outcomes = await Promise.all([first, ...later]);
        expect(p.log).toEqual(["reserve", "GET", "PATCH", "GET"]);
        expect(p.names()).toEqual(["Keep"]);
        expect(outcomes.map((o) => o.removeWasHeld)).toEqual([true, true, true]);
        expect(outcomes.map((o) => o.writes)).toEqual([1, 1, 1]);
    });

    it("gives the reservation to the batch's first write and releases it when the batch ends", async () => {
        const p = gatedPrincipal([]);
        p.openGate();
        const c = new PrincipalCoordinator({ batchWindowMs: 1, maxBatchWaitMs: 1 });
        await c.apply("users/u1", p.store, { add: r("A") });
        expect(p.reservations).toHaveLength(1);
        expect(p.passed).toEqual([p.reservations[0]!.reservation]);
        expect(p.reservations[0]!.released).toBe(1);
    });

    it("releases an unused reservation when nothing needs writing", async () => {
        const p = gatedPrincipal([r("A")]);
        p.openGate();
        const c = new PrincipalCoordinator({ batchWindowMs: 1, maxBatchWaitMs: 1 });
        const outcome = await c.apply("users/u1", p.store, { add: r("A") });
        expect(outcome).toMatchObject({ addWasHeld: true, writes: 0 });
        expect(p.log).toEqual(["reserve", "GET"]);
        expect(p.reservations[0]!.released).toBe(1);
    });

    it("a failed reservation lets the batch write without one", async () => {
        const p = gatedPrincipal([]);
        const store: PrincipalStore = {
            ...p.store,
            reserveWrite: () => Promise.reject(new Error("limiter gone")),
        };
        const c = new PrincipalCoordinator({ batchWindowMs: 1, maxBatchWaitMs: 1 });
        await expect(c.apply("users/u1", store, { add: r("A") })).resolves.toMatchObject({ writes: 1 });
        expect(p.passed).toEqual([undefined]);
        expect(p.names()).toEqual(["A"]);
    });

    it("a verify round that must write again queues for a new place: the reservation goes to the first write only", async () => {
        const p = gatedPrincipal([]);
        p.openGate();
        let undo = true;
        const store: PrincipalStore = {
            ...p.store,
            async write(next, reservation) {
                const ok = await p.store.write(next, reservation);
                // Another writer undoes our first write once.
                if (undo) {
                    undo = false;
                    await p.store.write([], undefined);
                    p.passed.pop();
                    p.log.pop();
                }
                return ok;
            },
        };
        const c = new PrincipalCoordinator({ batchWindowMs: 1, maxBatchWaitMs: 1 });
        await expect(c.apply("users/u1", store, { add: r("A") })).resolves.toMatchObject({ writes: 2 });
        expect(p.passed).toEqual([p.reservations[0]!.reservation, undefined]);
        expect(p.reservations).toHaveLength(1);
    });
});
