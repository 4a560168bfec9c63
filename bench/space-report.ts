/**
 * bench/results/spaces.md from a space benchmark report (spaces.ts): per path and phase, the wall time next to the
 * engine's floor and the naive baseline, the requests, and the writes per (space, assignee) against the lower
 * bound of 1.
 */
import type { SpaceBenchReport, SpacePhase, SpaceRun } from "./spaces";

const sec = (ms: number) => (ms / 1000).toFixed(1);
const ratio = (a: number, b: number | undefined) => (b && b > 0 ? `${(a / b).toFixed(2)}×` : "");
const writesChecked = (r: SpaceRun) => r.path === "direct" || r.path === "cli";

/** A path that failed a command, or (a path that writes for the program) left a pair wrong. */
export const runFailed = (r: SpaceRun): boolean =>
    r.phases.some((p) => (r.path !== "naive" && !p.ok) || (writesChecked(r) && p.wrong > 0));

function phaseOf(report: SpaceBenchReport, path: string, phase: SpacePhase["phase"]) {
    return report.runs.find((r) => r.path === path)?.phases.find((p) => p.phase === phase);
}

function row(report: SpaceBenchReport, run: SpaceRun, p: SpacePhase): string {
    const floor = phaseOf(report, "cli-floor", p.phase);
    const naive = phaseOf(report, "naive", p.phase);
    const hist = Object.entries(p.writesPerPairHistogram)
        .map(([n, c]) => `${c}×${n}`)
        .join(" ");
    const noWrites = run.path === "cli-floor";
    const wrong = noWrites ? "" : p.phase === "up" ? `${p.wrong} pairs short` : `${p.wrong} left`;
    return [
        run.path,
        p.phase,
        sec(p.wallMs),
        run.path.startsWith("cli") ? ratio(p.wallMs, floor?.wallMs) : "",
        run.path === "naive" ? "" : ratio(p.wallMs, naive?.wallMs),
        noWrites ? "0" : String(p.requests),
        noWrites ? "" : `${p.reads} / ${p.posts} / ${p.puts} / ${p.deletes}`,
        noWrites ? "" : `${p.writesPerPair.toFixed(2)}`,
        noWrites ? "" : hist,
        noWrites ? "" : `${p.status409} / ${p.status429}`,
        wrong + (p.seedUntouched === false ? ", seed CHANGED" : ""),
        p.ok ? "" : p.notes.join("; "),
    ].join(" | ");
}

export function spaceMarkdown(r: SpaceBenchReport): string {
    const st = r.settings;
    const lines = [
        "# Benchmark: space access",
        "",
        `Run of \`${r.command ?? "npm run bench:spaces"}\` at ${r.startedAt}, ${sec(r.durationMs)} s in total. Node ${r.node}, Pulumi CLI ${r.pulumi}.` +
            (r.loadAverage
                ? ` The machine (2 cores) was shared with other work: 1-minute load average ${r.loadAverage.start.toFixed(1)} at the start, ${r.loadAverage.end.toFixed(1)} at the end.`
                : ""),
        "",
        `- Scenario: ${r.scenario}: ${r.declarations} \`SpaceRoleAssignment\`s on ${r.pairs} (space, assignee) pairs, every pair's two roles declared one after the other; the spaces are shared spaces of the admin, the assignees users named by subject, none with an assignment before.`,
        `- Tenant: the emulator with ${st.latencyMs} ms latency per request and Qlik's tier limits at time scale ${st.timeScale}: ${r.writeBudget}, Tier 1 reads 5,000 per window; the provider's throttle set alike. A fresh tenant per path; \`destroy\` starts ${sec(r.gapMs)} s after \`up\` ends (a fresh rate-limit window, as if run 5 minutes apart).`,
        `- Paths, parallelism ${st.parallelism} everywhere: *direct* is the provider's lifecycle in-process as the engine calls it (\`up\` = a preview process of checks, then an update process of check + create; \`destroy\` = delete, reverse order); *cli* is the real Pulumi CLI on the e2e program (\`up --yes\` with its preview, \`destroy --yes --skip-preview\`, \`--parallel ${st.parallelism}\`); *cli-floor* is the same CLI on the same program shape with a provider that does nothing and sends no request (same resources, inputs, \`__provider\` length and outputs): the engine's own cost; *naive* is a script on qlik-cli's space assignment commands, per declaration: find the space, the user and its assignment (3 GETs), then POST, PUT the whole list, or DELETE; a 429 is waited out, any other failure (a 409 when the pair's two POSTs race) loses that role; no lock per pair.`,
        ...(st.cliEnv
            ? [
                  `- The CLI paths ran with ${Object.entries(st.cliEnv)
                      .map(([k, v]) => `\`${k}=${v}\``)
                      .join(", ")} in their environment.`,
              ]
            : []),
        "- Lower bound: one write per pair and phase (a `POST` in `up`, a `DELETE` in `destroy`). *wall ÷ floor* divides a CLI phase's wall time by the floor's same phase; *wall ÷ naive* by the naive baseline's.",
        "- *GET / POST / PUT / DELETE* count every request sent (429s included); *writes per pair* is (POST + PUT + DELETE) ÷ pairs; *pairs × writes* how many pairs took that many writes; *check* after `up` counts the pairs without both roles, after `destroy` the assignments left in the bench's spaces (and whether the seed's assignments changed).",
        "",
        "| path | phase | wall s | wall ÷ floor | wall ÷ naive | requests | GET / POST / PUT / DELETE | writes per pair (LB 1) | pairs × writes | 409 / 429 | check | failure |",
        "|---|---|--:|--:|--:|--:|--:|--:|---|--:|---|---|",
        ...r.runs.flatMap((run) => run.phases.map((p) => `| ${row(r, run, p)} |`)),
        "",
    ];
    const failed = r.runs.filter(runFailed);
    lines.push(
        failed.length === 0
            ? "Every path that writes for the program (direct, cli) left every pair with both roles after `up` and the tenant as seeded after `destroy`."
            : `FAILED: ${failed.map((x) => x.path).join(", ")}.`,
        "",
    );
    return lines.join("\n");
}
