/**
 * The fault matrix's scenario and the invariants every case must keep, shared by the in-process and CLI tiers.
 *
 * Scenario: two assignments on the documented principals, each adding a role the principal does not hold, so the
 * seed's roles (AuditAdmin, SharedSpaceCreator on both) are "foreign": never ours to remove.
 */
import { DOCUMENTED, type RequestLogEntry, type RoleSnapshot, type TenantEmulator } from "../../../emulator";

export const DOC_USER = DOCUMENTED.userId;
export const DOC_GROUP = DOCUMENTED.groupId;

/** One (principal, role) the program manages. */
export interface Pair {
    kind: "user" | "group";
    principalId: string;
    role: string;
}

/** The scenario as a data-driven program's `assignments`, plus the pairs it manages. */
export const SCENARIO = {
    assignments: [
        { name: "u", kind: "user" as const, subject: "user1234", role: "ManagedSpaceCreator" },
        { name: "g", kind: "group" as const, groupName: "My Group", role: "DataSpaceCreator" },
    ],
    pairs: [
        { kind: "user", principalId: DOC_USER, role: "ManagedSpaceCreator" },
        { kind: "group", principalId: DOC_GROUP, role: "DataSpaceCreator" },
    ] as Pair[],
};

const collection = (kind: "user" | "group") => (kind === "user" ? "users" : "groups");
const rolesOf = (snap: RoleSnapshot, kind: "user" | "group", id: string) => snap[collection(kind)][id];

function isManaged(pairs: readonly Pair[], kind: "user" | "group", id: string, role: string): boolean {
    return pairs.some((p) => p.kind === kind && p.principalId === id && p.role === role);
}

/** Seed roles (not managed by the program) that a principal no longer holds. */
export function foreignRolesRemoved(seed: RoleSnapshot, now: RoleSnapshot, pairs: readonly Pair[]): string[] {
    const out: string[] = [];
    for (const kind of ["user", "group"] as const) {
        for (const [id, roles] of Object.entries(seed[collection(kind)])) {
            const current = rolesOf(now, kind, id);
            if (!current) continue; // the principal itself is gone (not something we do)
            for (const role of roles) {
                if (!isManaged(pairs, kind, id, role) && !current.includes(role))
                    out.push(`${kind} ${id} lost ${role}`);
            }
        }
    }
    return out;
}

/** The role names a logged PATCH asked for, or undefined when the body was not a role replace. */
export function patchedRoleNames(entry: RequestLogEntry): string[] | undefined {
    if (entry.roleNames) return entry.roleNames;
    const body = entry.body as { value?: { name?: string; id?: string }[] }[] | undefined;
    if (!Array.isArray(body) || !Array.isArray(body[0]?.value)) return undefined;
    return body[0]!.value!.map((v) => v.name ?? v.id ?? "?");
}

/**
 * PATCHes (sent, whatever their fate) that would have dropped a seed role we do not manage: "never removed"
 * holds even for a moment, not only in the final state.
 */
export function patchesDroppingForeignRoles(
    log: readonly RequestLogEntry[],
    seed: RoleSnapshot,
    pairs: readonly Pair[],
): string[] {
    const out: string[] = [];
    for (const e of log) {
        if (e.method !== "PATCH") continue;
        const m = /^\/api\/v1\/(users|groups)\/([^/]+)$/.exec(e.path);
        const names = patchedRoleNames(e);
        if (!m || !names) continue;
        const kind = m[1] === "users" ? "user" : "group";
        const id = decodeURIComponent(m[2]!);
        for (const role of rolesOf(seed, kind, id) ?? []) {
            if (!isManaged(pairs, kind, id, role) && !names.includes(role))
                out.push(`PATCH #${e.seq} ${kind} ${id} drops ${role}`);
        }
    }
    return out;
}

/** Managed pairs the tenant does not hold. */
export function missingPairs(now: RoleSnapshot, pairs: readonly Pair[]): string[] {
    return pairs
        .filter((p) => !(rolesOf(now, p.kind, p.principalId) ?? []).includes(p.role))
        .map((p) => `${p.kind} ${p.principalId} lacks ${p.role}`);
}

