/**
 * `npm run bench:advice [-- --scenario S2 --out dir]`
 *
 * The README's advice for large stacks, measured: each setting a user can change runs the scenario's per-role
 * program through the CLI next to the engine's floor under the same setting (same run, same tenant settings as
 * `npm run bench`), plus the exact-set program. Writes advice.{md,json} to bench/results (or --out).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { findPulumi, REPO_ROOT } from "../scripts/lib/pulumi-cli";
import type { PathKind } from "./drivers";
import { PHASES, type Phase } from "./metrics";
import { runScenario, type ScenarioResult } from "./runner";
import { readFlags } from "./flags";
import { scenarioById } from "./scenarios";
import { DEFAULT_SETTINGS, type BenchSettings } from "./tenant";

interface Advice {
    setting: string;
    /** What it costs the user, besides time. */
    cost: string;
    settings: Partial<BenchSettings>;
    paths: PathKind[];
}

const ADVICE: Advice[] = [
    {
        setting: "defaults (`--parallel 8` on 2 cores)",
        cost: "–",
        settings: {},
        paths: ["cli", "cli-floor"],
    },
    {
        setting: "`--parallel 64`",
        cost: "more operations in flight: more concurrent requests to the tenant (the provider's throttle still keeps within Qlik's limits)",
        settings: { parallelism: 64 },
        paths: ["cli", "cli-floor"],
    },
    {
        setting: "`GOMAXPROCS=1` (same `--parallel`)",
        cost: "the engine runs on one thread",
        settings: { cliEnv: { GOMAXPROCS: "1" } },
        paths: ["cli", "cli-floor"],
    },
    {
        setting: "`PULUMI_SKIP_CHECKPOINTS=true`",
        cost: "state is saved only at the end: a crash or a killed CLI loses every change of the run from state (see the README)",
        settings: { cliEnv: { PULUMI_SKIP_CHECKPOINTS: "true" } },
        paths: ["cli", "cli-floor"],
    },
    {
        setting: "one `UserRoles`/`GroupRoles` per principal instead of one assignment per role",
        cost: "the set owns the principal's roles: roles not declared are removed",
        settings: {},
        paths: ["cli-sets"],
    },
];

function parseArgs(argv: string[]) {
    const f = readFlags(argv, ["scenario", "out"]);
    return {
        scenario: f.scenario ?? "S2",
        outDir: f.out ? path.resolve(f.out) : path.join(REPO_ROOT, "bench", "results"),
    };
}

async function main(): Promise<void> {
    const args = parseArgs(process.argv.slice(2));
    const cli = findPulumi();
    if (!cli.ok) throw new Error(`needs the Pulumi CLI: ${cli.reason}`);
    const scenario = scenarioById(args.scenario);
    const started = Date.now();
    const runs: { advice: Advice; result: ScenarioResult }[] = [];
    for (const advice of ADVICE) {
        console.log(`${scenario.id}: ${advice.setting}`);
        const settings: BenchSettings = { ...DEFAULT_SETTINGS, ...advice.settings };
        const result = await runScenario(scenario, settings, {
            paths: advice.paths,
            interleaved: false,
            isolate: true,
            log: (line) => console.log(line),
        });
        runs.push({ advice, result });
    }
    const report = {
        startedAt: new Date(started).toISOString(),
        durationMs: Date.now() - started,
        pulumi: cli.version,
        node: process.version,
        runs,
    };
    fs.mkdirSync(args.outDir, { recursive: true });
    fs.writeFileSync(path.join(args.outDir, "advice.json"), JSON.stringify(report, null, 2) + "\n");
    fs.writeFileSync(path.join(args.outDir, "advice.md"), markdown(report));
    console.log(`results: ${path.join(args.outDir, "advice.md")}`);
}

function markdown(r: {
    startedAt: string;
    durationMs: number;
    pulumi: string;
    node: string;
    runs: { advice: Advice; result: ScenarioResult }[];
}): string {
    const wall = (res: ScenarioResult, p: PathKind, phase: Phase) =>
        res.runs.find((x) => x.path === p)?.phases.find((x) => x.phase === phase);
    const base = r.runs[0]!.result;
    const sec = (ms: number | undefined) => (ms === undefined ? "–" : (ms / 1000).toFixed(1));
    const ratio = (a: number | undefined, b: number | undefined) =>
        a === undefined || b === undefined || b <= 0 ? "–" : `${(a / b).toFixed(2)}×`;
    const out = [
        "# Advice for large stacks, measured",
        "",
        `Fresh run of \`npm run bench:advice\` at ${r.startedAt}, ${(r.durationMs / 1000).toFixed(0)} s in total. Node ${r.node}, Pulumi CLI ${r.pulumi}. ` +
            `${base.id}: ${base.title}. Tenant and provider settings as in \`npm run bench\` (time scale ${DEFAULT_SETTINGS.timeScale}, ${DEFAULT_SETTINGS.latencyMs} ms latency). ` +
            "Each setting runs the per-role program (*cli*) and the engine's floor (*cli-floor*: the same program on a provider that does nothing) in the same run; ratios are to the floor **with default settings**, so they show what each setting saves of the engine's own work too.",
        "",
        "| setting | program | up s | preview s | refresh s | destroy s | up ÷ floor | destroy ÷ floor | in check s (up) | state B per resource | PATCH up / destroy | costs |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|",
    ];
    for (const { advice, result } of r.runs) {
        for (const p of advice.paths) {
            const ph = (phase: Phase) => wall(result, p, phase);
            const up = ph("up");
            const destroy = ph("destroy");
            out.push(
                `| ${advice.setting} | ${p} | ${PHASES.map((x) => sec(ph(x)?.metrics.wallMs)).join(" | ")} | ` +
                    `${ratio(up?.metrics.wallMs, wall(base, "cli-floor", "up")?.metrics.wallMs)} | ` +
                    `${ratio(destroy?.metrics.wallMs, wall(base, "cli-floor", "destroy")?.metrics.wallMs)} | ` +
                    `${p === "cli-floor" ? "" : sec(up?.checkMs)} | ${up?.stateBytesPerResource ?? "–"} | ${p === "cli-floor" ? "" : `${up?.metrics.writes ?? "–"} / ${destroy?.metrics.writes ?? "–"}`} | ${p === "cli-floor" ? "" : advice.cost} |` +
                    (PHASES.every((x) => ph(x)?.ok !== false) ? "" : " (a phase failed)"),
            );
        }
    }
    out.push("");
    return out.join("\n");
}

main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
});
