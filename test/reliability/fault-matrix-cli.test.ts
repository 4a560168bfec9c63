/**
 * Fault matrix, CLI tier: the central faults through the real Pulumi CLI (`pulumi up` with the fault armed, a
 * re-run without it when the first failed, `pulumi refresh --expect-no-changes`, `pulumi destroy`), with the same
 * invariants as the in-process matrix, checked against the exported stack state.
 */
import {
    startEmulator,
    type EmulatorOptions,
    type FaultRule,
    type OutsideWriterSettings,
    type TenantEmulator,
} from "../../emulator";
import { describeWithCli } from "../e2e/e2e-setup";
import type { PulumiStack } from "../../scripts/lib/pulumi-cli";
import { cliStack, errorLines, stateResources } from "./support/cli";
import { Results, saveTranscript } from "./support/results";
import {
    SCENARIO,
    cell,
    describeRequests,
    describeVsSeed,
    foreignRolesRemoved,
    missingPairs,
    patchesDroppingForeignRoles,
    settle,
    stateVsTenant,
    summarizeWriter,
} from "./support/scenario";
import { SecretScanner } from "./support/secrets";

jest.setTimeout(120_000);

const results = new Results("fault-matrix-cli");
const scanner = new SecretScanner();
const secrets = new Set<string>();
const USER = "/api/v1/users/637390ec6541614d3a88d6c1";
/** What every error must start with: the operation, the resource type, the principal and the role. */
const CONTEXT =
    /^(check|diff|create|refresh|update|delete) (User|Group)RoleAssignment \((user|group) \w+ "[^"]*", role "[^"]*"\): /;

interface CliCase {
    name: string;
    rules?: FaultRule[];
    outsideWriter?: Partial<OutsideWriterSettings>;
    emulator?: EmulatorOptions;
    credentials?: "apiKey" | "oauth";
    config?: Record<string, string>;
    expect: "recovered" | "failed";
    message?: RegExp;
}

const CASES: CliCase[] = [
    {
        name: "429 with retry-after 1 s on a PATCH and on a GET",
        rules: [
            { match: { method: "PATCH" }, kind: "status", status: 429, retryAfterSeconds: 1, times: 1 },
            {
                match: { method: "GET", path: USER },
                kind: "status",
                status: 429,
                retryAfterSeconds: 1,
                times: 1,
            },
        ],
        expect: "recovered",
    },
    {
        name: "5xx burst: 500 on the first 2 requests, then 502 and 503 on PATCHes",
        rules: [
            { kind: "status", status: 500, times: 2 },
            { match: { method: "PATCH" }, kind: "status", status: 502, times: 1 },
            { match: { method: "PATCH" }, kind: "status", status: 503, times: 1 },
        ],
        expect: "recovered",
    },
    {
        name: "connection resets: one before processing, one mid-body on a PATCH (applied)",
        rules: [
            { match: { method: "GET" }, kind: "reset", times: 1 },
            { match: { method: "PATCH" }, kind: "reset-mid-body", times: 1 },
        ],
        expect: "recovered",
    },
    {
        name: "207 partial success on the user PATCH, which Qlik did apply",
        rules: [{ match: { method: "PATCH", path: USER }, kind: "partial-207", applied: true, times: 1 }],
        expect: "failed",
        message: /answered 207.*replace \/assignedRoles could not be applied.*traceId/,
    },
    {
        name: "OAuth token expires mid-run (lifetime 0.5 s, 120 ms latency)",
        credentials: "oauth",
        emulator: { tokenLifetimeSeconds: 0.5, latencyMs: 120 },
        expect: "recovered",
    },
    {
        name: "outside writer undoes the first PATCH (after-write, once)",
        outsideWriter: { mode: "after-write", rate: 1, times: 1 },
        expect: "recovered",
    },
];

let stacks: PulumiStack[] = [];
afterAll(() => {
    for (const s of stacks) s.dispose();
    stacks = [];
});

