/** Shared types between the server pipeline and the endpoint handlers. */
import type { Caller, CredentialStore, Permissions } from "./auth";
import type { Faults } from "./faults";
import type { CursorCodec } from "./paging";
import type { RateLimiter } from "./rate-limit";
import type { TenantState } from "./state";
import type { EmulatorVariants } from "./types";

export interface EmulatorContext {
    state: TenantState;
    tenantId: string;
    /** Base URL for absolute hrefs, no trailing slash. */
    url: string;
    cursors: CursorCodec;
    credentials: CredentialStore;
    faults: Faults;
    limiter: RateLimiter;
    tokenLifetimeMs: number;
    variants: EmulatorVariants;
    now(): number;
}

/** One authenticated API request, as handlers see it. */
export interface ApiCall {
    ctx: EmulatorContext;
    method: string;
    path: string;
    /** Path parameters, e.g. `{ id }`. */
    params: Record<string, string>;
    query: URLSearchParams;
    caller: Caller;
    perms: Permissions;
    body: Buffer;
    contentType: string | undefined;
    /** 32 hex, echoed as `x-request-id` and in error bodies. */
    traceId: string;
    /** A "partial-207" fault was picked: validate, answer 207, apply nothing. */
    partial207: boolean;
    /** With partial207: how much of the change is applied before the 207 (FaultRule.applied). */
    partial207Applied?: boolean | "additions" | "removals";
    /** Extra fault labels for the request log (e.g. the outside writer fired). */
    notes: string[];
}

export interface Reply {
    status: number;
    headers?: Record<string, string>;
    /** JSON-serializable; omitted for 204 / 301. */
    body?: unknown;
    /** A body that is not JSON (an HTML page), sent as is; instead of `body`. */
    raw?: { contentType: string; text: string };
}
