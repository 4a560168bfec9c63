import { TENANT_ADMIN, USER_DEFAULT, customRole, type RoleRecord } from "./roles";
import { stableHex } from "./ids";
import { SpaceStore, type SpacesData } from "./spaces-state";
import type { UserStatus } from "./types";

export interface UserRecord {
    id: string;
    subject: string;
    name: string;
    email?: string;
    status: UserStatus;
    clientId?: string;
    /** Direct roles, in the order they were last assigned (Qlik echoes the order of the PATCH). */
    roleIds: string[];
    groupIds: string[];
    createdAt: string;
    lastUpdatedAt: string;
}

export interface GroupRecord {
    id: string;
    name: string;
    status: "active" | "disabled";
    providerType: "idp" | "custom";
    idpId?: string;
    /** System groups (Everyone) are hidden from GET /groups unless systemGroups=true. */
    system: boolean;
    roleIds: string[];
    createdAt: string;
    lastUpdatedAt: string;
}

/** Plain data, deep-copyable, so the seed can be restored by reset(). */
export interface TenantData {
    roles: RoleRecord[];
    users: UserRecord[];
    groups: GroupRecord[];
    /** The tenant's group settings besides the system groups' roles (GET /api/v1/groups/settings). */
    groupSettings?: GroupSettingsRecord;
    /** Spaces and their assignments (spaces-state.ts); none when absent. */
    spaces?: SpacesData;
}

export interface GroupSettingsRecord {
    autoCreateGroups: boolean;
    syncIdpGroups: boolean;
}

export type PrincipalKind = "user" | "group";

/** A hypothetical role list for one principal, to check invariants before a write is applied. */
export interface RoleOverride {
    kind: PrincipalKind;
    id: string;
    roleIds: string[];
}

/**
 * The tenant's users, groups and roles. Everything is synchronous: Node runs one handler step at a time, so
 * each PATCH is atomic, as it is at Qlik; races happen between a client's GET and its PATCH, as in reality.
 */
export class TenantState {
    private roles = new Map<string, RoleRecord>();
    private users = new Map<string, UserRecord>();
    private groups = new Map<string, GroupRecord>();
    private added = 0;
    /** Moves on with every change of users, groups or roles, so a kept sorted list knows it is stale. */
    private changes = 0;
    groupSettings: GroupSettingsRecord = { autoCreateGroups: true, syncIdpGroups: true };
    /** Spaces and assignments; their own version, since they change apart from roles. */
    readonly spaces = new SpaceStore();

    get version(): number {
        return this.changes;
    }

    constructor(data: TenantData) {
        this.load(data);
    }

    load(data: TenantData): void {
        this.changes++;
        const copy = structuredClone(data);
        this.roles = new Map(copy.roles.map((r) => [r.id, r]));
        this.users = new Map(copy.users.map((u) => [u.id, u]));
        this.groups = new Map(copy.groups.map((g) => [g.id, g]));
        this.added = 0;
        this.groupSettings = { autoCreateGroups: true, syncIdpGroups: true, ...copy.groupSettings };
        this.spaces.load(copy.spaces);
    }

    // ---- roles ----
    role(id: string): RoleRecord | undefined {
        return this.roles.get(id);
    }
    /** ASSUMPTION: role names match exactly (case-sensitive); Qlik documents them as unique, not their casing rules. */
    roleByName(name: string): RoleRecord | undefined {
        for (const r of this.roles.values()) if (r.name === name) return r;
        return undefined;
    }
    allRoles(): RoleRecord[] {
        return [...this.roles.values()];
    }
    rolesOf(roleIds: readonly string[]): RoleRecord[] {
        return roleIds.map((id) => this.roles.get(id)).filter((r): r is RoleRecord => r !== undefined);
    }
    /** For the test helpers: names to ids, throwing on unknown names. */
    roleIdsByName(names: readonly string[]): string[] {
        return names.map((n) => {
            const r = this.roleByName(n);
            if (!r) throw new Error(`emulator: unknown role ${JSON.stringify(n)}`);
            return r.id;
        });
    }
    /** Qlik lets an admin rename a custom role; its id (and every assignment of it) stays. */
    renameCustomRole(name: string, newName: string, now: string): void {
        const role = this.roleByName(name);
        if (!role || role.type !== "custom")
            throw new Error(`emulator: no custom role ${JSON.stringify(name)}`);
        if (this.roleByName(newName))
            throw new Error(`emulator: role ${JSON.stringify(newName)} already exists`);
        this.changes++;
        this.roles.set(role.id, { ...role, name: newName, lastUpdatedAt: now });
    }
    addCustomRole(name: string, now: string, scopes: readonly string[] = []): RoleRecord {
        if (this.roleByName(name)) throw new Error(`emulator: role ${JSON.stringify(name)} already exists`);
        this.changes++;
        let role = customRole(name, now, "", scopes);
        for (let n = 1; this.roles.has(role.id); n++) role = customRole(name, now, `#${n}`, scopes);
        this.roles.set(role.id, role);
        return role;
    }
    /** Writes a changed role back (same id). */
    replaceRole(role: RoleRecord): void {
        this.changes++;
        this.roles.set(role.id, role);
    }
    removeRole(id: string): void {
        this.changes++;
        this.roles.delete(id);
    }
    /** How many users and groups (Everyone included) hold the role directly. */
    holderCount(roleId: string): number {
        const holds = (p: { roleIds: string[] }) => p.roleIds.includes(roleId);
        return this.allUsers().filter(holds).length + this.allGroups().filter(holds).length;
    }

