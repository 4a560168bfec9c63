/**
 * The benchmark's workloads: which assignments each scenario declares, in which order, and which tenant
 * they run against. Kept as plain data so the CLI program, the in-process provider runs and the naive baseline all
 * work on exactly the same declarations.
 *
 * Every declared role is one the principal does NOT hold in the emulator's seed, so every declared principal is
 * "touched" (its roles change) in `up` and in `destroy`: the lower bound is then simply one read and one write per
 * principal.
 */
import type { EmulatorOptions } from "../emulator";
import { DEFAULT_ROLE_NAMES, SEED_CUSTOM_ROLES, TENANT_ADMIN } from "../emulator/roles";

export interface Assignment {
    /** Pulumi resource name. */
    name: string;
    kind: "user" | "group";
    /** `subject` for users, `groupName` for groups: the selectors the quickstart uses. */
    subject?: string;
    groupName?: string;
    role: string;
}

export type Order = "adjacent" | "interleaved";

export interface Scenario {
    id: string;
    title: string;
    /** Emulator options giving the principals the scenario needs (extra-user-NNN, extra-group-NN). */
    emulator: Pick<EmulatorOptions, "extraUsers" | "extraGroups">;
    /** Declarations with each principal's assignments adjacent (the order the assertions are about). */
    assignments: Assignment[];
    /** Whether the 1.2-writes-per-principal etc. targets are asserted (S2, S3) or only reported (S1). */
    asserted: boolean;
    /**
     * Runs at Qlik's limits as they are (time scale 1) whatever `--scale` says: every phase's requests fit in the
     * tenant's first 5-minute allowance, so scaling time would only shorten waits that never happen.
     */
    realTime?: true;
}

/**
 * Roles the generator may declare: every assignable role of the seed except TenantAdmin (taking TenantAdmin away is
 * guarded and would make the destroy phase about something else). 17 names, enough for 3-4 per principal.
 */
export const ROLE_POOL: readonly string[] = [
    ...DEFAULT_ROLE_NAMES.filter((name) => name !== TENANT_ADMIN),
    ...SEED_CUSTOM_ROLES,
];

/**
 * Roles the emulator's seed gives generated principals (emulator/seed.ts): declared roles must avoid them so
 * that every assignment is a real change. Users: i%5 ManagedSpaceCreator, i%7 DataSpaceCreator, i%13 AnalyticsAdmin;
 * groups: i%4 SharedSpaceCreator, i%6 DataSpaceCreator.
 */
function seededRoles(kind: "user" | "group", i: number): Set<string> {
    const held = new Set<string>();
    if (kind === "user") {
        if (i % 5 === 0) held.add("ManagedSpaceCreator");
        if (i % 7 === 0) held.add("DataSpaceCreator");
        if (i % 13 === 0) held.add("AnalyticsAdmin");
    } else {
        if (i % 4 === 0) held.add("SharedSpaceCreator");
        if (i % 6 === 0) held.add("DataSpaceCreator");
    }
    return held;
}

const pad = (n: number, width: number) => String(n).padStart(width, "0");
const slug = (s: string) => s.replace(/[^A-Za-z0-9]+/g, "-").toLowerCase();

/**
 * `users` users and `groups` groups, `total` assignments spread as evenly as possible (the first principals get
 * one more), each principal's assignments adjacent. Deterministic.
 */
export function generate(users: number, groups: number, total: number): Assignment[] {
    const principals = [
        ...Array.from({ length: users }, (_, k) => ({
            kind: "user" as const,
            i: k + 1,
            label: `extra-user-${pad(k + 1, 3)}`,
        })),
        ...Array.from({ length: groups }, (_, k) => ({
            kind: "group" as const,
            i: k + 1,
            label: `extra-group-${pad(k + 1, 2)}`,
        })),
    ];
    const base = Math.floor(total / principals.length);
    const extra = total % principals.length;
    const out: Assignment[] = [];
    principals.forEach((p, index) => {
        const held = seededRoles(p.kind, p.i);
        const want = base + (index < extra ? 1 : 0);
        const roles: string[] = [];
        // Start at a different offset per principal so every role is used across the scenario.
        for (let step = 0; roles.length < want && step < ROLE_POOL.length; step++) {
            const role = ROLE_POOL[(index * 5 + step) % ROLE_POOL.length]!;
            if (!held.has(role)) roles.push(role);
        }
        for (const role of roles) {
            out.push({
                name: `${p.label}-${slug(role)}`,
                kind: p.kind,
                ...(p.kind === "user" ? { subject: p.label } : { groupName: p.label }),
                role,
            });
        }
    });
    return out;
}

/** The same declarations with principals' assignments spread apart (a deterministic shuffle). */
export function interleave(assignments: readonly Assignment[]): Assignment[] {
    // Round-robin over principals: the k-th assignment of every principal, then the (k+1)-th, ...
    const byPrincipal = new Map<string, Assignment[]>();
    for (const a of assignments) {
        const key = principalKey(a);
        byPrincipal.set(key, [...(byPrincipal.get(key) ?? []), a]);
    }
    const lists = [...byPrincipal.values()];
    const out: Assignment[] = [];
    for (let k = 0; out.length < assignments.length; k++) for (const l of lists) if (l[k]) out.push(l[k]!);
    return out;
}

/** `user:<subject>` or `group:<name>`: which principal an assignment names. */
export function principalKey(a: Assignment): string {
    return a.kind === "user" ? `user:${a.subject}` : `group:${a.groupName}`;
}

export const SCENARIOS: Scenario[] = [
    {
        id: "S1",
        title: "the quickstart (2 assignments on 2 principals)",
        emulator: { extraUsers: 0, extraGroups: 0 },
        realTime: true,
        assignments: [
            {
                name: "user1234-managed-space-creator",
                kind: "user",
                subject: "user1234",
                role: "ManagedSpaceCreator",
            },
            {
                name: "my-group-managed-space-creator",
                kind: "group",
                groupName: "My Group",
                role: "ManagedSpaceCreator",
            },
        ],
        asserted: false,
    },
    {
        id: "S2",
        title: "200 assignments on 60 principals (40 users + 20 groups)",
        emulator: { extraUsers: 40, extraGroups: 20 },
        assignments: generate(40, 20, 200),
        asserted: true,
        realTime: true,
    },
    {
        id: "S3",
        title: "2,000 assignments on 600 principals (450 users + 150 groups)",
        emulator: { extraUsers: 450, extraGroups: 150 },
        assignments: generate(450, 150, 2000),
        asserted: true,
    },
];

/** A small S2 for the jest smoke test: 24 assignments on 8 principals. */
export const TINY: Scenario = {
    id: "S2-tiny",
    title: "24 assignments on 8 principals (6 users + 2 groups)",
    emulator: { extraUsers: 6, extraGroups: 2 },
    assignments: generate(6, 2, 24),
    asserted: true,
};

export function scenarioById(id: string): Scenario {
    const s = [...SCENARIOS, TINY].find((x) => x.id.toLowerCase() === id.toLowerCase());
    if (!s)
        throw new Error(
            `unknown scenario "${id}"; choose from ${[...SCENARIOS, TINY].map((x) => x.id).join(", ")}`,
        );
    return s;
}
