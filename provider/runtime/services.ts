/**
 * Everything the lifecycle shares within one provider process: the client, the per-principal coordinator, and
 * caches that turn N assignments on one principal into one lookup. Created once per configuration.
 */
import { createHash } from "node:crypto";
import { appendFileSync } from "node:fs";
import { QlikClient, QlikError, TENANT_ADMIN, type RequestEvent, type RoleRef } from "../client";
import type { Role, User } from "../schemas/qlik";
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
            : `; the tenant's roles are listed by GET /api/v1/roles (e.g. ${roles.slice(0, 4).map((r) => r.name).join(", ")})`;
        throw new QlikError("QLIK_INVALID_INPUT", `role "${name}" does not exist in the tenant${hint}`);
    }
}

/**
 * Which (principal, role) pairs this process has seen declared or created, by which resource:
 * - two resources declaring one pair is an error at `check` (DESIGN behaviour 9);
 * - a pair created or adopted in this process must not be removed by a delete in the same process: that delete
 *   belongs to the resource being replaced by the one just created (behaviour 8: no gap during replacement).
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
    private me?: Promise<User>;

    constructor(
        readonly config: ProviderConfig,
        onRequest?: (event: RequestEvent) => void,
    ) {
        this.client = new QlikClient({
            origin: config.origin,
            credentials: config.credentials,
            requestTimeoutMs: config.requestTimeoutMs,
            retry: { maxAttempts: config.maxAttempts, deadlineMs: config.retryDeadlineMs },
            rateLimits: config.rateLimits,
            onRequest,
        });
        this.coordinator = new PrincipalCoordinator({
            batchWindowMs: config.batchWindowMs,
            maxBatchWaitMs: config.maxBatchWaitMs,
            maxReadAgeMs: config.maxReadAgeMs,
            maxRounds: config.verifyRounds,
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

    /** The user this provider authenticates as (for the TenantAdmin guard), looked up once. */
    whoAmI(): Promise<User> {
        this.me ??= this.client.getMe();
        this.me.catch(() => (this.me = undefined));
        return this.me;
    }

    /**
     * Refuses to take TenantAdmin away from the identity we authenticate as (DESIGN behaviour 10): directly, or by
     * removing it from a group that is the identity's only source of TenantAdmin.
     */
    async guardTenantAdminRemoval(kind: PrincipalKind, principal: Principal, role: RoleRef): Promise<void> {
        if (role.name !== TENANT_ADMIN) return;
        const me = await this.whoAmI();
        const direct = (me.assignedRoles ?? []).some((r) => r.name === TENANT_ADMIN);
        const viaGroups = (me.assignedGroups ?? []).filter((g) => (g.assignedRoles ?? []).some((r) => r.name === TENANT_ADMIN));
        const losesIt =
            kind.noun === "user"
                ? principal.id === me.id
                : !direct && viaGroups.length > 0 && viaGroups.every((g) => g.id === principal.id);
        if (losesIt) {
            throw new QlikError(
                "QLIK_INVALID_INPUT",
                `refusing to remove TenantAdmin from ${principal.label}: the provider's own credential would lose its admin rights; remove it with another admin's credential, or set retainOnDelete on this resource`,
            );
        }
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
    appendFileSync(file, JSON.stringify({ t: Date.now(), pid: process.pid, event, ...details }) + "\n");
}

/** A short, non-secret fingerprint of a configuration (to tell whether `configure` changed anything). */
export function configFingerprint(config: ProviderConfig): string {
    return createHash("sha256").update(JSON.stringify(config)).digest("hex");
}
