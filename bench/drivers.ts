/**
 * The three ways a scenario's phases are run, behind one interface so the runner measures them identically:
 * `cli` (the real Pulumi CLI on a generated program), `direct` (the provider's lifecycle without the engine) and
 * `naive` (the documented procedure as raw HTTP). A driver only runs a phase; the runner reads the emulator's log.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PulumiStack } from "../scripts/lib/pulumi-cli";
import type { TenantEmulator } from "../emulator";
import { arrivalsOf, checkTimeOf, takeArrivals, takeTrace, type Arrivals } from "./arrivals";
import { slidingWindowSeconds } from "./budget";
import { runDirectStep, type DirectJob, type DirectResult, type DirectStep, type StateEntry } from "./direct";
import type { Phase } from "./metrics";
import { runNaive } from "./naive";
import { NOOP_PROVIDER_ENV, NOOP_TENANT_ENV } from "./noop-provider";
import { writeProgram, type ProgramShape } from "./program";
import type { Assignment } from "./scenarios";
import { providerConfig, providerTuning, type BenchSettings } from "./tenant";

export type PathKind = "cli" | "cli-floor" | "cli-sets" | "cli-gomaxprocs1" | "direct" | "naive";

/**
 * Every `cli*` path runs the real engine. `cli-floor` runs the per-role program on a provider that does nothing (the
 * engine's own cost); `cli-sets` declares one exact role set per principal instead. `cli-gomaxprocs1` runs it with GOMAXPROCS=1 (and the same `--parallel`): the
 * engine receives a program's registrations on one goroutine per RPC, and with several threads Go's scheduler
 * hands them to the step generator out of program order (a principal's assignments then reach the provider seconds
 * apart); on one thread they keep the program's order.
 */
export const isCli = (path: PathKind): boolean => path.startsWith("cli");

/** Which program a CLI path runs (program.ts): the per-role program, one set per principal, or the floor. */
export const programShape = (path: PathKind): ProgramShape =>
    path === "cli-sets" ? "sets" : path === "cli-floor" ? "floor" : "assignments";

export interface PhaseRun {
    wallMs: number;
    /** The command or calls reported success. */
    ok: boolean;
    /** Resources a no-change preview reported as changed (must be 0). */
    changes?: number;
    /** How the writing operations reached the provider (from its trace); not measured in-process. */
    arrivals?: Arrivals;
    /** CLI: time the engine waited inside the provider's `check` calls, one at a time (from the trace). */
    checkMs?: number;
    /** CLI, after `up`: the mean size of a resource's entry in the exported state, in bytes. */
    stateBytesPerResource?: number;
    notes: string[];
}

export interface Driver {
    readonly kind: PathKind;
    run(phase: Phase): Promise<PhaseRun>;
    dispose(): Promise<void>;
}

/** The real CLI. `up` keeps its preview (as `pulumi up` runs by default); refresh and destroy skip theirs. */
export class CliDriver implements Driver {
    private constructor(
        readonly kind: PathKind,
        private readonly stack: PulumiStack,
        private readonly programDir: string,
        private readonly parallelism: number,
        private readonly timeoutMs: number,
        private readonly traceFile: string,
    ) {}

    static async create(
        kind: PathKind,
        emu: TenantEmulator,
        assignments: Assignment[],
        settings: BenchSettings,
    ): Promise<CliDriver> {
        const held = (a: Assignment) =>
            a.kind === "user" ? emu.userRoles(a.subject!) : emu.groupRoles(a.groupName!);
        const programDir = writeProgram(assignments, programShape(kind), held);
        const config: Record<string, string | { value: string; secret: true }> = providerConfig(
            emu,
            settings,
        );
        config["qlik:apiKey"] = { value: emu.apiKey, secret: true };
        // The provider's trace gives the arrival figures (taken after each phase, so a QLIK_ROLES_TRACE given with
        // --cli-env is replaced by this one).
        const traceFile = path.join(programDir, "provider-trace.jsonl");
        const stack = await PulumiStack.create({
            programDir,
            config,
            stackName: "bench",
            env: {
                QLIK_ROLES_TUNING: JSON.stringify(providerTuning(settings)),
                ...(kind === "cli-gomaxprocs1" ? { GOMAXPROCS: "1" } : {}),
                ...settings.cliEnv,
                QLIK_ROLES_TRACE: traceFile,
                [NOOP_PROVIDER_ENV]: path.join(__dirname, "noop-provider.js"),
                [NOOP_TENANT_ENV]: emu.url,
            },
        });
        // Generous: S3's engine work grows with the resource count, and at a low time scale its writes wait for
        // the tenant's windows (at most one write per assignment, plus as many again for a swap); a hung command
        // must still end the run.
        const budgetMs = (slidingWindowSeconds(2 * assignments.length) * 1000) / settings.timeScale;
        return new CliDriver(
            kind,
            stack,
            programDir,
            settings.parallelism,
            60_000 + assignments.length * 500 + budgetMs,
            traceFile,
        );
    }

