/**
 * Client settings from a loaded provider configuration, so every place that builds a `QlikClient` (the provider,
 * the commands, the lookups) gets the same timeout, retry budget and throttle from the same `qlik:*` keys.
 */
import type { ClientSettings, Credentials } from "./index";
import type { RateLimits } from "./throttle";

/** The parts of a provider configuration the client uses (structurally: the client does not import the runtime). */
export interface ClientConfig {
    readonly origin: string;
    readonly credentials: Credentials;
    readonly requestTimeoutMs: number;
    readonly maxAttempts: number;
    readonly retryDeadlineMs: number;
    readonly rateLimits: RateLimits | false;
}

export function clientSettings(config: ClientConfig, extra: Partial<ClientSettings> = {}): ClientSettings {
    return {
        origin: config.origin,
        credentials: config.credentials,
        requestTimeoutMs: config.requestTimeoutMs,
        retry: { maxAttempts: config.maxAttempts, deadlineMs: config.retryDeadlineMs },
        rateLimits: config.rateLimits,
        ...extra,
    };
}
