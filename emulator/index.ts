/**
 * A strict, faithful local Qlik Cloud tenant API for tests, benchmarks and demos.
 * Facts come from Qlik's API reference and the "Manage roles" guide; everything those leave open is
 * marked ASSUMPTION next to the code that decides it.
 *
 *     const emu = await startEmulator();
 *     await fetch(`${emu.url}/api/v1/users?filter=subject eq 'user1234'`, { headers: { authorization: `Bearer ${emu.apiKey}` } });
 *     await emu.close();
 */
import { CredentialStore } from "./auth";
import type { EmulatorContext } from "./context";
import { Faults } from "./faults";
import { CursorCodec } from "./paging";
import { RateLimiter } from "./rate-limit";
import { RequestLog } from "./request-log";
import { USER_DEFAULT } from "./roles";
import { DOCUMENTED, buildSeed, type Seed } from "./seed";
import { EmulatorServer } from "./server";
import { EmulatorSpaces } from "./spaces-helpers";
import { TenantState } from "./state";
import { DEFAULT_VARIANTS } from "./variants";
import type {
    EmulatorOptions,
    EmulatorVariants,
    FaultController,
    RequestLogEntry,
    RoleSnapshot,
    TenantEmulator,
    UserStatus,
} from "./types";

export type * from "./types";
export { DOCUMENTED, EVERYONE_GROUP_ID, QUOTED_GROUP_NAME } from "./seed";
export { DEFAULT_VARIANTS, parseVariants } from "./variants";
export { SEED_SPACES, SEED_SPACE_IDS, SEED_PROJECT_SPACES } from "./spaces-seed";

/** Qlik's rate-limit window (Qlik's API reference), before time scaling. */
const RATE_WINDOW_MS = 5 * 60 * 1000;

interface Resolved {
    port: number;
    latencyMs: number;
    timeScale: number;
    rateLimits: { tier1PerMinute: number; tier2PerMinute: number } | false;
    extraUsers: number;
    extraGroups: number;
    tokenLifetimeSeconds: number;
    seed: number;
    tenantRateLimits: { tier1PerMinute: number; tier2PerMinute: number } | false | undefined;
    variants: EmulatorVariants;
}

function resolveOptions(o: EmulatorOptions): Resolved {
    const r: Resolved = {
        port: o.port ?? 0,
        latencyMs: o.latencyMs ?? 0,
        timeScale: o.timeScale ?? 1,
        rateLimits: o.rateLimits ?? { tier1PerMinute: 1000, tier2PerMinute: 100 },
        extraUsers: o.extraUsers ?? 150,
        extraGroups: o.extraGroups ?? 30,
        tokenLifetimeSeconds: o.tokenLifetimeSeconds ?? 21600,
        seed: o.seed ?? 1,
        tenantRateLimits: o.tenantRateLimits,
        variants: { ...DEFAULT_VARIANTS, ...o.variants },
    };
    const check = (ok: boolean, what: string) => {
        if (!ok) throw new RangeError(`emulator: ${what}`);
    };
    check(Number.isInteger(r.port) && r.port >= 0 && r.port <= 65535, "port must be an integer 0..65535");
    check(r.latencyMs >= 0, "latencyMs must be >= 0");
    check(r.timeScale > 0 && Number.isFinite(r.timeScale), "timeScale must be > 0");
    if (r.rateLimits) {
        check(r.rateLimits.tier1PerMinute > 0 && r.rateLimits.tier2PerMinute > 0, "rate limits must be > 0");
    }
    check(Number.isInteger(r.extraUsers) && r.extraUsers >= 0, "extraUsers must be an integer >= 0");
    check(Number.isInteger(r.extraGroups) && r.extraGroups >= 0, "extraGroups must be an integer >= 0");
    check(r.tokenLifetimeSeconds > 0, "tokenLifetimeSeconds must be > 0");
    check(Number.isInteger(r.seed), "seed must be an integer");
    if (r.tenantRateLimits) {
        const t = r.tenantRateLimits;
        check(t.tier1PerMinute > 0 && t.tier2PerMinute > 0, "tenant rate limits must be > 0");
    }
    check(r.variants.maxTokensPerClient > 0, "variants.maxTokensPerClient must be > 0");
    return r;
}

