/**
 * Public types of the tenant emulator. The surface is a contract with the provider's integration, engine and
 * e2e tests: change it only together with them.
 */
import type { SpaceRole } from "./spaces-state";

/** Options of {@link startEmulator}. Durations are milliseconds unless the name says seconds. */
export interface EmulatorOptions {
    /** TCP port; default 0 (ephemeral). The emulator always binds 127.0.0.1. */
    port?: number;
    /** Delay added before every request is processed, default 0. */
    latencyMs?: number;
    /**
     * Speeds up time-based limits, default 1: rate-limit windows and their `retry-after` are divided by it
     * (60 => Qlik's 5-minute window lasts 5 s). OAuth token lifetimes are NOT scaled (see tokenLifetimeSeconds).
     */
    timeScale?: number;
    /** Requests per minute per tier per caller, default Qlik's 1000 / 100, over a 5-minute window; false disables. */
    rateLimits?: { tier1PerMinute: number; tier2PerMinute: number } | false;
    /** Generated users beyond the named seed users, default 150 (so listing needs several pages of 100). */
    extraUsers?: number;
    /** Generated groups beyond the named seed groups, default 30. */
    extraGroups?: number;
    /** OAuth `expires_in`, default 21600 (Qlik's 6 h). Fractions are allowed for tests; `expires_in` is rounded up. */
    tokenLifetimeSeconds?: number;
    /** Seed of the PRNG behind probabilistic faults and of the generated credentials, default 1. */
    seed?: number;
    /**
     * A tenant-wide limit per tier, counted over every caller together (Qlik counts one beside the per-user
     * limit, and other clients of the tenant share it), same window as `rateLimits`. Default: Qlik's formula,
     * `rateLimits` × (users in the tenant) × 0.5 per tier, following the user count; off with `rateLimits: false`.
     * Fixed numbers replace the formula; `false` turns the tenant-wide limit off.
     */
    tenantRateLimits?: { tier1PerMinute: number; tier2PerMinute: number } | false;
    /**
     * The documented answers where Qlik allows several, one switch each; every default is what the emulator
     * did before the switch existed. See the emulator's README.
     */
    variants?: Partial<EmulatorVariants>;
}

/** Each documented alternative answer, as a switch. */
export interface EmulatorVariants {
    /** GET /users/me's 301: "bodiless" (default) or "html", as documented: `Content-Type: text/html` and a page. */
    meRedirect: "bodiless" | "html";
    /**
     * Which expiry fields a token answer carries: "both" (default, the tutorial), "expires_at" (the API
     * reference's example), "expires_in", or "neither".
     */
    tokenExpiry: "both" | "expires_at" | "expires_in" | "neither";
    /**
     * How a backslash inside a quoted filter value is read: "unescape" (default: JSON escapes in "...", \' and
     * \\ in '...') or "literal" (a backslash is an ordinary character and a value ends at the next quote).
     */
    filterValues: "unescape" | "literal";
    /** `eq` comparisons: "insensitive" (default; Qlik documents every condition as case-insensitive) or "exact". */
    filterCase: "insensitive" | "exact";
    /** Tokens a client may hold at once; past it the token endpoint answers 403 (default: no cap). */
    maxTokensPerClient: number;
    /**
     * Deprecations announced in response headers: "none" (default) or "announced": every API answer carries a
     * `deprecation` and a `sunset` header, as Qlik sends for functionality to be removed (emulator/api-version.ts).
     */
    apiDeprecation: "none" | "announced";
    /**
     * Whether users' `assignedRoles` list the implicit role `UserDefault`: "hidden" (default) or "listed", as a
     * tenant may; a PATCH that names it is refused either way (Qlik: it cannot be assigned or removed).
     */
    userDefault: "hidden" | "listed";
    /**
     * A list's `links.next.href`: "full" (default: every parameter of the request, with the new cursor) or "cursor"
     * (only `?next=<cursor>`, as all of Qlik's examples show it: a client that follows it as is gets the default
     * 20 items a page, and the filter and sort travel in the cursor).
     */
    nextLinks: "full" | "cursor";
    /**
     * How a role says whether it promotes a Basic user to Full: "type" (default: `userEntitlementType` only),
     * "boolean" (the deprecated `fullUser` only), "both", or "none" (neither field).
     */
    roleEntitlement: "type" | "boolean" | "both" | "none";
}

