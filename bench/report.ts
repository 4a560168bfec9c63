/**
 * Writes the results: bench/results/latest.json (everything measured) and latest.md (the tables a person reads:
 * per phase, ours next to the lower bound and the naive baseline, as ratios), plus the assertions.
 */
import { floorPhase, type Check } from "./assertions";
import { refillSeconds, slidingWindowSeconds } from "./budget";
import { round, type Phase } from "./metrics";
import type { PhaseResult, RunResult, ScenarioResult } from "./runner";
import { isCli } from "./drivers";
import { destroySettings, destroyTable, type DestroyStudy } from "./destroy-variants";
import type { BenchSettings } from "./tenant";

export interface BenchReport {
    startedAt: string;
    durationMs: number;
    settings: BenchSettings;
    providerThrottle: Record<string, string>;
    node: string;
    pulumi: string;
    cliOverheadMs?: Partial<Record<Phase, number>>;
    scenarios: ScenarioResult[];
    destroyStudy?: DestroyStudy;
    checks: Check[];
    passed: boolean;
}

const s = (ms: number | undefined) => (ms === undefined ? "–" : (ms / 1000).toFixed(2));
const x = (a: number, b: number) => (b > 0 ? `${round(a / b, 2).toFixed(2)}×` : "–");

function naivePhase(sc: ScenarioResult, phase: Phase): PhaseResult | undefined {
    return sc.runs.find((r) => r.path === "naive")?.phases.find((p) => p.phase === phase);
}

/** The floor sends no request: only its times, the ratios of the wall time, and nothing else. */
function floorRow(sc: ScenarioResult, run: RunResult, p: PhaseResult): string {
    const m = p.metrics;
    const naive = naivePhase(sc, p.phase);
    const cells = Array<string>(22).fill("");
    cells[0] = run.path;
    cells[1] = run.order;
    cells[2] = p.phase;
    cells[3] = s(m.wallMs);
    cells[4] = s(p.netWallMs);
    cells[18] = naive ? x(m.wallMs, naive.metrics.wallMs) : "";
    cells[19] = "1.00×";
    return cells.join(" | ");
}

function floorRatio(sc: ScenarioResult, p: PhaseResult): string {
    const floor = floorPhase(sc, p.phase);
    return floor ? x(p.metrics.wallMs, floor.metrics.wallMs) : "";
}

function row(sc: ScenarioResult, run: RunResult, p: PhaseResult): string {
    if (run.path === "cli-floor") return floorRow(sc, run, p);
    const m = p.metrics;
    const naive = naivePhase(sc, p.phase);
    const wall = isCli(run.path) ? (p.netWallMs ?? m.wallMs) : m.wallMs;
    const hist = Object.entries(m.patchesPerPrincipal)
        .map(([n, c]) => `${c}×${n}`)
        .join(" ");
    return [
        run.path,
        run.order,
        p.phase,
        s(m.wallMs),
        isCli(run.path) ? s(p.netWallMs) : "",
        s(m.spanMs),
        String(m.maxInFlight),
        `${m.reads} / ${m.writes}`,
        String(m.status429),
        (m.reads / sc.principals).toFixed(2),
        sc.touched && (p.phase === "up" || p.phase === "destroy") ? (m.writes / sc.touched).toFixed(2) : "",
        hist,
        p.arrivals ? `${p.arrivals.grouped?.toFixed(2) ?? "–"} (${p.arrivals.medianGapMs} ms)` : "",
        `${p.bounds.requests}`,
        x(m.requests, p.bounds.requests),
        run.path === "naive" || !naive ? "" : x(m.requests, naive.metrics.requests),
        s(p.bounds.targetMs),
        run.path === "naive" ? x(m.wallMs, p.bounds.targetMs) : x(wall, p.bounds.targetMs),
        run.path === "naive" || !naive ? "" : x(wall, naive.metrics.wallMs),
        isCli(run.path) ? floorRatio(sc, p) : "",
        isCli(run.path) ? s(p.checkMs) : "",
        p.missing ? String(p.missing) : "",
    ].join(" | ");
}

const minutes = (seconds: number) => (seconds / 60).toFixed(1);

/**
 * The phases' write counts at Qlik's real Tier 2 budget (time scale 1): the least time those PATCHes need, under
 * either reading of the 5-minute window (budget.ts), next to what the phase took in this run (its rate-limit waits
 * time-scaled, so mostly the engine's and the requests' own time): the user waits at least the larger.
 */
