/**
 * One error type for everything that can go wrong talking to Qlik, with a stable `code` string to match on
 * (match on `code`, not `instanceof`: jest realms and two installed copies of this package break `instanceof`).
 *
 * Messages are one line a person can act on: method, path, HTTP status, Qlik's error code/title/detail and the
 * traceId to quote to Qlik support. They never contain a credential: every message passes through `redact`.
 */
import type { ErrorBody } from "../schemas/qlik";

export type QlikErrorCode =
    | "QLIK_BAD_REQUEST" // 400/422: the request was invalid (e.g. unknown role name)
    | "QLIK_UNAUTHORIZED" // 401: missing, invalid or expired API key / token
    | "QLIK_FORBIDDEN" // 403: the credential's user is not allowed (not a TenantAdmin, or a protected change)
    | "QLIK_NOT_FOUND" // 404
    | "QLIK_RATE_LIMITED" // 429 that outlived the retry budget
    | "QLIK_PARTIAL_FAILURE" // 207: Qlik applied the PATCH only in part (or not at all)
    | "QLIK_SERVER_ERROR" // 5xx that outlived the retry budget
    | "QLIK_NETWORK_ERROR" // connection refused/reset, DNS, TLS
    | "QLIK_TIMEOUT" // no answer within the request timeout
    | "QLIK_INVALID_RESPONSE" // a body that is not JSON or lacks required fields
    | "QLIK_UNEXPECTED_STATUS" // any other status
    | "QLIK_CONFLICT" // another writer kept undoing our change; we could not converge
    | "QLIK_CONFIG" // provider configuration is missing or invalid
    | "QLIK_INVALID_INPUT"; // a resource input is invalid, or names no (or several) principals

/** Status codes that may succeed when retried. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

interface QlikErrorDetails {
    status?: number;
    method?: string;
    path?: string;
    qlikErrors?: { code?: string; title?: string; detail?: string }[];
    traceId?: string;
    /** For 429: how long Qlik asked us to wait, in milliseconds. */
    retryAfterMs?: number;
    cause?: unknown;
}

export class QlikError extends Error {
    override readonly name = "QlikError";
    readonly code: QlikErrorCode;
    readonly status?: number;
    readonly method?: string;
    readonly path?: string;
    readonly qlikErrors: { code?: string; title?: string; detail?: string }[];
    readonly traceId?: string;
    readonly retryAfterMs?: number;

    constructor(code: QlikErrorCode, message: string, details: QlikErrorDetails = {}) {
        super(oneLine(message), details.cause === undefined ? undefined : { cause: details.cause });
        this.code = code;
        this.status = details.status;
        this.method = details.method;
        this.path = details.path;
        this.qlikErrors = details.qlikErrors ?? [];
        this.traceId = details.traceId;
        this.retryAfterMs = details.retryAfterMs;
    }
}

/** What Pulumi records for a resource whose create failed after the resource came to exist. */
export interface PartialCreate {
    readonly id: string;
    readonly properties: Record<string, unknown>;
}

/**
 * A create that failed although its change may have landed. Pulumi's dynamic-provider host reads `id`,
 * `properties` and `reasons` from a thrown error (any error: it checks for `id`) and then records the resource as
 * created but failed to initialize, instead of forgetting it; the next `up` retries it with an update.
 */
export class PartialCreateError extends QlikError {
    readonly id: string;
    readonly properties: Record<string, unknown>;
    /** What the CLI prints for such a resource, instead of the message. */
    readonly reasons: readonly string[];

    constructor(failure: QlikError, created: PartialCreate, message: string = failure.message) {
        super(failure.code, message, { ...failure, cause: failure.cause });
        this.id = created.id;
        this.properties = created.properties;
        this.reasons = [this.message];
    }
}

/** True for a `PartialCreateError`, also from another realm or package copy (matched on its fields, not `instanceof`). */
export function isPartialCreateError(err: unknown): err is PartialCreateError {
    return (
        isQlikError(err) &&
        typeof (err as Partial<PartialCreateError>).id === "string" &&
        typeof (err as Partial<PartialCreateError>).properties === "object"
    );
}

/** True when `err` carries one of our codes; works across realms and package copies. */
export function isQlikError(err: unknown, code?: QlikErrorCode): err is QlikError {
    if (typeof err !== "object" || err === null) return false;
    const c = (err as { code?: unknown }).code;
    return typeof c === "string" && c.startsWith("QLIK_") && (code === undefined || c === code);
}

