/**
 * Concurrency: (1) 100 assignments across 10 users and 5 groups in one `pulumi up` at default parallelism, with
 * about 10 % of requests failing with 5xx and some 429s: the tenant must end exactly as declared, and `destroy`
 * (under the same faults) must restore it exactly. (2) The outside-writer race: N trials per mode with another admin
 * racing half of our PATCHes, reporting how often our change survives, what the verify loop did, and what became of
 * the other writer's change.
 */
import { startEmulator, type FaultRule, type RequestLogEntry, type RoleSnapshot } from "../../emulator";
import { stableHex } from "../../emulator/ids";
import { describeWithCli } from "../e2e/e2e-setup";
import { cliStack, errorLines } from "./support/cli";
import { MiniStack, type Declared } from "./support/mini-engine";
import { Results, saveTranscript } from "./support/results";
import { DOC_USER, patchedRoleNames, settle } from "./support/scenario";
import { SecretScanner } from "./support/secrets";

jest.setTimeout(150_000);

const results = new Results("concurrency");
const scanner = new SecretScanner();
const secrets = new Set<string>();

const ROLES = [
    "AutomationCreator",
    "AutomlDeploymentContributor",
    "AutomlExperimentContributor",
    "CollaborationPlatformUser",
    "DataProductManager",
    "DataServicesContributor",
    "ManagedSpaceCreator",
    "DataSpaceCreator",
    "EmbeddedAnalyticsUser",
    "PrivateAnalyticsContentCreator",
    "Steward",
];
const pad = (n: number, w: number) => String(n).padStart(w, "0");
// The emulator's seeded principals have deterministic ids (emulator/seed.ts), so the expected state is built
// without asking the provider anything.
const userId = (i: number) => stableHex(`user:extra:${i}`);
const groupId = (i: number) => stableHex(`group:extra:${i}`);

interface Assignment {
    name: string;
    kind: "user" | "group";
    principalId: string;
    role: string;
    [arg: string]: unknown;
}

/** 10 users × 7 roles + 5 groups × 6 roles; some roles are already held (adopted, and kept on destroy). */
function hundredAssignments(): Assignment[] {
    const list: Assignment[] = [];
    for (let u = 1; u <= 10; u++) {
        for (let k = 0; k < 7; k++) {
            const role = ROLES[(u + k) % ROLES.length]!;
            list.push({
                name: `u${pad(u, 2)}-${role}`,
                kind: "user",
                principalId: userId(u),
                subject: `extra-user-${pad(u, 3)}`,
                role,
                retainIfPreexisting: true,
            });
        }
    }
    for (let g = 1; g <= 5; g++) {
        for (let k = 0; k < 6; k++) {
            const role = ROLES[(2 * g + k) % ROLES.length]!;
            list.push({
                name: `g${pad(g, 2)}-${role}`,
                kind: "group",
                principalId: groupId(g),
                groupName: `extra-group-${pad(g, 2)}`,
                role,
                retainIfPreexisting: true,
            });
        }
    }
    return list;
}

function expectedAfterUp(seed: RoleSnapshot, list: readonly Assignment[]): RoleSnapshot {
    const want = structuredClone(seed);
    for (const a of list) {
        const bucket = a.kind === "user" ? want.users : want.groups;
        bucket[a.principalId] = [...new Set([...bucket[a.principalId]!, a.role])].sort();
    }
    return want;
}

function tally(log: readonly RequestLogEntry[]) {
    const count = (f: (e: RequestLogEntry) => boolean) => log.filter(f).length;
    const patchesPer = new Map<string, number>();
    for (const e of log)
        if (e.method === "PATCH" && e.status === 204)
            patchesPer.set(e.path, (patchesPer.get(e.path) ?? 0) + 1);
    return {
        requests: log.length,
        gets: count((e) => e.method === "GET"),
        patches: count((e) => e.method === "PATCH"),
        appliedPatches: count((e) => e.method === "PATCH" && e.status === 204),
        injected5xx: count((e) => /^status:5/.test(e.fault ?? "")),
        injected429: count((e) => e.fault === "status:429"),
        maxPatchesPerPrincipal: Math.max(0, ...patchesPer.values()),
    };
}

