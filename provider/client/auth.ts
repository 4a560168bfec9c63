/**
 * Credentials: a Qlik API key, or OAuth2 machine-to-machine client credentials.
 *
 * An authenticator hands out the `Authorization` header value and knows its own secrets, so the HTTP layer can
 * scrub them from every message. OAuth tokens live 6 h and come without a refresh token
 * (https://qlik.dev/authenticate/oauth/), so we cache one and request a new one shortly before it expires, or at
 * once when Qlik answers 401 (revoked or expired early).
 */
import { createHash } from "node:crypto";
import type { TokenResponse } from "../schemas/qlik";

export interface Authenticator {
    /** The `Authorization` header value. */
    authorization(): Promise<string>;
    /**
     * Called after a 401 with the Authorization value that was refused: returns true when a retry with fresh
     * credentials could succeed.
     */
    invalidate(rejected: string): boolean;
    /** Every secret this authenticator holds, for redaction. */
    secrets(): string[];
    /** A non-secret fingerprint of the identity (rate limits are counted per user). */
    readonly identity: string;
}

function fingerprint(text: string): string {
    return createHash("sha256").update(text).digest("hex").slice(0, 16);
}

/** `Authorization: Bearer <API key>`; the key acts as its owner. */
export class ApiKeyAuthenticator implements Authenticator {
    readonly identity: string;
    constructor(private readonly apiKey: string) {
        this.identity = `key:${fingerprint(apiKey)}`;
    }
    async authorization(): Promise<string> {
        return `Bearer ${this.apiKey}`;
    }
    invalidate(_rejected: string): boolean {
        return false; // a rejected API key stays rejected
    }
    secrets(): string[] {
        return [this.apiKey];
    }
}

/** Requests a token: POST /oauth/token (wired by the client so it shares retries, throttle and timeouts). */
export type TokenRequester = (body: {
    client_id: string;
    client_secret: string;
    grant_type: "client_credentials";
    scope: string;
}) => Promise<TokenResponse>;

/**
 * Lifetime assumed for a token whose answer names no expiry: short, so a token Qlik expired early is replaced
 * soon; a 401 before then renews it at once anyway.
 */
const ASSUMED_TOKEN_LIFETIME_MS = 30 * 60_000;

/**
 * How long a token lives, in ms from `issuedAt`: `expires_in` (seconds) when given, else `expires_at` (an
 * ISO 8601 time, or epoch seconds or milliseconds), else undefined.
 */
export function tokenLifetimeMs(answer: TokenResponse, issuedAt: number): number | undefined {
    if (answer.expires_in !== undefined) return answer.expires_in * 1000;
    const at = answer.expires_at;
    if (at === undefined) return undefined;
    const when = typeof at === "number" ? (at < 1e12 ? at * 1000 : at) : Date.parse(at);
    if (!Number.isFinite(when)) return undefined;
    // A clock skewed against Qlik's can put expires_at in the past: fall back rather than renew on every call.
    return when > issuedAt ? when - issuedAt : undefined;
}

/** OAuth2 client credentials with a cached token, renewed `renewBeforeMs` before it expires. */
export class OAuthAuthenticator implements Authenticator {
    readonly identity: string;
    private token?: { value: string; expiresAt: number };
    private pending?: Promise<string>;
    private readonly issued: string[] = [];
    private warnedNoExpiry = false;

    constructor(
        private readonly clientId: string,
        private readonly clientSecret: string,
        private readonly scope: string,
        private readonly requestToken: TokenRequester,
        private readonly now: () => number = Date.now,
        /** Renew this long before expiry; default 5 minutes, or a tenth of a short lifetime. */
        private readonly renewBeforeMs = 5 * 60_000,
        /** Where the one-line notice about a token without expiry goes; default stderr (a Pulumi diagnostic). */
        private readonly warn: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
    ) {
        this.identity = `oauth:${fingerprint(clientId)}`;
    }

    authorization(): Promise<string> {
        if (this.token && this.now() < this.token.expiresAt)
            return Promise.resolve(`Bearer ${this.token.value}`);
        // Single flight: parallel requests share one token request.
        this.pending ??= this.fetch().finally(() => (this.pending = undefined));
        return this.pending.then((value) => `Bearer ${value}`);
    }

    invalidate(rejected: string): boolean {
        // Only forget the token that was refused: parallel 401s must not throw away a token fetched meanwhile.
        if (this.token && `Bearer ${this.token.value}` === rejected) this.token = undefined;
        return true;
    }

    secrets(): string[] {
        return [this.clientSecret, ...this.issued];
    }

    private async fetch(): Promise<string> {
        const started = this.now();
        const answer = await this.requestToken({
            client_id: this.clientId,
            client_secret: this.clientSecret,
            grant_type: "client_credentials",
            scope: this.scope,
        });
        let lifetimeMs = tokenLifetimeMs(answer, started);
        if (lifetimeMs === undefined) {
            lifetimeMs = ASSUMED_TOKEN_LIFETIME_MS;
            if (!this.warnedNoExpiry) {
                this.warnedNoExpiry = true;
                this.warn(
                    `qlik: POST /oauth/token answered a token without expires_in or expires_at; assuming it lives ${ASSUMED_TOKEN_LIFETIME_MS / 60_000} minutes and renewing it early on a 401`,
                );
            }
        }
        const margin = Math.min(this.renewBeforeMs, lifetimeMs / 10);
        this.token = { value: answer.access_token, expiresAt: started + lifetimeMs - margin };
        this.issued.push(answer.access_token);
        if (this.issued.length > 8) this.issued.shift();
        return answer.access_token;
    }
}

/**
 * The OAuth authenticator shared by every client in this process with the same tenant and client credentials,
 * so one provider process requests one token, not one per deserialized provider or configure call (Qlik caps the
 * tokens a client may hold). It lives on `globalThis` for the same reason as the rate limiter: each provider text
 * is a separate module instance. The key holds a fingerprint of the secret, never the secret.
 */
export function sharedOAuthAuthenticator(
    origin: string,
    clientId: string,
    clientSecret: string,
    scope: string,
    create: () => OAuthAuthenticator,
): Authenticator {
    const registryKey = Symbol.for("pulumi-qlik-roles.oauth-tokens");
    const g = globalThis as unknown as Record<symbol, Record<string, Authenticator> | undefined>;
    const registry = (g[registryKey] ??= {});
    const key = `${origin}|${clientId}|${fingerprint(clientSecret)}|${scope}`;
    return (registry[key] ??= create());
}