async function runCase(c: CliCase) {
    const emu: TenantEmulator = await startEmulator({ extraUsers: 10, extraGroups: 3, ...c.emulator });
    secrets.add(emu.apiKey).add(emu.oauthClient.clientSecret);
    try {
        const stack = await cliStack(emu, {
            assignments: SCENARIO.assignments,
            credentials: c.credentials ?? "apiKey",
            config: c.config ?? {},
        });
        stacks.push(stack);
        const seed = emu.seedSnapshot();
        const violations: string[] = [];
        for (const rule of c.rules ?? []) emu.faults.inject({ ...rule });
        if (c.outsideWriter)
            emu.faults.outsideWriter = {
                enabled: true,
                mode: "before-write",
                rate: 1,
                role: "Steward",
                ...c.outsideWriter,
            };

        const t0 = Date.now();
        const up = await stack.run(["up", "--yes", "--skip-preview"]);
        const upMs = Date.now() - t0;
        await settle(emu);
        const upLog = [...emu.requests];
        const writerEvents = emu.faults.outsideWriterEvents.map((e) => e.action);
        emu.faults.clear();
        const upErrors = errorLines(up);
        const afterUp = emu.snapshot();
        const stateAfterUp = await stateResources(stack);
        if (up.code === 0) {
            violations.push(...missingPairs(afterUp, SCENARIO.pairs).map((v) => `after up: ${v}`));
            violations.push(
                ...stateVsTenant(stateAfterUp, afterUp, seed, SCENARIO.pairs).map((v) => `after up: ${v}`),
            );
        }
        const orphansAfterFailure =
            up.code === 0 ? [] : stateVsTenant(stateAfterUp, afterUp, seed, SCENARIO.pairs);
        violations.push(...orphansAfterFailure.map((v) => `after the failed up: ${v}`));

        let rerun: { code: number; requests: string } | undefined;
        if (up.code !== 0) {
            const from = emu.requests.length;
            const r = await stack.run(["up", "--yes", "--skip-preview"]);
            rerun = { code: r.code, requests: describeRequests(emu.requests.slice(from)) };
            const now = emu.snapshot();
            violations.push(...missingPairs(now, SCENARIO.pairs).map((v) => `after re-run: ${v}`));
            violations.push(
                ...stateVsTenant(await stateResources(stack), now, seed, SCENARIO.pairs).map(
                    (v) => `after re-run: ${v}`,
                ),
            );
        }
        // State and tenant agree: a refresh finds nothing to change.
        const refresh = await stack.run(["refresh", "--yes", "--skip-preview", "--expect-no-changes"]);
        if (refresh.code !== 0) violations.push(`refresh found drift: ${errorLines(refresh).join("; ")}`);
        const destroy = await stack.run(["destroy", "--yes", "--skip-preview"]);
        await settle(emu);
        const final = emu.snapshot();
        violations.push(...foreignRolesRemoved(seed, final, SCENARIO.pairs).map((v) => `final: ${v}`));
        violations.push(...patchesDroppingForeignRoles(emu.requests, seed, SCENARIO.pairs));

        for (const [i, t] of stack.transcript.entries()) scanner.add(`${c.name}: command ${i}`, t);
        saveTranscript(`fault-matrix-cli ${c.name}`, stack.transcript);
        scanner.add(`${c.name}: request log`, emu.requests);
        const faulted = upLog.some((e) => e.fault || e.status >= 400 || e.status === 0);
        results.add("fault-matrix", {
            tier: "CLI",
            case: c.name,
            expected: c.expect,
            up: up.code === 0 ? (faulted ? "recovered" : "ok") : "failed",
            message: cell(upErrors.join(" ⏎ "), 600),
            requests: describeRequests(upLog),
            upMs,
            afterUp: describeVsSeed(emu, seed, afterUp),
            rerun: rerun ? (rerun.code === 0 ? `ok, ${rerun.requests}` : "FAILED") : "",
            orphansAfterFailure,
            destroy: destroy.code === 0 ? "ok" : `FAILED: ${cell(errorLines(destroy)[0], 100)}`,
            final: describeVsSeed(emu, seed, final),
            outsideWriter: summarizeWriter(writerEvents),
            violations,
        });
        return { up, upErrors, rerun, destroy, final, seed, violations, writerEvents };
    } finally {
        await emu.close();
    }
}

describeWithCli("fault matrix through the real Pulumi CLI", () => {
    it.each(CASES.map((c) => [c.name, c] as const))(
        "%s: pulumi up keeps every invariant",
        async (_name, c) => {
            const r = await runCase(c);
            if (c.expect === "recovered") {
                expect(r.upErrors).toEqual([]);
                expect(r.up.code).toBe(0);
            } else {
                expect(r.up.code).not.toBe(0);
                expect(r.upErrors.length).toBeGreaterThan(0);
                if (c.message) expect(r.upErrors.join("\n")).toMatch(c.message);
                // one line naming the operation, the principal and the role. A resource that
                // failed to initialize is shown by Pulumi as "1 error occurred:" over one "* <reason>" bullet: the
                // provider's part is that bullet.
                for (const line of r.upErrors) {
                    const own = line.replace(/^1 error occurred: ⏎ \* /, "");
                    expect(own).toMatch(CONTEXT);
                    expect(own).not.toContain(" ⏎ ");
                }
                expect(r.rerun?.code).toBe(0);
            }
            expect(r.destroy.code).toBe(0);
            expect(r.violations).toEqual([]);
            if (r.writerEvents.length === 0) expect(r.final).toEqual(r.seed);
        },
    );

    it("no credential appears in any CLI output, error or request log of the matrix", () => {
        // Scanning nothing would find nothing: every case must have added its commands and request log.
        expect(secrets.size).toBeGreaterThanOrEqual(2);
        expect(scanner.count).toBeGreaterThanOrEqual(CASES.length * 2);
        expect(scanner.bytes).toBeGreaterThanOrEqual(CASES.length * 1_000);
        const hits = scanner.scan([...secrets]);
        results.add("secrets", {
            source: "fault matrix, CLI (stdout/stderr of every command, request logs)",
            artifacts: scanner.count,
            bytes: scanner.bytes,
            hits: hits.length,
        });
        expect(hits).toEqual([]);
    });
});
