/**
 * The space access benchmark (issue 30): 50 spaces x 20 assignees x 2 roles, 2,000 `SpaceRoleAssignment`s on
 * 1,000 (space, assignee) pairs, against the emulator with Qlik's limits time-scaled (bench/tenant.ts), on up to
 * four paths, each on a fresh tenant:
 * - `direct`: the provider's lifecycle in-process, the way the engine calls it (a preview process of checks, an
 *   update process of check + create, a destroy process; at most `parallelism` operations in flight, declaration
 *   order, each pair's two roles adjacent);
 * - `naive`: a script on qlik-cli's space assignment commands, per declaration (space-naive.ts);
 * - `cli`: the real Pulumi CLI on the e2e tests' program (test/e2e/program, declarations in `assignmentsFile`):
 *   `up` (with its preview) and `destroy --skip-preview`, `--parallel` as the others;
 * - `cli-floor`: the same CLI on the same program shape with a provider that does nothing (space-program.ts,
 *   noop-provider.ts): the engine's own cost, which no provider goes below.
 * It reports writes per pair against the lower bound of 1 (one POST in `up`, one DELETE in `destroy`), requests,
 * and wall time against the floor and the naive baseline.
 *
 * Run: `npm run bench:spaces` (every path; writes bench/results/spaces.{json,md}), or
 * `npm run build && node dist/bench/spaces.js [--paths direct,naive,cli,cli-floor] [--parallel 8] [--cli-env KEY=VALUE]
 * [--out dir [--name spaces]] [spaces] [assignees]`.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { RequestLogEntry, TenantEmulator } from "../emulator";
import { configure, providerFor, __testing } from "../provider/runtime";
import { findPulumi, PulumiStack, REPO_ROOT } from "../scripts/lib/pulumi-cli";
import { pool } from "./direct";
import { NOOP_PROVIDER_ENV, NOOP_TENANT_ENV } from "./noop-provider";
import { runSpaceNaive } from "./space-naive";
import { writeSpaceFloorProgram, type SpaceDeclaration } from "./space-program";
import { runFailed, spaceMarkdown } from "./space-report";
import type { Scenario } from "./scenarios";
import {
    DEFAULT_SETTINGS,
    WRITE_ALLOWANCE,
    providerConfig,
    providerTuning,
    startTenant,
    type BenchSettings,
} from "./tenant";

export type SpacePath = "direct" | "naive" | "cli" | "cli-floor";
export const SPACE_PATHS: SpacePath[] = ["direct", "naive", "cli", "cli-floor"];
const ROLES = ["consumer", "producer"] as const;

export interface SpacePhase {
    phase: "up" | "destroy";
    wallMs: number;
    /** The command or calls reported success. */
    ok: boolean;
    requests: number;
    reads: number;
    writes: number;
    posts: number;
    puts: number;
    deletes: number;
    /** Writes divided by the pairs: the lower bound is 1. */
    writesPerPair: number;
    /** How many pairs took n writes: `{ "1": 1000 }`. */
    writesPerPairHistogram: Record<string, number>;
    status409: number;
    status429: number;
    /** Answers >= 400 other than 409 and 429. */
    errors: number;
    /** After `up`: pairs without every declared role; after `destroy`: assignments left in the bench's spaces. */
    wrong: number;
    /** After `destroy`: the seed's own assignments are as they were. */
    seedUntouched?: boolean;
    notes: string[];
}

export interface SpaceRun {
    path: SpacePath;
    phases: SpacePhase[];
}

export interface SpaceBenchReport {
    startedAt: string;
    durationMs: number;
    scenario: string;
    spaces: number;
    assignees: number;
    declarations: number;
    pairs: number;
    settings: BenchSettings;
    /** Pause between `up` and `destroy`, for a fresh rate-limit window (as if run 5 minutes apart). */
    gapMs: number;
    writeBudget: string;
    node: string;
    pulumi: string;
    /** How the run was started, for the report's first line. */
    command?: string;
    /** The machine's 1-minute load average (2 cores here) at the start and end: other work shares it. */
    loadAverage?: { start: number; end: number };
    runs: SpaceRun[];
}

export interface SpaceBenchOptions {
    spaces: number;
    assignees: number;
    paths: SpacePath[];
    settings: BenchSettings;
    /** Default: one rate-limit window of the time-scaled tenant. */
    gapMs?: number;
    command?: string;
    log?: (line: string) => void;
}

const spaceName = (s: number) => `Bench Space ${String(s).padStart(2, "0")}`;

/** Declaration order: space by space, assignee by assignee, each pair's two roles adjacent. */
export function spaceDeclarations(spaces: number, assignees: number): SpaceDeclaration[] {
    const out: SpaceDeclaration[] = [];
    for (let s = 1; s <= spaces; s++)
        for (let u = 1; u <= assignees; u++)
            for (const role of ROLES)
                out.push({
                    name: `s${s}-u${u}-${role}`,
                    spaceName: spaceName(s),
                    subject: `extra-user-${String(u).padStart(3, "0")}`,
                    role,
                });
    return out;
}

