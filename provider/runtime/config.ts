/**
 * Provider configuration: stack config (`qlik:*`, handed to `configure`) with environment fallback, parsed once into
 * a frozen object. This is the one place credentials enter; nothing here is ever written to state.
 */
import { QlikError, parseTenantUrl, QLIK_RATE_LIMITS, type RateLimits } from "../client";
import type { Credentials } from "../client";

/** Reads one stack config value by its full key (`qlik:tenantUrl`); what `configure`'s request offers. */
export type ConfigSource = { get(key: string): string | undefined };

export interface ProviderConfig {
    /** Tenant origin, e.g. `https://acme.eu.qlikcloud.com`. */
    readonly origin: string;
    readonly credentials: Credentials;
    readonly requestTimeoutMs: number;
    readonly maxAttempts: number;
    readonly retryDeadlineMs: number;
    readonly rateLimits: RateLimits | false;
    readonly batchWindowMs: number;
    readonly maxBatchWaitMs: number;
    readonly maxReadAgeMs: number;
    readonly verifyRounds: number;
}

/** Every setting: stack key, env fallback, default. The README's configuration table mirrors this. */
export const SETTINGS = {
    tenantUrl: { key: "qlik:tenantUrl", env: "QLIK_TENANT_URL" },
    apiKey: { key: "qlik:apiKey", env: "QLIK_API_KEY" },
    clientId: { key: "qlik:clientId", env: "QLIK_CLIENT_ID" },
    clientSecret: { key: "qlik:clientSecret", env: "QLIK_CLIENT_SECRET" },
    oauthScope: { key: "qlik:oauthScope", env: "QLIK_OAUTH_SCOPE", default: "admin_classic" },
    requestTimeoutMs: { key: "qlik:requestTimeoutMs", env: "QLIK_REQUEST_TIMEOUT_MS", default: 30_000 },
    maxAttempts: { key: "qlik:maxAttempts", env: "QLIK_MAX_ATTEMPTS", default: 6 },
    retryDeadlineMs: { key: "qlik:retryDeadlineMs", env: "QLIK_RETRY_DEADLINE_MS", default: 120_000 },
    readsPerMinute: {
        key: "qlik:readsPerMinute",
        env: "QLIK_READS_PER_MINUTE",
        default: QLIK_RATE_LIMITS.readsPerMinute,
    },
    writesPerMinute: {
        key: "qlik:writesPerMinute",
        env: "QLIK_WRITES_PER_MINUTE",
        default: QLIK_RATE_LIMITS.writesPerMinute,
    },
    rateWindowSeconds: {
        key: "qlik:rateWindowSeconds",
        env: "QLIK_RATE_WINDOW_SECONDS",
        default: QLIK_RATE_LIMITS.windowMs / 1000,
    },
    batchWindowMs: { key: "qlik:batchWindowMs", env: "QLIK_BATCH_WINDOW_MS", default: 20 },
    maxBatchWaitMs: { key: "qlik:maxBatchWaitMs", env: "QLIK_MAX_BATCH_WAIT_MS", default: 1000 },
    maxReadAgeMs: { key: "qlik:maxReadAgeMs", env: "QLIK_MAX_READ_AGE_MS", default: 0 },
    verifyRounds: { key: "qlik:verifyRounds", env: "QLIK_VERIFY_ROUNDS", default: 3 },
} as const;

type SettingName = keyof typeof SETTINGS;

/**
 * Builds the configuration. Stack config wins over env. Errors name the key to set and never echo a secret.
 * @param env defaults to `process.env`; injectable for tests
 */
export function loadConfig(
    stack: ConfigSource | undefined,
    env: NodeJS.ProcessEnv = process.env,
): ProviderConfig {
    const raw = (name: SettingName): string | undefined => {
        const s = SETTINGS[name];
        const fromStack = stack?.get(s.key);
        const value = fromStack !== undefined && fromStack !== "" ? fromStack : env[s.env];
        return value === undefined || value.trim() === "" ? undefined : value.trim();
    };
    const number = (name: SettingName, min: number): number => {
        const s = SETTINGS[name] as { key: string; env: string; default: number };
        const value = raw(name);
        if (value === undefined) return s.default;
        const n = Number(value);
        if (!Number.isFinite(n) || n < min) {
            throw new QlikError(
                "QLIK_CONFIG",
                `${s.key} (or ${s.env}) must be a number >= ${min}; got "${value}"`,
            );
        }
        return n;
    };

    const tenantUrl = raw("tenantUrl");
    if (!tenantUrl) {
        throw new QlikError(
            "QLIK_CONFIG",
            "no Qlik tenant configured: run `pulumi config set qlik:tenantUrl https://<tenant>.<region>.qlikcloud.com` or set QLIK_TENANT_URL",
        );
    }
    const origin = parseTenantUrl(tenantUrl);

    const apiKey = raw("apiKey");
    const clientId = raw("clientId");
    const clientSecret = raw("clientSecret");
    let credentials: Credentials;
    if (apiKey && (clientId || clientSecret)) {
        throw new QlikError(
            "QLIK_CONFIG",
            "both an API key and OAuth client credentials are configured; set only qlik:apiKey or only qlik:clientId + qlik:clientSecret",
        );
    } else if (apiKey) {
        credentials = { apiKey };
    } else if (clientId && clientSecret) {
        credentials = { clientId, clientSecret, scope: raw("oauthScope") ?? SETTINGS.oauthScope.default };
    } else if (clientId || clientSecret) {
        throw new QlikError(
            "QLIK_CONFIG",
            `OAuth needs both qlik:clientId and qlik:clientSecret (or QLIK_CLIENT_ID and QLIK_CLIENT_SECRET); ${clientId ? "the secret" : "the client id"} is missing`,
        );
    } else {
        throw new QlikError(
            "QLIK_CONFIG",
            "no Qlik credentials configured: run `pulumi config set --secret qlik:apiKey <key>` (a TenantAdmin's API key) or set QLIK_API_KEY",
        );
    }

    const writesPerMinute = number("writesPerMinute", 0);
    const readsPerMinute = number("readsPerMinute", 0);
    return Object.freeze({
        origin,
        credentials: Object.freeze(credentials),
        requestTimeoutMs: number("requestTimeoutMs", 1),
        maxAttempts: number("maxAttempts", 1),
        retryDeadlineMs: number("retryDeadlineMs", 0),
        // 0 requests per minute switches that tier's throttle off (e.g. for a tenant with negotiated limits).
        rateLimits:
            writesPerMinute === 0 && readsPerMinute === 0
                ? false
                : { readsPerMinute, writesPerMinute, windowMs: number("rateWindowSeconds", 1) * 1000 },
        batchWindowMs: number("batchWindowMs", 0),
        maxBatchWaitMs: number("maxBatchWaitMs", 0),
        maxReadAgeMs: number("maxReadAgeMs", 0),
        verifyRounds: number("verifyRounds", 1),
    });
}
