/**
 * Everything the lifecycle shares within one provider process: the client, the per-principal coordinator, and
 * caches that turn N assignments on one principal into one lookup. Created once per configuration.
 */
import { createHash } from "node:crypto";
import { appendFileSync } from "node:fs";
import {
    QlikClient,
    QlikError,
    TENANT_ADMIN,
    isQlikError,
    type QlikErrorCode,
    type RequestEvent,
    type RoleRef,
    type RateLimits,
} from "../client";
import type { Role } from "../schemas/qlik";
import { PrincipalCoordinator } from "../core/principal-coordinator";
import type { ProviderConfig } from "./config";
import { principalKey, type Principal, type PrincipalKind } from "./principals";

/**
 * The tenant's roles, listed once per process and shared by every assignment. A name that is missing triggers one
 * fresh listing (shared by everyone missing at that moment), since a role may have been created meanwhile.
 */
class RoleCatalog {
    private roles?: Promise<Role[]>;
    private refreshing?: Promise<Role[]>;
    constructor(private readonly client: QlikClient) {}

    private list(): Promise<Role[]> {
        if (!this.roles) {
            this.roles = this.client.listRoles();
            this.roles.catch(() => (this.roles = undefined));
        }
        return this.roles;
    }

    private refresh(): Promise<Role[]> {
        this.refreshing ??= this.client.listRoles().finally(() => (this.refreshing = undefined));
        this.roles = this.refreshing;
        this.roles.catch(() => (this.roles = undefined));
        return this.refreshing;
    }

    /** The role of that exact name; otherwise a QLIK_INVALID_INPUT error with a suggestion. */
    async find(name: string): Promise<RoleRef> {
        let roles = await this.list();
        let role = roles.find((r) => r.name === name);
        if (!role) {
            roles = await this.refresh();
            role = roles.find((r) => r.name === name);
        }
        if (role) return { id: role.id, name: role.name };
        const sameExceptCase = roles.find((r) => r.name.toLowerCase() === name.toLowerCase());
        const hint = sameExceptCase
            ? `; role names are case-sensitive: did you mean "${sameExceptCase.name}"?`
            : `; the tenant's roles are listed by GET /api/v1/roles (e.g. ${roles
                  .slice(0, 4)
                  .map((r) => r.name)
                  .join(", ")})`;
        throw new QlikError("QLIK_INVALID_INPUT", `role "${name}" does not exist in the tenant${hint}`);
    }
}

/** Failures that say nothing about a particular change: a merged batch that hits them is not retried change by change. */
const TRANSIENT: ReadonlySet<QlikErrorCode> = new Set<QlikErrorCode>([
    "QLIK_NETWORK_ERROR",
    "QLIK_TIMEOUT",
    "QLIK_SERVER_ERROR",
    "QLIK_RATE_LIMITED",
    "QLIK_UNAUTHORIZED",
    "QLIK_CONFLICT",
    "QLIK_CONFIG",
]);

/**
 * Which (principal, role) pairs this process has seen declared or created, by which resource:
 * - two resources declaring one pair is an error at `check`;
 * - a pair created or adopted in this process must not be removed by a delete in the same process: that delete
 *   belongs to the resource being replaced by the one just created (no gap during a replacement).
 */
class PairRegistry {
    private readonly declared = new Map<string, string>();
    /** pair -> `instance` output of the assignment that created or adopted it in this process. */
    private readonly created = new Map<string, string>();

    /** Records the declaration; returns the other resource's name when another resource declared it first. */
    declare(pair: string, resourceName: string | undefined): string | undefined {
        if (!resourceName) return undefined;
        const other = this.declared.get(pair);
        if (other !== undefined && other !== resourceName) return other;
        this.declared.set(pair, resourceName);
        return undefined;
    }
    markCreated(pair: string, instance: string): void {
        this.created.set(pair, instance);
    }
    /** True when another assignment instance than `instance` took over the pair in this process. */
    heldByAnother(pair: string, instance: unknown): boolean {
        const holder = this.created.get(pair);
        return holder !== undefined && holder !== instance;
    }
}

export class Services {
    readonly client: QlikClient;
    readonly coordinator: PrincipalCoordinator;
    readonly roles: RoleCatalog;
    readonly pairs = new PairRegistry();
    private readonly resolved = new Map<string, Promise<Principal>>();

    constructor(
        readonly config: ProviderConfig,
        onRequest?: (event: RequestEvent) => void,
    ) {
        this.client = new QlikClient({
            origin: config.origin,
            credentials: config.credentials,
            requestTimeoutMs: config.requestTimeoutMs,
            retry: { maxAttempts: config.tuning.maxAttempts, deadlineMs: config.retryDeadlineMs },
            rateLimits: rateLimits(config),
            onRequest,
        });
        this.coordinator = new PrincipalCoordinator({
            batchWindowMs: config.tuning.batchWindowMs,
            maxBatchWaitMs: config.tuning.maxBatchWaitMs,
            maxReadAgeMs: config.tuning.maxReadAgeMs,
            isolateOnError: (err) => isQlikError(err) && !TRANSIENT.has(err.code),
            maxRounds: config.tuning.verifyRounds,
            onBatch: (key, size) => trace("batch", { key, size }),
        });
        this.roles = new RoleCatalog(this.client);
    }