    async run(phase: Phase): Promise<PhaseRun> {
        const parallel = ["--parallel", String(this.parallelism)];
        const args: Record<Phase, string[]> = {
            up: ["up", "--yes", ...parallel],
            preview: ["preview", "--expect-no-changes", ...parallel],
            refresh: ["refresh", "--yes", "--skip-preview", ...parallel],
            destroy: ["destroy", "--yes", "--skip-preview", ...parallel],
        };
        const t0 = Date.now();
        const r = await this.stack.run(args[phase], { timeoutMs: this.timeoutMs });
        const wallMs = Date.now() - t0;
        const notes = r.code === 0 ? [] : [`pulumi ${phase} exited ${r.code}: ${tail(r.stdout + r.stderr)}`];
        // Measured after the phase's clock stopped: the floor must weigh the same in state as the real resources.
        const stateBytes = phase === "up" && r.code === 0 ? await this.stateBytesPerResource() : undefined;
        const trace = takeTrace(this.traceFile);
        const arrivals = trace === undefined ? undefined : arrivalsOf(trace);
        const checks = trace === undefined ? undefined : checkTimeOf(trace);
        return {
            wallMs,
            ok: r.code === 0,
            ...(arrivals ? { arrivals } : {}),
            ...(checks ? { checkMs: checks.ms } : {}),
            ...(stateBytes !== undefined ? { stateBytesPerResource: stateBytes } : {}),
            ...(phase === "preview" ? { changes: r.code === 0 ? 0 : NaN } : {}),
            notes,
        };
    }

    /** Mean JSON size of the stack's dynamic resources in `pulumi stack export`; undefined if it has none. */
    private async stateBytesPerResource(): Promise<number | undefined> {
        const r = await this.stack.run(["stack", "export"]);
        if (r.code !== 0) return undefined;
        const deployment = (JSON.parse(r.stdout) as { deployment?: { resources?: { type: string }[] } })
            .deployment;
        const mine = (deployment?.resources ?? []).filter((x) => x.type.startsWith("pulumi-nodejs:dynamic/"));
        if (mine.length === 0) return undefined;
        return Math.round(mine.reduce((sum, x) => sum + JSON.stringify(x).length, 0) / mine.length);
    }

    async dispose(): Promise<void> {
        this.stack.dispose();
        fs.rmSync(this.programDir, { recursive: true, force: true });
    }
}

/**
 * The provider's lifecycle, one engine operation per step. With `isolate` each step runs in a fresh node process
 * (dist/bench/direct-worker.js) like the engine's provider process; otherwise in this process (jest smoke test).
 */
export class DirectDriver implements Driver {
    readonly kind = "direct";
    private state: StateEntry[] = [];
    private readonly traceFile = path.join(
        os.tmpdir(),
        `qlik-roles-bench-trace-${process.pid}-${Date.now()}.jsonl`,
    );
    constructor(
        private readonly config: Record<string, string>,
        private readonly tuning: Record<string, number>,
        private readonly assignments: Assignment[],
        private readonly parallelism: number,
        private readonly isolate: boolean,
    ) {}

    async run(phase: Phase): Promise<PhaseRun> {
        const steps: Record<Phase, DirectStep[]> = {
            up: ["preview-new", "create"],
            preview: ["preview"],
            refresh: ["refresh"],
            destroy: ["delete"],
        };
        let wallMs = 0;
        let changes = 0;
        let arrivals: Arrivals | undefined;
        const notes: string[] = [];
        for (const step of steps[phase]) {
            const job: DirectJob = {
                step,
                config: this.config,
                tuning: this.tuning,
                assignments: this.assignments,
                state: this.state,
                parallelism: this.parallelism,
            };
            const r = this.isolate ? await runInWorker(job, this.traceFile) : await runDirectStep(job);
            if (this.isolate) arrivals = takeArrivals(this.traceFile) ?? arrivals;
            wallMs += r.ms;
            changes += r.changes;
            if (step !== "preview-new") this.state = r.state;
            if (r.errors.length) notes.push(`${step}: ${r.errors.length} errors, e.g. ${r.errors[0]}`);
        }
        return {
            wallMs,
            ok: notes.length === 0,
            ...(phase === "preview" ? { changes } : {}),
            ...(arrivals ? { arrivals } : {}),
            notes,
        };
    }

    async dispose(): Promise<void> {
        fs.rmSync(this.traceFile, { force: true });
    }
}

/** Runs one direct step in a fresh process; its wall time is measured inside (process start-up excluded). */
function runInWorker(job: DirectJob, traceFile: string): Promise<DirectResult> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "qlik-roles-bench-job-"));
    const jobPath = path.join(dir, "job.json");
    const resultPath = path.join(dir, "result.json");
    fs.writeFileSync(jobPath, JSON.stringify(job));
    return new Promise((resolve, reject) => {
        execFile(
            process.execPath,
            [path.join(__dirname, "direct-worker.js"), jobPath, resultPath],
            { maxBuffer: 16 * 1024 * 1024, env: { ...process.env, QLIK_ROLES_TRACE: traceFile } },
            (err, _stdout, stderr) => {
                try {
                    if (err)
                        return reject(
                            new Error(`direct worker (${job.step}) failed: ${stderr || err.message}`),
                        );
                    resolve(JSON.parse(fs.readFileSync(resultPath, "utf8")) as DirectResult);
                } finally {
                    fs.rmSync(dir, { recursive: true, force: true });
                }
            },
        );
    });
}

/** Qlik's documented procedure, once per assignment (see naive.ts). */
export class NaiveDriver implements Driver {
    readonly kind = "naive";
    constructor(
        private readonly emu: TenantEmulator,
        private readonly assignments: Assignment[],
        private readonly parallelism: number,
    ) {}

    async run(phase: Phase): Promise<PhaseRun> {
        const r = await runNaive(phase, this.emu.url, this.emu.apiKey, this.assignments, this.parallelism);
        return {
            wallMs: r.ms,
            ok: r.errors.length === 0,
            notes: r.errors.length ? [`${r.errors.length} errors, e.g. ${r.errors[0]}`] : [],
        };
    }

    async dispose(): Promise<void> {}
}

function tail(text: string, lines = 6): string {
    return text.trim().split("\n").slice(-lines).join(" | ").slice(0, 800);
}
