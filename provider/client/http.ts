/**
 * The transport: one Qlik request with authentication, the client-side throttle, timeouts, retries and error
 * mapping. Endpoint functions (users.ts, groups.ts, roles.ts) build on `QlikHttp.send` and never see sockets.
 */
import { Agent, request, type Dispatcher } from "undici";
import { errorBodySchema, type ErrorBody } from "../schemas/qlik";
import type { Authenticator } from "./auth";
import { QlikError, errorFromResponse, redact, RETRYABLE_STATUSES, type QlikErrorCode } from "./errors";
import {
    DEFAULT_RETRY_POLICY,
    nextRetryDelay,
    parseRetryAfter,
    type Failure,
    type RetryPolicy,
} from "./retry-policy";
import type { RateLimiter, Tier } from "./throttle";

/** What every request reports when it ends (for metrics, tests and benchmarks). Never contains a credential. */
export interface RequestEvent {
    method: string;
    path: string;
    tier: Tier;
    attempt: number;
    status?: number;
    errorCode?: QlikErrorCode;
    durationMs: number;
}

export interface HttpOptions {
    /** Origin of the tenant, already validated, e.g. `https://acme.eu.qlikcloud.com`. */
    origin: string;
    auth: Authenticator;
    /** Per-attempt limit for the whole exchange (connect, headers, body). Default 30 s. */
    requestTimeoutMs?: number;
    retry?: RetryPolicy;
    limiter?: RateLimiter;
    /** Injected for tests (undici `MockAgent`); defaults to a keep-alive pool. */
    dispatcher?: Dispatcher;
    onRequest?: (event: RequestEvent) => void;
    sleep?: (ms: number) => Promise<void>;
    random?: () => number;
}

export interface SendOptions {
    tier: Tier;
    /** JSON body (PATCH, POST). */
    json?: unknown;
    /** Statuses that count as success. Default: 200. */
    expect?: readonly number[];
    /** Skip the Authorization header (token requests). */
    anonymous?: boolean;
}

export interface QlikResponse {
    status: number;
    headers: Record<string, string | string[] | undefined>;
    /** Parsed JSON, or undefined for an empty body. */
    body: unknown;
}

const NETWORK_CODES = new Set([
    "ECONNRESET",
    "ECONNREFUSED",
    "EPIPE",
    "ETIMEDOUT",
    "EAI_AGAIN",
    "ENOTFOUND",
    "UND_ERR_SOCKET",
    "UND_ERR_CLOSED",
    "UND_ERR_CONNECT_TIMEOUT",
]);
const TIMEOUT_CODES = new Set(["UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT"]);

let sharedAgent: Agent | undefined;
/** One keep-alive pool per process: reusing connections saves a TLS handshake per request. */
function defaultDispatcher(): Agent {
    sharedAgent ??= new Agent({ keepAliveTimeout: 10_000, connections: 32 });
    return sharedAgent;
}

export class QlikHttp {
    readonly origin: string;
    private readonly timeoutMs: number;
    private readonly retry: RetryPolicy;
    private readonly sleep: (ms: number) => Promise<void>;
    private readonly random: () => number;

    constructor(private readonly options: HttpOptions) {
        this.origin = options.origin;
        this.timeoutMs = options.requestTimeoutMs ?? 30_000;
        this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
        this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
        this.random = options.random ?? Math.random;
    }

    /**
     * Sends one request, retrying what may succeed on a retry, and returns the answer when its status is in
     * `expect`; otherwise throws a `QlikError`. `path` is a path with query string, relative to the origin.
     */
    async send(method: string, path: string, opts: SendOptions): Promise<QlikResponse> {
        const expect = opts.expect ?? [200];
        const started = Date.now();
        // Time queued in the client-side throttle is not time spent failing: it must not use up the deadline.
        const timing = { throttledMs: 0, authorization: "" };
        let renewedAuth = false;
        for (let attempt = 1; ; attempt++) {
            let failure: Failure;
            let error: QlikError;
            try {
                const res = await this.attempt(method, path, opts, attempt, timing);
                if (expect.includes(res.status)) return res;
                const errorBody = parseErrorBody(res.body);
                const retryAfterMs =
                    res.status === 429
                        ? parseRetryAfter(header(res.headers, "retry-after"), Date.now())
                        : undefined;
                error = this.scrub(
                    errorFromResponse(method, pathOnly(path), res.status, errorBody, retryAfterMs),
                );
                if (
                    res.status === 401 &&
                    !opts.anonymous &&
                    !renewedAuth &&
                    this.options.auth.invalidate(timing.authorization)
                ) {
                    // A token can expire or be revoked early: one retry with a fresh one.
                    renewedAuth = true;
                    attempt--; // does not use up the retry budget
                    continue;
                }
                if (res.status === 429) {
                    this.options.limiter?.tier(opts.tier)?.blockFor(retryAfterMs!);
                    failure = { kind: "rate-limited", retryAfterMs: retryAfterMs! };
                } else if (RETRYABLE_STATUSES.has(res.status)) {
                    failure = { kind: "server", status: res.status };
                } else {
                    failure = { kind: "final" };
                }
            } catch (err) {
                const transport = this.transportError(method, path, err);
                const retryable = (transport as { retryable?: Failure["kind"] }).retryable;
                failure = retryable ? ({ kind: retryable } as Failure) : { kind: "final" };
                error = this.scrub(transport);
            }
            const delay = nextRetryDelay(
                this.retry,
                attempt,
                Date.now() - started - timing.throttledMs,
                failure,
                this.random,
            );
            if (delay === undefined) {
                if (attempt > 1 && failure.kind !== "final") {
                    throw new QlikError(
                        error.code,
                        `${error.message} (gave up after ${attempt} attempts)`,
                        error,
                    );
                }
                throw error;
            }
            // With a limiter, a 429 is waited out inside it (blockFor), which every caller of the tier respects.
            if (!(failure.kind === "rate-limited" && this.options.limiter?.tier(opts.tier)))
                await this.sleep(delay);
        }
    }