describeWithCli("100 assignments in one pulumi up under injected 5xx and 429", () => {
    it("pulumi up lands exactly the declared roles on 15 principals, and destroy restores the seed exactly, despite ~10% 5xx and some 429s", async () => {
        const emu = await startEmulator({ extraUsers: 20, extraGroups: 6 });
        secrets.add(emu.apiKey);
        try {
            const list = hundredAssignments();
            const seed = emu.seedSnapshot();
            const stack = await cliStack(emu, { assignments: list.map(({ principalId: _p, ...a }) => a) });
            const rules: FaultRule[] = [
                { kind: "status", status: 500, rate: 0.05 },
                { kind: "status", status: 503, rate: 0.053 },
                { kind: "status", status: 429, retryAfterSeconds: 1, rate: 0.02 },
            ];
            for (const r of rules) emu.faults.inject(r);

            let t0 = Date.now();
            const up = await stack.run(["up", "--yes", "--skip-preview"]);
            const upMs = Date.now() - t0;
            await settle(emu);
            const upLog = [...emu.requests];
            const afterUp = emu.snapshot();
            const want = expectedAfterUp(seed, list);
            const exactAfterUp = JSON.stringify(afterUp) === JSON.stringify(want);
            const inState = (await stack.resources()).length;

            const refresh = await stack.run(["refresh", "--yes", "--skip-preview", "--expect-no-changes"]);
            emu.resetLog();
            t0 = Date.now();
            const destroy = await stack.run(["destroy", "--yes", "--skip-preview"]);
            const destroyMs = Date.now() - t0;
            await settle(emu);
            const destroyLog = [...emu.requests];
            emu.faults.clear();
            const exactAfterDestroy = JSON.stringify(emu.snapshot()) === JSON.stringify(seed);
            const foreignDrops = [...upLog, ...destroyLog].filter((e) => {
                if (e.method !== "PATCH") return false;
                const names = patchedRoleNames(e) ?? [];
                const id = e.path.split("/").pop()!;
                const seedRoles = (e.path.includes("/users/") ? seed.users[id] : seed.groups[id]) ?? [];
                return seedRoles.some((r) => !names.includes(r));
            });
            for (const t of stack.transcript) scanner.add("100 assignments: command", t);
            saveTranscript("concurrency 100 assignments", stack.transcript);
            stack.dispose();

            const row = (
                phase: string,
                code: number,
                ms: number,
                log: RequestLogEntry[],
                exact: boolean,
                message?: string,
            ) => ({
                phase,
                outcome: code === 0 ? "ok" : "FAILED",
                message: message ?? "",
                durationMs: ms,
                ...tally(log),
                exact,
            });
            results.add("concurrency", {
                assignments: list.length,
                principals: 15,
                resourcesInState: inState,
                refreshNoChanges: refresh.code === 0,
                ...row("up", up.code, upMs, upLog, exactAfterUp, errorLines(up)[0]),
            });
            results.add("concurrency", {
                assignments: list.length,
                principals: 15,
                foreignDrops: foreignDrops.length,
                ...row(
                    "destroy",
                    destroy.code,
                    destroyMs,
                    destroyLog,
                    exactAfterDestroy,
                    errorLines(destroy)[0],
                ),
            });

            expect(errorLines(up)).toEqual([]);
            expect(up.code).toBe(0);
            expect(inState).toBe(100);
            expect(afterUp).toEqual(want);
            expect(refresh.code).toBe(0);
            expect(destroy.code).toBe(0);
            expect(emu.snapshot()).toEqual(seed);
            expect(foreignDrops.map((e) => e.seq)).toEqual([]);
            // The faults really happened.
            expect(tally(upLog).injected5xx).toBeGreaterThan(0);
        } finally {
            await emu.close();
        }
    });
});

const TRIALS = 20;

