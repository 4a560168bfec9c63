/**
 * Exercises the space benchmark's code (bench/spaces.ts) in CI without its half hour: 2 spaces x 3 assignees on the
 * provider-direct path and the naive baseline, in-process, with the latency, limits and time scale of
 * `npm run bench:spaces`. Checks the measurements are wired up (writes per pair from the tenant's log, the checks
 * after each phase, the report), not the performance, which the full run measures.
 */
import { spaceMarkdown } from "../../bench/space-report";
import { runSpaceBench, spaceDeclarations } from "../../bench/spaces";
import { DEFAULT_SETTINGS } from "../../bench/tenant";

jest.setTimeout(60_000);

it("declares each pair's two roles one after the other, every name once", () => {
    const d = spaceDeclarations(2, 3);
    expect(d).toHaveLength(12);
    expect(new Set(d.map((x) => x.name)).size).toBe(12);
    expect(d.slice(0, 2).map((x) => [x.spaceName, x.subject, x.role])).toEqual([
        ["Bench Space 01", "extra-user-001", "consumer"],
        ["Bench Space 01", "extra-user-001", "producer"],
    ]);
});

it("direct and naive on 2 x 3: one write per pair for the provider, every pair right, and a report", async () => {
    const report = await runSpaceBench({
        spaces: 2,
        assignees: 3,
        paths: ["direct", "naive"],
        settings: DEFAULT_SETTINGS,
        gapMs: 0,
    });
    expect(report.pairs).toBe(6);
    const direct = report.runs.find((r) => r.path === "direct")!;
    const [up, destroy] = direct.phases;
    expect(up).toMatchObject({ phase: "up", ok: true, posts: 6, puts: 0, writesPerPair: 1, wrong: 0 });
    expect(up!.writesPerPairHistogram).toEqual({ "1": 6 });
    expect(destroy).toMatchObject({ phase: "destroy", ok: true, deletes: 6, writesPerPair: 1, wrong: 0 });
    expect(destroy!.seedUntouched).toBe(true);
    const naive = report.runs.find((r) => r.path === "naive")!;
    // One write per declaration at least (no merge), whatever its races lose.
    expect(naive.phases[0]!.writes).toBeGreaterThanOrEqual(6);
    const md = spaceMarkdown(report);
    expect(md).toContain("| direct | up |");
    expect(md).toContain("| 1.00 | 6×1 | 0 / 0 | 0 pairs short |");
    expect(md).toContain("| naive | destroy |");
});