const WRITES = ["POST", "PUT", "DELETE"];
const isWrite = (e: RequestLogEntry) => WRITES.includes(e.method);

/**
 * Pairs by their number of writes. A POST names its pair in its path and body; a PUT or DELETE names an assignment,
 * whose pair `pairOf` knows (assignment ids seen in the tenant before and after the phase).
 */
function writesPerPair(
    log: readonly RequestLogEntry[],
    pairOf: ReadonlyMap<string, string>,
): Record<string, number> {
    const perKey = new Map<string, number>();
    for (const e of log.filter(isWrite)) {
        const key =
            e.method === "POST"
                ? `${e.path.replace(/\/assignments$/, "")}/${(e.body as { assigneeId?: string }).assigneeId}`
                : (pairOf.get(e.path.split("/").pop()!) ?? e.path);
        perKey.set(key, (perKey.get(key) ?? 0) + 1);
    }
    const histogram: Record<string, number> = {};
    for (const n of perKey.values()) histogram[n] = (histogram[n] ?? 0) + 1;
    return histogram;
}

/** Adds each assignment of the given spaces to `into`: its id -> `/api/v1/spaces/<spaceId>/<assigneeId>`. */
function notePairs(emu: TenantEmulator, spaceIds: ReadonlySet<string>, into: Map<string, string>): void {
    for (const [spaceId, byAssignee] of Object.entries(emu.spaces.snapshot())) {
        if (!spaceIds.has(spaceId)) continue;
        for (const key of Object.keys(byAssignee)) {
            const assigneeId = key.slice(key.indexOf(":") + 1);
            const a = emu.spaces.assignment(spaceId, assigneeId);
            if (a) into.set(a.id, `/api/v1/spaces/${spaceId}/${assigneeId}`);
        }
    }
}

/** How a path runs a phase; the runner measures every path the same way from the emulator's log. */
interface SpaceDriver {
    run(phase: "up" | "destroy"): Promise<{ ok: boolean; notes: string[] }>;
    dispose(): Promise<void>;
}

export async function runSpaceBench(o: SpaceBenchOptions): Promise<SpaceBenchReport> {
    const started = Date.now();
    const loadStart = os.loadavg()[0]!;
    const st = o.settings;
    const log = o.log ?? (() => undefined);
    const windowSeconds = 300 / st.timeScale;
    const gapMs = o.gapMs ?? windowSeconds * 1000;
    const declared = spaceDeclarations(o.spaces, o.assignees);
    const pairs = o.spaces * o.assignees;
    let pulumi = "not run";
    if (o.paths.some((p) => p.startsWith("cli"))) {
        const cli = findPulumi();
        if (!cli.ok) throw new Error(cli.reason);
        pulumi = cli.version;
    }
    const runs: SpaceRun[] = [];
    for (const p of o.paths) {
        const runStarted = Date.now();
        const scenario = { emulator: { extraUsers: o.assignees, extraGroups: 0 } } as Scenario;
        const emu = await startTenant(scenario, st);
        const benchSpaces = new Set<string>();
        for (let s = 1; s <= o.spaces; s++)
            benchSpaces.add(
                emu.spaces.addSpace({ name: spaceName(s), type: "shared", ownerId: emu.adminUserId }).id,
            );
        const seedOnly = () =>
            JSON.stringify(Object.entries(emu.spaces.snapshot()).filter(([id]) => !benchSpaces.has(id)));
        const seedBefore = seedOnly();
        const driver = await driverFor(p, emu, declared, st);
        const phases: SpacePhase[] = [];
        try {
            for (const phase of ["up", "destroy"] as const) {
                if (phase === "destroy") await new Promise((r) => setTimeout(r, gapMs));
                const pairOf = new Map<string, string>();
                notePairs(emu, benchSpaces, pairOf);
                emu.resetLog();
                const t0 = Date.now();
                const r = await driver.run(phase);
                const wallMs = Date.now() - t0;
                notePairs(emu, benchSpaces, pairOf);
                const entries = [...emu.requests];
                const members = Object.entries(emu.spaces.snapshot())
                    .filter(([id]) => benchSpaces.has(id))
                    .flatMap(([, byAssignee]) => Object.values(byAssignee));
                const complete = members.filter((roles) => ROLES.every((x) => roles.includes(x))).length;
                const writes = entries.filter(isWrite).length;
                const count = (m: string) => entries.filter((e) => e.method === m).length;
                phases.push({
                    phase,
                    wallMs,
                    ok: r.ok,
                    requests: entries.length,
                    reads: count("GET"),
                    writes,
                    posts: count("POST"),
                    puts: count("PUT"),
                    deletes: count("DELETE"),
                    writesPerPair: writes / pairs,
                    writesPerPairHistogram: writesPerPair(entries, pairOf),
                    status409: entries.filter((e) => e.status === 409).length,
                    status429: entries.filter((e) => e.status === 429).length,
                    errors: entries.filter((e) => e.status >= 400 && e.status !== 409 && e.status !== 429)
                        .length,
                    wrong: phase === "up" ? pairs - complete : members.length,
                    ...(phase === "destroy" ? { seedUntouched: seedOnly() === seedBefore } : {}),
                    notes: r.notes,
                });
                log(
                    `${p} ${phase}: ${(wallMs / 1000).toFixed(1)} s, ${entries.length} requests, ${writes} writes (${(writes / pairs).toFixed(2)} per pair)${r.ok ? "" : `, FAILED: ${r.notes.join("; ")}`}`,
                );
            }
        } finally {
            await driver.dispose();
            await emu.close();
        }
        runs.push({ path: p, phases });
        log(`${p} done in ${((Date.now() - runStarted) / 1000).toFixed(1)} s`);
    }
    return {
        startedAt: new Date(started).toISOString(),
        durationMs: Date.now() - started,
        scenario: `${o.spaces} spaces x ${o.assignees} assignees x ${ROLES.length} roles`,
        spaces: o.spaces,
        assignees: o.assignees,
        declarations: declared.length,
        pairs,
        settings: st,
        gapMs,
        writeBudget: `${WRITE_ALLOWANCE} writes per ${windowSeconds} s window (Qlik's 5 minutes, time-scaled ${st.timeScale}x)`,
        node: process.version,
        pulumi,
        ...(o.command ? { command: o.command } : {}),
        loadAverage: { start: loadStart, end: os.loadavg()[0]! },
        runs,
    };
}