describe("the outside-writer race (another admin racing half of our PATCHes)", () => {
    for (const mode of ["before-write", "after-write"] as const) {
        it(`${mode}: over ${TRIALS} trials every reported success holds in the tenant, no seed role is dropped, and every failure is a one-line conflict that a re-run fixes`, async () => {
            const emu = await startEmulator({
                extraUsers: 5,
                extraGroups: 2,
                seed: mode === "before-write" ? 11 : 12,
            });
            secrets.add(emu.apiKey);
            const config = {
                "qlik:tenantUrl": emu.url,
                "qlik:apiKey": emu.apiKey,
            };
            const program: Declared[] = [
                { name: "u", kind: "user", args: { subject: "user1234", role: "ManagedSpaceCreator" } },
            ];
            const seedRoles = emu.userRoles("user1234");
            const trials: Record<string, unknown>[] = [];
            const problems: string[] = [];
            try {
                for (let i = 0; i < TRIALS; i++) {
                    for (const op of ["up", "destroy"] as const) {
                        emu.faults.clear(); // keeps the PRNG going, so trials differ
                        emu.resetLog();
                        if (op === "up") emu.setUserRoles("user1234", seedRoles);
                        const stack = trialStacks.get(i) ?? new MiniStack(config, { batchWindowMs: 5 });
                        trialStacks.set(i, stack);
                        emu.faults.outsideWriter = { enabled: true, mode, rate: 0.5, role: "Steward" };
                        const r = op === "up" ? await stack.up(program) : await stack.destroy();
                        const fired = emu.faults.outsideWriterEvents.length;
                        emu.faults.clear();
                        const roles = emu.userRoles("user1234");
                        const patches = emu.requests.filter(
                            (e) => e.method === "PATCH" && e.path === `/api/v1/users/${DOC_USER}`,
                        );
                        const ours = roles.includes("ManagedSpaceCreator") === (op === "up");
                        const dropsSeed = patches.filter((p) =>
                            seedRoles.some((s) => !(patchedRoleNames(p) ?? []).includes(s)),
                        );
                        for (const e of r.errors) scanner.add(`race ${mode} ${op} ${i}`, e);
                        scanner.add(`race ${mode} ${op} ${i}: request log`, emu.requests);
                        let rerun: boolean | undefined;
                        if (!r.ok) {
                            rerun = (op === "up" ? await stack.up(program) : await stack.destroy()).ok;
                            if (
                                !r.errors.every(
                                    (e) =>
                                        /another writer kept changing.*re-run/.test(e) && !e.includes("\n"),
                                )
                            )
                                problems.push(`trial ${i} ${op}: unexpected message ${r.errors.join(" | ")}`);
                        }
                        if (r.ok && !ours)
                            problems.push(
                                `trial ${i} ${op}: reported success but our change is not in the tenant`,
                            );
                        if (dropsSeed.length > 0)
                            problems.push(`trial ${i} ${op}: a PATCH dropped a seed role`);
                        if (rerun === false) problems.push(`trial ${i} ${op}: the re-run failed too`);
                        trials.push({
                            trial: i,
                            op,
                            ok: r.ok,
                            patches: patches.length,
                            conflicts: Math.max(0, patches.length - 1),
                            fired,
                            ours,
                            writerRoleKept: fired > 0 ? roles.includes("Steward") : null,
                            rerun,
                        });
                        // Clean slate for the writer's role before the next step (after any re-run).
                        emu.setUserRoles(
                            "user1234",
                            emu.userRoles("user1234").filter((x) => x !== "Steward"),
                        );
                    }
                }
                for (const op of ["up", "destroy"] as const) {
                    const t = trials.filter((x) => x.op === op);
                    const patches = t.map((x) => x.patches as number).sort((a, b) => a - b);
                    const histogram: Record<string, number> = {};
                    for (const p of patches) histogram[p] = (histogram[p] ?? 0) + 1;
                    const raced = t.filter((x) => (x.fired as number) > 0);
                    results.add("race", {
                        mode,
                        op,
                        trials: t.length,
                        succeeded: t.filter((x) => x.ok).length,
                        failedConflict: t.filter((x) => !x.ok).length,
                        oursHeldAfterSuccess: t.filter((x) => x.ok && x.ours).length,
                        oursHeldAfterFailure: t.filter((x) => !x.ok && x.ours).length,
                        patchesHistogram: histogram,
                        meanPatches: Number((patches.reduce((a, b) => a + b, 0) / patches.length).toFixed(2)),
                        racedRuns: raced.length,
                        writerFires: t.reduce((n, x) => n + (x.fired as number), 0),
                        writerRoleKept: raced.filter((x) => x.writerRoleKept).length,
                        writerRoleLost: raced.filter((x) => x.writerRoleKept === false).length,
                        rerunsOk: t.filter((x) => x.rerun === true).length,
                        problems,
                    });
                }
                expect(problems).toEqual([]);
                expect(trials.filter((x) => (x.fired as number) > 0).length).toBeGreaterThan(0);
            } finally {
                trialStacks.clear();
                await emu.close();
            }
        });
    }

    it("no credential appears in any CLI output, error or request log of the concurrency tests", () => {
        // Scanning nothing would find nothing: both races must have added the request log of every trial.
        expect(secrets.size).toBeGreaterThanOrEqual(2);
        expect(scanner.count).toBeGreaterThanOrEqual(2 * 2 * TRIALS);
        expect(scanner.bytes).toBeGreaterThanOrEqual(2 * 2 * TRIALS * 100);
        const hits = scanner.scan([...secrets]);
        results.add("secrets", {
            source: "concurrency and race (CLI output, errors)",
            artifacts: scanner.count,
            bytes: scanner.bytes,
            hits: hits.length,
        });
        expect(hits).toEqual([]);
    });
});

const trialStacks = new Map<number, MiniStack>();
