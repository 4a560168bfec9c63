/**
 * `npm run bench:destroy [-- --scenario S3 --parallel 2000 --scale 1 --variants 0,1,2 --out dir --dump-logs dir]`
 * `npm run bench:destroy -- --render bench/results/destroy.json` rewrites destroy.md next to it, without running.
 *
 * Destroy through the engine at Qlik's real write budget. `pulumi destroy` hands a principal's removals to the
 * provider in random order, so with the default `--parallel` they almost never meet. Once the tenant's 500 writes
 * are spent, every removal waits for a write slot for minutes; with a `--parallel` high enough that all of them
 * are in flight, a principal's waiting removals can join one PATCH (the coordinator's "write slot first").
 *
 * Runs the scenario's per-role program through the CLI, `up` then `destroy`, side by side on a tenant each: the
 * provider without write slot first (0, the provider before), as it is (1), and as it is with
 * `PULUMI_SKIP_CHECKPOINTS=true`. That last one matters because the engine writes its state file before each step
 * reaches the provider: at 2,000 resources that spreads a destroy's removals over minutes whatever `--parallel`
 * is, and only removals pending together can merge. `--variants` picks some of them by index. The runs share the
 * machine, so their wall times include each other's CPU use; the PATCH counts depend on it only through how fast
 * the engine hands over the operations (the "arrived over" column).
 * Writes destroy.{md,json} to bench/results (or --out). `--dump-logs dir` keeps every request the tenant saw, per
 * variant and phase (method, path, start and end, status), to see where a phase's time went.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { findPulumi, REPO_ROOT } from "../scripts/lib/pulumi-cli";
import { slidingWindowSeconds, refillSeconds } from "./budget";
import { runScenario, type ScenarioResult } from "./runner";
import { readFlags } from "./flags";
import { scenarioById } from "./scenarios";
import { DEFAULT_SETTINGS, type BenchSettings } from "./tenant";

interface Variant {
    label: string;
    /** Names the variant's folder under `--dump-logs`. */
    slug: string;
    writeSlotFirst: 0 | 1;
    cliEnv?: Record<string, string>;
    /** What the variant is, for the report. */
    about: string;
}

const VARIANTS: Variant[] = [
    {
        label: "before (writeSlotFirst 0)",
        slug: "writeSlotFirst-0",
        writeSlotFirst: 0,
        about: "a batch reads and plans, then its PATCH waits for a write slot, and removals that arrive meanwhile form the next batch",
    },
    {
        label: "write slot first (default)",
        slug: "writeSlotFirst-1",
        writeSlotFirst: 1,
        about: "a batch waits for its write slot first, then takes every removal pending for the principal",
    },
    {
        label: "write slot first, `PULUMI_SKIP_CHECKPOINTS=true`",
        slug: "skip-checkpoints",
        writeSlotFirst: 1,
        cliEnv: { PULUMI_SKIP_CHECKPOINTS: "true" },
        about: "as the default, with the engine no longer writing its state file before each step, so the operations reach the provider together",
    },
];

function parseArgs(argv: string[]) {
    const f = readFlags(argv, ["scenario", "parallel", "scale", "variants", "out", "dump-logs", "render"]);
    const picked = (f.variants ?? VARIANTS.map((_, i) => i).join(",")).split(",").map(Number);
    if (picked.length === 0 || picked.some((i) => !Number.isInteger(i) || VARIANTS[i] === undefined))
        throw new Error(`--variants takes indexes from 0 to ${VARIANTS.length - 1}, comma-separated`);
    const args = {
        scenario: f.scenario ?? "S3",
        parallelism: Number(f.parallel ?? 2000),
        timeScale: Number(f.scale ?? 1),
        outDir: f.out ? path.resolve(f.out) : path.join(REPO_ROOT, "bench", "results"),
        dumpDir: f["dump-logs"] ? path.resolve(f["dump-logs"]) : undefined,
        variants: picked.map((i) => VARIANTS[i]!),
        render: f.render ? path.resolve(f.render) : undefined,
    };
    if (!(args.parallelism >= 1) || !(args.timeScale > 0))
        throw new Error("--parallel must be a number >= 1 and --scale a number > 0");
    return args;
}

