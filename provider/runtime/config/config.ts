/**
 * Provider configuration: stack config (`qlik:*`, handed to `configure`) with environment fallback, parsed once into
 * a frozen object. This is the one place credentials enter; nothing here is ever written to state.
 */
import { createHash } from "node:crypto";
import { QlikError, parseTenantUrl, QLIK_RATE_LIMITS } from "../../client";
import type { Credentials } from "../../client";
import { nearestName } from "../registries/nearest-name";
import { tuningFromEnv, type Tuning } from "./tuning";

/**
 * Reads one stack config value by its full key (`qlik:tenantUrl`); what `configure`'s request offers. Pulumi's
 * provider host also exposes every key it received as `rawConfig` (used to name misspelt keys).
 */
export type ConfigSource = { get(key: string): string | undefined; rawConfig?: Record<string, unknown> };

export interface ProviderConfig {
    /** Tenant origin, e.g. `https://acme.eu.qlikcloud.com`. */
    readonly origin: string;
    readonly credentials: Credentials;
    /** How long one attempt of a request may take. */
    readonly requestTimeoutMs: number;
    /** How long one request may keep retrying (429 waits included): the one retry budget. */
    readonly retryDeadlineMs: number;
    /** Client-side throttle of writes (Qlik's Tier 2); 0 switches it off. */
    readonly writesPerMinute: number;
    /**
     * What a preview does with a grant that makes Basic users Full (docs/licence-impact.md), as given (undefined:
     * not set). Read with `fullUserPromotionMode` where a grant of a tenant role is checked, and only there: a bad
     * value fails that check, never a lookup, a report, or the check of a resource that does not use it.
     */
    readonly fullUserPromotion: PromotionSetting | undefined;
    /** Internal options (not stack config): see tuning.ts. */
    readonly tuning: Tuning;
}

/** `warn` (print one line per principal and role), `refuse` (fail the preview with it), `ignore` (say nothing). */
export type FullUserPromotion = "warn" | "refuse" | "ignore";
const FULL_USER_PROMOTION: readonly FullUserPromotion[] = ["warn", "refuse", "ignore"];

/** `qlik:fullUserPromotion` as given, and the name it was given by (the stack key, or the environment variable). */
export interface PromotionSetting {
    readonly value: string;
    readonly name: string;
}

/** The public settings: stack key, env fallback, default. The README's configuration table mirrors this. */
const SETTINGS = {
    tenantUrl: { key: "qlik:tenantUrl", env: "QLIK_TENANT_URL" },
    apiKey: { key: "qlik:apiKey", env: "QLIK_API_KEY" },
    clientId: { key: "qlik:clientId", env: "QLIK_CLIENT_ID" },
    clientSecret: { key: "qlik:clientSecret", env: "QLIK_CLIENT_SECRET" },
    requestTimeoutMs: { key: "qlik:requestTimeoutMs", env: "QLIK_REQUEST_TIMEOUT_MS", default: 30_000 },
    retryDeadlineMs: { key: "qlik:retryDeadlineMs", env: "QLIK_RETRY_DEADLINE_MS", default: 120_000 },
    writesPerMinute: {
        key: "qlik:writesPerMinute",
        env: "QLIK_WRITES_PER_MINUTE",
        default: QLIK_RATE_LIMITS.writesPerMinute,
    },
    fullUserPromotion: { key: "qlik:fullUserPromotion", env: "QLIK_FULL_USER_PROMOTION", default: "warn" },
} as const;

type SettingName = keyof typeof SETTINGS;

/**
 * Settings of 0.1.0 that are no longer read (they became internal options). A stack that still sets
 * one keeps working: the provider warns once and ignores it.
 */
const REMOVED_SETTINGS: readonly { key: string; env: string }[] = [
    { key: "qlik:oauthScope", env: "QLIK_OAUTH_SCOPE" },
    { key: "qlik:maxAttempts", env: "QLIK_MAX_ATTEMPTS" },
    { key: "qlik:readsPerMinute", env: "QLIK_READS_PER_MINUTE" },
    { key: "qlik:rateWindowSeconds", env: "QLIK_RATE_WINDOW_SECONDS" },
    { key: "qlik:batchWindowMs", env: "QLIK_BATCH_WINDOW_MS" },
    { key: "qlik:maxBatchWaitMs", env: "QLIK_MAX_BATCH_WAIT_MS" },
    { key: "qlik:maxReadAgeMs", env: "QLIK_MAX_READ_AGE_MS" },
    { key: "qlik:verifyRounds", env: "QLIK_VERIFY_ROUNDS" },
];

/** One warning line for each removed setting that the stack config or the environment still sets. */
export function removedSettingWarnings(
    stack: ConfigSource | undefined,
    env: NodeJS.ProcessEnv = process.env,
): string[] {
    const warnings: string[] = [];
    for (const { key, env: name } of REMOVED_SETTINGS) {
        if ((stack?.get(key) ?? "") !== "") {
            warnings.push(
                `pulumi-qlik-roles: ${key} is no longer a setting and is ignored; remove it with \`pulumi config rm ${key}\``,
            );
        } else if ((env[name] ?? "") !== "") {
            warnings.push(`pulumi-qlik-roles: ${name} is no longer read and is ignored; unset it`);
        }
    }
    return warnings;
}

