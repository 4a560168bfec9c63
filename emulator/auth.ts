/**
 * Authentication (Qlik's API reference): `Authorization: Bearer <API key | OAuth access token>`.
 * 401 = missing or invalid credential; 403 = insufficient permissions.
 */
import { timingSafeEqual } from "node:crypto";
import { fail } from "./errors";
import { randomHex } from "./ids";
import type { TenantState } from "./state";

export interface Caller {
    userId: string;
    via: "api-key" | "oauth";
    scopes: readonly string[];
}

/** What a caller may do, recomputed per request because roles change under test. */
export interface Permissions {
    /**
     * ASSUMPTION: Qlik says assignedRoles "may be hidden from callers without role-read access" without naming
     * that access. The emulator shows roles to TenantAdmins only; everyone else gets users and groups without
     * `assignedRoles` (and without `assignedGroups[].assignedRoles`).
     */
    canReadRoles: boolean;
    /** TenantAdmin, and for OAuth tokens the `admin_classic` scope. */
    canWriteRoles: boolean;
    /** Why writes are refused, for the 403 detail. */
    writeRefusal?: string;
}

interface IssuedToken {
    userId: string;
    scopes: string[];
    expiresAt: number;
}

export const OAUTH_SCOPES = ["admin_classic", "user_default"] as const;

export class CredentialStore {
    private readonly apiKeys = new Map<string, string>();
    private readonly tokens = new Map<string, IssuedToken>();
    private readonly clients = new Map<string, { secret: string; botUserId: string }>();

    addApiKey(key: string, userId: string): void {
        this.apiKeys.set(key, userId);
    }

    addClient(clientId: string, secret: string, botUserId: string): void {
        this.clients.set(clientId, { secret, botUserId });
    }

    /** The bot user of a client whose secret matches, else undefined. */
    verifyClient(clientId: string, secret: string): string | undefined {
        const client = this.clients.get(clientId);
        if (!client) return undefined;
        const a = Buffer.from(client.secret);
        const b = Buffer.from(secret);
        return a.length === b.length && timingSafeEqual(a, b) ? client.botUserId : undefined;
    }

    botUserOf(clientId: string): string | undefined {
        return this.clients.get(clientId)?.botUserId;
    }

    issueToken(
        userId: string,
        scopes: string[],
        lifetimeMs: number,
        now: number,
    ): { token: string; expiresAt: number } {
        // Opaque, unguessable; real Qlik tokens are JWTs, which clients must not parse anyway.
        const token = `emu-at-${randomHex(24)}`;
        const expiresAt = now + lifetimeMs;
        this.tokens.set(token, { userId, scopes, expiresAt });
        return { token, expiresAt };
    }

    /** Unexpired tokens issued to a user. */
    liveTokens(userId: string, now: number): number {
        let n = 0;
        for (const t of this.tokens.values()) if (t.userId === userId && t.expiresAt > now) n++;
        return n;
    }

    revokeTokens(): void {
        this.tokens.clear();
    }

    /** Resolves the Authorization header to a caller, or throws a 401. */
    authenticate(header: string | undefined, state: TenantState, now: number): Caller {
        if (!header) throw fail.unauthorized("Missing Authorization header");
        const m = /^Bearer +(\S+) *$/i.exec(header);
        if (!m) throw fail.unauthorized("The Authorization header must be: Bearer <API key or access token>");
        const credential = m[1]!;

        let caller: Caller | undefined;
        const keyOwner = this.apiKeys.get(credential);
        if (keyOwner) caller = { userId: keyOwner, via: "api-key", scopes: [] };
        const token = this.tokens.get(credential);
        if (token) {
            if (now >= token.expiresAt) {
                this.tokens.delete(credential);
                throw fail.unauthorized("The access token has expired");
            }
            caller = { userId: token.userId, via: "oauth", scopes: token.scopes };
        }
        if (!caller) throw fail.unauthorized("Invalid API key or access token");

        // ASSUMPTION: credentials of deleted or disabled users stop working (401, not 403).
        const user = state.user(caller.userId);
        if (!user || user.status !== "active") throw fail.unauthorized("The credential's user is not active");
        return caller;
    }
}

export function permissionsOf(caller: Caller, state: TenantState): Permissions {
    const admin = state.isTenantAdmin(caller.userId);
    if (!admin) {
        return {
            canReadRoles: false,
            canWriteRoles: false,
            writeRefusal: "Assigning roles requires the TenantAdmin role",
        };
    }
    // ASSUMPTION: a `user_default` token (the @qlik/api default) acts as the bot user and may read roles but
    // not change them; only `admin_classic` grants admin writes (`user_default` cannot change roles).
    if (caller.via === "oauth" && !caller.scopes.includes("admin_classic")) {
        return {
            canReadRoles: true,
            canWriteRoles: false,
            writeRefusal: "The access token lacks the admin_classic scope required to assign roles",
        };
    }
    return { canReadRoles: true, canWriteRoles: true };
}
