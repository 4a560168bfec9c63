/**
 * What a failure tells the runtime about a write, decided once per error code. The table is exhaustive, so a new
 * code cannot be added without saying what it means here.
 *
 * - **Transient**: the failure says nothing about a particular change (the tenant, the network, the credential or
 *   the configuration failed, or another writer interfered). A merged batch that hits one is not retried change by
 *   change: the changes are not at fault, and replaying them one by one would only multiply the load.
 * - **Nothing written**: no PATCH of ours can have landed, because the request was refused before anything was
 *   applied (bad input or configuration, Qlik's validation or permissions, a principal that is gone). State need
 *   not be re-read to learn what the tenant holds.
 */
import { isQlikError, type QlikErrorCode } from "./errors";

interface FailureKind {
    transient: boolean;
    nothingWritten: boolean;
}

const KINDS: Readonly<Record<QlikErrorCode, FailureKind>> = {
    QLIK_BAD_REQUEST: { transient: false, nothingWritten: true },
    QLIK_UNAUTHORIZED: { transient: true, nothingWritten: false },
    QLIK_FORBIDDEN: { transient: false, nothingWritten: true },
    QLIK_NOT_FOUND: { transient: false, nothingWritten: true },
    QLIK_RATE_LIMITED: { transient: true, nothingWritten: false },
    QLIK_PARTIAL_FAILURE: { transient: false, nothingWritten: false },
    QLIK_SERVER_ERROR: { transient: true, nothingWritten: false },
    QLIK_NETWORK_ERROR: { transient: true, nothingWritten: false },
    QLIK_TIMEOUT: { transient: true, nothingWritten: false },
    QLIK_INVALID_RESPONSE: { transient: false, nothingWritten: false },
    QLIK_UNEXPECTED_STATUS: { transient: false, nothingWritten: false },
    QLIK_CONFLICT: { transient: true, nothingWritten: false },
    QLIK_CONFIG: { transient: true, nothingWritten: true },
    QLIK_INVALID_INPUT: { transient: false, nothingWritten: true },
};

/** A QlikError that says nothing about a particular change (see above); false for any other error. */
export function isTransient(err: unknown): boolean {
    return isQlikError(err) && KINDS[err.code]?.transient === true;
}

/** A QlikError after which no write of ours can have landed (see above); false for any other error. */
export function nothingWritten(err: unknown): boolean {
    return isQlikError(err) && KINDS[err.code]?.nothingWritten === true;
}