    /**
     * The principal a selector names. One lookup per selector per process: 30 assignments naming one user by
     * subject cost one GET. Failed lookups are not cached.
     */
    resolve(kind: PrincipalKind, key: string, value: string): Promise<Principal> {
        const cacheKey = `${kind.collection}|${key}|${value}`;
        let found = this.resolved.get(cacheKey);
        if (!found) {
            const takenAt = Date.now();
            found = kind.resolve(this.client, key, value);
            this.resolved.set(cacheKey, found);
            // The lookup shows the principal's roles: the first batch on it may start from them (maxReadAgeMs).
            found.then(
                (p) => p.roles && this.coordinator.offer(principalKey(kind, p.id), p.roles, takenAt),
                () => this.resolved.delete(cacheKey),
            );
        }
        return found;
    }

    /** Groups this process has cleared to lose TenantAdmin (their removal is done or under way). */
    private readonly adminGroupsLeaving = new Set<string>();
    private adminGuard: Promise<unknown> = Promise.resolve();

    /**
     * Refuses to take TenantAdmin away from the identity we authenticate as: directly, or by
     * removing it from the groups that are the identity's only source of it. Guards run one at a time against a
     * fresh /users/me, and count groups already cleared in this run, so two removals cannot each rely on the other.
     */
    guardTenantAdminRemoval(kind: PrincipalKind, principal: Principal, role: RoleRef): Promise<void> {
        if (role.name !== TENANT_ADMIN) return Promise.resolve();
        const turn = this.adminGuard.then(() => this.checkTenantAdminRemoval(kind, principal));
        this.adminGuard = turn.catch(() => undefined);
        return turn;
    }

    private async checkTenantAdminRemoval(kind: PrincipalKind, principal: Principal): Promise<void> {
        const refuse = (why: string) =>
            new QlikError(
                "QLIK_INVALID_INPUT",
                `refusing to remove TenantAdmin from ${principal.label}: ${why}; remove it with another admin's credential, or set retainOnDelete on this resource`,
            );
        const me = await this.client.getMe();
        if (kind.noun === "user") {
            if (principal.id === me.id) throw refuse("it is the identity this provider authenticates as");
            return;
        }
        const groups = me.assignedGroups ?? [];
        if (!groups.some((g) => g.id === principal.id)) return;
        if ((me.assignedRoles ?? []).some((r) => r.name === TENANT_ADMIN)) {
            this.adminGroupsLeaving.add(principal.id);
            return;
        }
        if (groups.some((g) => g.assignedRoles === undefined)) {
            throw refuse(
                "the provider's identity belongs to this group and Qlik does not show which of its groups grant TenantAdmin",
            );
        }
        const otherSources = groups.filter(
            (g) =>
                g.id !== principal.id &&
                !this.adminGroupsLeaving.has(g.id) &&
                g.assignedRoles!.some((r) => r.name === TENANT_ADMIN),
        );
        if (otherSources.length === 0)
            throw refuse("the provider's identity holds TenantAdmin only through this group");
        this.adminGroupsLeaving.add(principal.id);
    }
}

/**
 * Debug tracing: with QLIK_ROLES_TRACE=<file>, one JSON line per event (time, event, details) is appended to the
 * file. Holds principal ids and role names only, never a credential. Used to see how Pulumi's parallelism feeds
 * the coordinator.
 */
export function trace(event: string, details: Record<string, unknown>): void {
    const file = process.env.QLIK_ROLES_TRACE;
    if (!file) return;
    try {
        appendFileSync(file, JSON.stringify({ t: Date.now(), pid: process.pid, event, ...details }) + "\n");
    } catch {
        // Tracing is a debugging aid: a full disk must not fail or hang an operation.
    }
}

/** The client-side throttle; off when both tiers are set to 0 (e.g. a tenant with negotiated limits). */
function rateLimits(config: ProviderConfig): RateLimits | false {
    const { writesPerMinute } = config;
    const { readsPerMinute, rateWindowSeconds } = config.tuning;
    if (writesPerMinute === 0 && readsPerMinute === 0) return false;
    return { readsPerMinute, writesPerMinute, windowMs: rateWindowSeconds * 1000 };
}

/** A short, non-secret fingerprint of a configuration (to tell whether `configure` changed anything). */
export function configFingerprint(config: ProviderConfig): string {
    return createHash("sha256").update(JSON.stringify(config)).digest("hex");
}
