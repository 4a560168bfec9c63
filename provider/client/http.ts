/**
 * The transport: one Qlik request with authentication, the client-side throttle, timeouts, retries and error
 * mapping. Endpoint functions (users.ts, groups.ts, roles.ts) build on `QlikHttp.send` and never see sockets.
 */
import { Agent, request, type Dispatcher } from "undici";
import { errorBodySchema } from "../schemas/qlik";
import { QLIK_API_VERSION, processDeprecationNotice, type DeprecationNotice } from "./api-version";
import type { Authenticator } from "./auth";
import { QlikError, errorFromResponse, redact, RETRYABLE_STATUSES, type QlikErrorCode } from "./errors";
import {
    DEFAULT_RETRY_POLICY,
    nextRetryDelay,
    parseRetryAfter,
    type Failure,
    type RetryPolicy,
} from "./retry-policy";
import type { RateLimiter, ThrottleSlot, Tier } from "./throttle";

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
    /** Where a deprecation announced by Qlik is reported; default: once per process, on stderr. */
    deprecation?: DeprecationNotice;
}

export interface SendOptions {
    tier: Tier;
    /** JSON body (PATCH, POST). */
    json?: unknown;
    /** Statuses that count as success. Default: 200. */
    expect?: readonly number[];
    /** Skip the Authorization header (token requests). */
    anonymous?: boolean;
    /**
     * Whether a 2xx answer carries JSON to parse. Default true; writes whose answer is bodiless (204) say false,
     * so that whatever a gateway puts in a success body cannot fail them. A 3xx body is never parsed.
     */
    jsonBody?: boolean;
    /**
     * A place in the tier's throttle granted earlier (`QlikClient.reserveWrite`): the first attempt uses it
     * instead of queueing again; retries queue like any request.
     */
    slot?: ThrottleSlot;
}

export interface QlikResponse {
    status: number;
    headers: Record<string, string | string[] | undefined>;
    /** Parsed JSON of a 2xx answer; undefined for an empty body, a 3xx, or when `jsonBody` is false. */
    body: unknown;
}

/** An answer as it came off the wire, before it is classified by status. */
interface RawResponse {
    status: number;
    headers: Record<string, string | string[] | undefined>;
    text: string;
}

/**
 * A failed try that a retry may cure, with the error to report if it is the last. A typed wrapper instead of a
 * field on QlikError, so that no retry hint can leak out of this module on an error the caller sees.
 */