/** A resource as the state holds it: its kind and outputs. */
export interface StateResource {
    kind: "user" | "group";
    outs: Record<string, unknown>;
}

/**
 * Disagreements between state and tenant: a resource whose role the tenant does not hold, or a managed role the
 * tenant holds (and the seed did not) with no resource in state (a grant nobody will ever remove).
 */
export function stateVsTenant(
    resources: readonly StateResource[],
    now: RoleSnapshot,
    seed: RoleSnapshot,
    pairs: readonly Pair[],
): string[] {
    const out: string[] = [];
    const idOf = (r: StateResource) => String(r.kind === "user" ? r.outs.userId : r.outs.groupId);
    for (const r of resources) {
        if (!(rolesOf(now, r.kind, idOf(r)) ?? []).includes(String(r.outs.role)))
            out.push(`state has ${r.kind} ${idOf(r)} ${String(r.outs.role)}; tenant does not`);
    }
    for (const p of pairs) {
        const held = (rolesOf(now, p.kind, p.principalId) ?? []).includes(p.role);
        const seeded = (rolesOf(seed, p.kind, p.principalId) ?? []).includes(p.role);
        const tracked = resources.some(
            (r) => r.kind === p.kind && idOf(r) === p.principalId && r.outs.role === p.role,
        );
        if (held && !seeded && !tracked)
            out.push(`tenant has ${p.kind} ${p.principalId} ${p.role}; no resource in state`);
    }
    return out;
}

/** Compact difference from the seed, e.g. `user1234 +ManagedSpaceCreator; My Group +DataSpaceCreator`, or `= seed`. */
export function describeVsSeed(
    emu: TenantEmulator,
    seed: RoleSnapshot,
    now: RoleSnapshot = emu.snapshot(),
): string {
    const parts: string[] = [];
    const label = (kind: "user" | "group", id: string) =>
        id === DOC_USER ? "user1234" : id === DOC_GROUP ? "My Group" : `${kind} ${id.slice(0, 6)}…`;
    for (const kind of ["user", "group"] as const) {
        const ids = new Set([...Object.keys(seed[collection(kind)]), ...Object.keys(now[collection(kind)])]);
        for (const id of ids) {
            const before = rolesOf(seed, kind, id) ?? [];
            const after = rolesOf(now, kind, id) ?? [];
            const delta = [
                ...after.filter((r) => !before.includes(r)).map((r) => `+${r}`),
                ...before.filter((r) => !after.includes(r)).map((r) => `-${r}`),
            ];
            if (delta.length > 0) parts.push(`${label(kind, id)} ${delta.join(" ")}`);
        }
    }
    return parts.length === 0 ? "= seed" : parts.join("; ");
}

/** Requests that reached the tenant, e.g. `9 (GET 6, PATCH 2; 2 faulted)`. */
export function describeRequests(log: readonly RequestLogEntry[]): string {
    const by = (m: string) => log.filter((e) => e.method === m).length;
    const methods = ["GET", "PATCH", "POST"].filter((m) => by(m) > 0).map((m) => `${m} ${by(m)}`);
    const faulted = log.filter((e) => e.fault).length;
    return `${log.length}${methods.length ? ` (${methods.join(", ")}${faulted ? `; ${faulted} faulted` : ""})` : ""}`;
}

/** Waits until every request the tenant received has been answered (a slow request may land after the client gave up). */
export async function settle(emu: TenantEmulator, timeoutMs = 10_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (emu.requests.some((e) => e.endedAt === 0)) {
        if (Date.now() > until) throw new Error("emulator requests still in flight after settle timeout");
        await new Promise((r) => setTimeout(r, 20));
    }
}

/** The first line of a message, shortened for a table cell. */
export function cell(message: string | undefined, max = 220): string {
    if (!message) return "";
    const one = message.split("\n")[0]!.replace(/\|/g, "\\|");
    return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

/** The outside writer's events, counted, e.g. `3× after-write: wrote back [AuditAdmin, SharedSpaceCreator, Steward]`. */
export function summarizeWriter(events: readonly string[]): string {
    const counts = new Map<string, number>();
    for (const e of events) counts.set(e, (counts.get(e) ?? 0) + 1);
    return [...counts].map(([e, n]) => `${n}× ${e}`).join("; ");
}
