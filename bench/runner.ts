/**
 * Runs one scenario on every requested path (cli, direct, naive) and declaration order, phase by phase, against one
 * emulator, and turns each phase's request log into metrics next to its bounds. Every path starts from the seed
 * state, and every phase starts with fresh rate-limit windows (tenant.ts explains why).
 */
import * as fs from "node:fs";
import * as nodePath from "node:path";
import type { TenantEmulator } from "../emulator";
import type { Arrivals } from "./arrivals";
import { CliDriver, DirectDriver, isCli, NaiveDriver, type Driver, type PathKind } from "./drivers";
import { bounds, PHASES, summarize, type Bounds, type Phase, type PhaseMetrics } from "./metrics";
import { interleave, principalKey, type Assignment, type Order, type Scenario } from "./scenarios";
import { freshRateWindows, providerConfig, providerTuning, startTenant, type BenchSettings } from "./tenant";

export interface PhaseResult {
    phase: Phase;
    metrics: PhaseMetrics;
    bounds: Bounds;
    /** CLI only: wall time minus the same command on an empty program (the engine's fixed cost). */
    netWallMs?: number;
    ok: boolean;
    /** No-change preview: resources reported as changed. */
    changes?: number;
    /** How the engine (or the direct runner) delivered the writing operations; phases that write only. */
    arrivals?: Arrivals;
    /** CLI: time the engine waited inside `check` calls (serial in the engine). */
    checkMs?: number;
    /** CLI `up`: mean bytes of one resource in the exported state. */
    stateBytesPerResource?: number;
    /** After `up`: declared assignments not held (lost updates). After `destroy`: principals not back to the seed. */
    missing?: number;
    notes: string[];
}

export interface RunResult {
    path: PathKind;
    order: Order;
    phases: PhaseResult[];
    durationMs: number;
}

export interface ScenarioResult {
    id: string;
    title: string;
    asserted: boolean;
    assignments: number;
    principals: number;
    /** Principals whose roles `up` changes (and `destroy` changes back). */
    touched: number;
    rolePages: number;
    /** The time scale the scenario ran at (see BenchSettings.timeScale). */
    timeScale: number;
    runs: RunResult[];
    durationMs: number;
}

export interface RunOptions {
    paths: PathKind[];
    /**
     * Also run up + destroy with interleaved declarations (reported, not asserted): on the direct path always, on
     * the CLI up to this many assignments (S3's interleaved CLI run alone takes ~20 min, all in the engine).
     */
    interleaved: boolean;
    interleavedCliMax?: number;
    /** Direct path: each step in a fresh process (true for `npm run bench`). */
    isolate: boolean;
    /** CLI fixed cost per phase (an empty program), subtracted to give `netWallMs`. */
    cliOverheadMs?: Partial<Record<Phase, number>>;
    log: (line: string) => void;
    /** Only these phases (in this order); default every phase (adjacent) or up + destroy (interleaved). */
    phases?: Phase[];
    /** Write each phase's emulator request log here (`<scenario>-<path>-<order>-<phase>.json`), for diagnosis. */
    dumpDir?: string;
}