/** A user's `status`, as Qlik's Users API lists its values. */
export type UserStatus = "active" | "invited" | "disabled" | "deleted" | "provisioned";

/** One request as the emulator saw it. Never holds the Authorization header, API keys or client secrets. */
export interface RequestLogEntry {
    /** 1-based arrival number since start, resetLog() or reset(). */
    seq: number;
    method: string;
    /** Path without the query string. */
    path: string;
    /** Decoded query parameters (the last value wins for repeated names). */
    query: Record<string, string>;
    /** Qlik rate tier the request counted against; 0 when it matched no endpoint. */
    tier: 1 | 2 | 0;
    /** Status sent; 0 when the connection was reset before any status line. */
    status: number;
    /** User id of the authenticated caller, or "anonymous". */
    caller: string;
    /** Parsed PATCH/POST body, `client_secret` redacted. */
    body?: unknown;
    /** A role PATCH's roles by name, in the order sent (ids looked up when the request arrived). */
    roleNames?: string[];
    startedAt: number;
    endedAt: number;
    /** The injected fault that shaped this response, e.g. "status:503", "reset", "outside-writer:after-write". */
    fault?: string;
    /** The `qlik-api-version` header as sent; absent when the request had none (Qlik then serves the oldest). */
    apiVersion?: string;
}

export type FaultKind =
    "status" | "reset" | "reset-mid-body" | "malformed-json" | "missing-fields" | "slow" | "partial-207";

/**
 * One injected fault. Without `times` and `rate` a rule applies to every matching request until clear().
 * With both, it applies with probability `rate`, at most `times` times. The first matching rule wins.
 */
export interface FaultRule {
    /** Omitted fields match anything; a string path must equal the request path (no query string). */
    match?: { method?: string; path?: string | RegExp };
    kind: FaultKind;
    /** For kind "status", e.g. 500/502/503/429/401/403. */
    status?: number;
    /** For an injected 429: the `retry-after` header, literally (not time-scaled), default 1. */
    retryAfterSeconds?: number;
    /**
     * For kind "status" (not 429): put the request's Authorization header value into the error's `detail`, as a
     * careless gateway might ("plain"), or URL-encoded. For testing that clients scrub credentials from messages.
     */
    echoAuthorization?: "plain" | "url-encoded";
    /**
     * For kind "partial-207": how much of the PATCH lands before the 207 (Qlik does not say): false (default)
     * nothing, true all of it, "additions" only the roles it adds, "removals" only the roles it removes.
     */
    applied?: boolean | "additions" | "removals";
    /**
     * For kind "status" (not 429): the body a gateway or edge in front of Qlik might send instead of Qlik's JSON
     * error: "html" (a `text/html` page naming the status) or "empty". Default "json".
     */
    body?: "json" | "html" | "empty";
    /** For kind "slow": delay before the request is processed. */
    delayMs?: number;
    /** Apply to the next N matching requests, then drop the rule. */
    times?: number;
    /** Apply with this probability (0..1), drawn from the seeded PRNG. */
    rate?: number;
}

/** Another admin racing with the client. Qlik has no ETag, so nothing on the wire can detect it. */
export interface OutsideWriterSettings {
    enabled: boolean;
    /**
     * "before-write": adds `role` to the principal just before the client's PATCH is applied (the client's stale
     * replace then silently drops it). "after-write": right after the client's PATCH, writes back the roles as
     * they were before that PATCH plus `role`, so the client's change is lost unless it verifies.
     */
    mode: "before-write" | "after-write";
    /** Probability per PATCH, default 1. */
    rate: number;
    /** Role name the outside writer adds, default "Steward". */
    role: string;
    /**
     * Fire at most this many more times (decremented in place as it fires); absent = no limit. With rate 1 and
     * times 1 the race is deterministic: exactly the next PATCH is raced.
     */
    times?: number;
}

export interface OutsideWriterEvent {
    at: number;
    /** Id of the user or group written. */
    principal: string;
    action: string;
}

export interface FaultController {
    inject(rule: FaultRule): void;
    /** Drops every rule, disables the outside writer and forgets its events. */
    clear(): void;
    outsideWriter: OutsideWriterSettings;
    outsideWriterEvents: OutsideWriterEvent[];
}

