/**
 * How the lifecycle's failures reach Pulumi: one line each, and, for a create or update whose change may have
 * landed, the resource's id and the outputs that describe what the tenant holds, so that state tells the truth.
 */
import {
    PartialCreateError,
    QlikError,
    isPartialCreateError,
    isQlikError,
    type PartialCreate,
    type RoleRef,
} from "../../client";
import { nothingWritten } from "../../client/failure-kinds";
import type { Principal } from "../kinds/principal-kind";

/** The principal vanished between lookup and write (deleted meanwhile). */
export function principalGone(principal: Principal): QlikError {
    return new QlikError(
        "QLIK_NOT_FOUND",
        `${principal.label} no longer exists in the tenant; re-run \`pulumi up\``,
    );
}

/** The inputs now name another principal than the one state records: only a replacement may change it. */
export function noLongerThePrincipal(principal: Principal, what: string, recordedId: string): QlikError {
    return new QlikError(
        "QLIK_CONFLICT",
        `${principal.label} is no longer the principal of this ${what} (${recordedId}); re-run \`pulumi up\` to replace it`,
    );
}

/** A fresh error of the same code, message and details (its stack is rebuilt where it is shown). */
const copyOf = (err: QlikError) => new QlikError(err.code, err.message, { ...err, cause: err.cause });

/**
 * A write failed, but its PATCH may have landed anyway (a 207 that applied in whole or in part, a verifying read
 * that failed, a timeout after Qlik applied the write). Re-reads the principal and lets `choose` say what state
 * should record given the roles it holds now (`undefined`: the re-read failed, we cannot tell). What `choose`
 * returns travels on the error as the resource's id and outputs: Pulumi's dynamic-provider host records them with
 * an init error, and the next `up` runs an update for the resource, which converges. `choose` returning
 * `undefined` leaves the failure as it is.
 */
export async function recordWhatHolds(
    err: unknown,
    mayHaveWritten: boolean,
    fetchPrincipal: () => Promise<Principal | undefined>,
    choose: (held: readonly RoleRef[] | undefined) => PartialCreate | undefined,
): Promise<unknown> {
    if (!isQlikError(err) || nothingWritten(err)) return err;
    if (!mayHaveWritten && err.code !== "QLIK_CONFLICT") return copyOf(err);
    return recordAfterReRead(err, fetchPrincipal, choose);
}

/**
 * `recordWhatHolds` without its shortcuts: re-reads the principal whatever the failure says. For a role set,
 * whose changes are retried one by one after a merged write fails, so that some may land while the one reported
 * (say a 400 for one role) wrote nothing.
 */
export async function recordAfterReRead(
    err: unknown,
    fetchPrincipal: () => Promise<Principal | undefined>,
    choose: (held: readonly RoleRef[] | undefined) => PartialCreate | undefined,
): Promise<unknown> {
    if (!isQlikError(err)) return err;
    const failure = copyOf(err);
    const held = await fetchPrincipal().then(
        // A principal gone meanwhile holds nothing; roles hidden from us are as unknown as a failed read.
        (p) => (p === undefined ? [] : p.roles),
        () => undefined, // unknown
    );
    const record = choose(held);
    return record ? new PartialCreateError(failure, record) : failure;
}

/**
 * A create: when the role is held now, or we cannot tell and a write may have happened, it is recorded (and
 * retried with an update on the next `up`, which re-applies the role) instead of forgotten: a re-run would
 * otherwise adopt a role we granted as "preexisting".
 */
export function recordIfGranted(
    err: unknown,
    mayHaveWritten: boolean,
    fetchPrincipal: () => Promise<Principal | undefined>,
    role: RoleRef,
    record: () => PartialCreate,
): Promise<unknown> {
    return recordWhatHolds(err, mayHaveWritten, fetchPrincipal, (held) =>
        held?.some((r) => r.id === role.id) === false ? undefined : record(),
    );
}

/**
 * A role swap (add `added`, remove `removed` unless it is kept) failed after a write may have landed: which
 * outputs state should keep. The new role's only when the swap is known to have landed whole (the new role held,
 * and the old one gone or kept on purpose); otherwise the old outputs, so that the next `up` redoes the whole
 * swap, which converges from any partial result. When neither role is held (only the removal landed), state
 * cannot say "no role" for an assignment: it keeps the old outputs, flagged by the engine as failed to
 * initialize, so a refresh drops the resource and the next `up` adds the new role; recording the new role
 * instead would claim a role that is just as absent, and when we cannot tell (the re-read failed) it could leave
 * the old role behind, since an update to the same role never removes anything.
 */
export function swapRecord(
    held: readonly RoleRef[] | undefined,
    added: RoleRef,
    removed: RoleRef | undefined,
): "new" | "old" {
    if (held === undefined) return "old";
    const has = (role: RoleRef) => held.some((r) => r.id === role.id);
    return has(added) && (removed === undefined || !has(removed)) ? "new" : "old";
}

/** One line, no internals: the message becomes the stack too, since Pulumi prints stacks of read/delete errors. */
export function oneLineError(prefix: string, err: unknown): Error {
    const base = err instanceof Error ? err : new Error(String(err));
    const message = `${prefix}: ${base.message}`.replace(/\s*[\r\n]+\s*/g, " ");
    let out: Error;
    if (isPartialCreateError(base)) {
        // Pulumi shows `reasons` (not the message) for a resource that failed to initialize: it gets the full line.
        out = new PartialCreateError(base, base, message);
    } else if (isQlikError(base)) {
        out = new QlikError(base.code, message, { ...base, cause: base.cause });
    } else {
        // Not ours (a bug, or an error of the runtime): keep a `code` it has (e.g. ConvergenceError's).
        const code = (base as { code?: unknown }).code;
        out = Object.assign(new Error(message), typeof code === "string" ? { code } : {});
    }
    out.stack = `${out.name}: ${out.message}`;
    return out;
}
