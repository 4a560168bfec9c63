/**
 * The client settings a loaded configuration gives: one function, so that every place that builds a `QlikClient`
 * (the provider, the `pulumi-qlik-roles` command, the lookups) gets the same timeout, retry budget and throttle
 * from the same `qlik:*` keys and internal options.
 */
import type { ClientSettings, RateLimits } from "../../client";
import type { ProviderConfig } from "./config";

export function clientSettingsFor(
    config: ProviderConfig,
    extra: Partial<ClientSettings> = {},
): ClientSettings {
    return {
        origin: config.origin,
        credentials: config.credentials,
        requestTimeoutMs: config.requestTimeoutMs,
        retry: { maxAttempts: config.tuning.maxAttempts, deadlineMs: config.retryDeadlineMs },
        rateLimits: rateLimits(config),
        ...extra,
    };
}

/** The client-side throttle: the public write rate and the internal read rate; both 0 switch it off. */
function rateLimits(config: ProviderConfig): RateLimits | false {
    const { writesPerMinute } = config;
    const { readsPerMinute, rateWindowSeconds } = config.tuning;
    if (writesPerMinute === 0 && readsPerMinute === 0) return false;
    return { readsPerMinute, writesPerMinute, windowMs: rateWindowSeconds * 1000 };
}