    // ---- users ----
    user(id: string): UserRecord | undefined {
        return this.users.get(id);
    }
    /** How many users the tenant holds (Qlik's tenant-wide rate limit grows with it). */
    userCount(): number {
        return this.users.size;
    }
    allUsers(): UserRecord[] {
        return [...this.users.values()];
    }
    findUser(idOrSubject: string): UserRecord {
        const u = this.users.get(idOrSubject) ?? this.allUsers().find((x) => x.subject === idOrSubject);
        if (!u) throw new Error(`emulator: no user with id or subject ${JSON.stringify(idOrSubject)}`);
        return u;
    }
    addUser(u: Omit<UserRecord, "id" | "groupIds">): UserRecord {
        if (this.allUsers().some((x) => x.subject === u.subject)) {
            throw new Error(`emulator: subject ${JSON.stringify(u.subject)} already exists`);
        }
        this.changes++;
        const rec: UserRecord = {
            ...u,
            id: stableHex(`user:added:${++this.added}:${u.subject}`),
            groupIds: [],
        };
        this.users.set(rec.id, rec);
        return rec;
    }
    deleteUser(id: string): void {
        this.changes++;
        this.users.delete(id);
    }

    // ---- groups ----
    group(id: string): GroupRecord | undefined {
        return this.groups.get(id);
    }
    allGroups(): GroupRecord[] {
        return [...this.groups.values()];
    }
    findGroup(idOrName: string): GroupRecord {
        const g = this.groups.get(idOrName) ?? this.allGroups().find((x) => x.name === idOrName);
        if (!g) throw new Error(`emulator: no group with id or name ${JSON.stringify(idOrName)}`);
        return g;
    }
    addGroup(g: Omit<GroupRecord, "id">): GroupRecord {
        this.changes++;
        const rec: GroupRecord = { ...g, id: stableHex(`group:added:${++this.added}:${g.name}`) };
        this.groups.set(rec.id, rec);
        return rec;
    }
    deleteGroup(id: string): void {
        this.changes++;
        this.groups.delete(id);
        for (const u of this.users.values()) u.groupIds = u.groupIds.filter((g) => g !== id);
    }
    setGroups(userId: string, groupIds: string[], now: string): void {
        const u = this.users.get(userId);
        if (!u) throw new Error(`emulator: no user ${userId}`);
        this.changes++;
        u.groupIds = [...groupIds];
        u.lastUpdatedAt = now;
    }
    groupsOf(user: UserRecord): GroupRecord[] {
        return user.groupIds
            .map((id) => this.groups.get(id))
            .filter((g): g is GroupRecord => g !== undefined);
    }

    // ---- writes and invariants ----
    setRoles(kind: PrincipalKind, id: string, roleIds: string[], now: string): void {
        const p = kind === "user" ? this.users.get(id) : this.groups.get(id);
        if (!p) throw new Error(`emulator: ${kind} ${id} vanished during a write`);
        this.changes++;
        p.roleIds = [...roleIds];
        p.lastUpdatedAt = now;
    }

    /** TenantAdmin held directly or through an active group, optionally with one principal's roles replaced. */
    isTenantAdmin(userId: string, override?: RoleOverride): boolean {
        const admin = this.roleByName(TENANT_ADMIN);
        const user = this.users.get(userId);
        if (!admin || !user) return false;
        const rolesOf = (kind: PrincipalKind, id: string, current: string[]) =>
            override && override.kind === kind && override.id === id ? override.roleIds : current;
        if (rolesOf("user", user.id, user.roleIds).includes(admin.id)) return true;
        // Every user is a member of the system group Everyone, whose roles apply to all of them.
        const everyone = this.allGroups().find((g) => g.system);
        if (everyone && rolesOf("group", everyone.id, everyone.roleIds).includes(admin.id)) return true;
        return this.groupsOf(user).some(
            (g) => g.status === "active" && rolesOf("group", g.id, g.roleIds).includes(admin.id),
        );
    }

    activeAdminCount(override?: RoleOverride): number {
        return this.allUsers().filter((u) => u.status === "active" && this.isTenantAdmin(u.id, override))
            .length;
    }

    /** Sorted direct role names; UserDefault is implicit and never stored, so it never appears here. */
    roleNames(roleIds: readonly string[]): string[] {
        return this.rolesOf(roleIds)
            .map((r) => r.name)
            .filter((n) => n !== USER_DEFAULT)
            .sort();
    }
}