/** Principal id -> sorted direct role names. */
export interface RoleSnapshot {
    users: Record<string, string[]>;
    groups: Record<string, string[]>;
}

/** Space id -> `user:<id>` / `group:<id>` -> sorted space roles. */
export type SpaceAssignmentSnapshot = Record<string, Record<string, string[]>>;

/** Space helpers for tests; a space is named by id or exact name. Unknown spaces throw. */
export interface SpaceHelpers {
    spaceId(idOrName: string): string;
    /** The assignee's assignment in the space, or undefined. */
    assignment(
        space: string,
        assigneeId: string,
    ): { id: string; type: "user" | "group"; roles: string[] } | undefined;
    /** Creates or replaces an assignment, as another admin would (no checks of role or assignee). */
    setAssignment(space: string, type: "user" | "group", assigneeId: string, roles: SpaceRole[]): void;
    deleteAssignment(space: string, assigneeId: string): void;
    addSpace(s: { name: string; type: "shared" | "managed" | "data" | "personal"; ownerId: string }): {
        id: string;
    };
    snapshot(): SpaceAssignmentSnapshot;
}

export interface TenantEmulator {
    /** e.g. http://127.0.0.1:43123 (no trailing slash). */
    readonly url: string;
    readonly tenantId: string;
    /** API key of the seeded TenantAdmin user `admin@example.com`. */
    readonly apiKey: string;
    readonly adminUserId: string;
    /** API key of `viewer@example.com`, who holds no TenantAdmin. */
    readonly nonAdminApiKey: string;
    /** M2M client whose bot user (subject `qlikbot\<clientId>`) holds TenantAdmin. */
    readonly oauthClient: { clientId: string; clientSecret: string };
    /** Every request, in arrival order. */
    readonly requests: RequestLogEntry[];
    resetLog(): void;
    faults: FaultController;
    /** Spaces and their assignments (seeded: emulator/spaces-seed.ts). Restored by reset(). */
    readonly spaces: SpaceHelpers;
    // State helpers for tests: synchronous, no auth, no rate limits, not logged. Unknown principals or role
    // names throw.
    /** Direct role names, sorted. */
    userRoles(idOrSubject: string): string[];
    groupRoles(idOrName: string): string[];
    /** The tenant's `autoCreateGroups` and `syncIdpGroups` (GET /api/v1/groups/settings). */
    groupSettings(): { autoCreateGroups: boolean; syncIdpGroups: boolean };
    setUserRoles(idOrSubject: string, roleNames: string[]): void;
    setGroupRoles(idOrName: string, roleNames: string[]): void;
    /** Makes the user a member of exactly these groups (as an IdP sync or an admin in the console would). */
    setUserGroups(idOrSubject: string, groupIdsOrNames: string[]): void;
    /** Adds the group to the user's groups (a regular group: every user is in Everyone already). */
    joinGroup(userIdOrSubject: string, groupIdOrName: string): void;
    addUser(u: { subject: string; name?: string; email?: string; roles?: string[]; status?: UserStatus }): {
        id: string;
    };
    deleteUser(idOrSubject: string): void;
    addGroup(g: { name: string; roles?: string[] }): { id: string };
    deleteGroup(idOrName: string): void;
    addCustomRole(name: string): { id: string };
    /** Renames a custom role, as an admin may at any time; its id and assignments stay. */
    renameCustomRole(name: string, newName: string): void;
    /** A role by name as stored, or undefined (a custom role's scopes; none for a default role). */
    roleNamed(name: string): { id: string; description: string; scopes: string[] } | undefined;
    /** Changes a custom role's scopes as someone in the console would. */
    setCustomRoleScopes(name: string, scopes: string[]): void;
    /** Deletes a custom role as someone in the console would (nobody may hold it). */
    deleteCustomRole(name: string): void;
    /** Invalidates every issued OAuth token: the next use answers 401. */
    revokeTokens(): void;
    snapshot(): RoleSnapshot;
    /** The state right after start (and after reset()). */
    seedSnapshot(): RoleSnapshot;
    /** Back to the seed state; clears the log, faults and rate-limit counters. Issued tokens stay valid. */
    reset(): void;
    /** Closes the server and every socket, including requests in flight. */
    close(): Promise<void>;
}