function realBudget(sc: ScenarioResult): string[] {
    const rows: string[] = [];
    for (const run of sc.runs) {
        if (run.order !== "adjacent" || run.path === "cli-floor" || run.path === "cli-gomaxprocs1") continue;
        for (const p of run.phases) {
            if (p.phase !== "up" && p.phase !== "destroy") continue;
            const writes = p.metrics.writes;
            const sliding = slidingWindowSeconds(writes);
            const took = p.metrics.wallMs / 1000;
            rows.push(
                `| ${run.path} | ${p.phase} | ${writes} | ${minutes(sliding)} | ${minutes(refillSeconds(writes))} | ${minutes(took)} | ${minutes(Math.max(sliding, took))} |`,
            );
        }
    }
    if (rows.length === 0) return [];
    return [
        `**On a real tenant** (Qlik's Tier 2: 500 writes, then 100 a minute over a 5-minute window; minutes): the least time this run's PATCHes need at the real budget, read as a sliding window (as the provider's throttle counts) or as a refill, next to what the phase took in this run; a user waits at least the larger.`,
        "",
        "| path | phase | PATCHes | writes need, sliding | writes need, refill | this run | at least (sliding) |",
        "|---|---|--:|--:|--:|--:|--:|",
        ...rows,
        "",
    ];
}

/** Which scenarios ran at which time scale. */
function timeScales(r: BenchReport): string {
    const byScale = new Map<number, string[]>();
    for (const sc of r.scenarios) {
        byScale.set(sc.timeScale, [...(byScale.get(sc.timeScale) ?? []), sc.id]);
    }
    return [...byScale]
        .sort(([a], [b]) => a - b)
        .map(([scale, ids]) =>
            scale === 1
                ? `${ids.join(", ")} at **time scale 1** (Qlik's limits as they are: their requests fit in the first 5-minute allowance)`
                : `${ids.join(", ")} at **time scale ${scale}** (the window lasts ${300 / scale} s and a minute of rate ${60 / scale} s)`,
        )
        .join("; ");
}

function destroySection(study: DestroyStudy, latencyMs: number): string[] {
    return [
        "## Destroy at the real write budget: before and after",
        "",
        `The provider before its destroy changes and as it is, under the setting the README advises for a large destroy; measured in ${s(study.durationMs)} s, after the scenarios. The default setting (\`--parallel 8\`, checkpoints written) is the *cli destroy* row of ${study.scenario} above (at that scenario's time scale: compare its PATCH count, not its wall time); \`npm run bench:destroy\` runs the engine-default variants too.`,
        "",
        ...destroySettings(study, latencyMs),
        "",
        ...destroyTable(study.variants),
        "",
    ];
}

