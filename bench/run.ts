/**
 * `npm run bench [-- --scenarios S1,S2,S3 --paths cli,cli-floor,cli-sets,cli-gomaxprocs1,direct,naive --scale 20 --no-interleaved --destroy-study S3|none]`
 *
 * A full run takes about an hour: 41 minutes for the scenarios, most of it S3 on the CLI paths (the engine, not
 * the tenant: see latest.md), then the destroy study (destroy-variants.ts) at Qlik's real write budget.
 * `--scenarios S1,S2` takes about 6 minutes, `--paths direct,naive` about 7 (no CLI path: no destroy study).
 * Issue 6's benchmark: runs the scenarios on the real Pulumi CLI (when one is on PATH), on the provider directly
 * and as the naive baseline, against the time-scaled emulator; writes bench/results/latest.{json,md} and
 * chart.{png,svg}; exits 1 when an asserted target is missed (the markdown says which, and by how much).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { findPulumi, REPO_ROOT } from "../scripts/lib/pulumi-cli";
import { evaluate, evaluateDestroyStudy } from "./assertions";
import { writeChart } from "./chart";
import { BENCH_DESTROY_VARIANTS, runDestroyStudy, type DestroyStudy } from "./destroy-variants";
import { isCli, type PathKind } from "./drivers";
import type { Phase } from "./metrics";
import { markdown, type BenchReport } from "./report";
import { runScenario, type ScenarioResult } from "./runner";
import { SCENARIOS, scenarioById, type Scenario } from "./scenarios";
import { DEFAULT_SETTINGS, QLIK, providerTuning, type BenchSettings } from "./tenant";

interface Args {
    scenarios: Scenario[];
    paths: PathKind[];
    settings: BenchSettings;
    interleaved: boolean;
    /** Largest scenario whose interleaved variant also runs on the CLI. */
    interleavedCliMax: number;
    outDir: string;
    dumpDir?: string;
    /** Scenario of the destroy study; default the largest asserted scenario run, `none` to skip it. */
    destroyStudy?: Scenario | "none";
}

const PATHS: PathKind[] = ["cli", "cli-floor", "cli-sets", "cli-gomaxprocs1", "direct", "naive"];

function parseArgs(argv: string[]): Args {
    const args: Args = {
        scenarios: SCENARIOS,
        paths: [...PATHS],
        settings: { ...DEFAULT_SETTINGS },
        interleaved: true,
        interleavedCliMax: 500,
        outDir: path.join(REPO_ROOT, "bench", "results"),
    };
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i]!;
        const value = () => {
            const v = argv[++i];
            if (v === undefined) throw new Error(`${a} needs a value`);
            return v;
        };
        if (a === "--scenarios") args.scenarios = value().split(",").map(scenarioById);
        else if (a === "--paths")
            args.paths = value()
                .split(",")
                .map((p) => {
                    if (!PATHS.includes(p as PathKind))
                        throw new Error(`unknown path "${p}" (${PATHS.join(", ")})`);
                    return p as PathKind;
                });
        else if (a === "--scale") args.settings.timeScale = Number(value());
        else if (a === "--latency") args.settings.latencyMs = Number(value());
        else if (a === "--parallel") args.settings.parallelism = Number(value());
        else if (a === "--no-interleaved") args.interleaved = false;
        else if (a === "--interleaved-cli-all") args.interleavedCliMax = Infinity;
        else if (a === "--tune") {
            const [k, v] = value().split("=");
            if (!k || v === undefined || !Number.isFinite(Number(v)))
                throw new Error(`--tune needs option=number, e.g. batchWindowMs=100`);
            (args.settings.tuningOverrides ??= {})[k] = Number(v);
        } else if (a === "--set" || a === "--cli-env") {
            const [k, ...v] = value().split("=");
            if (!k || v.length === 0) throw new Error(`${a} needs key=value`);
            const target =
                a === "--set" ? (args.settings.providerOverrides ??= {}) : (args.settings.cliEnv ??= {});
            target[k] = v.join("=");
        } else if (a === "--destroy-study") {
            const v = value();
            args.destroyStudy = v === "none" ? "none" : scenarioById(v);
        } else if (a === "--out") args.outDir = path.resolve(value());
        else if (a === "--dump-logs") args.dumpDir = path.resolve(value());
        else if (a === "--help" || a === "-h") {
            console.log(
                "npm run bench -- [--scenarios S1,S2,S3] [--paths cli,cli-floor,cli-sets,cli-gomaxprocs1,direct,naive] [--scale 20] [--latency 30] [--parallel 8] [--no-interleaved | --interleaved-cli-all] [--set qlik:key=value] [--tune option=number] [--cli-env KEY=VALUE] [--destroy-study S3|none] [--out dir] [--dump-logs dir]\n" +
                    "--scale applies to the scenarios whose requests do not fit Qlik's first 5-minute allowance (S3); S1 and S2 run at time scale 1.\n" +
                    "npm run bench -- --render [bench/results/latest.json]   (re-render latest.md and the chart only)",
            );
            process.exit(0);
        } else throw new Error(`unknown argument "${a}" (try --help)`);
    }
    if (!(args.settings.timeScale > 0)) throw new Error("--scale must be > 0");
    return args;
}

