/**
 * `npm run bench:destroy [-- --scenario S3 --parallel 2000 --scale 1 --variants 0,1,2,3 --out dir --dump-logs dir]`
 * `npm run bench:destroy -- --render bench/results/destroy.json` rewrites destroy.md next to it, without running.
 *
 * The destroy study of `npm run bench` (bench/destroy-variants.ts says what it measures) on its own, with every
 * variant by default: the provider before and after its destroy changes, under the engine's defaults and under
 * `PULUMI_SKIP_CHECKPOINTS=true`. `--variants` picks some of them by index. The engine-default variants take about
 * 20 minutes at 2,000 resources (the engine hands the removals over one by one).
 * Writes destroy.{md,json} to bench/results (or --out). `--dump-logs dir` keeps every request the tenant saw, per
 * variant and phase (method, path, start and end, status), to see where a phase's time went.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { findPulumi, REPO_ROOT } from "../scripts/lib/pulumi-cli";
import {
    DESTROY_VARIANTS,
    destroySettings,
    destroyTable,
    runDestroyStudy,
    type DestroyStudy,
} from "./destroy-variants";
import { readFlags } from "./flags";
import { scenarioById } from "./scenarios";
import { DEFAULT_SETTINGS, type BenchSettings } from "./tenant";

function parseArgs(argv: string[]) {
    const f = readFlags(argv, ["scenario", "parallel", "scale", "variants", "out", "dump-logs", "render"]);
    const picked = (f.variants ?? DESTROY_VARIANTS.map((_, i) => i).join(",")).split(",").map(Number);
    if (picked.length === 0 || picked.some((i) => !Number.isInteger(i) || DESTROY_VARIANTS[i] === undefined))
        throw new Error(`--variants takes indexes from 0 to ${DESTROY_VARIANTS.length - 1}, comma-separated`);
    const args = {
        scenario: f.scenario ?? "S3",
        parallelism: Number(f.parallel ?? 2000),
        timeScale: Number(f.scale ?? 1),
        outDir: f.out ? path.resolve(f.out) : path.join(REPO_ROOT, "bench", "results"),
        dumpDir: f["dump-logs"] ? path.resolve(f["dump-logs"]) : undefined,
        variants: picked.map((i) => DESTROY_VARIANTS[i]!),
        render: f.render ? path.resolve(f.render) : undefined,
    };
    if (!(args.parallelism >= 1) || !(args.timeScale > 0))
        throw new Error("--parallel must be a number >= 1 and --scale a number > 0");
    return args;
}

/** What destroy.json holds. */
interface SavedStudy {
    startedAt: string;
    /** What else the machine did meanwhile, when it mattered (added by hand to the saved JSON). */
    note?: string;
    durationMs: number;
    pulumi: string;
    node: string;
    settings: BenchSettings;
    variants: DestroyStudy["variants"];
}

async function main(): Promise<void> {
    const args = parseArgs(process.argv.slice(2));
    if (args.render) {
        const saved = JSON.parse(fs.readFileSync(args.render, "utf8")) as SavedStudy;
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
    const study = await runDestroyStudy(
        scenario,
        base,
        args.variants,
        log,
        args.dumpDir ? (v) => path.join(args.dumpDir!, v.slug) : undefined,
    );
    const report: SavedStudy = {
        startedAt: new Date(started).toISOString(),
        durationMs: study.durationMs,
        pulumi: cli.version,
        node: process.version,
        settings: base,
        variants: study.variants,
    };
    fs.mkdirSync(args.outDir, { recursive: true });
    fs.writeFileSync(path.join(args.outDir, "destroy.json"), JSON.stringify(report, null, 2) + "\n");
    fs.writeFileSync(path.join(args.outDir, "destroy.md"), markdown(report));
    log(`results: ${path.join(args.outDir, "destroy.md")}`);
}

function markdown(r: SavedStudy): string {
    const st = r.settings;
    return [
        "# Destroy through the engine at the real write budget",
        "",
        `Fresh run of \`npm run bench:destroy\` at ${r.startedAt}, ${(r.durationMs / 1000).toFixed(0)} s in total. Node ${r.node}, Pulumi CLI ${r.pulumi}.${r.note ? ` ${r.note}` : ""}`,
        "",
        ...destroySettings(
            { variants: r.variants, parallelism: st.parallelism, timeScale: st.timeScale },
            st.latencyMs,
        ),
        "",
        ...destroyTable(r.variants),
        "",
    ].join("\n");
}

main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
});
