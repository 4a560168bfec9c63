/**
 * Everything the lifecycle shares within one provider process, wired from one configuration: the client, the
 * per-principal coordinator, and the caches that turn N assignments on one principal into one lookup.
 */
import { QlikClient, isQlikError, type RequestEvent } from "../client";
import { isTransient } from "../client/failure-kinds";
import { PrincipalCoordinator } from "../core/principal-coordinator";
import { clientSettingsFor } from "./config/client-settings";
import type { ProviderConfig } from "./config/config";
import { PairRegistry } from "./registries/pair-registry";
import { PrincipalClaims } from "./registries/principal-claims";
import { PrincipalLookups } from "./registries/principal-lookups";
import { RoleCatalog } from "./registries/role-catalog";
import { Memberships } from "./registries/memberships";
import { TenantAdminGuard } from "./lifecycles/tenant-admin-guard";
import { trace } from "./notices/trace";

export class Services {
    readonly client: QlikClient;
    readonly coordinator: PrincipalCoordinator;
    readonly roles: RoleCatalog;
    readonly principals: PrincipalLookups;
    readonly pairs = new PairRegistry();
    readonly claims = new PrincipalClaims();
    readonly adminGuard: TenantAdminGuard;
    readonly memberships: Memberships;

    constructor(
        readonly config: ProviderConfig,
        onRequest?: (event: RequestEvent) => void,
    ) {
        const { tuning } = config;
        this.client = new QlikClient(clientSettingsFor(config, { onRequest }));
        this.coordinator = new PrincipalCoordinator({
            batchWindowMs: tuning.batchWindowMs,
            maxBatchWaitMs: tuning.maxBatchWaitMs,
            maxBurstWaitMs: tuning.maxBurstWaitMs,
            maxReadAgeMs: tuning.maxReadAgeMs,
            verifyRounds: tuning.verifyRounds,
            isolateOnError: (err) => isQlikError(err) && !isTransient(err),
            onBatch: (key, size) => trace("batch", { key, size }),
        });
        this.roles = new RoleCatalog(this.client);
        // A lookup shows the principal's roles: the first batch on it may start from them (maxReadAgeMs).
        this.principals = new PrincipalLookups(this.client, (kind, p, takenAt) => {
            if (p.roles) this.coordinator.offer(kind.keyOf(p.id), p.roles, takenAt);
        });
        this.adminGuard = new TenantAdminGuard(this.client);
        this.memberships = new Memberships(this.client);
    }
}