async function driverFor(
    p: SpacePath,
    emu: TenantEmulator,
    declared: SpaceDeclaration[],
    st: BenchSettings,
): Promise<SpaceDriver> {
    if (p === "direct") return directDriver(emu, declared, st);
    if (p === "naive")
        return {
            async run(phase) {
                const r = await runSpaceNaive(phase, emu.url, emu.apiKey, declared, st.parallelism);
                const notes = r.errors.length ? [`${r.errors.length} errors, e.g. ${r.errors[0]}`] : [];
                return { ok: r.errors.length === 0, notes };
            },
            async dispose() {},
        };
    return cliDriver(p, emu, declared, st);
}

/** The engine's calls, in-process: a preview process (check), an update process (check, create), a destroy. */
function directDriver(emu: TenantEmulator, declared: SpaceDeclaration[], st: BenchSettings): SpaceDriver {
    const config = providerConfig(emu, st);
    const fresh = async () => {
        __testing.reset();
        await configure({ config: { get: (k: string) => config[k] } }, providerTuning(st));
    };
    const member = () => providerFor("spaceMember", 1);
    const inputsOf = (d: SpaceDeclaration) => ({
        spaceName: d.spaceName,
        subject: d.subject,
        role: d.role,
        resourceName: d.name,
    });
    const state = new Map<string, { id: string; outs: Record<string, unknown> }>();
    return {
        async run(phase) {
            const errors: string[] = [];
            const guard = (fn: (d: SpaceDeclaration) => Promise<void>) => async (d: SpaceDeclaration) => {
                try {
                    await fn(d);
                } catch (err) {
                    errors.push(`${d.name}: ${(err as Error).message}`);
                }
            };
            if (phase === "up") {
                await fresh(); // the preview process: check only
                await pool(
                    declared,
                    st.parallelism,
                    guard(async (d) => void (await member().check({}, inputsOf(d)))),
                );
                await fresh(); // the update process: check, then create
                await pool(
                    declared,
                    st.parallelism,
                    guard(async (d) => {
                        const r = await member().check({}, inputsOf(d));
                        state.set(d.name, await member().create(r.inputs ?? inputsOf(d)));
                    }),
                );
            } else {
                await fresh();
                await pool(
                    [...declared].reverse(),
                    st.parallelism,
                    guard(async (d) => {
                        const s = state.get(d.name);
                        if (s) await member().delete(s.id, s.outs);
                    }),
                );
            }
            return {
                ok: errors.length === 0,
                notes: errors.length ? [`${errors.length} errors, e.g. ${errors[0]}`] : [],
            };
        },
        async dispose() {
            __testing.reset();
        },
    };
}