export async function runScenario(
    scenario: Scenario,
    settings: BenchSettings,
    options: RunOptions,
): Promise<ScenarioResult> {
    const started = Date.now();
    const emu = await startTenant(scenario, settings);
    try {
        const rolePages = await countRolePages(emu);
        const principals = new Set(scenario.assignments.map(principalKey)).size;
        const touched = touchedPrincipals(emu, scenario.assignments);
        const work = { principals, touched };
        const runs: RunResult[] = [];
        for (const path of options.paths) {
            const orders: Order[] = ["adjacent"];
            const cliTooBig =
                path === "cli" && scenario.assignments.length > (options.interleavedCliMax ?? Infinity);
            if (
                options.interleaved &&
                scenario.asserted &&
                (path === "cli" || path === "direct") &&
                !cliTooBig
            )
                orders.push("interleaved");
            for (const order of orders) {
                const assignments =
                    order === "adjacent" ? scenario.assignments : interleave(scenario.assignments);
                // The GOMAXPROCS=1 variant changes only the order in which the engine receives registrations, which
                // only `up` depends on (destroy deletes in the engine's own random order either way). The floor runs
                // every phase: each CLI phase is reported as a ratio to it.
                const phases: Phase[] =
                    options.phases ??
                    (path === "cli-gomaxprocs1" ? ["up"] : order === "adjacent" ? PHASES : ["up", "destroy"]);
                const runStarted = Date.now();
                emu.reset();
                const heldBefore = new Map(assignments.map((a) => [principalKey(a), rolesOf(emu, a)]));
                const driver = await makeDriver(path, emu, assignments, settings, options.isolate);
                const results: PhaseResult[] = [];
                try {
                    for (const phase of phases) {
                        freshRateWindows(emu);
                        const r = await driver.run(phase);
                        const metrics = summarize([...emu.requests], r.wallMs);
                        if (options.dumpDir) {
                            fs.mkdirSync(options.dumpDir, { recursive: true });
                            fs.writeFileSync(
                                nodePath.join(
                                    options.dumpDir,
                                    `${scenario.id}-${path}-${order}-${phase}.json`,
                                ),
                                JSON.stringify(emu.requests.map(({ body: _body, ...e }) => e)),
                            );
                        }
                        const result: PhaseResult = {
                            phase,
                            metrics,
                            bounds: bounds(phase, work, rolePages, settings),
                            ok: r.ok,
                            notes: r.notes,
                        };
                        if (r.changes !== undefined) result.changes = r.changes;
                        if (r.arrivals) result.arrivals = r.arrivals;
                        if (r.checkMs !== undefined) result.checkMs = r.checkMs;
                        if (r.stateBytesPerResource !== undefined)
                            result.stateBytesPerResource = r.stateBytesPerResource;
                        if (isCli(path) && options.cliOverheadMs?.[phase] !== undefined)
                            result.netWallMs = Math.max(0, r.wallMs - options.cliOverheadMs[phase]!);
                        if (path !== "cli-floor") {
                            if (phase === "up") result.missing = missingAssignments(emu, assignments);
                            if (phase === "destroy")
                                result.missing =
                                    path === "cli-sets"
                                        ? principalsNotAfterSetDestroy(emu, assignments, heldBefore)
                                        : principalsNotAtSeed(emu);
                        }
                        results.push(result);
                        options.log(
                            `  ${scenario.id} ${path.padEnd(6)} ${order.padEnd(11)} ${phase.padEnd(7)} ${(r.wallMs / 1000).toFixed(2).padStart(7)} s  ` +
                                `GET ${metrics.reads} PATCH ${metrics.writes} 429 ${metrics.status429}` +
                                (result.missing ? `  missing ${result.missing}` : "") +
                                (r.notes.length ? `  [${r.notes.join("; ").slice(0, 300)}]` : ""),
                        );
                    }
                } finally {
                    await driver.dispose();
                }
                runs.push({ path, order, phases: results, durationMs: Date.now() - runStarted });
            }
        }
        return {
            id: scenario.id,
            title: scenario.title,
            asserted: scenario.asserted,
            assignments: scenario.assignments.length,
            principals,
            touched,
            rolePages,
            timeScale: settings.timeScale,
            runs,
            durationMs: Date.now() - started,
        };
    } finally {
        await emu.close();
    }
}

async function makeDriver(
    path: PathKind,
    emu: TenantEmulator,
    assignments: Assignment[],
    settings: BenchSettings,
    isolate: boolean,
): Promise<Driver> {
    if (isCli(path)) return CliDriver.create(path, emu, assignments, settings);
    if (path === "direct")
        return new DirectDriver(
            providerConfig(emu, settings),
            providerTuning(settings),
            assignments,
            settings.parallelism,
            isolate,
        );
    return new NaiveDriver(emu, assignments, settings.parallelism);
}

/** Pages of GET /roles at 100 per page (the role listing of the lower bound). */
async function countRolePages(emu: TenantEmulator): Promise<number> {
    let pages = 0;
    for (let url: string | undefined = `${emu.url}/api/v1/roles?limit=100`; url; pages++) {
        const res = await fetch(url, { headers: { authorization: `Bearer ${emu.apiKey}` } });
        const body = (await res.json()) as { links?: { next?: { href?: string | null } } };
        url = body.links?.next?.href ?? undefined;
    }
    emu.reset();
    return pages;
}

const rolesOf = (emu: TenantEmulator, a: Assignment) =>
    a.kind === "user" ? emu.userRoles(a.subject!) : emu.groupRoles(a.groupName!);

function touchedPrincipals(emu: TenantEmulator, assignments: Assignment[]): number {
    return new Set(assignments.filter((a) => !rolesOf(emu, a).includes(a.role)).map(principalKey)).size;
}

function missingAssignments(emu: TenantEmulator, assignments: Assignment[]): number {
    return assignments.filter((a) => !rolesOf(emu, a).includes(a.role)).length;
}

/**
 * After destroying the set resources: each declared principal holds none of its set's roles (the set holds the
 * roles it had before plus the assigned ones, and destroy removes the declared roles), and every other principal is
 * as seeded. Declared principals are put back to their seed roles to count the others.
 */
function principalsNotAfterSetDestroy(
    emu: TenantEmulator,
    assignments: Assignment[],
    heldBefore: Map<string, string[]>,
): number {
    let wrong = 0;
    const seen = new Set<string>();
    for (const a of assignments) {
        const key = principalKey(a);
        if (seen.has(key)) continue;
        seen.add(key);
        if (rolesOf(emu, a).length > 0) wrong++;
        const seed = heldBefore.get(key) ?? [];
        if (a.kind === "user") emu.setUserRoles(a.subject!, seed);
        else emu.setGroupRoles(a.groupName!, seed);
    }
    return wrong + principalsNotAtSeed(emu);
}

function principalsNotAtSeed(emu: TenantEmulator): number {
    const now = emu.snapshot();
    const seed = emu.seedSnapshot();
    let differ = 0;
    for (const kind of ["users", "groups"] as const) {
        for (const [id, roles] of Object.entries(now[kind])) {
            if ([...roles].sort().join("|") !== [...(seed[kind][id] ?? [])].sort().join("|")) differ++;
        }
    }
    return differ;
}
