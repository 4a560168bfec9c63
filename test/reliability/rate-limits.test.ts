/**
 * Rate limits and failures together, in-process through the provider lifecycle: 30 % of all requests answer 503,
 * and Qlik's write limit is tighter than the client's own throttle (per user, or tenant-wide, shared with other
 * clients), so 429s happen even when the throttle is right. A 20-assignment `up` and `destroy` must complete
 * every operation: 429s are waited out within the retry deadline and never use up the tries for failures.
 * Counts of 429s waited out and failures retried are printed and recorded (RELIABILITY.md).
 */
import { startEmulator, type EmulatorOptions, type RequestLogEntry } from "../../emulator";
import type { PulumiStack } from "../../scripts/lib/pulumi-cli";
import { describeWithCli } from "../e2e/e2e-setup";
import { cliStack, errorLines } from "./support/cli";
import { __testing } from "../../provider/runtime";
import type { RequestEvent } from "../../provider/client";
import { MiniStack, type Declared } from "./support/mini-engine";
import { Results, saveTranscript } from "./support/results";
import { describeVsSeed, settle } from "./support/scenario";

jest.setTimeout(240_000);

const results = new Results("rate-limits");

const ROLES = ["ManagedSpaceCreator", "DataSpaceCreator", "Steward", "DataAdmin"];
const ASSIGNMENTS = 20;

interface Case {
    name: string;
    emulator: EmulatorOptions;
}

// timeScale 60: Qlik's 5-minute window lasts 5 s, so tier 2 at 2/min allows 10 writes per 5 s, while the
// client's throttle (Qlik's published 100/min) allows 500: the tenant is the tighter limit.
const CASES: Case[] = [
    {
        name: "per-user write limit 2/min (client throttle: 100/min)",
        emulator: { rateLimits: { tier1PerMinute: 1000, tier2PerMinute: 2 } },
    },
    {
        name: "tenant-wide write limit 2/min shared by all clients (per-user: Qlik's 100/min)",
        emulator: { tenantRateLimits: { tier1PerMinute: 1000, tier2PerMinute: 2 } },
    },
];

describe("429s and 503s together (in-process lifecycle)", () => {
    it.each(CASES.map((c) => [c.name, c] as const))(
        "%s, 30 %% 503s: a 20-assignment up and destroy complete every operation",
        async (_name, c) => {
            const emu = await startEmulator({
                extraUsers: 0,
                extraGroups: 0,
                timeScale: 60,
                seed: 7,
                ...c.emulator,
            });
            try {
                const program: Declared[] = Array.from({ length: ASSIGNMENTS }, (_, i) => {
                    const subject = `load-${i}`;
                    emu.addUser({ subject, roles: ["AuditAdmin"] });
                    return { name: `a${i}`, kind: "user", args: { subject, role: ROLES[i % ROLES.length] } };
                });
                const seed = emu.snapshot();
                const stack = new MiniStack(
                    { "qlik:tenantUrl": emu.url, "qlik:apiKey": emu.apiKey },
                    // At 30 % failures, 6 tries in a row all fail for 0.07 % of requests (about one run in ten
                    // of this size): 10 tries make that one in a million. 429s do not count either way.
                    { batchWindowMs: 10, maxAttempts: 10 },
                );
                const events: RequestEvent[] = [];
                __testing.observeRequests((e) => events.push(e));
                emu.faults.inject({ kind: "status", status: 503, rate: 0.3 });

                const run = async (phase: "up" | "destroy") => {
                    const from = events.length;
                    const result = phase === "up" ? await stack.up(program) : await stack.destroy();
                    await settle(emu);
                    const mine = events.slice(from);
                    const row = {
                        case: c.name,
                        phase,
                        ok: result.ok,
                        errors: result.errors.join(" ⏎ "),
                        seconds: Math.round(result.durationMs / 100) / 10,
                        requests: mine.length,
                        waited429: mine.filter((e) => e.status === 429).length,
                        retriedFailures: mine.filter(
                            (e) => (e.status ?? 0) >= 500 || (e.status === undefined && e.errorCode),
                        ).length,
                        patches: mine.filter((e) => e.method === "PATCH" && e.status === 204).length,
                        // Tries of the request that needed most (429s included) before it succeeded.
                        mostTries: Math.max(
                            0,
                            ...mine.filter((e) => (e.status ?? 0) < 300 && e.status).map((e) => e.attempt),
                        ),
                        tenant: describeVsSeed(emu, seed),
                    };
                    results.add("rate-limits", row);
                    console.log(
                        `${c.name}, ${phase}: ${row.ok ? "ok" : "FAILED"} in ${row.seconds} s, ${row.requests} requests, ${row.waited429} 429s waited out, ${row.retriedFailures} failures retried, at most ${row.mostTries} tries for one request`,
                    );
                    return row;
                };

                const up = await run("up");
                expect(up.errors).toBe("");
                for (const d of program)
                    expect(emu.userRoles(String(d.args.subject))).toContain(String(d.args.role));
                const destroy = await run("destroy");
                expect(destroy.errors).toBe("");
                emu.faults.clear();
                expect(emu.snapshot()).toEqual(seed);
                // The case is only worth its name if both kinds of trouble were met and outlived.
                expect(up.waited429 + destroy.waited429).toBeGreaterThan(0);
                expect(up.retriedFailures + destroy.retriedFailures).toBeGreaterThan(0);
            } finally {
                __testing.observeRequests(undefined);
                await emu.close();
            }
        },
    );
});