/** Starts an emulator on 127.0.0.1; resolves once it listens. */
export async function startEmulator(opts: EmulatorOptions = {}): Promise<TenantEmulator> {
    const o = resolveOptions(opts);
    const seed = buildSeed(o);
    const state = new TenantState(seed.data);
    const credentials = new CredentialStore();
    const c = seed.credentials;
    credentials.addApiKey(c.adminApiKey, c.adminUserId);
    credentials.addApiKey(c.nonAdminApiKey, c.nonAdminUserId);
    credentials.addClient(c.oauthClientId, c.oauthClientSecret, c.botUserId);

    const ctx: EmulatorContext = {
        state,
        tenantId: DOCUMENTED.tenantId,
        url: "",
        cursors: new CursorCodec(),
        credentials,
        faults: new Faults(o.seed),
        limiter: new RateLimiter(
            o.rateLimits && { ...o.rateLimits, windowMs: RATE_WINDOW_MS / o.timeScale },
            undefined,
            o.tenantRateLimits === false
                ? undefined
                : o.tenantRateLimits
                  ? { ...o.tenantRateLimits, windowMs: RATE_WINDOW_MS / o.timeScale }
                  : () => state.userCount(),
        ),
        tokenLifetimeMs: o.tokenLifetimeSeconds * 1000,
        variants: o.variants,
        now: Date.now,
    };
    const log = new RequestLog();
    const server = new EmulatorServer(ctx, log, o.latencyMs);
    const port = await server.listen(o.port);
    ctx.url = `http://127.0.0.1:${port}`;
    return new Emulator(ctx, seed, log, server);
}

class Emulator implements TenantEmulator {
    readonly url: string;
    readonly tenantId: string;
    readonly apiKey: string;
    readonly adminUserId: string;
    readonly nonAdminApiKey: string;
    readonly oauthClient: { clientId: string; clientSecret: string };
    readonly requests: RequestLogEntry[];
    faults: FaultController;
    readonly spaces: EmulatorSpaces;
    private readonly initial: RoleSnapshot;

    constructor(
        private readonly ctx: EmulatorContext,
        private readonly seed: Seed,
        private readonly log: RequestLog,
        private readonly server: EmulatorServer,
    ) {
        const c = seed.credentials;
        this.url = ctx.url;
        this.tenantId = ctx.tenantId;
        this.apiKey = c.adminApiKey;
        this.adminUserId = c.adminUserId;
        this.nonAdminApiKey = c.nonAdminApiKey;
        this.oauthClient = Object.freeze({ clientId: c.oauthClientId, clientSecret: c.oauthClientSecret });
        this.requests = log.entries;
        this.faults = ctx.faults;
        this.spaces = new EmulatorSpaces(
            () => this.state,
            () => this.now(),
        );
        this.initial = this.snapshot();
    }

    private get state(): TenantState {
        return this.ctx.state;
    }

    private now(): string {
        return new Date(this.ctx.now()).toISOString();
    }

    /** Helpers keep the stored invariant that UserDefault is implicit, never an assigned role. */
    private roleIds(names: readonly string[]): string[] {
        if (names.includes(USER_DEFAULT))
            throw new Error(`emulator: ${USER_DEFAULT} is implicit and cannot be assigned`);
        return [...new Set(this.state.roleIdsByName(names))];
    }