/** The real CLI on the e2e program, or (`cli-floor`) on the floor program; one stack, `up` then `destroy`. */
async function cliDriver(
    p: "cli" | "cli-floor",
    emu: TenantEmulator,
    declared: SpaceDeclaration[],
    st: BenchSettings,
): Promise<SpaceDriver> {
    const floorDir = p === "cli-floor" ? writeSpaceFloorProgram(declared) : undefined;
    // 2,000 declarations are too long for `pulumi config set`'s command line: the e2e program reads them from a file.
    const fileDir = floorDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "space-bench-"));
    const file = path.join(fileDir, "assignments.json");
    if (!floorDir) fs.writeFileSync(file, JSON.stringify(declared.map((d) => ({ ...d, kind: "space" }))));
    const config: Record<string, string | { value: string; secret: true }> = {
        ...providerConfig(emu, st),
        "qlik:apiKey": { value: emu.apiKey, secret: true },
    };
    if (!floorDir) config.assignmentsFile = file;
    const stack = await PulumiStack.create({
        programDir: floorDir ?? path.join(REPO_ROOT, "test/e2e/program"),
        config,
        stackName: "bench",
        env: {
            QLIK_ROLES_TUNING: JSON.stringify(providerTuning(st)),
            ...st.cliEnv,
            [NOOP_PROVIDER_ENV]: path.join(__dirname, "noop-provider.js"),
            [NOOP_TENANT_ENV]: emu.url,
        },
    });
    const parallel = ["--parallel", String(st.parallelism)];
    const args = {
        up: ["up", "--yes", ...parallel],
        destroy: ["destroy", "--yes", "--skip-preview", ...parallel],
    };
    return {
        async run(phase) {
            const r = await stack.run(args[phase], { timeoutMs: 3_600_000 });
            const tail = (r.stdout + r.stderr).trim().split("\n").slice(-6).join(" | ").slice(0, 800);
            return {
                ok: r.code === 0,
                notes: r.code === 0 ? [] : [`pulumi ${phase} exited ${r.code}: ${tail}`],
            };
        },
        async dispose() {
            stack.dispose();
            fs.rmSync(fileDir, { recursive: true, force: true });
        },
    };
}

function parseArgs(argv: string[]): { options: SpaceBenchOptions; out?: string; name: string } {
    const sizes: number[] = [];
    let paths: SpacePath[] = ["direct"];
    let out: string | undefined;
    let name = "spaces";
    let parallelism = DEFAULT_SETTINGS.parallelism;
    const cliEnv: Record<string, string> = {};
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i]!;
        if (a === "--cli") paths = [...SPACE_PATHS];
        else if (a === "--paths") {
            paths = (argv[++i] ?? "").split(",").map((x) => {
                if (!SPACE_PATHS.includes(x as SpacePath))
                    throw new Error(`unknown path "${x}" (${SPACE_PATHS.join(", ")})`);
                return x as SpacePath;
            });
        } else if (a === "--out") out = path.resolve(argv[++i] ?? "bench/results");
        else if (a === "--name") name = argv[++i] ?? name;
        else if (a === "--parallel") parallelism = Number(argv[++i]);
        else if (a === "--cli-env") {
            const [k, ...v] = (argv[++i] ?? "").split("=");
            if (!k || v.length === 0) throw new Error("--cli-env needs KEY=VALUE");
            cliEnv[k] = v.join("=");
        } else if (/^\d+$/.test(a)) sizes.push(Number(a));
        else
            throw new Error(
                `unknown argument "${a}" (spaces.js [--cli | --paths p,q] [--out dir] [spaces] [assignees])`,
            );
    }
    return {
        options: {
            spaces: sizes[0] ?? 50,
            assignees: sizes[1] ?? 20,
            paths,
            settings: {
                ...DEFAULT_SETTINGS,
                parallelism,
                ...(Object.keys(cliEnv).length ? { cliEnv } : {}),
            },
            command: `node dist/bench/spaces.js ${argv.join(" ")}`,
            log: (line) => console.log(line),
        },
        out,
        name,
    };
}

async function main(): Promise<void> {
    const { options, out, name } = parseArgs(process.argv.slice(2));
    const report = await runSpaceBench(options);
    if (!out) {
        console.log(JSON.stringify(report, null, 2));
        return;
    }
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(path.join(out, `${name}.json`), JSON.stringify(report, null, 2) + "\n");
    fs.writeFileSync(path.join(out, `${name}.md`), spaceMarkdown(report));
    console.log(`results: ${path.relative(process.cwd(), path.join(out, `${name}.md`))} (and ${name}.json)`);
    // The naive baseline may lose roles (that is its point); the floor writes nothing, so it has none to check.
    const failed = report.runs.filter((r) => runFailed(r));
    if (failed.length) {
        console.log(`FAILED: ${failed.map((r) => r.path).join(", ")} (see the notes)`);
        process.exitCode = 1;
    }
}

if (require.main === module)
    main().catch((err) => {
        console.error(`bench:spaces: ${(err as Error).stack ?? err}`);
        process.exitCode = 2;
    });
