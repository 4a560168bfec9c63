/**
 * When another writer keeps undoing our change, the coordinator gives up with an error a person and the lifecycle
 * can act on: a stable name and code, and one line saying what happened and what to do.
 */
import {
    ConvergenceError,
    PrincipalCoordinator,
    type PrincipalStore,
} from "../../provider/core/principal-coordinator";
import type { RoleRef } from "../../provider/core/role-set";

const r = (name: string): RoleRef => ({ id: `id-${name}`, name });

/** A principal whose every write is undone at once by another admin. */
function contested(): PrincipalStore & { writes: number } {
    const store = {
        writes: 0,
        read: async () => [r("Other")],
        write: async () => {
            store.writes++;
            return true;
        },
    };
    return store;
}

describe("giving up on a contested principal", () => {
    it("rejects with ConvergenceError: its name, QLIK_CONFLICT, the number of attempts and what to do, after one PATCH per round", async () => {
        const store = contested();
        const err = await new PrincipalCoordinator({ verifyRounds: 2, batchWindowMs: 1 })
            .apply("users/u1", store, { add: r("A") })
            .catch((e: unknown) => e);
        expect(err).toBeInstanceOf(ConvergenceError);
        const e = err as ConvergenceError;
        expect([e.name, e.code]).toEqual(["ConvergenceError", "QLIK_CONFLICT"]);
        expect(e.message).toMatch(/^another writer kept changing .*\(2 attempts\); .*re-run/);
        expect(String((err as Error).message)).not.toMatch(/\n/);
        expect(store.writes).toBe(2);
    });
});

describe("whether a failed change may have landed", () => {
    it("says yes for a conflict (it always follows writes) and for a failure after a PATCH went out, no before", async () => {
        const c = new PrincipalCoordinator({ verifyRounds: 1, batchWindowMs: 1 });
        const conflict = await c.apply("users/u1", contested(), { add: r("A") }).catch((e: unknown) => e);
        expect(conflict).toBeInstanceOf(ConvergenceError);
        expect(c.mayHaveWritten(conflict)).toBe(true);

        const beforeWrite = new Error("GET failed");
        const failingRead = { read: () => Promise.reject(beforeWrite), write: async () => true };
        await expect(c.apply("users/u2", failingRead, { add: r("A") })).rejects.toBe(beforeWrite);
        expect(c.mayHaveWritten(beforeWrite)).toBe(false);

        const afterWrite = new Error("verifying GET failed");
        let reads = 0;
        const failingVerify = {
            read: () => (reads++ === 0 ? Promise.resolve([]) : Promise.reject(afterWrite)),
            write: async () => true,
        };
        await expect(c.apply("users/u3", failingVerify, { add: r("A") })).rejects.toBe(afterWrite);
        expect(c.mayHaveWritten(afterWrite)).toBe(true);
        expect(c.mayHaveWritten("not an object")).toBe(false);
    });
});