describeWithCli("429s and 503s together (through the real Pulumi CLI)", () => {
    let stack: PulumiStack | undefined;
    afterAll(() => stack?.dispose());

    it("per-user write limit 2/min, 30 % 503s: a 20-assignment `pulumi up` and `pulumi destroy` complete every operation", async () => {
        const c = CASES[0]!;
        const emu = await startEmulator({
            extraUsers: 0,
            extraGroups: 0,
            timeScale: 60,
            seed: 7,
            ...c.emulator,
        });
        try {
            const assignments = Array.from({ length: ASSIGNMENTS }, (_, i) => {
                emu.addUser({ subject: `load-${i}`, roles: ["AuditAdmin"] });
                return { name: `a${i}`, kind: "user", subject: `load-${i}`, role: ROLES[i % ROLES.length] };
            });
            const seed = emu.snapshot();
            stack = await cliStack(emu, {
                assignments,
                env: { QLIK_ROLES_TUNING: JSON.stringify({ maxAttempts: 10 }) },
            });
            emu.faults.inject({ kind: "status", status: 503, rate: 0.3 });
            const run = async (phase: "up" | "destroy") => {
                const from = emu.requests.length;
                const t0 = Date.now();
                const r = await stack!.run([phase, "--yes", "--skip-preview"]);
                const seconds = Math.round((Date.now() - t0) / 100) / 10;
                await settle(emu);
                const log: RequestLogEntry[] = emu.requests.slice(from);
                const row = {
                    case: `${c.name} (CLI)`,
                    phase,
                    ok: r.code === 0,
                    errors: errorLines(r).join(" ⏎ "),
                    seconds,
                    requests: log.length,
                    waited429: log.filter((e) => e.status === 429).length,
                    retriedFailures: log.filter((e) => e.status >= 500 || e.status === 0).length,
                    patches: log.filter((e) => e.method === "PATCH" && e.status === 204).length,
                    mostTries: "",
                    tenant: describeVsSeed(emu, seed),
                };
                results.add("rate-limits", row);
                console.log(
                    `${row.case}, ${phase}: ${row.ok ? "ok" : "FAILED"} in ${seconds} s, ${row.requests} requests, ${row.waited429} 429s waited out, ${row.retriedFailures} failures retried`,
                );
                return row;
            };
            const up = await run("up");
            expect(up.errors).toBe("");
            expect(up.ok).toBe(true);
            for (const a of assignments) expect(emu.userRoles(a.subject)).toContain(a.role);
            const destroy = await run("destroy");
            expect(destroy.errors).toBe("");
            expect(destroy.ok).toBe(true);
            saveTranscript("rate-limits-cli", stack.transcript);
            emu.faults.clear();
            expect(emu.snapshot()).toEqual(seed);
            expect(up.waited429 + destroy.waited429).toBeGreaterThan(0);
            expect(up.retriedFailures + destroy.retriedFailures).toBeGreaterThan(0);
        } finally {
            await emu.close();
        }
    });
});
