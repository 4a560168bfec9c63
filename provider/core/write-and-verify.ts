/**
 * One batch's write-and-verify rounds on one principal: read (or take the offered read), plan, write, read again;
 * when another writer (outside this process) undid part of the batch, plan from what was just read and write
 * again, up to `verifyRounds` times, then fail with QLIK_CONFLICT rather than report a change that did not stick.
 */
import type { ChangeOutcome, PrincipalStore, WriteReservation } from "./principal-store";
import type { ReadCache } from "./read-cache";
import { planRoles, sameRoleSet, satisfies, holds, type RoleChange, type RoleRef } from "./role-set";

/** Thrown when other writers keep undoing our change. `code` matches the client's error codes. */
export class ConvergenceError extends Error {
    override readonly name = "ConvergenceError";
    readonly code = "QLIK_CONFLICT";
}

interface BatchRun {
    store: PrincipalStore;
    /** The principal's reads: an offered one may start the batch; every write is recorded there. */
    reads: ReadCache;
    changes: readonly RoleChange[];
    verifyRounds: number;
    /** Goes to the batch's first write; the caller releases it (a no-op once a write used it). */
    reservation?: WriteReservation;
    /** Told of a failure that came after a PATCH went out, so that the change may have landed. */
    failedAfterWrite: (err: object) => void;
}

/** The outcome of each change, in order; throws what the store threw, or a ConvergenceError. */
export async function writeAndVerify(run: BatchRun): Promise<ChangeOutcome[]> {
    const { store, reads, changes } = run;
    const before = reads.takeOffered() ?? (await store.read());
    const outcomes = (exists: boolean, writes: number): ChangeOutcome[] =>
        changes.map((c) => ({
            principalExists: exists,
            addWasHeld: !!(exists && c.add && holds(before!, c.add)),
            removeWasHeld: !!(exists && c.remove && holds(before!, c.remove)),
            writes,
        }));
    if (!before) return outcomes(false, 0);

    let current: readonly RoleRef[] = before;
    let wrote = false;
    try {
        for (let round = 0; round <= run.verifyRounds; round++) {
            if (satisfies(current, changes)) {
                return outcomes(true, round);
            }
            if (round === run.verifyRounds) break;
            const next = planRoles(current, changes);
            if (sameRoleSet(next, current)) break; // cannot happen; guards against an endless loop
            wrote = true;
            const written = await store
                .write(next, round === 0 ? run.reservation : undefined)
                .finally(() => reads.wrote());
            if (!written) return outcomes(false, round + 1);
            const after = await store.read();
            if (!after) return outcomes(false, round + 1);
            current = after;
        }
    } catch (err) {
        if (wrote && typeof err === "object" && err !== null) run.failedAfterWrite(err);
        throw err;
    }
    throw new ConvergenceError(
        `another writer kept changing this principal's roles while we wrote them (${run.verifyRounds} attempts); ` +
            `our change did not stick: re-run, and stop the other writer (Qlik offers no way to lock a principal)`,
    );
}