async function main(): Promise<void> {
    const args = parseArgs(process.argv.slice(2));
    if (args.render) {
        const saved = JSON.parse(fs.readFileSync(args.render, "utf8")) as Parameters<typeof markdown>[0];
        fs.writeFileSync(args.render.replace(/\.json$/, ".md"), markdown(saved));
        return;
    }
    const cli = findPulumi();
    if (!cli.ok) throw new Error(`needs the Pulumi CLI: ${cli.reason}`);
    const scenario = scenarioById(args.scenario);
    const started = Date.now();
    const base: BenchSettings = {
        ...DEFAULT_SETTINGS,
        timeScale: args.timeScale,
        parallelism: args.parallelism,
    };
    const log = (line: string) => console.log(line);
    log(
        `Destroy study: ${scenario.id} through the CLI ${cli.version}, --parallel ${args.parallelism}, time scale ${args.timeScale}`,
    );
    const results = await Promise.all(
        args.variants.map((v) =>
            runScenario(
                scenario,
                {
                    ...base,
                    tuningOverrides: { writeSlotFirst: v.writeSlotFirst },
                    ...(v.cliEnv ? { cliEnv: v.cliEnv } : {}),
                },
                {
                    paths: ["cli"],
                    interleaved: false,
                    isolate: true,
                    phases: ["up", "destroy"],
                    log: (line) => log(`[${v.label}] ${line}`),
                    ...(args.dumpDir ? { dumpDir: path.join(args.dumpDir, v.slug) } : {}),
                },
            ),
        ),
    );
    const report = {
        startedAt: new Date(started).toISOString(),
        durationMs: Date.now() - started,
        pulumi: cli.version,
        node: process.version,
        settings: base,
        variants: args.variants.map((v, i) => ({ ...v, result: results[i]! })),
    };
    fs.mkdirSync(args.outDir, { recursive: true });
    fs.writeFileSync(path.join(args.outDir, "destroy.json"), JSON.stringify(report, null, 2) + "\n");
    fs.writeFileSync(path.join(args.outDir, "destroy.md"), markdown(report));
    log(`results: ${path.join(args.outDir, "destroy.md")}`);
}

function markdown(r: {
    startedAt: string;
    /** What else the machine did meanwhile, when it mattered (added by hand to the saved JSON). */
    note?: string;
    durationMs: number;
    pulumi: string;
    node: string;
    settings: BenchSettings;
    variants: (Variant & { result: ScenarioResult })[];
}): string {
    const st = r.settings;
    const sc = r.variants[0]!.result;
    const out = [
        "# Destroy through the engine at the real write budget",
        "",
        `Fresh run of \`npm run bench:destroy\` at ${r.startedAt}, ${(r.durationMs / 1000).toFixed(0)} s in total. Node ${r.node}, Pulumi CLI ${r.pulumi}.${r.note ? ` ${r.note}` : ""}`,
        "",
        `- ${sc.id}: ${sc.title}; ${sc.touched} principals touched.`,
        `- The per-role program through the CLI, \`pulumi up\` then \`pulumi destroy --skip-preview\`, both with \`--parallel ${st.parallelism}\`, against the emulator at **time scale ${st.timeScale}** (Qlik's Tier 2 as it is${st.timeScale === 1 ? "" : ", scaled"}: 500 writes per 5-minute window, ${st.latencyMs} ms latency), the provider's throttle set to the same limits.`,
        `- Side by side, a tenant each: ${r.variants.map((v) => `*${v.label}* (${v.about})`).join("; ")}. They share the machine's CPU, so wall times include each other's load; PATCH counts depend on it only through how fast the engine hands the operations over (*arrived over*: first to last).`,
        "",
        "| variant | phase | wall s | PATCH | PATCH per touched principal | PATCHes per principal (principals×n) | arrivals grouped | arrived over s | 429 | lost/left | writes need at the real budget (sliding / refill), min |",
        "|---|---|--:|--:|--:|---|--:|--:|--:|--:|--:|",
    ];
    for (const v of r.variants) {
        for (const p of v.result.runs[0]?.phases ?? []) {
            const m = p.metrics;
            const hist = Object.entries(m.patchesPerPrincipal)
                .map(([n, c]) => `${c}×${n}`)
                .join(" ");
            out.push(
                `| ${v.label} | ${p.phase} | ${(m.wallMs / 1000).toFixed(1)} | ${m.writes} | ${(m.writes / v.result.touched).toFixed(2)} | ${hist} | ${p.arrivals?.grouped?.toFixed(2) ?? "–"} | ${p.arrivals?.spanMs === undefined ? "–" : (p.arrivals.spanMs / 1000).toFixed(1)} | ${m.status429} | ${p.missing ?? 0} | ${(slidingWindowSeconds(m.writes) / 60).toFixed(1)} / ${(refillSeconds(m.writes) / 60).toFixed(1)} |` +
                    (p.ok ? "" : ` failed: ${p.notes.join("; ").slice(0, 200)}`),
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
