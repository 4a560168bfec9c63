/**
 * The transport: sends one Qlik request with authentication, the client-side throttle and timeouts, and retries
 * what a retry may cure (401 once with a fresh token, 429 after `retry-after`, 5xx and transport failures with
 * backoff). What an answer means is read by answers.ts, what a thrown failure means by transport-errors.ts.
 * Endpoint functions (users.ts, groups.ts, roles.ts) build on `QlikHttp.send` and never see sockets.
 */
import { Agent, request, type Dispatcher } from "undici";
import {
    failedAnswer,
    pathOnly,
    RetryableFailure,
    scrub,
    successAnswer,
    header,
    type QlikResponse,
    type RawResponse,
} from "./answers";
import { QLIK_API_VERSION, processDeprecationNotice, type DeprecationNotice } from "./api-version";
import type { Authenticator } from "./auth";
import { RETRYABLE_STATUSES, type QlikErrorCode } from "./errors";
import {
    DEFAULT_RETRY_POLICY,
    gaveUp,
    nextRetryDelay,
    parseRetryAfter,
    type FailedTry,
    type RetryPolicy,
} from "./retry-policy";
import type { RateLimiter, ThrottleSlot, Tier } from "./throttle";
import { bodyText, transportFailure } from "./transport-errors";

export { describeBody, header, pathOnly, type QlikResponse } from "./answers";

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

interface HttpOptions {
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

/** What a request holds across its tries. */
interface Tries {
    started: number;
    /**
     * Time queued in the client-side throttle (our own pacing) is not time spent failing: it must not use up the
     * deadline. Time held after a 429 is, since the deadline is what bounds waiting on Qlik.
     */
    pacedMs: number;
    /** The Authorization header of the latest try, so that a 401 invalidates exactly that token. */
    authorization: string;
    renewedAuth: boolean;
    failures: number;
    rateLimited: number;
}

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
     * How the answer is read (JSON only where promised, an excerpt otherwise): see answers.ts.
     */
    async send(method: string, path: string, opts: SendOptions): Promise<QlikResponse> {
        const expect = opts.expect ?? [200];
        const tries: Tries = {
            started: Date.now(),
            pacedMs: 0,
            authorization: "",
            renewedAuth: false,
            failures: 0,
            rateLimited: 0,
        };
        for (let attempt = 1; ; attempt++) {
            let failed: FailedTry;
            try {
                const raw = await this.attempt(method, path, opts, attempt, tries);
                (this.options.deprecation ?? processDeprecationNotice).check(
                    method,
                    pathOnly(path),
                    raw.headers,
                    this.options.auth.secrets(),
                );
                if (expect.includes(raw.status)) return successAnswer(raw, method, path, opts.jsonBody);
                if (raw.status === 401 && this.renewAuth(opts, tries)) continue;
                failed = this.refused(method, path, opts.tier, raw);
            } catch (err) {
                failed = this.thrown(method, path, err);
            }
            if (failed.failure.kind === "rate-limited") tries.rateLimited++;
            else tries.failures++;
            const elapsedMs = Date.now() - tries.started - tries.pacedMs;
            const delay = nextRetryDelay(this.retry, tries.failures, elapsedMs, failed.failure, this.random);
            if (delay === undefined) throw gaveUp(failed, attempt, tries.rateLimited);
            // With a limiter, a 429 is waited out inside it (blockFor), which every caller of the tier respects.
            if (!(failed.failure.kind === "rate-limited" && this.options.limiter?.tier(opts.tier)))
                await this.sleep(delay);
        }
    }

    /** A token can expire or be revoked early: one retry with a fresh one, not counted as a failure. */
    private renewAuth(opts: SendOptions, tries: Tries): boolean {
        if (opts.anonymous || tries.renewedAuth || !this.options.auth.invalidate(tries.authorization))
            return false;
        tries.renewedAuth = true;
        return true;
    }

    /** An answer outside `expect`: its error, and whether a retry may cure it (429 and the retryable 5xx). */
    private refused(method: string, path: string, tier: Tier, raw: RawResponse): FailedTry {
        const retryAfterMs =
            raw.status === 429 ? parseRetryAfter(header(raw.headers, "retry-after"), Date.now()) : undefined;
        const error = failedAnswer(method, path, raw, retryAfterMs, this.options.auth.secrets());
        if (raw.status === 429) {
            this.options.limiter?.tier(tier)?.blockFor(retryAfterMs!);
            return { failure: { kind: "rate-limited", retryAfterMs: retryAfterMs! }, error };
        }
        if (RETRYABLE_STATUSES.has(raw.status))
            return { failure: { kind: "server", status: raw.status }, error };
        return { failure: { kind: "final" }, error };
    }

    /** A try that threw: retryable where the transport said so (or a 2xx body was cut off), final otherwise. */
    private thrown(method: string, path: string, err: unknown): FailedTry {
        const secrets = this.options.auth.secrets();
        if (err instanceof RetryableFailure)
            return { failure: { kind: err.kind }, error: scrub(err.error, secrets) };
        const { error } = transportFailure(method, path, err, this.timeoutMs);
        return { failure: { kind: "final" }, error: scrub(error, secrets) };
    }

    private async attempt(
        method: string,
        path: string,
        opts: SendOptions,
        attempt: number,
        tries: Tries,
    ): Promise<RawResponse> {
        if (attempt === 1 && opts.slot) opts.slot.use();
        else tries.pacedMs += (await this.options.limiter?.tier(opts.tier)?.acquire()) ?? 0;
        // Every request names the API release the client knows, so Qlik announces what it deprecates for it.
        const headers: Record<string, string> = {
            accept: "application/json",
            "qlik-api-version": QLIK_API_VERSION,
        };
        if (!opts.anonymous)
            headers.authorization = tries.authorization = await this.options.auth.authorization();
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
            return { status: res.statusCode, headers: res.headers, text: await bodyText(res.body) };
        } catch (err) {
            const mapped = transportFailure(method, path, err, this.timeoutMs);
            event.errorCode = mapped.error.code;
            // A RetryableFailure goes up as it is; anything else as its QlikError, never the wrapper object.
            throw mapped instanceof RetryableFailure ? mapped : mapped.error;
        } finally {
            event.durationMs = Date.now() - t0;
            this.options.onRequest?.(event);
        }
    }
}