const STATUS_CODES: Record<number, QlikErrorCode> = {
    400: "QLIK_BAD_REQUEST",
    401: "QLIK_UNAUTHORIZED",
    403: "QLIK_FORBIDDEN",
    404: "QLIK_NOT_FOUND",
    422: "QLIK_BAD_REQUEST",
    429: "QLIK_RATE_LIMITED",
    207: "QLIK_PARTIAL_FAILURE",
};

const HINTS: Partial<Record<QlikErrorCode, string>> = {
    QLIK_UNAUTHORIZED:
        "check the credential (qlik:apiKey, or qlik:clientId and qlik:clientSecret) and that it belongs to this tenant",
    QLIK_FORBIDDEN:
        "the credential's user needs the TenantAdmin role (OAuth clients need scope admin_classic)",
    QLIK_RATE_LIMITED: "Qlik's rate limit was reached; wait and re-run, or lower qlik:writesPerMinute",
    QLIK_PARTIAL_FAILURE:
        "Qlik reports the change as partially successful: part of it may have landed; re-run to converge",
    QLIK_SERVER_ERROR: "Qlik is failing; re-run later",
};

/**
 * Builds the error for a non-success HTTP answer from its status and (parsed) Qlik error body. `otherBody`
 * describes a body that was not Qlik's JSON (e.g. `an HTML page "502 Bad Gateway"`), so the line says what came.
 */
/**
 * Qlik leaves `assignedRoles` out for a credential that may not read them (not a TenantAdmin, or an OAuth client
 * without scope admin_classic). `remedy` says who needs what, e.g. "export needs a TenantAdmin's credential".
 */
export function rolesHiddenError(label: string, remedy: string): QlikError {
    return new QlikError(
        "QLIK_FORBIDDEN",
        `Qlik hides the assigned roles of ${label} from this credential: ${remedy} (OAuth: scope admin_classic)`,
    );
}

export function errorFromResponse(
    method: string,
    path: string,
    status: number,
    body: ErrorBody | undefined,
    retryAfterMs?: number,
    otherBody?: string,
): QlikError {
    const code: QlikErrorCode =
        STATUS_CODES[status] ?? (status >= 500 ? "QLIK_SERVER_ERROR" : "QLIK_UNEXPECTED_STATUS");
    const items = body?.errors?.length ? body.errors : body?.code || body?.title ? [body] : [];
    const qlikErrors = items.map((e) => ({ code: e.code, title: e.title, detail: e.detail }));
    const described = qlikErrors
        .map((e) =>
            [e.code, e.title, e.detail && e.detail !== e.title ? `(${e.detail})` : undefined]
                .filter(Boolean)
                .join(" "),
        )
        .filter((s) => s.length > 0)
        .join("; ");
    const parts = [`${method} ${path} answered ${status}${otherBody ? ` with ${otherBody}` : ""}`];
    if (described) parts.push(described);
    if (retryAfterMs !== undefined) parts.push(`retry-after ${Math.ceil(retryAfterMs / 1000)}s`);
    if (code === "QLIK_UNAUTHORIZED" && path === "/oauth/token")
        parts.push("check qlik:clientId and qlik:clientSecret");
    else if (code === "QLIK_FORBIDDEN" && path === "/oauth/token")
        // Qlik's token endpoint refuses a client whose bot user is disabled or holds too many tokens.
        parts.push(
            "Qlik refused to issue a token: the OAuth client's user is disabled or has reached the maximum number of tokens; enable it or revoke unused tokens in the management console",
        );
    else if (HINTS[code]) parts.push(HINTS[code]!);
    let message = parts.join(": ");
    if (body?.traceId) message += ` [traceId ${body.traceId}]`;
    return new QlikError(code, message, {
        status,
        method,
        path,
        qlikErrors,
        traceId: body?.traceId,
        retryAfterMs,
    });
}

/** Collapses whitespace so that a message is always one line. */
export function oneLine(text: string): string {
    return text.replace(/\s*[\r\n]+\s*/g, " ").trim();
}

/**
 * Replaces every occurrence of each secret (and of its URL-encoded form) with "[redacted]". Secrets shorter than
 * 4 characters are ignored so that redaction cannot mangle ordinary words.
 */
export function redact(text: string, secrets: readonly string[]): string {
    let out = text;
    for (const secret of secrets) {
        if (!secret || secret.length < 4) continue;
        for (const form of new Set([secret, encodeURIComponent(secret)])) {
            out = out.split(form).join("[redacted]");
        }
    }
    return out;
}
