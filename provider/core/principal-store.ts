/**
 * How the coordinator reaches one principal, and what it reports for one change. The coordinator imports no I/O:
 * the runtime gives it a `PrincipalStore` per principal.
 */
import type { RoleRef } from "./role-set";

/** A place for one write, granted ahead by the store's rate limiter (see `PrincipalStore.reserveWrite`). */
export interface WriteReservation {
    /** Gives the place back if no write used it; does nothing after a write has. */
    release(): void;
}

/** How the coordinator reaches one principal. */
export interface PrincipalStore {
    /** Current roles; `undefined` when the principal does not exist. */
    read(): Promise<readonly RoleRef[] | undefined>;
    /** Replaces the roles; false when the principal does not exist. `reservation`: the batch's reserved place. */
    write(roles: readonly RoleRef[], reservation?: WriteReservation): Promise<boolean>;
    /**
     * Waits until a write to the tenant may be sent, and holds that place (optional; undefined when writes are
     * not limited). A batch waits for it before it takes the principal's pending changes.
     */
    reserveWrite?(): Promise<WriteReservation | undefined>;
}

export interface ChangeOutcome {
    /** False when the principal does not exist (any more). Nothing was written for it. */
    principalExists: boolean;
    /** Whether the role to add was already held before this batch touched the principal. */
    addWasHeld: boolean;
    /** Whether the role to remove was held before this batch touched the principal. */
    removeWasHeld: boolean;
    /** Number of PATCHes this batch sent (0 when nothing needed changing). */
    writes: number;
}
