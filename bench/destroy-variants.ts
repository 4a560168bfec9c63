/**
 * Destroy through the engine at Qlik's real write budget, the provider before and after its destroy changes, side
 * by side: what `npm run bench` reports under "Destroy at the real write budget" and `npm run bench:destroy` runs
 * on its own.
 *
 * `pulumi destroy` hands a principal's removals to the provider in random order, so with the default `--parallel`
 * they almost never meet. Once the tenant's 500 writes are spent, every removal waits for a write slot; with a
 * `--parallel` high enough that all of them are in flight, a principal's waiting removals can join one PATCH
 * ("write slot first"), and removals handed over in one burst are taken together ("the burst rule"). The engine
 * writes its state file before each step reaches the provider, which at 2,000 resources spreads a destroy's
 * removals over minutes whatever `--parallel` is, so the engine setting is a variant too
 * (`PULUMI_SKIP_CHECKPOINTS=true`).
 */
import { slidingWindowSeconds, refillSeconds } from "./budget";
import { runScenario, type ScenarioResult } from "./runner";
import type { Scenario } from "./scenarios";
import type { BenchSettings } from "./tenant";

export interface DestroyVariant {
    label: string;
    /** Names the variant's folder under `--dump-logs`. */
    slug: string;
    /** The provider's internal options that switch its destroy changes off (`{}`: the provider as it is). */
    tuning: Record<string, number>;
    cliEnv?: Record<string, string>;
    /** What the variant is, for the report. */
    about: string;
}

/** The provider before its destroy changes: each batch reads and plans, then waits for its slot; no burst rule. */
const BEFORE = { writeSlotFirst: 0, maxBurstWaitMs: 0 };
const SKIP_CHECKPOINTS = { PULUMI_SKIP_CHECKPOINTS: "true" };

/** The provider as it is under the setting the README advises for a large destroy: the one with a target. */
export const ADVISED_VARIANT = "now-skip-checkpoints";

export const DESTROY_VARIANTS: readonly DestroyVariant[] = [
    {
        label: "before, engine defaults",
        slug: "before",
        tuning: BEFORE,
        about: "the provider before its destroy changes: a batch reads and plans, then its PATCH waits for a write slot, and removals arriving meanwhile form the next batch",
    },
    {
        label: "now, engine defaults",
        slug: "now",
        tuning: {},
        about: "a batch waits for its write slot first, then takes every removal pending for the principal; no batch starts while the engine hands over a burst",
    },
    {
        label: "before, `PULUMI_SKIP_CHECKPOINTS=true`",
        slug: "before-skip-checkpoints",
        tuning: BEFORE,
        cliEnv: SKIP_CHECKPOINTS,
        about: "the provider before, with the engine no longer writing its state file before each step, so the operations reach the provider together",
    },
    {
        label: "now, `PULUMI_SKIP_CHECKPOINTS=true`",
        slug: ADVISED_VARIANT,
        tuning: {},
        cliEnv: SKIP_CHECKPOINTS,
        about: "the provider as it is, under the setting the README advises for a large destroy",
    },
];

/** The pair `npm run bench` runs: before and after under the advised engine setting. */
export const BENCH_DESTROY_VARIANTS = DESTROY_VARIANTS.filter((v) => v.cliEnv === SKIP_CHECKPOINTS);

export interface DestroyStudy {
    scenario: string;
    /** `--parallel` of both phases. */
    parallelism: number;
    timeScale: number;
    durationMs: number;
    variants: (DestroyVariant & { result: ScenarioResult })[];
}

/** `up` then `destroy --skip-preview` of the scenario's per-role program, each variant on a tenant of its own. */
export async function runDestroyStudy(
    scenario: Scenario,
    base: BenchSettings,
    variants: readonly DestroyVariant[],
    log: (line: string) => void,
    dumpDir?: (v: DestroyVariant) => string,
): Promise<DestroyStudy> {
    const started = Date.now();
    const results = await Promise.all(
        variants.map((v) =>
            runScenario(
                scenario,
                {
                    ...base,
                    tuningOverrides: { ...base.tuningOverrides, ...v.tuning },
                    ...(v.cliEnv ? { cliEnv: { ...base.cliEnv, ...v.cliEnv } } : {}),
                },
                {
                    paths: ["cli"],
                    interleaved: false,
                    isolate: true,
                    phases: ["up", "destroy"],
                    log: (line) => log(`[${v.label}] ${line}`),
                    ...(dumpDir ? { dumpDir: dumpDir(v) } : {}),
                },
            ),
        ),
    );
    return {
        scenario: scenario.id,
        parallelism: base.parallelism,
        timeScale: base.timeScale,
        durationMs: Date.now() - started,
        variants: variants.map((v, i) => ({ ...v, result: results[i]! })),
    };
}

/** The study's table, one row per variant and phase. */
export function destroyTable(variants: DestroyStudy["variants"]): string[] {
    const out = [
        "| variant | phase | wall s | PATCH | PATCH per touched principal | PATCHes per principal (principals×n) | arrivals grouped | arrived over s | 429 | lost/left | writes need at the real budget (sliding / refill), min |",
        "|---|---|--:|--:|--:|---|--:|--:|--:|--:|--:|",
    ];
    for (const v of variants) {
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
    return out;
}

/** The lines saying how the study ran: scenario, setting, and what each variant is. */
export function destroySettings(
    study: Pick<DestroyStudy, "variants" | "parallelism" | "timeScale">,
    latencyMs: number,
): string[] {
    const sc = study.variants[0]!.result;
    return [
        `- ${sc.id}: ${sc.title}; ${sc.touched} principals touched.`,
        `- The per-role program through the CLI, \`pulumi up\` then \`pulumi destroy --skip-preview\`, both with \`--parallel ${study.parallelism}\`, against the emulator at **time scale ${study.timeScale}** (Qlik's Tier 2 as it is${study.timeScale === 1 ? "" : ", scaled"}: 500 writes per 5-minute window, ${latencyMs} ms latency), the provider's throttle set to the same limits.`,
        `- Side by side, a tenant each: ${study.variants.map((v) => `*${v.label}* (${v.about})`).join("; ")}. They share the machine's CPU, so wall times include each other's load; PATCH counts depend on it only through how fast the engine hands the operations over (*arrived over*: first to last).`,
    ];
}