/** `--render <latest.json>`: rewrites latest.md and the chart next to it from measured results, without running. */
function render(jsonPath: string): void {
    const report = JSON.parse(fs.readFileSync(jsonPath, "utf8")) as BenchReport;
    const dir = path.dirname(jsonPath);
    fs.writeFileSync(path.join(dir, "latest.md"), markdown(report));
    console.log(writeChart(report.scenarios, chartSubtitle(report), path.join(dir, "chart")));
}

async function main(): Promise<void> {
    const argv = process.argv.slice(2);
    if (argv[0] === "--render")
        return render(path.resolve(argv[1] ?? path.join(REPO_ROOT, "bench", "results", "latest.json")));
    const args = parseArgs(argv);
    const started = Date.now();
    const st = args.settings;
    const log = (line: string) => console.log(line);
    let pulumi = "not run";
    if (args.paths.some(isCli)) {
        const cli = findPulumi();
        if (cli.ok) pulumi = cli.version;
        else {
            log(`CLI paths skipped: ${cli.reason}`);
            pulumi = "none on PATH";
            args.paths = args.paths.filter((p) => !isCli(p));
        }
    }
    log(
        `Benchmark: time scale ${st.timeScale} (Qlik's 5-minute window = ${300 / st.timeScale} s; scenarios that fit Qlik's first window at 1), latency ${st.latencyMs} ms, ` +
            `parallelism ${st.parallelism}; scenarios ${args.scenarios.map((s) => s.id).join(", ")}; paths ${args.paths.join(", ")}`,
    );

    let cliOverheadMs: Partial<Record<Phase, number>> | undefined;
    if (args.paths.some(isCli)) {
        // The fixed cost is additive noise on top of a constant: the minimum of two runs estimates it best.
        log("CLI fixed cost (empty program, minimum of two runs):");
        const empty: Scenario = {
            id: "S0",
            title: "empty program",
            emulator: { extraUsers: 0, extraGroups: 0 },
            assignments: [],
            asserted: false,
        };
        const overhead: Partial<Record<Phase, number>> = {};
        for (let i = 0; i < 2; i++) {
            const r = await runScenario(empty, st, {
                paths: ["cli"],
                interleaved: false,
                isolate: true,
                log,
            });
            for (const p of r.runs[0]!.phases)
                overhead[p.phase] = Math.min(overhead[p.phase] ?? Infinity, p.metrics.wallMs);
        }
        cliOverheadMs = overhead;
    }

    const results: ScenarioResult[] = [];
    for (const scenario of args.scenarios) {
        log(`${scenario.id}: ${scenario.title}`);
        const r = await runScenario(scenario, settingsFor(scenario, st), {
            paths: args.paths,
            interleaved: args.interleaved,
            interleavedCliMax: args.interleavedCliMax,
            isolate: true,
            cliOverheadMs,
            log,
            dumpDir: args.dumpDir,
        });
        log(`${scenario.id} done in ${(r.durationMs / 1000).toFixed(1)} s`);
        results.push(r);
    }

    const studyScenario = args.destroyStudy ?? [...args.scenarios].reverse().find((sc) => sc.asserted);
    let destroyStudy: DestroyStudy | undefined;
    if (studyScenario && studyScenario !== "none" && args.paths.includes("cli")) {
        // At the real budget and with every removal in flight at once, as the README advises for a large destroy.
        const parallelism = Math.max(st.parallelism, studyScenario.assignments.length);
        log(`Destroy study: ${studyScenario.id}, time scale 1, --parallel ${parallelism}`);
        destroyStudy = await runDestroyStudy(
            studyScenario,
            { ...st, timeScale: 1, parallelism },
            BENCH_DESTROY_VARIANTS,
            log,
            args.dumpDir ? (v) => path.join(args.dumpDir!, `destroy-${v.slug}`) : undefined,
        );
        log(`destroy study done in ${(destroyStudy.durationMs / 1000).toFixed(1)} s`);
    }

    const checks = [
        ...results.flatMap(evaluate),
        ...(destroyStudy ? evaluateDestroyStudy(destroyStudy) : []),
    ];
    const report: BenchReport = {
        startedAt: new Date(started).toISOString(),
        durationMs: Date.now() - started,
        settings: st,
        providerThrottle: {
            "qlik:writesPerMinute": String(QLIK.tier2PerMinute * st.timeScale),
            ...st.providerOverrides,
            ...Object.fromEntries(Object.entries(providerTuning(st)).map(([k, v]) => [k, String(v)])),
        },
        node: process.version,
        pulumi,
        ...(cliOverheadMs ? { cliOverheadMs } : {}),
        scenarios: results,
        ...(destroyStudy ? { destroyStudy } : {}),
        checks,
        passed: checks.every((c) => c.pass),
    };
    fs.mkdirSync(args.outDir, { recursive: true });
    fs.writeFileSync(path.join(args.outDir, "latest.json"), JSON.stringify(report, null, 2) + "\n");
    fs.writeFileSync(path.join(args.outDir, "latest.md"), markdown(report));
    log(writeChart(results, chartSubtitle(report), path.join(args.outDir, "chart")));
    log(`results: ${path.relative(process.cwd(), path.join(args.outDir, "latest.md"))} (and latest.json)`);

    const failed = checks.filter((c) => !c.pass);
    if (failed.length === 0) {
        log(`all ${checks.length} assertions passed`);
        return;
    }
    log(`${failed.length} of ${checks.length} assertions FAILED:`);
    for (const c of failed)
        log(
            `  FAIL ${c.scenario} ${c.path}${c.order === "adjacent" ? "" : ` (${c.order})`} ${c.phase}: ${c.target}: ${c.detail}`,
        );
    process.exitCode = 1;
}

/** Time scale per scenario, latency, parallelism and when: what the chart's figures were measured under. */
function chartSubtitle(r: BenchReport): string {
    const scales = r.scenarios.map((sc) => `${sc.id} ${sc.timeScale}`).join(", ");
    return `time scale ${scales}; ${r.settings.latencyMs} ms latency, parallelism ${r.settings.parallelism}; ${r.startedAt}`;
}

/** The scenario's settings: time scale 1 for those whose requests fit Qlik's first allowance. */
function settingsFor(scenario: Scenario, st: BenchSettings): BenchSettings {
    return scenario.realTime ? { ...st, timeScale: 1 } : st;
}

main().catch((err) => {
    console.error(`bench: ${(err as Error).stack ?? err}`);
    process.exitCode = 2;
});