class RetryableFailure extends Error {
    constructor(
        readonly kind: "network" | "timeout" | "truncated-body",
        readonly error: QlikError,
    ) {
        super(error.message);
    }
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
     *
     * The status decides first, the body second: a gateway or an edge in front of Qlik may answer any status with
     * an HTML page or nothing, so a body is parsed as JSON only where JSON is promised (a 2xx of a read, or an
     * error body that says it is JSON). Everything else keeps its status and shows a short excerpt.
     */
    async send(method: string, path: string, opts: SendOptions): Promise<QlikResponse> {
        const expect = opts.expect ?? [200];
        const started = Date.now();
        // Time queued in the client-side throttle (our own pacing) is not time spent failing: it must not use up
        // the deadline. Time held after a 429 is, since the deadline is what bounds waiting on Qlik.
        const timing = { pacedMs: 0, authorization: "" };
        let renewedAuth = false;
        let failures = 0;
        let rateLimited = 0;
        for (let attempt = 1; ; attempt++) {
            let failure: Failure;
            let error: QlikError;
            try {
                const raw = await this.attempt(method, path, opts, attempt, timing);
                (this.options.deprecation ?? processDeprecationNotice).check(
                    method,
                    pathOnly(path),
                    raw.headers,
                    this.options.auth.secrets(),
                );
                if (expect.includes(raw.status)) return this.success(raw, method, path, opts);
                const retryAfterMs =
                    raw.status === 429
                        ? parseRetryAfter(header(raw.headers, "retry-after"), Date.now())
                        : undefined;
                // Redacted before an excerpt is cut from it: a secret cut in half would escape the later scrub.
                const redacted = { ...raw, text: redact(raw.text, this.options.auth.secrets()) };
                error = this.scrub(answerError(method, path, redacted, retryAfterMs));
                if (
                    raw.status === 401 &&
                    !opts.anonymous &&
                    !renewedAuth &&
                    this.options.auth.invalidate(timing.authorization)
                ) {
                    // A token can expire or be revoked early: one retry with a fresh one, not counted.
                    renewedAuth = true;
                    continue;
                }
                if (raw.status === 429) {
                    this.options.limiter?.tier(opts.tier)?.blockFor(retryAfterMs!);
                    failure = { kind: "rate-limited", retryAfterMs: retryAfterMs! };
                } else if (RETRYABLE_STATUSES.has(raw.status)) {
                    failure = { kind: "server", status: raw.status };
                } else {
                    failure = { kind: "final" };
                }
            } catch (err) {
                if (err instanceof RetryableFailure) {
                    failure = { kind: err.kind };
                    error = this.scrub(err.error);
                } else {
                    failure = { kind: "final" };
                    error = this.scrub(this.transportError(method, path, err).error);
                }
            }
            if (failure.kind === "rate-limited") rateLimited++;
            else failures++;
            const delay = nextRetryDelay(
                this.retry,
                failures,
                Date.now() - started - timing.pacedMs,
                failure,
                this.random,
            );
            if (delay === undefined) {
                if (attempt > 1 && failure.kind !== "final") {
                    const waits = rateLimited > 0 ? `, ${rateLimited} of them rate-limited waits` : "";
                    throw new QlikError(
                        error.code,
                        `${error.message} (gave up after ${attempt} attempts${waits})`,
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

    /** A success answer: JSON where a 2xx promises it; a 3xx or bodiless write keeps only status and headers. */
    private success(raw: RawResponse, method: string, path: string, opts: SendOptions): QlikResponse {
        const wantsJson =
            opts.jsonBody !== false && raw.status >= 200 && raw.status < 300 && raw.status !== 204;
        const body = wantsJson ? parseJsonBody(raw.text, method, path) : undefined;
        return { status: raw.status, headers: raw.headers, body };
    }

    private async attempt(
        method: string,
        path: string,
        opts: SendOptions,
        attempt: number,
        timing: { pacedMs: number; authorization: string },
    ): Promise<RawResponse> {
        if (attempt === 1 && opts.slot) opts.slot.use();
        else timing.pacedMs += (await this.options.limiter?.tier(opts.tier)?.acquire()) ?? 0;
        // Every request names the API release the client knows, so Qlik announces what it deprecates for it.
        const headers: Record<string, string> = {
            accept: "application/json",
            "qlik-api-version": QLIK_API_VERSION,
        };
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
            return { status: res.statusCode, headers: res.headers, text };
        } catch (err) {
            const mapped = this.transportError(method, path, err);
            event.errorCode = mapped.error.code;
            // A RetryableFailure goes up as it is; anything else as its QlikError, never the wrapper object.
            throw mapped instanceof RetryableFailure ? mapped : mapped.error;
        } finally {
            event.durationMs = Date.now() - t0;
            this.options.onRequest?.(event);
        }
    }

    /** Maps a thrown transport failure to a QlikError, wrapped as retryable where a retry may cure it. */
    private transportError(
        method: string,
        path: string,
        err: unknown,
    ): RetryableFailure | { error: QlikError } {
        if (err instanceof RetryableFailure) return err;
        if (err instanceof QlikError) return { error: err };
        const e = err as { name?: string; code?: string; message?: string; cause?: { code?: string } };
        const where = `${method} ${pathOnly(path)}`;
        if (e?.name === "TimeoutError" || e?.name === "AbortError" || TIMEOUT_CODES.has(e?.code ?? "")) {
            return new RetryableFailure(
                "timeout",
                new QlikError(
                    "QLIK_TIMEOUT",
                    `${where}: no answer within ${this.timeoutMs} ms; check the tenant URL and network, or raise qlik:requestTimeoutMs`,
                    { method, path: pathOnly(path) },
                ),
            );
        }
        const code = e?.code ?? e?.cause?.code;
        if (code && NETWORK_CODES.has(code)) {
            return new RetryableFailure(
                "network",
                new QlikError(
                    "QLIK_NETWORK_ERROR",
                    `${where}: network error ${code}${e?.message ? ` (${e.message})` : ""}; check qlik:tenantUrl and connectivity`,
                    { method, path: pathOnly(path) },
                ),
            );
        }
        return {
            error: new QlikError(
                "QLIK_NETWORK_ERROR",
                `${where}: request failed: ${e?.message ?? String(err)}`,
                {
                    method,
                    path: pathOnly(path),
                },
            ),
        };
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

/** The JSON a 2xx promised; a body that is not JSON is usually a connection cut mid-transfer: worth a retry. */
function parseJsonBody(text: string, method: string, path: string): unknown {
    if (text.trim() === "") return undefined;
    try {
        return JSON.parse(text);
    } catch {
        throw new RetryableFailure(
            "truncated-body",
            new QlikError(
                "QLIK_INVALID_RESPONSE",
                `${method} ${pathOnly(path)}: the answer is not valid JSON (${text.length} bytes); Qlik may be failing, re-run later`,
                { method, path: pathOnly(path) },
            ),
        );
    }
}

/**
 * The error for an answer whose status is not a success: Qlik's error body when the answer is JSON, otherwise
 * the status with a short excerpt of what came instead (an HTML page from a gateway, or nothing).
 */
function answerError(method: string, path: string, raw: RawResponse, retryAfterMs?: number): QlikError {
    // Whatever the content type says: gateways label JSON as text, and an HTML page simply fails to parse.
    const parsed = tryJson(raw.text);
    const errorBody = parsed === undefined ? undefined : errorBodySchema.safeParse(parsed);
    if (errorBody?.success)
        return errorFromResponse(method, pathOnly(path), raw.status, errorBody.data, retryAfterMs);
    return errorFromResponse(method, pathOnly(path), raw.status, undefined, retryAfterMs, describeBody(raw));
}

function tryJson(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return undefined;
    }
}

/** Longest excerpt of a non-JSON body shown in a message. */
const EXCERPT_CHARS = 80;

/**
 * What a non-JSON body was, in a few words: `an empty body`, or `an HTML page "502 Bad Gateway"` (its title, or
 * its text without tags). Credentials are scrubbed from the whole message afterwards.
 */
export function describeBody(raw: { headers: RawResponse["headers"]; text: string }): string {
    const text = raw.text.trim();
    if (text === "") return "an empty body";
    const type = header(raw.headers, "content-type") ?? "";
    const html = /html/i.test(type) || /^<(!doctype|html|head|body|title|h1|center)\b/i.test(text);
    const title = html ? /<title[^>]*>([\s\S]*?)<\/title>/i.exec(text)?.[1] : undefined;
    const plain = (title ?? text.replace(/<(script|style)[\s\S]*?<\/\1>/gi, " ").replace(/<[^>]*>/g, " "))
        .replace(/&nbsp;/g, " ")
        .replace(/\s+/g, " ")
        .trim();
    const excerpt = plain.length > EXCERPT_CHARS ? `${plain.slice(0, EXCERPT_CHARS - 1)}…` : plain;
    const kind = html ? "an HTML page" : "a non-JSON body";
    return excerpt ? `${kind} ${JSON.stringify(excerpt)}` : kind;
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