export function markdown(r: BenchReport): string {
    const out: string[] = [];
    const st = r.settings;
    out.push("# Benchmark: requests and wall time", "");
    out.push(
        `Fresh run of \`npm run bench\` at ${r.startedAt}, ${s(r.durationMs)} s in total. Node ${r.node}, Pulumi CLI ${r.pulumi}.`,
        "",
    );
    out.push(
        `- Tenant: the emulator with ${st.latencyMs} ms latency per request and Qlik's tier limits (Tier 1: 1,000/min, Tier 2: 100/min over a 5-minute window), ` +
            `${timeScales(r)}; latency is not scaled.`,
        `- Provider configured with the same limits, scaled alike (at time scale ${st.timeScale}: ${Object.entries(
            r.providerThrottle,
        )
            .map(([k, v]) => `\`${k}=${v}\``)
            .join(", ")}).`,
        ...(st.cliEnv
            ? [
                  `- CLI environment added: ${Object.entries(st.cliEnv)
                      .map(([k, v]) => `\`${k}=${v}\``)
                      .join(", ")}.`,
              ]
            : []),
        `- Parallelism ${st.parallelism} everywhere (but the destroy study, which says its own): \`pulumi --parallel ${st.parallelism}\` (the default, 4 × cores), at most ${st.parallelism} provider operations in flight on the direct path (declaration order; each step in a fresh process), ${st.parallelism} concurrent requests for the naive baseline.`,
        "- Phases: `up` (with its preview, as `pulumi up` runs by default), a no-change `preview --expect-no-changes`, `refresh --skip-preview`, `destroy --skip-preview`. Each phase starts with fresh rate-limit windows (as if run 5 minutes apart).",
        "- Lower bound (LB): one read per declared principal, one write per touched principal, plus the role listing for `up` and `preview`. " +
            "*target s* = 1.25 × max(latency bound = LB requests × latency / parallelism, rate-limit bound = writes beyond 500 at 100/min, scaled): reported, not asserted (the wall-time targets are ratios to the engine's floor, which the direct path and the naive baseline do not have).",
        "- Columns: *wall* is the phase's wall time (CLI: the command; direct: the provider calls, summed over its processes, start-up excluded); *net* subtracts the CLI's fixed cost; *request span* is first request start to last request end at the tenant; GET / PATCH count every request sent (429s included); *max in flight* is the most requests the tenant saw at once.",
        "- *Arrivals grouped*: how the writing operations (create/update/delete) reached the provider, from its trace: 1.00 when each principal's operations came one after another, 0.00 when no two consecutive ones shared a principal; in brackets the median time between two operations. Only operations pending at the same time can be merged, and at most `--parallel` are.",
        "- Path *cli-gomaxprocs1*: the same CLI with `GOMAXPROCS=1` in its environment and the same `--parallel`, `up` only. With several threads the engine's gRPC server hands a program's registrations to the step generator out of program order (Go's scheduler), so a principal's assignments reach the provider seconds apart; on one thread they keep the program's order. Deletes are unaffected (the engine schedules them in random map order).",
        "- Path *cli-floor*: the engine's floor. The per-role program on a dynamic provider that does nothing and sends no request: same resources, same inputs, a `__provider` text of the same length, outputs with the same fields. *wall ÷ floor* divides a CLI phase's wall time by the floor's same phase (both raw, no start-up subtracted); the wall-time targets of the CLI paths are 1.3 × the floor.",
        "- *in check s*: the time the engine spent waiting inside the provider's `check` calls, from its trace. The engine checks one resource at a time while it generates steps, so this time adds to the wall time as it is; each principal's first `check` in a process looks the principal up in the tenant (one GET), to fail a wrong name at preview.",
        "- Path *cli-sets*: one `UserRoles`/`GroupRoles` per principal instead of one assignment per role, declaring the roles the principal held before plus every role the scenario assigns it (the same end state); destroy removes them all, so *lost/left* after destroy counts principals still holding a declared role or others changed.",
        "- Naive: Qlik's documented procedure per assignment (GET by filter + PATCH replace), raw HTTP, same parallelism, 429s waited out; no per-principal lock, so parallel writes to one principal lose updates (column *lost*).",
        r.cliOverheadMs
            ? `- CLI wall time is also shown net of the CLI's fixed cost, measured in this run on an empty program: ${Object.entries(
                  r.cliOverheadMs,
              )
                  .map(([k, v]) => `${k} ${s(v)} s`)
                  .join(", ")}. The ratios to the floor use both raw figures.`
            : "- No Pulumi CLI: the CLI path was skipped.",
        "",
    );
    for (const sc of r.scenarios) {
        out.push(`## ${sc.id}: ${sc.title}`, "");
        out.push(
            `${sc.assignments} assignments, ${sc.principals} principals (${sc.touched} touched), ${sc.rolePages} role-listing page(s), time scale ${sc.timeScale}; measured in ${s(sc.durationMs)} s.`,
            "",
        );
        out.push(
            "| path | order | phase | wall s | net s | request span s | max in flight | GET / PATCH | 429 | reads per principal | PATCH per touched | PATCHes per principal (principals×n) | arrivals grouped (gap) | LB req | req ÷ LB | req ÷ naive | target s | wall ÷ target | wall ÷ naive | wall ÷ floor | in check s | lost/left |",
            "|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
        );
        for (const run of sc.runs) for (const p of run.phases) out.push(`| ${row(sc, run, p)} |`);
        const sizes = sc.runs.flatMap((run) =>
            run.phases
                .filter((p) => p.stateBytesPerResource !== undefined && run.order === "adjacent")
                .map((p) => `${run.path} ${p.stateBytesPerResource} B`),
        );
        if (sizes.length)
            out.push(
                "",
                `State per resource after \`up\` (mean of \`pulumi stack export\`): ${sizes.join(", ")}.`,
            );
        out.push("", ...realBudget(sc));
    }
    if (r.destroyStudy) out.push(...destroySection(r.destroyStudy, st.latencyMs));
    const targets = r.checks.filter(
        (c) => !/succeeded|lands|restores|shows no change|zero 429/.test(c.target),
    );
    const basics = r.checks.filter((c) => !targets.includes(c));
    const failed = r.checks.filter((c) => !c.pass);
    out.push(
        `## Assertions: ${failed.length === 0 ? "all passed" : `${failed.length} of ${r.checks.length} FAILED`}`,
        "",
    );
    out.push(
        `Correctness and zero-429 checks: ${basics.filter((c) => c.pass).length} of ${basics.length} passed${basics.some((c) => !c.pass) ? " (failures listed below)" : ""}.`,
        "",
    );
    out.push("| result | scenario | path | phase | target | measured |", "|---|---|---|---|---|---|");
    for (const c of [...targets, ...basics.filter((b) => !b.pass)]) {
        out.push(
            `| ${c.pass ? "pass" : "**FAIL**"} | ${c.scenario} | ${c.path} ${c.order === "adjacent" ? "" : c.order} | ${c.phase} | ${c.target} | ${c.detail} |`,
        );
    }
    out.push(
        "",
        "Chart: [chart.png](chart.png) (wall time and requests against assignment count, log-log).",
        "",
    );
    return out.join("\n");
}
