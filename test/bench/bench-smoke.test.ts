/**
 * Exercises the benchmark's code in CI without its minutes of run time: S1 (the quickstart) and a tiny S2 on the
 * provider-direct path and the naive baseline, in-process, with the same latency, limits and time scale as
 * `npm run bench`. Checks the measurements are wired up (requests counted from the emulator log, bounds,
 * assertions, report and chart), not the performance targets, which `npm run bench` asserts.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { evaluate, evaluateDestroyStudy } from "../../bench/assertions";
import { BENCH_DESTROY_VARIANTS } from "../../bench/destroy-variants";
import { chartSvg } from "../../bench/chart";
import { markdown, type BenchReport } from "../../bench/report";
import { runScenario } from "../../bench/runner";
import { generate, interleave, principalKey, SCENARIOS, TINY } from "../../bench/scenarios";
import { DEFAULT_SETTINGS } from "../../bench/tenant";

jest.setTimeout(60_000);

const quiet = () => undefined;

describe("benchmark scenarios", () => {
    it("S2 and S3 have their documented sizes, every role a real change, declared once", () => {
        const [, s2, s3] = SCENARIOS;
        for (const [s, n, p] of [
            [s2!, 200, 60],
            [s3!, 2000, 600],
        ] as const) {
            expect(s.assignments).toHaveLength(n);
            expect(new Set(s.assignments.map(principalKey)).size).toBe(p);
            expect(new Set(s.assignments.map((a) => a.name)).size).toBe(n);
        }
        const tiny = generate(3, 1, 10);
        const shuffled = interleave(tiny);
        expect([...shuffled].sort((a, b) => a.name.localeCompare(b.name))).toEqual(
            [...tiny].sort((a, b) => a.name.localeCompare(b.name)),
        );
        expect(principalKey(shuffled[0]!)).not.toBe(principalKey(shuffled[1]!));
    });
});

describe("benchmark smoke run (provider direct + naive, in-process)", () => {
    it("S1: the quickstart costs what the lower bound says, with no 429 and every role landed and removed", async () => {
        const s1 = SCENARIOS[0]!;
        const r = await runScenario(s1, DEFAULT_SETTINGS, {
            paths: ["direct", "naive"],
            interleaved: false,
            isolate: false,
            log: quiet,
        });
        expect(r.principals).toBe(2);
        expect(r.touched).toBe(2);
        const direct = r.runs.find((x) => x.path === "direct")!;
        expect(direct.phases.map((p) => p.phase)).toEqual(["up", "preview", "refresh", "destroy"]);
        const up = direct.phases[0]!;
        expect(up.metrics.writes).toBe(2);
        expect(up.missing).toBe(0);
        expect(up.bounds).toMatchObject({ reads: 3, writes: 2, requests: 5 });
        expect(direct.phases[3]!.missing).toBe(0);
        const naive = r.runs.find((x) => x.path === "naive")!;
        expect(naive.phases.map((p) => p.metrics.requests)).toEqual([4, 2, 2, 4]);
        const checks = evaluate(r);
        expect(checks.filter((c) => !c.pass)).toEqual([]);
    });

    it("tiny S2: metrics, assertions, markdown and chart come out of one run", async () => {
        const r = await runScenario(TINY, DEFAULT_SETTINGS, {
            paths: ["direct", "naive"],
            interleaved: true,
            isolate: false,
            log: quiet,
        });
        expect(r.principals).toBe(8);
        expect(r.runs.map((x) => `${x.path}/${x.order}`)).toEqual([
            "direct/adjacent",
            "direct/interleaved",
            "naive/adjacent",
        ]);
        for (const run of r.runs.filter((x) => x.path === "direct")) {
            for (const p of run.phases) {
                expect(p.metrics.status429).toBe(0);
                expect(p.ok).toBe(true);
            }
        }
        const naiveUp = r.runs.find((x) => x.path === "naive")!.phases[0]!;
        expect(naiveUp.metrics.writes).toBe(24); // one PATCH per assignment, by construction
        const checks = evaluate(r);
        // The targets are asserted by `npm run bench`; here only that they are evaluated for the asserted phases.
        expect(checks.some((c) => c.target.startsWith("writes <="))).toBe(true);
        // Wall time is asserted only as a ratio to the engine's floor, which needs the CLI.
        expect(checks.some((c) => c.target.startsWith("wall <="))).toBe(false);
        const report: BenchReport = {
            startedAt: new Date().toISOString(),
            durationMs: r.durationMs,
            settings: DEFAULT_SETTINGS,
            providerThrottle: {},
            node: process.version,
            pulumi: "not run",
            scenarios: [r],
            checks,
            passed: checks.every((c) => c.pass),
        };
        // The destroy study's checks and section, from this run standing in for its two variants.
        const variants = BENCH_DESTROY_VARIANTS.map((v) => ({ ...v, result: r }));
        report.destroyStudy = { scenario: r.id, parallelism: 24, timeScale: 1, durationMs: 1, variants };
        const studyChecks = evaluateDestroyStudy(report.destroyStudy);
        const targeted = studyChecks.filter((c) => c.target.startsWith("writes <="));
        // Only the destroy of the variant the README advises has a target (its adjacent run; naive has none).
        expect(targeted.map((c) => `${c.scenario}/${c.path}/${c.order}/${c.phase}`)).toEqual([
            "S2-tiny destroy study/now, `PULUMI_SKIP_CHECKPOINTS=true`/adjacent/destroy",
        ]);
        expect(studyChecks.some((c) => c.target === "destroy restores every principal")).toBe(true);
        expect(studyChecks.some((c) => c.target.startsWith("reads <="))).toBe(false);
        const md = markdown(report);
        expect(md).toContain("## Destroy at the real write budget: before and after");
        expect(md).toContain("| before, `PULUMI_SKIP_CHECKPOINTS=true` | destroy |");
        expect(md).toContain("## S2-tiny");
        expect(md).toContain("| direct | adjacent | up |");
        const svg = chartSvg([r], "smoke");
        expect(svg).toContain("<polyline");
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-smoke-"));
        fs.writeFileSync(path.join(dir, "chart.svg"), svg);
        fs.rmSync(dir, { recursive: true, force: true });
    });
});
