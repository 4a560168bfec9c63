/**
 * When to retry a failed request, and how long to wait first. Pure, so it is tested without clocks or sockets.
 *
 * - 429: wait exactly what `retry-after` says (Qlik refuses the whole tier until then), plus a little jitter so
 *   that parallel callers do not return in lock-step.
 * - 5xx, network errors, timeouts, truncated bodies: exponential backoff with "full jitter"
 *   (https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/), capped.
 * - Everything else (4xx) is final.
 * A 429 is not a failure of the request: Qlik asked us to come back later. It is bounded by the deadline alone,
 * so a busy tenant (other clients share Qlik's tenant-wide limit) cannot make a run give up "after 6 attempts"
 * when most of them were waits. Failures are bounded by a number of tries and by the same deadline, so a run
 * never hangs on a sick tenant.
 */
import { QlikError } from "./errors";

/** Retry limits. All durations are in milliseconds. */
export interface RetryPolicy {
    /** Failed tries of one request (5xx, network, timeout) before giving up; 429 answers do not count. Default 6. */
    maxAttempts: number;
    /** First backoff step for 5xx/network failures. Default 250 ms. */
    baseDelayMs: number;
    /** Longest single backoff for 5xx/network failures. Default 10 s. */
    maxDelayMs: number;
    /** No retry may start later than this after the first try. Default 120 s. */
    deadlineMs: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
    maxAttempts: 6,
    baseDelayMs: 250,
    maxDelayMs: 10_000,
    deadlineMs: 120_000,
});

export type Failure =
    | { kind: "rate-limited"; retryAfterMs: number }
    | { kind: "server"; status: number }
    | { kind: "network" }
    | { kind: "timeout" }
    | { kind: "truncated-body" }
    | { kind: "final" };

/**
 * The delay before the next attempt, or `undefined` when the failure is final or the budget is spent.
 * @param failures failed tries so far, 429 answers not counted (the first failure is 1)
 * @param elapsedMs time since the first attempt started
 * @param random a source of [0, 1) numbers (injectable for tests)
 */
export function nextRetryDelay(
    policy: RetryPolicy,
    failures: number,
    elapsedMs: number,
    failure: Failure,
    random: () => number = Math.random,
): number | undefined {
    if (failure.kind === "final") return undefined;
    if (failure.kind !== "rate-limited" && failures >= policy.maxAttempts) return undefined;
    let delay: number;
    if (failure.kind === "rate-limited") {
        // At least one backoff step: 429s are bounded by the deadline alone, so `retry-after: 0` must not spin.
        const wait = Math.max(failure.retryAfterMs, policy.baseDelayMs);
        delay = wait + Math.floor(random() * Math.min(1000, wait * 0.1 + 50));
    } else {
        const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (Math.max(1, failures) - 1));
        delay = Math.max(policy.baseDelayMs / 2, Math.floor(random() * ceiling));
    }
    if (elapsedMs + delay > policy.deadlineMs) return undefined;
    return delay;
}

/**
 * Parses `retry-after`: delta-seconds (what Qlik sends) or an HTTP date. Missing or unreadable values fall back
 * to `fallbackMs`, since a 429 without a usable hint still means "wait".
 */
export function parseRetryAfter(header: string | undefined, now: number, fallbackMs = 1000): number {
    if (header === undefined || header.trim() === "") return fallbackMs;
    const seconds = Number(header);
    // A negative number is unreadable, not a date: Date.parse would read "-5" as the year -5.
    if (Number.isFinite(seconds)) return seconds >= 0 ? Math.ceil(seconds * 1000) : fallbackMs;
    const date = Date.parse(header);
    if (Number.isFinite(date)) return Math.max(0, date - now);
    return fallbackMs;
}

/** A try that did not succeed: what the retry policy needs to know, and the error to report if it is the last. */
export interface FailedTry {
    failure: Failure;
    error: QlikError;
}

/** The error of the last try; after retries, it says how many tries (and rate-limited waits) it took. */
export function gaveUp(last: FailedTry, attempt: number, rateLimited: number): QlikError {
    const { error, failure } = last;
    if (attempt === 1 || failure.kind === "final") return error;
    const waits = rateLimited > 0 ? `, ${rateLimited} of them rate-limited waits` : "";
    return new QlikError(error.code, `${error.message} (gave up after ${attempt} attempts${waits})`, error);
}
