/**
 * The coordinator's lock and its per-change outcomes, through its public seam only (`apply(key, store, change)`).
 *
 * The store here behaves like Qlik over a network: a GET answers with the roles as they were when the request was
 * *sent*, and a PATCH takes effect when it is sent, with the answer arriving later. A store that answered with the
 * roles as they are when the answer arrives would hide a broken lock: two overlapping cycles would each see the
 * other's write, and nothing would ever be lost.
 */
import {
    PrincipalCoordinator,
    type ChangeOutcome,
    type PrincipalStore,
} from "../../provider/core/principal-coordinator";
import type { RoleRef } from "../../provider/core/role-set";

const r = (name: string): RoleRef => ({ id: `id-${name}`, name });
const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));

/** A principal behind a slow network; counts how many of its requests are in flight at once. */
function networkPrincipal(initial: RoleRef[], delays: { readMs: number; writeMs: number }) {
    let roles = [...initial];
    let inFlight = 0;
    let maxInFlight = 0;
    const log: string[] = [];
    const request = async <T>(ms: number, answer: T): Promise<T> => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await sleep(ms);
        inFlight--;
        return answer;
    };
    const store: PrincipalStore = {
        read() {
            log.push("GET");
            return request(delays.readMs, [...roles]); // what the tenant held when the GET was sent
        },
        write(next) {
            log.push("PATCH");
            roles = [...next]; // lands when sent; the 204 arrives later
            return request(delays.writeMs, true);
        },
    };
    return {
        store,
        log,
        names: () => roles.map((x) => x.name).sort(),
        maxInFlight: () => maxInFlight,
    };
}

describe("the per-principal lock", () => {
    it("a change that arrives while a cycle reads waits for it, so neither change is lost and requests never overlap", async () => {
        // Slow reads, fast writes: a second cycle started during the first one's read would read before the first
        // write, and write after the first cycle's verifying read: the first role would vanish unnoticed.
        const p = networkPrincipal([], { readMs: 120, writeMs: 5 });
        const c = new PrincipalCoordinator({ batchWindowMs: 2, maxBatchWaitMs: 2 });
        const first = c.apply("users/u1", p.store, { add: r("A") });
        await sleep(50); // the first cycle's GET is in flight
        expect(p.log).toEqual(["GET"]);
        const second = c.apply("users/u1", p.store, { add: r("B") });
        const outcomes = await Promise.all([first, second]);

        expect(p.names()).toEqual(["A", "B"]);
        expect(p.maxInFlight()).toBe(1);
        expect(outcomes.map((o) => o.writes)).toEqual([1, 1]);
        expect(p.log).toEqual(["GET", "PATCH", "GET", "GET", "PATCH", "GET"]);
    });

    it("changes to different principals do not wait for each other's cycles", async () => {
        const u1 = networkPrincipal([], { readMs: 80, writeMs: 5 });
        const u2 = networkPrincipal([], { readMs: 80, writeMs: 5 });
        const c = new PrincipalCoordinator({ batchWindowMs: 2, maxBatchWaitMs: 2 });
        const first = c.apply("users/u1", u1.store, { add: r("A") });
        await sleep(30);
        const second = c.apply("users/u2", u2.store, { add: r("B") });
        await sleep(30);
        // u1's cycle is still reading, and u2's has started regardless.
        expect(u1.log).toEqual(["GET"]);
        expect(u2.log).toEqual(["GET"]);
        await Promise.all([first, second]);
        expect([u1.names(), u2.names()]).toEqual([["A"], ["B"]]);
    });
});

describe("outcomes of a merged batch, change by change", () => {
    const merged = async (held: RoleRef[], changes: { add?: RoleRef; remove?: RoleRef }[]) => {
        const p = networkPrincipal(held, { readMs: 1, writeMs: 1 });
        const c = new PrincipalCoordinator({ batchWindowMs: 5 });
        const outcomes = await Promise.all(changes.map((ch) => c.apply("users/u1", p.store, ch)));
        return { outcomes, p };
    };

    it("a held role and a new one granted in one batch: only the held one reports addWasHeld", async () => {
        const { outcomes, p } = await merged([r("Held")], [{ add: r("Held") }, { add: r("New") }]);
        expect(p.log).toEqual(["GET", "PATCH", "GET"]); // really one merged batch
        expect(outcomes.map((o) => o.addWasHeld)).toEqual([true, false]);
        expect(p.names()).toEqual(["Held", "New"]);
    });

    it("the order of arrival does not matter: the new role first, the held one second", async () => {
        const { outcomes } = await merged([r("Held")], [{ add: r("New") }, { add: r("Held") }]);
        expect(outcomes.map((o) => o.addWasHeld)).toEqual([false, true]);
    });

    it("removals in one batch report, each, whether their own role was held", async () => {
        const { outcomes, p } = await merged(
            [r("Held"), r("Other")],
            [{ remove: r("Gone") }, { remove: r("Held") }],
        );
        expect(outcomes.map((o) => o.removeWasHeld)).toEqual([false, true]);
        expect(p.names()).toEqual(["Other"]);
    });

    it("every change of a batch that wrote reports the batch's writes and that the principal exists", async () => {
        const { outcomes } = await merged([], [{ add: r("A") }, { add: r("B") }]);
        expect(outcomes).toEqual<ChangeOutcome[]>([
            { principalExists: true, addWasHeld: false, removeWasHeld: false, writes: 1 },
            { principalExists: true, addWasHeld: false, removeWasHeld: false, writes: 1 },
        ]);
    });
});
