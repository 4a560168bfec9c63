/**
 * `npm run reliability`: runs the reliability suite (test/reliability) and writes RELIABILITY.md from the rows the
 * tests themselves recorded (test-results/reliability/*.json) and jest's own JSON report, so every figure in the
 * file comes from one run. `--render-only` re-renders from the results already on disk.
 *
 * Exits with jest's status: a failing reliability test fails the command, and its rows are marked ❌ in the file.
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ensurePulumiOnPath, REPO_ROOT } from "./lib/pulumi-cli";

const RESULTS_DIR = path.join(REPO_ROOT, "test-results", "reliability");
const JEST_JSON = path.join(RESULTS_DIR, "jest.json");
const OUTPUT = path.join(REPO_ROOT, "RELIABILITY.md");

type Row = Record<string, unknown> & { table: string; test?: string };

interface JestReport {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    startTime: number;
    testResults: {
        name: string;
        startTime: number;
        endTime: number;
        assertionResults: {
            fullName: string;
            status: string;
            duration?: number;
            failureMessages: string[];
        }[];
    }[];
}

function runSuite(): number {
    fs.rmSync(RESULTS_DIR, { recursive: true, force: true });
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    const jest = path.join(REPO_ROOT, "node_modules", "jest", "bin", "jest.js");
    const r = spawnSync(process.execPath, [jest, "test/reliability", "--json", `--outputFile=${JEST_JSON}`], {
        cwd: REPO_ROOT,
        stdio: "inherit",
    });
    return r.status ?? 1;
}

function loadRows(): Row[] {
    const rows: Row[] = [];
    for (const file of fs.readdirSync(RESULTS_DIR).sort()) {
        if (!file.endsWith(".json") || file === "jest.json") continue;
        rows.push(...(JSON.parse(fs.readFileSync(path.join(RESULTS_DIR, file), "utf8")) as Row[]));
    }
    return rows;
}

const esc = (v: unknown): string =>
    String(v ?? "")
        .replace(/\|/g, "\\|")
        .replace(/\r?\n/g, " ⏎ ");
const yes = (b: unknown) => (b ? "yes" : "no");

function table(headers: string[], rows: unknown[][]): string {
    const lines = [`| ${headers.join(" | ")} |`, `| ${headers.map(() => "---").join(" | ")} |`];
    for (const r of rows) lines.push(`| ${r.map(esc).join(" | ")} |`);
    return lines.join("\n");
}

function git(args: string[]): string {
    try {
        return execFileSync("git", args, { cwd: REPO_ROOT, encoding: "utf8" }).trim();
    } catch {
        return "";
    }
}

function render(rows: Row[], report: JestReport | undefined, pulumiVersion: string): string {
    const status = new Map<string, string>();
    const failures: { name: string; message: string }[] = [];
    for (const file of report?.testResults ?? []) {
        for (const a of file.assertionResults) {
            status.set(a.fullName, a.status);
            if (a.status === "failed") {
                const first = (a.failureMessages[0] ?? "")
                    .replace(/\x1b\[[0-9;]*m/g, "")
                    .split("\n")
                    .filter((l) => l.trim() && !/^\s+at /.test(l));
                failures.push({ name: a.fullName, message: first.slice(0, 12).join("\n") });
            }
        }
    }
    const mark = (r: Row) => {
        const s = r.test ? status.get(r.test) : undefined;
        return s === "passed" ? "✅" : s === "failed" ? "❌" : s ? `(${s})` : "?";
    };
    const of = (t: string) => rows.filter((r) => r.table === t);
    const seconds = (ms: unknown) => `${(Number(ms) / 1000).toFixed(1)} s`;
    const suiteSeconds = report
        ? Math.max(...report.testResults.map((f) => f.endTime)) - report.startTime
        : 0;
    const commit = git(["rev-parse", "--short", "HEAD"]);
    const dirty = git(["status", "--porcelain", "--", "provider"]) !== "";

    const out: string[] = [];
    out.push(`# Reliability and security under faults, races and bad input

Measured, not assumed: every figure below was recorded by the reliability tests themselves (\`test/reliability/\`)
in one run, and this file was written from those records by \`npm run reliability\`. A ✅ row belongs to a test that
passed; a ❌ row to a test that failed, listed with its failure under [Failing tests](#failing-tests).

| Run | |
| --- | --- |
| Date | ${new Date(report?.startTime ?? Date.now()).toISOString().slice(0, 16).replace("T", " ")} UTC |
| Commit | ${commit}${dirty ? " + uncommitted changes under provider/" : ""} |
| Node.js / Pulumi CLI | ${process.version} / ${pulumiVersion} |
| Machine | ${os.platform()} ${os.arch()}, ${os.cpus().length} cores |
| Tests | ${report ? `${report.numPassedTests} passed, ${report.numFailedTests} failed, ${report.numPendingTests} skipped` : "no jest report"} |
| Suite runtime | ${seconds(suiteSeconds)} |

Regenerate with \`npm run reliability\` (builds, runs \`jest test/reliability\`, rewrites this file; exits non-zero
when a test fails). The same tests run in \`npm test\`.
`);

    // 1. Fault matrix
    const fm = [
        ...of("fault-matrix").filter((r) => r.tier !== "CLI"),
        ...of("fault-matrix").filter((r) => r.tier === "CLI"),
    ];
    out.push(`## 1. Fault matrix

Scenario: \`UserRoleAssignment\` user1234 + ManagedSpaceCreator and \`GroupRoleAssignment\` My Group +
DataSpaceCreator; both principals start with AuditAdmin and SharedSpaceCreator, which are foreign (never ours to
remove). Each case arms the fault, runs \`up\`; when that fails, clears the fault and runs \`up\` again; then
runs \`destroy\` (in-process: with the fault armed again; CLI: after \`refresh --expect-no-changes\`).
**Invariants asserted in every row:** no foreign role is removed, neither in the final state nor by any single
PATCH sent; after a successful run every managed role is held and state and tenant agree (and a refresh finds no
drift); a failed run succeeds when re-run without the fault; the tenant ends as seeded (plus whatever an outside
writer added). Also asserted: after a *failed* run, state is still truthful: a role that
the failed run did grant is recorded in state; otherwise the re-run adopts Pulumi's own grant as \`preexisting\`.

*Requests* are those that reached the tenant during the faulted \`up\` (faulted = shaped by an injected fault).
*Outcome*: ok = no fault met; recovered = faults met, run succeeded; failed = the run failed with the message shown.
`);
    out.push(
        table(
            [
                "",
                "Tier",
                "Fault",
                "Outcome of up (expected)",
                "Requests in up",
                "Time",
                "Message (failed runs)",
                "Re-run",
                "Destroy",
                "Tenant after up → at end",
                "Outside writer",
                "Violations",
            ],
            fm.map((r) => [
                mark(r),
                r.tier,
                r.case,
                `${r.up} (expected: ${r.expected === "failed" ? "fails" : "succeeds"})`,
                r.requests,
                seconds(r.upMs),
                r.message || "—",
                r.rerun
                    ? `${r.rerun}${(r.adoptedOwnGrant as string[] | undefined)?.length ? `; adopted as preexisting: ${(r.adoptedOwnGrant as string[]).join(", ")}` : ""}`
                    : "—",
                r.destroy,
                `${r.afterUp} → ${r.final}`,
                r.outsideWriter || "—",
                (r.violations as string[]).length ? (r.violations as string[]).join("; ") : "none",
            ]),
        ),
    );
    const recovered = fm.filter((r) => r.up === "recovered" || r.up === "ok").length;
    const failedClean = fm.filter((r) => r.up === "failed" && String(r.rerun).startsWith("ok")).length;
    out.push(`
${fm.length} cases (${fm.filter((r) => r.tier === "in-process").length} in-process, ${fm.filter((r) => r.tier === "CLI").length} through the CLI): ${recovered} recovered within the run, ${failedClean} failed with a one-line message and succeeded on re-run, ${fm.filter((r) => (r.violations as string[]).length > 0).length} with an invariant violated.
`);
    const late = of("late-write");
    if (late.length > 0) {
        out.push(`### A write that times out and lands late

Qlik has no ETag, so a PATCH that timed out on our side may still be applied later, over a newer change. What
the provider can promise is that the next \`refresh\` sees it and the next \`up\` repairs it.
`);
        out.push(
            table(
                [
                    "",
                    "Case",
                    "Runs",
                    "Change held when the run ended",
                    "Held after the late write landed",
                    "Refresh dropped",
                    "Repaired by next up",
                    "Tenant at end",
                ],
                late.map((r) => [
                    mark(r),
                    r.case,
                    `${r.run1}, ${r.run2}`,
                    yes(r.heldAtRunEnd),
                    yes(r.heldAfterLateWrite),
                    r.refreshDropped || "—",
                    yes(r.repairedByNextUp),
                    r.final,
                ]),
            ),
        );
        out.push("");
    }

    const limited = of("rate-limits");
    if (limited.length > 0) {
        out.push(`### Rate limits and failures together

20 \`UserRoleAssignment\`s on 20 users, \`up\` then \`destroy\` in-process, with 30 % of all requests answering 503
and Qlik's write limit tighter than the client's own throttle: per user, or tenant-wide (shared with other
clients, so 429s come even when the throttle is right). Emulator time runs 60× faster (a 5-minute window lasts
5 s). A 429 is waited out within \`qlik:retryDeadlineMs\` and never uses up the tries for failures.
`);
        out.push(
            table(
                [
                    "",
                    "Write limit",
                    "Phase",
                    "Outcome",
                    "Time",
                    "Requests",
                    "429s waited out",
                    "Failures retried",
                    "Most tries, one request",
                    "Tenant at end",
                ],
                limited.map((r) => [
                    mark(r),
                    r.case,
                    r.phase,
                    r.ok ? "ok" : `FAILED: ${String(r.errors).slice(0, 300)}`,
                    `${r.seconds} s`,
                    r.requests,
                    r.waited429,
                    r.retriedFailures,
                    r.mostTries,
                    r.tenant,
                ]),
            ),
        );
        out.push("");
    }

    // 2. Concurrency
    out.push(`## 2. Concurrency

### 100 assignments in one \`pulumi up\`, default parallelism, ~10 % 5xx and some 429s

10 users × 7 roles and 5 groups × 6 roles (\`retainIfPreexisting: true\`; some roles were already held), one
\`pulumi up\` and one \`pulumi destroy\` on the real CLI with three probabilistic rules on every request: 500 at
5 %, 503 at 5.3 % of the rest, 429 (retry-after 1 s) at 2 % of the rest. *Exact* = the whole tenant (every user and
group) equals the seed plus exactly the declared roles (after up) or exactly the seed (after destroy).
`);
    out.push(
        table(
            [
                "",
                "Phase",
                "Outcome",
                "Time",
                "Requests",
                "GET",
                "PATCH (applied)",
                "Injected 5xx",
                "Injected 429",
                "Max PATCHes on one principal",
                "Exact final state",
                "Notes",
            ],
            of("concurrency").map((r) => [
                mark(r),
                r.phase,
                r.outcome + (r.message ? `: ${r.message}` : ""),
                seconds(r.durationMs),
                r.requests,
                r.gets,
                `${r.patches} (${r.appliedPatches})`,
                r.injected5xx,
                r.injected429,
                r.maxPatchesPerPrincipal,
                yes(r.exact),
                r.phase === "up"
                    ? `${r.resourcesInState} resources in state; refresh --expect-no-changes ${r.refreshNoChanges ? "passed" : "FAILED"}`
                    : `PATCHes dropping a seed role: ${r.foreignDrops}`,
            ]),
        ),
    );
    const race = of("race");
    out.push(`
### The outside-writer race

Another admin races each of our PATCHes with probability 0.5 (\`emu.faults.outsideWriter\`), adding Steward:
*before-write* just before our PATCH is applied (our replace, built from an earlier read, drops it), *after-write*
right after it (writing back the roles from before our PATCH plus Steward, so our change is lost unless we verify).
Each trial is one \`up\` (add ManagedSpaceCreator to user1234) and one \`destroy\`, in-process, with the default
verify loop (3 rounds). *Conflicts* = verify rounds that found our change undone (PATCHes − 1).
`);
    out.push(
        table(
            [
                "",
                "Mode",
                "Step",
                "Trials",
                "Succeeded",
                "Failed (QLIK_CONFLICT)",
                "Our change held after a success",
                "Re-runs that fixed a failure",
                "PATCHes per run (count: runs)",
                "Mean PATCHes",
                "Runs raced",
                "Writer fired",
                "Writer's Steward kept / lost",
            ],
            race.map((r) => [
                mark(r),
                r.mode,
                r.op,
                r.trials,
                r.succeeded,
                r.failedConflict,
                `${r.oursHeldAfterSuccess} / ${r.succeeded}`,
                `${r.rerunsOk} / ${r.failedConflict}`,
                Object.entries(r.patchesHistogram as Record<string, number>)
                    .map(([k, v]) => `${k}: ${v}`)
                    .join(", "),
                r.meanPatches,
                r.racedRuns,
                r.writerFires,
                `${r.writerRoleKept} / ${r.writerRoleLost}`,
            ]),
        ),
    );
    out.push(`
Reading the race: a reported success always means our change is in the tenant (verified after the write), and a
run whose change kept being undone fails with QLIK_CONFLICT instead of claiming success. *after-write*: the other
writer's role always survives, because each retry re-plans from a fresh read. *before-write*: the other writer's
role is lost whenever it fires, and nothing on the wire can reveal it (Qlik offers no ETag or If-Match); only a
version check on Qlik's side could prevent it.
`);

    // 3. Bad input
    const bad = of("bad-input");
    out.push(`## 3. Bad input catalogue

Each input is run through the lifecycle in-process as far as it gets (\`check\` — which runs at \`pulumi preview\` —,
then \`create\`, then \`delete\`). Asserted for every row: refused at the expected step (preview unless the problem
only exists at removal), exactly one line, naming the field (input property or config key), saying what to do,
and zero PATCHes. A \`check\` failure is shown here as \`property: reason\`; the CLI prints it as
\`property <p> value {<v>} has a problem: <reason>\` (see the CLI subset below).
`);
    out.push(
        table(
            ["", "Input", "Field", "Expected at", "Caught at", "The line the user sees", "PATCHes"],
            bad.map((r) => [mark(r), r.case, r.field, r.expectedAt, r.at, r.message, r.patches]),
        ),
    );
    const accepted = of("bad-input-accepted");
    if (accepted.length > 0) {
        out.push(`
Inputs that look risky but are valid must be accepted and change exactly the named principal:
`);
        out.push(
            table(
                ["", "Input", "Check failures", "Principals changed", "Role landed"],
                accepted.map((r) => [mark(r), r.case, r.failures, r.changedPrincipals, yes(r.holds)]),
            ),
        );
    }
    const badCli = of("bad-input-cli");
    if (badCli.length > 0) {
        out.push(`
A representative subset through \`pulumi preview\` on the real CLI (exit code, the \`error:\` line, PATCHes):
`);
        out.push(
            table(
                ["", "Input", "Exit", "error: line", "PATCHes"],
                badCli.map((r) => [
                    mark(r),
                    r.case,
                    r.exit,
                    r.message || "(none: preview passed)",
                    r.patches,
                ]),
            ),
        );
    }

    // 4. Secrets
    const sec = of("secrets");
    out.push(`
## 4. Secret hygiene

Every text produced is scanned for the API key, the OAuth client secret, the non-admin key and wrong keys tried:
plain, base64 and base64url at each byte offset, URL-encoded and JSON-escaped, plus anything shaped like an
emulator credential or access token.
`);
    out.push(
        table(
            ["", "What was scanned", "Texts", "Bytes", "Hits", "Note"],
            sec.map((r) => [
                r.observation ? "ℹ️ not asserted" : mark(r),
                r.source,
                r.artifacts,
                r.bytes,
                r.hits,
                [r.note, ...((r.where as string[]) ?? [])].filter(Boolean).join("; "),
            ]),
        ),
    );
    out.push("");

    // Limits the figures show, stated from the rows themselves.
    const limits: string[] = [];
    const before = race.filter((r) => r.mode === "before-write");
    const lost = before.reduce((n, r) => n + Number(r.writerRoleLost), 0);
    const raced = before.reduce((n, r) => n + Number(r.racedRuns), 0);
    if (raced > 0) {
        limits.push(
            `An outside writer's change made just before our PATCH is lost (${lost} of ${raced} raced runs in *before-write*); without an ETag no client can detect it.`,
        );
    }
    for (const r of late) {
        if (!r.heldAfterLateWrite) {
            limits.push(
                "A PATCH that times out can land after a later, verified change and undo it; the next `refresh` drops the resource and the next `up` restores the role (measured above).",
            );
        }
    }
    for (const r of sec) {
        if (String(r.note).includes("default provider"))
            limits.push(
                `${String(r.note)}: it is Pulumi's record of the stack config, so set credentials with \`--secret\` (or use the QLIK_* environment variables, which leave nothing in state).`,
            );
        if (r.observation && String(r.note).includes("plain text")) {
            limits.push(
                `An API key set without \`--secret\` ends up ${String(r.note)}; the provider cannot tell a secret from plain config, so the README's \`pulumi config set --secret\` matters.`,
            );
        }
        if (r.observation && String(r.note).includes("Configure inputs"))
            limits.push(
                "`pulumi … -v=9 --logtostderr` prints the decrypted stack config (Pulumi's engine logs the provider's Configure inputs); do not share such logs.",
            );
    }
    if (limits.length > 0)
        out.push(`## Limits these figures show\n\n${limits.map((l) => `- ${l}`).join("\n")}\n`);

    out.push(`## Failing tests
`);
    if (failures.length === 0) out.push("None.\n");
    for (const f of failures)
        out.push(
            `- **${f.name}**\n\n  \`\`\`\n${f.message
                .split("\n")
                .map((l) => `  ${l}`)
                .join("\n")}\n  \`\`\`\n`,
        );
    return out.join("\n") + "\n";
}

function main(): void {
    const renderOnly = process.argv.includes("--render-only");
    const pulumiVersion = ensurePulumiOnPath();
    const code = renderOnly ? 0 : runSuite();
    const report = fs.existsSync(JEST_JSON)
        ? (JSON.parse(fs.readFileSync(JEST_JSON, "utf8")) as JestReport)
        : undefined;
    fs.writeFileSync(OUTPUT, render(loadRows(), report, pulumiVersion));
    console.log(
        `wrote ${path.relative(process.cwd(), OUTPUT)}${report ? ` (${report.numPassedTests} passed, ${report.numFailedTests} failed)` : ""}`,
    );
    process.exitCode = code;
}

main();