    private async attempt(
        method: string,
        path: string,
        opts: SendOptions,
        attempt: number,
        timing: { throttledMs: number; authorization: string },
    ): Promise<QlikResponse> {
        const queued = Date.now();
        await this.options.limiter?.tier(opts.tier)?.acquire();
        timing.throttledMs += Date.now() - queued;
        const headers: Record<string, string> = { accept: "application/json" };
        if (!opts.anonymous)
            headers.authorization = timing.authorization = await this.options.auth.authorization();
        if (opts.json !== undefined) headers["content-type"] = "application/json";
        const t0 = Date.now();
        const event: RequestEvent = { method, path: pathOnly(path), tier: opts.tier, attempt, durationMs: 0 };
        try {
            const res = await request(this.origin + path, {
                method: method as Dispatcher.HttpMethod,
                headers,
                body: opts.json === undefined ? undefined : JSON.stringify(opts.json),
                dispatcher: this.options.dispatcher ?? defaultDispatcher(),
                headersTimeout: this.timeoutMs,
                bodyTimeout: this.timeoutMs,
                signal: AbortSignal.timeout(this.timeoutMs),
            });
            event.status = res.statusCode;
            let text: string;
            try {
                text = await res.body.text();
            } catch (err) {
                throw Object.assign(new Error("the response body was cut off"), {
                    cause: err,
                    code: "ECONNRESET",
                });
            }
            return { status: res.statusCode, headers: res.headers, body: parseJson(text, method, path) };
        } catch (err) {
            event.errorCode = this.transportError(method, path, err).code;
            throw err;
        } finally {
            event.durationMs = Date.now() - t0;
            this.options.onRequest?.(event);
        }
    }

    /** Maps a thrown transport failure to a QlikError; `retryable` marks what a retry may cure. */
    private transportError(method: string, path: string, err: unknown): QlikError {
        if (err instanceof QlikError) return err;
        const retryable = (e: QlikError, kind: Failure["kind"]) => Object.assign(e, { retryable: kind });
        const e = err as { name?: string; code?: string; message?: string; cause?: { code?: string } };
        const where = `${method} ${pathOnly(path)}`;
        if (e?.name === "TimeoutError" || e?.name === "AbortError" || TIMEOUT_CODES.has(e?.code ?? "")) {
            return retryable(
                new QlikError(
                    "QLIK_TIMEOUT",
                    `${where}: no answer within ${this.timeoutMs} ms; check the tenant URL and network, or raise qlik:requestTimeoutMs`,
                    { method, path: pathOnly(path) },
                ),
                "timeout",
            );
        }
        const code = e?.code ?? e?.cause?.code;
        if (code && NETWORK_CODES.has(code)) {
            return retryable(
                new QlikError(
                    "QLIK_NETWORK_ERROR",
                    `${where}: network error ${code}${e?.message ? ` (${e.message})` : ""}; check qlik:tenantUrl and connectivity`,
                    { method, path: pathOnly(path) },
                ),
                "network",
            );
        }
        return new QlikError("QLIK_NETWORK_ERROR", `${where}: request failed: ${e?.message ?? String(err)}`, {
            method,
            path: pathOnly(path),
        });
    }

    /** Removes every credential from the message (Qlik may echo a header back in `detail`). */
    private scrub(error: QlikError): QlikError {
        const secrets = this.options.auth.secrets();
        const clean = redact(error.message, secrets);
        const qlikErrors = error.qlikErrors.map((e) => ({
            ...e,
            detail: e.detail && redact(e.detail, secrets),
            title: e.title && redact(e.title, secrets),
        }));
        return new QlikError(error.code, clean, { ...error, qlikErrors, retryAfterMs: error.retryAfterMs });
    }
}

function parseJson(text: string, method: string, path: string): unknown {
    if (text.trim() === "") return undefined;
    try {
        return JSON.parse(text);
    } catch {
        // A truncated body is usually a connection cut mid-transfer, so it is worth a retry.
        throw Object.assign(
            new QlikError(
                "QLIK_INVALID_RESPONSE",
                `${method} ${pathOnly(path)}: the answer is not valid JSON (${text.length} bytes); Qlik may be failing, re-run later`,
                { method, path: pathOnly(path) },
            ),
            { retryable: "truncated-body" },
        );
    }
}

function parseErrorBody(body: unknown): ErrorBody | undefined {
    const parsed = errorBodySchema.safeParse(body);
    return parsed.success ? parsed.data : undefined;
}

export function header(headers: QlikResponse["headers"], name: string): string | undefined {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
}

/** The path without its query string: queries may hold user data (emails) and make messages long. */
export function pathOnly(path: string): string {
    const q = path.indexOf("?");
    return q === -1 ? path : path.slice(0, q);
}