/**
 * One warning line for each `qlik:*` key that is neither a setting nor a removed one (a misspelling such as
 * `qlik:tenantURL` would otherwise be ignored silently), naming the nearest setting. Names keys only: a value may
 * be a secret.
 */
export function unknownSettingWarnings(keys: readonly string[]): string[] {
    const settings = Object.values(SETTINGS).map((s) => s.key);
    const known = new Set<string>([...settings, ...REMOVED_SETTINGS.map((s) => s.key)]);
    return keys
        .filter((key) => key.startsWith("qlik:") && !known.has(key))
        .map((key) => {
            const near = nearestName(key, settings);
            const hint = near ? `did you mean ${near}?` : `the settings are ${settings.join(", ")}`;
            return `pulumi-qlik-roles: ${key} is not a setting of this provider and is ignored; ${hint}`;
        });
}

/**
 * Builds the configuration. Stack config wins over env. Errors name the key to set and never echo a secret.
 * @param env defaults to `process.env`; injectable for tests
 * @param tuning internal options; by default the defaults with `QLIK_ROLES_TUNING`'s overrides
 */
export function loadConfig(
    stack: ConfigSource | undefined,
    env: NodeJS.ProcessEnv = process.env,
    tuning: Tuning = tuningFromEnv(env),
): ProviderConfig {
    const given = (name: SettingName): { value: string; name: string } | undefined => {
        const s = SETTINGS[name];
        const fromStack = stack?.get(s.key);
        const [value, from] =
            fromStack !== undefined && fromStack !== "" ? [fromStack, s.key] : [env[s.env], s.env];
        return value === undefined || value.trim() === "" ? undefined : { value: value.trim(), name: from };
    };
    const raw = (name: SettingName): string | undefined => given(name)?.value;
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

    const credentials = credentialsFrom(
        given("apiKey"),
        given("clientId"),
        given("clientSecret"),
        tuning.oauthScope,
    );

    return Object.freeze({
        origin,
        credentials: Object.freeze(credentials),
        requestTimeoutMs: number("requestTimeoutMs", 1),
        retryDeadlineMs: number("retryDeadlineMs", 0),
        writesPerMinute: number("writesPerMinute", 0),
        fullUserPromotion: given("fullUserPromotion"),
        tuning,
    });
}

/**
 * `qlik:fullUserPromotion`: exactly one of its three words (case included); absent: `warn`. A bad value fails with
 * one line naming where it came from (the stack key or the environment variable).
 */
export function fullUserPromotionMode(config: Pick<ProviderConfig, "fullUserPromotion">): FullUserPromotion {
    const setting = config.fullUserPromotion;
    if (setting === undefined) return "warn";
    const mode = FULL_USER_PROMOTION.find((m) => m === setting.value);
    if (mode) return mode;
    throw new QlikError(
        "QLIK_CONFIG",
        `${setting.name} must be warn, refuse or ignore; got "${setting.value}"`,
    );
}

/** The one way of signing in the settings give: an API key, or an OAuth client's id and secret. */
function credentialsFrom(
    apiKeyGiven: { value: string; name: string } | undefined,
    clientIdGiven: { value: string; name: string } | undefined,
    clientSecretGiven: { value: string; name: string } | undefined,
    scope: string,
): Credentials {
    const [apiKey, clientId, clientSecret] = [apiKeyGiven, clientIdGiven, clientSecretGiven].map(
        (g) => g?.value,
    );
    if (apiKey && (clientId || clientSecret)) {
        // Named by where each came from (stack key or environment variable), so the user knows what to remove.
        const oauth = [clientIdGiven, clientSecretGiven].flatMap((g) => (g ? [g.name] : [])).join(" and ");
        throw new QlikError(
            "QLIK_CONFIG",
            `both an API key and OAuth client credentials are configured (${apiKeyGiven!.name}, ${oauth}); set only qlik:apiKey or only qlik:clientId + qlik:clientSecret (or their QLIK_* variables)`,
        );
    }
    if (apiKey) return { apiKey };
    if (clientId && clientSecret) return { clientId, clientSecret, scope };
    if (clientId || clientSecret) {
        throw new QlikError(
            "QLIK_CONFIG",
            `OAuth needs both qlik:clientId and qlik:clientSecret (or QLIK_CLIENT_ID and QLIK_CLIENT_SECRET); ${clientId ? "the secret" : "the client id"} is missing`,
        );
    }
    throw new QlikError(
        "QLIK_CONFIG",
        "no Qlik credentials configured: run `pulumi config set --secret qlik:apiKey <key>` (a TenantAdmin's API key) or set QLIK_API_KEY",
    );
}

/** A short, non-secret fingerprint of a configuration (to tell whether `configure` changed anything). */
export function configFingerprint(config: ProviderConfig): string {
    return createHash("sha256").update(JSON.stringify(config)).digest("hex");
}
