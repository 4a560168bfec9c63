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

/** OAuth2 client credentials with a cached token, renewed `renewBeforeMs` before it expires. */
export class OAuthAuthenticator implements Authenticator {
    readonly identity: string;
    private token?: { value: string; expiresAt: number };
    private pending?: Promise<string>;
    private readonly issued: string[] = [];

    constructor(
        private readonly clientId: string,
        private readonly clientSecret: string,
        private readonly scope: string,
        private readonly requestToken: TokenRequester,
        private readonly now: () => number = Date.now,
        /** Renew this long before expiry; default 5 minutes, or a tenth of a short lifetime. */
        private readonly renewBeforeMs = 5 * 60_000,
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
        const lifetimeMs = answer.expires_in * 1000;
        const margin = Math.min(this.renewBeforeMs, lifetimeMs / 10);
        this.token = { value: answer.access_token, expiresAt: started + lifetimeMs - margin };
        this.issued.push(answer.access_token);
        if (this.issued.length > 8) this.issued.shift();
        return answer.access_token;
    }
}
