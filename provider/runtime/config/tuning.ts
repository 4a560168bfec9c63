/**
 * Internal options: the settings of the provider's heuristics (batching, verify rounds, read reuse) and the parts of
 * the retry and throttle policy users do not need to touch. They are not stack config: each has one default, here.
 *
 * Tests and the benchmark, which run the provider in a process the Pulumi engine spawns, override them with the
 * `QLIK_ROLES_TUNING` environment variable holding JSON (e.g. `{"batchWindowMs":10}`); in-process tests pass them
 * to `configure` directly. Not a user setting: names and defaults may change in any release.
 */
import { QLIK_RATE_LIMITS, UsageError } from "../../client";
import { DEFAULT_RETRY_POLICY } from "../../client/retry-policy";
import { COORDINATOR_DEFAULTS } from "../../core/principal-coordinator";

export interface Tuning {
    /** Tries of one request (the first included), within the public `retryDeadlineMs`. */
    readonly maxAttempts: number;
    /** Client-side throttle of reads (Qlik's Tier 1) per window; 0 switches it off. */
    readonly readsPerMinute: number;
    /** The throttle's sliding window (Qlik counts over 5 minutes). */
    readonly rateWindowSeconds: number;
    /** See `CoordinatorOptions.batchWindowMs`. */
    readonly batchWindowMs: number;
    /** See `CoordinatorOptions.maxBatchWaitMs`. */
    readonly maxBatchWaitMs: number;
    /** See `CoordinatorOptions.maxBurstWaitMs` (0 switches the burst rule off). */
    readonly maxBurstWaitMs: number;
    /** See `CoordinatorOptions.maxReadAgeMs` (0: every write starts from a fresh read). */
    readonly maxReadAgeMs: number;
    /** See `CoordinatorOptions.verifyRounds`. */
    readonly verifyRounds: number;
    /**
     * true: a principal's batch waits for the write throttle before it takes its changes, so changes that arrive
     * while writes are throttled join its PATCH (`PrincipalStore.reserveWrite`); false: the PATCH queues on its
     * own (the benchmark's "before"). 1 and 0 are accepted too: the benchmark's `--tune` passes numbers.
     */
    readonly writeSlotFirst: boolean;
    /** OAuth scope asked for with client credentials (`user_default` cannot change roles). */
    readonly oauthScope: string;
}

export const DEFAULT_TUNING: Readonly<Tuning> = Object.freeze({
    maxAttempts: DEFAULT_RETRY_POLICY.maxAttempts,
    readsPerMinute: QLIK_RATE_LIMITS.readsPerMinute,
    rateWindowSeconds: QLIK_RATE_LIMITS.windowMs / 1000,
    batchWindowMs: COORDINATOR_DEFAULTS.batchWindowMs,
    maxBatchWaitMs: COORDINATOR_DEFAULTS.maxBatchWaitMs,
    maxBurstWaitMs: COORDINATOR_DEFAULTS.maxBurstWaitMs,
    maxReadAgeMs: COORDINATOR_DEFAULTS.maxReadAgeMs,
    verifyRounds: COORDINATOR_DEFAULTS.verifyRounds,
    writeSlotFirst: true,
    oauthScope: "admin_classic",
});

/** The environment variable that carries overrides into a provider process the engine spawns (tests, benchmark). */
const TUNING_ENV = "QLIK_ROLES_TUNING";

/** Smallest accepted value of each numeric option. */
const MINIMUM: Record<Exclude<keyof Tuning, "oauthScope" | "writeSlotFirst">, number> = {
    maxAttempts: 1,
    readsPerMinute: 0,
    rateWindowSeconds: 1,
    batchWindowMs: 0,
    maxBatchWaitMs: 0,
    maxBurstWaitMs: 0,
    maxReadAgeMs: 0,
    verifyRounds: 1,
};

/**
 * The defaults with `overrides` applied. Strict, because a misspelt option in a test would otherwise silently test
 * the default: an unknown name or a wrong value is a UsageError naming it.
 * @param source where the overrides came from, for messages (e.g. the environment variable's name)
 */
export function resolveTuning(overrides: Record<string, unknown> = {}, source = "tuning"): Tuning {
    const out: Record<string, unknown> = { ...DEFAULT_TUNING };
    for (const [name, value] of Object.entries(overrides)) {
        if (!(name in DEFAULT_TUNING)) {
            throw new UsageError(
                `${source}: unknown option "${name}"; the options are ${Object.keys(DEFAULT_TUNING).join(", ")}`,
            );
        }
        if (name === "writeSlotFirst") {
            out[name] = asSwitch(value, `${source}: ${name}`);
            continue;
        }
        const min = MINIMUM[name as keyof typeof MINIMUM];
        const valid =
            min === undefined
                ? typeof value === "string" && value !== ""
                : typeof value === "number" && Number.isFinite(value) && value >= min;
        if (!valid) {
            throw new UsageError(
                `${source}: ${name} must be ${min === undefined ? "a non-empty string" : `a number >= ${min}`}; got ${JSON.stringify(value)}`,
            );
        }
        out[name] = value;
    }
    return Object.freeze(out) as unknown as Tuning;
}

/** A switch given as true or false, or as 1 or 0. */
function asSwitch(value: unknown, what: string): boolean {
    if (typeof value === "boolean") return value;
    if (value === 0 || value === 1) return value === 1;
    throw new UsageError(`${what} must be true or false (or 1 or 0); got ${JSON.stringify(value)}`);
}

/** The overrides in `QLIK_ROLES_TUNING`, applied to the defaults; the defaults when it is unset. */
export function tuningFromEnv(env: NodeJS.ProcessEnv): Tuning {
    const text = env[TUNING_ENV]?.trim();
    if (!text) return DEFAULT_TUNING;
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch {
        parsed = undefined;
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
        throw new UsageError(
            `${TUNING_ENV} must hold a JSON object such as {"batchWindowMs":10}; unset it to use the defaults`,
        );
    }
    return resolveTuning(parsed as Record<string, unknown>, TUNING_ENV);
}