    /** The tenant's `autoCreateGroups` and `syncIdpGroups` (GET /api/v1/groups/settings). */
    groupSettings(): { autoCreateGroups: boolean; syncIdpGroups: boolean } {
        return { ...this.state.groupSettings };
    }
    resetLog(): void {
        this.log.reset();
    }
    userRoles(idOrSubject: string): string[] {
        return this.state.roleNames(this.state.findUser(idOrSubject).roleIds);
    }
    groupRoles(idOrName: string): string[] {
        return this.state.roleNames(this.state.findGroup(idOrName).roleIds);
    }
    setUserRoles(idOrSubject: string, roleNames: string[]): void {
        this.state.setRoles("user", this.state.findUser(idOrSubject).id, this.roleIds(roleNames), this.now());
    }
    setGroupRoles(idOrName: string, roleNames: string[]): void {
        this.state.setRoles("group", this.state.findGroup(idOrName).id, this.roleIds(roleNames), this.now());
    }
    setUserGroups(idOrSubject: string, groupIdsOrNames: string[]): void {
        const ids = groupIdsOrNames.map((g) => this.state.findGroup(g).id);
        this.state.setGroups(this.state.findUser(idOrSubject).id, ids, this.now());
    }
    addUser(u: { subject: string; name?: string; email?: string; roles?: string[]; status?: UserStatus }): {
        id: string;
    } {
        const now = this.now();
        const rec = this.state.addUser({
            subject: u.subject,
            name: u.name ?? u.subject,
            ...(u.email !== undefined ? { email: u.email } : {}),
            status: u.status ?? "active",
            roleIds: this.roleIds(u.roles ?? []),
            createdAt: now,
            lastUpdatedAt: now,
        });
        return { id: rec.id };
    }
    joinGroup(userIdOrSubject: string, groupIdOrName: string): void {
        const user = this.state.findUser(userIdOrSubject);
        const groupId = this.state.findGroup(groupIdOrName).id;
        if (!user.groupIds.includes(groupId))
            this.state.setGroups(user.id, [...user.groupIds, groupId], this.now());
    }
    deleteUser(idOrSubject: string): void {
        this.state.deleteUser(this.state.findUser(idOrSubject).id);
    }
    addGroup(g: { name: string; roles?: string[] }): { id: string } {
        const now = this.now();
        const rec = this.state.addGroup({
            name: g.name,
            status: "active",
            providerType: "custom",
            system: false,
            roleIds: this.roleIds(g.roles ?? []),
            createdAt: now,
            lastUpdatedAt: now,
        });
        return { id: rec.id };
    }
    deleteGroup(idOrName: string): void {
        this.state.deleteGroup(this.state.findGroup(idOrName).id);
    }
    addCustomRole(name: string): { id: string } {
        return { id: this.state.addCustomRole(name, this.now()).id };
    }
    renameCustomRole(name: string, newName: string): void {
        this.state.renameCustomRole(name, newName, this.now());
    }
    /** A role by name as stored (a copy), or undefined. */
    roleNamed(name: string): { id: string; description: string; scopes: string[] } | undefined {
        const r = this.state.roleByName(name);
        return r && { id: r.id, description: r.description, scopes: [...r.assignedScopes] };
    }
    deleteCustomRole(name: string): void {
        const r = this.state.roleByName(name);
        if (r?.type !== "custom" || this.state.holderCount(r.id) > 0)
            throw new Error(`emulator: no custom role ${JSON.stringify(name)} that nobody holds`);
        this.state.removeRole(r.id);
    }
    /** Changes a custom role's scopes as someone in the console would. */
    setCustomRoleScopes(name: string, scopes: string[]): void {
        const r = this.state.roleByName(name);
        if (r?.type !== "custom") throw new Error(`emulator: no custom role ${JSON.stringify(name)}`);
        this.state.replaceRole({ ...r, assignedScopes: [...scopes], lastUpdatedAt: this.now() });
    }
    revokeTokens(): void {
        this.ctx.credentials.revokeTokens();
    }
    snapshot(): RoleSnapshot {
        const users: Record<string, string[]> = {};
        const groups: Record<string, string[]> = {};
        for (const u of this.state.allUsers()) users[u.id] = this.state.roleNames(u.roleIds);
        for (const g of this.state.allGroups()) groups[g.id] = this.state.roleNames(g.roleIds);
        return { users, groups };
    }
    seedSnapshot(): RoleSnapshot {
        return structuredClone(this.initial);
    }
    reset(): void {
        this.state.load(this.seed.data);
        this.log.reset();
        this.ctx.faults.reset();
        this.faults = this.ctx.faults;
        this.ctx.limiter.reset();
    }
    close(): Promise<void> {
        return this.server.close();
    }
}
