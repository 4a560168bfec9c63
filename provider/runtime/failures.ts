/**
 * How the lifecycle's failures reach Pulumi: one line each, and, for a create whose change may have landed, the
 * resource's id and outputs so that Pulumi records it instead of forgetting a role we may have granted.
 */
import {
    PartialCreateError,
    QlikError,
    isPartialCreateError,
    isQlikError,
    type PartialCreate,
    type RoleRef,
} from "../client";
import type { Principal } from "./principals";

/** The principal vanished between lookup and write (deleted meanwhile). */
export function principalGone(principal: Principal): QlikError {
    return new QlikError(
        "QLIK_NOT_FOUND",
        `${principal.label} no longer exists in the tenant; re-run \`pulumi up\``,
    );
}

/** Failures after which no PATCH of ours can have landed: Qlik refused the request. */
const NOTHING_WRITTEN = new Set([
    "QLIK_INVALID_INPUT",
    "QLIK_CONFIG",
    "QLIK_BAD_REQUEST",
    "QLIK_FORBIDDEN",
    "QLIK_NOT_FOUND",
]);

/**
 * A create failed, but its PATCH may have landed anyway (a 207 that applied, a verifying read that failed, a
 * timeout after Qlik applied the write). When the role is held now, or we cannot tell and a write may have
 * happened, the error carries the resource's id and outputs: Pulumi then records the resource (and retries it with
 * an update on the next `up`, which re-applies the role) instead of forgetting a role we may have granted, which a
 * re-run would otherwise adopt as "preexisting".
 */
export async function recordIfGranted(
    err: unknown,
    mayHaveWritten: boolean,
    fetchPrincipal: () => Promise<Principal | undefined>,
    role: RoleRef,
    record: () => PartialCreate,
): Promise<unknown> {
    if (!isQlikError(err) || NOTHING_WRITTEN.has(err.code)) return err;
    const failure = new QlikError(err.code, err.message, { ...err, cause: err.cause });
    if (!mayHaveWritten && err.code !== "QLIK_CONFLICT") return failure;
    const now = await fetchPrincipal().then(
        (p) => p?.roles?.some((r) => r.id === role.id),
        () => undefined, // unknown
    );
    if (now === false) return failure;
    return new PartialCreateError(failure, record());
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
