/**
 * Secret hygiene: the API key, the OAuth client secret and the access tokens issued for it never appear in state
 * (our resources' inputs, outputs or `__provider`), stack outputs, CLI output (also with --debug), error messages,
 * the backend's files or the emulator's request log, in plain, base64 (any offset), URL-encoded or JSON-escaped
 * form, also when Qlik (or a gateway) echoes the credential back in an error. Runs a representative set of
 * operations, successes and failures, through the real CLI and in-process.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { startEmulator, type TenantEmulator } from "../../emulator";
import { describeWithCli } from "../e2e/e2e-setup";
import { PulumiStack } from "../../scripts/lib/pulumi-cli";
import { MiniStack, type Declared } from "./support/mini-engine";
import { cliStack, errorLines, PROGRAM_DIR } from "./support/cli";
import { RESULTS_DIR, Results, saveTranscript } from "./support/results";
import { SCENARIO } from "./support/scenario";
import { SecretScanner, type Hit } from "./support/secrets";

jest.setTimeout(120_000);

const results = new Results("secret-hygiene");
const USER = "/api/v1/users/637390ec6541614d3a88d6c1";
const GROUP = "/api/v1/groups/6425d62641d2b80a9a0f92c3";
const PROGRAM: Declared[] = SCENARIO.assignments.map(({ name, kind, ...args }) => ({ name, kind, args }));
const EXTRA = [
    ...SCENARIO.assignments,
    { name: "x", kind: "user", subject: "user1234", role: "Steward" },
    { name: "y", kind: "group", groupName: "My Group", role: "Steward" },
];

/** Every file under `dir` (the stack's backend, PULUMI_HOME and program copy), skipping the node_modules link. */
function filesUnder(dir: string): string[] {
    const out: string[] = [];
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.name === "node_modules" || entry.isSymbolicLink()) continue;
        if (entry.isDirectory()) out.push(...filesUnder(full));
        else if (entry.isFile()) out.push(full);
    }
    return out;
}

/** Adds everything a stack produced: command output, exports, outputs, files on disk. */
async function collect(
    scanner: SecretScanner,
    label: string,
    stack: PulumiStack,
): Promise<{ revealed: string }> {
    scanner.add(`${label}: stack export`, await stack.exportState());
    const outputs = await stack.run(["stack", "output", "--json", "--show-secrets"]);
    scanner.add(`${label}: stack output --show-secrets`, outputs.stdout + outputs.stderr);
    const revealed = (await stack.run(["stack", "export", "--show-secrets"], { check: true })).stdout;
    // That output is ours to inspect, by resource, below; it is not something the provider produced.
    stack.transcript.splice(stack.transcript.length - 1, 1);
    // With secrets decrypted, only Pulumi's own record of the stack config may hold a credential: our resources
    // (inputs, outputs, __provider) must not.
    const deployment = JSON.parse(revealed).deployment;
    for (const r of deployment.resources ?? []) {
        if (String(r.type).startsWith("pulumi:providers:")) continue;
        scanner.add(`${label}: ${r.type} ${String(r.urn).split("::").pop()} (secrets revealed)`, r);
    }
    for (const file of filesUnder(stack.dir))
        scanner.add(`${label}: file ${path.relative(stack.dir, file)}`, fs.readFileSync(file, "utf8"));
    for (const [i, t] of stack.transcript.entries()) scanner.add(`${label}: command ${i}`, t);
    saveTranscript(`secret-hygiene ${label}`, stack.transcript);
    return { revealed };
}

function record(source: string, scanner: SecretScanner, hits: Hit[], note = "", observation = false): void {
    results.add("secrets", {
        observation,
        source,
        artifacts: scanner.count,
        bytes: scanner.bytes,
        hits: hits.length,
        where: hits.slice(0, 5).map((h) => `${h.artifact}: ${h.form}`),
        note,
    });
}

/**
 * No hit counts only if the scan saw what it was meant to: a scanner that was handed nothing finds nothing too.
 * `least` is a floor well below what a normal run produces, so it fails only when the collection broke.
 */
function expectNoCredential(
    scanner: SecretScanner,
    hits: Hit[],
    least: { artifacts: number; bytes: number },
): void {
    expect(scanner.count).toBeGreaterThanOrEqual(least.artifacts);
    expect(scanner.bytes).toBeGreaterThanOrEqual(least.bytes);
    expect(hits).toEqual([]);
}

let emu: TenantEmulator;
beforeAll(async () => {
    emu = await startEmulator({ extraUsers: 10, extraGroups: 3, tokenLifetimeSeconds: 0.5, latencyMs: 30 });
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

const credentials = () => [emu.apiKey, emu.oauthClient.clientSecret, emu.nonAdminApiKey];

describe("secret hygiene in-process", () => {
    it("a credential that Qlik echoes back in an error (plain or URL-encoded) is redacted from the message, for API keys and OAuth tokens", async () => {
        const scanner = new SecretScanner();
        const seen: string[] = [];
        for (const creds of ["apiKey", "oauth"] as const) {
            for (const echo of ["plain", "url-encoded"] as const) {
                emu.reset();
                const config: Record<string, string> =
                    creds === "apiKey"
                        ? { "qlik:tenantUrl": emu.url, "qlik:apiKey": emu.apiKey }
                        : {
                              "qlik:tenantUrl": emu.url,
                              "qlik:clientId": emu.oauthClient.clientId,
                              "qlik:clientSecret": emu.oauthClient.clientSecret,
                          };
                emu.faults.inject({
                    match: { method: "PATCH", path: USER },
                    kind: "status",
                    status: 400,
                    echoAuthorization: echo,
                    times: 1,
                });
                emu.faults.inject({
                    match: { method: "PATCH", path: GROUP },
                    kind: "status",
                    status: 403,
                    echoAuthorization: echo,
                    times: 1,
                });
                const stack = new MiniStack(config);
                const up = await stack.up(PROGRAM);
                emu.faults.clear();
                const destroy = await stack.destroy();
                for (const e of [...up.errors, ...destroy.errors]) {
                    scanner.add(`${creds} ${echo}: error`, e);
                    seen.push(e);
                }
                scanner.add(`${creds} ${echo}: request log`, emu.requests);
                expect(up.ok).toBe(false);
                expect(up.errors.join(" ")).toContain("Rejected credential: ");
            }
        }
        const hits = scanner.scan(credentials());
        record(
            "in-process: credentials echoed by Qlik in 400/403 error details (API key and OAuth token; plain and URL-encoded)",
            scanner,
            hits,
            `${seen.length} error messages, e.g. "…${/Rejected credential: [^;)]*/.exec(seen.find((e) => e.includes("[redacted]")) ?? "")?.[0] ?? ""}…"`,
        );
        expectNoCredential(scanner, hits, { artifacts: 8, bytes: 4_000 }); // 4 runs: errors and request log each
        expect(seen.some((e) => e.includes("[redacted]"))).toBe(true);
    });
});

describeWithCli("secret hygiene through the real Pulumi CLI", () => {
    it("with the API key as a stack secret: up, a failed up whose errors echo the key, up --debug and destroy leave it nowhere", async () => {
        const scanner = new SecretScanner();
        const stack = await cliStack(emu, { assignments: SCENARIO.assignments });
        try {
            await stack.up();
            await stack.setConfig("assignments", JSON.stringify(EXTRA));
            emu.faults.inject({
                match: { method: "PATCH", path: USER },
                kind: "status",
                status: 400,
                echoAuthorization: "plain",
            });
            emu.faults.inject({
                match: { method: "PATCH", path: GROUP },
                kind: "status",
                status: 403,
                echoAuthorization: "url-encoded",
            });
            const failed = await stack.run(["up", "--yes", "--skip-preview"]);
            emu.faults.clear();
            expect(failed.code).not.toBe(0);
            expect(errorLines(failed).join(" ")).toContain("Rejected credential: ");
            await stack.run(["up", "--yes", "--skip-preview", "--debug"], { check: true });
            const { revealed } = await collect(scanner, "api key", stack);
            await stack.destroy();
            for (const [i, t] of stack.transcript.entries())
                scanner.add(`api key: command ${i} (after destroy)`, t);
            scanner.add("api key: request log", emu.requests);
            const hits = scanner.scan(credentials());
            // Pulumi's own record of the stack config (the default provider's inputs) holds the key, encrypted.
            const inProviderRecord = JSON.parse(revealed)
                .deployment.resources.filter((r: { type: string }) => r.type.startsWith("pulumi:providers:"))
                .some((r: unknown) => JSON.stringify(r).includes(emu.apiKey));
            record(
                "CLI, API key as stack secret: up, failed up echoing the key (plain and URL-encoded), up --debug, destroy; exports, outputs, backend files, request log",
                scanner,
                hits,
                inProviderRecord
                    ? "Pulumi keeps the stack config, key included, encrypted in the default provider's state entry (visible with --show-secrets)"
                    : "",
            );
            expectNoCredential(scanner, hits, { artifacts: 10, bytes: 10_000 });
        } finally {
            stack.dispose();
        }
    });

    it("with OAuth client credentials: tokens renewed mid-run and an echoed access token leave neither the secret nor a token anywhere", async () => {
        const scanner = new SecretScanner();
        const stack = await cliStack(emu, { assignments: SCENARIO.assignments, credentials: "oauth" });
        try {
            await stack.up();
            await stack.setConfig("assignments", JSON.stringify(EXTRA));
            emu.faults.inject({
                match: { method: "PATCH", path: USER },
                kind: "status",
                status: 400,
                echoAuthorization: "plain",
            });
            const failed = await stack.run(["up", "--yes", "--skip-preview"]);
            emu.faults.clear();
            expect(failed.code).not.toBe(0);
            expect(errorLines(failed).join(" ")).toContain("Rejected credential: ");
            await collect(scanner, "oauth", stack);
            await stack.destroy();
            for (const [i, t] of stack.transcript.entries())
                scanner.add(`oauth: command ${i} (after destroy)`, t);
            scanner.add("oauth: request log", emu.requests);
            const tokens = emu.requests.filter(
                (e) => e.method === "POST" && e.path === "/oauth/token",
            ).length;
            const hits = scanner.scan(credentials());
            record(
                "CLI, OAuth client secret: up with tokens expiring (0.5 s) and renewed, failed up echoing the access token, destroy",
                scanner,
                hits,
                `${tokens} tokens issued`,
            );
            expectNoCredential(scanner, hits, { artifacts: 10, bytes: 10_000 });
            expect(tokens).toBeGreaterThan(1);
        } finally {
            stack.dispose();
        }
    });

    it("with the API key in QLIK_API_KEY (no stack config): nothing of it reaches state, even with secrets revealed", async () => {
        const scanner = new SecretScanner();
        const stack = await PulumiStack.create({
            programDir: PROGRAM_DIR,
            env: { QLIK_TENANT_URL: emu.url, QLIK_API_KEY: emu.apiKey },
        });
        try {
            await stack.setConfig("assignments", JSON.stringify(SCENARIO.assignments));
            await stack.up();
            const { revealed } = await collect(scanner, "env key", stack);
            scanner.add("env key: stack export --show-secrets (all resources)", revealed);
            await stack.destroy();
            const hits = scanner.scan(credentials());
            record(
                "CLI, API key from the environment: up, exports (also --show-secrets, all resources), backend files, destroy",
                scanner,
                hits,
            );
            expectNoCredential(scanner, hits, { artifacts: 10, bytes: 10_000 });
        } finally {
            stack.dispose();
        }
    });

    it("the reliability results and transcripts this suite writes hold no credential", () => {
        const scanner = new SecretScanner();
        const files = fs.existsSync(RESULTS_DIR) ? filesUnder(RESULTS_DIR) : [];
        // This suite's own results file exists from its start, so there is always something to scan.
        expect(files).toContain(path.join(RESULTS_DIR, "secret-hygiene.json"));
        for (const file of files)
            scanner.add(path.relative(RESULTS_DIR, file), fs.readFileSync(file, "utf8"));
        const hits = scanner.scan(credentials());
        record("test-results/reliability (every recorded row and saved transcript so far)", scanner, hits);
        expectNoCredential(scanner, hits, { artifacts: files.length, bytes: files.length });
    });

    it("for the record: an API key set without --secret is stored by Pulumi in plain text in state (the provider cannot tell), and never in our resources", async () => {
        const stack = await PulumiStack.create({ programDir: PROGRAM_DIR });
        try {
            await stack.run(
                [
                    "config",
                    "set-all",
                    "--plaintext",
                    `qlik:tenantUrl=${emu.url}`,
                    "--plaintext",
                    `qlik:apiKey=${emu.apiKey}`,
                    "--plaintext",
                    `assignments=${JSON.stringify(SCENARIO.assignments.slice(0, 1))}`,
                ],
                { check: true, redact: [emu.apiKey] },
            );
            await stack.up();
            const state = JSON.parse(await stack.exportState());
            stack.transcript.splice(stack.transcript.length - 1, 1);
            const where = (state.deployment.resources as { type: string; urn: string }[]).filter((r) =>
                JSON.stringify(r).includes(emu.apiKey),
            );
            await stack.destroy();
            const scanner = new SecretScanner();
            scanner.add("plain-text config: stack export", JSON.stringify(state));
            const hits = scanner.scan(credentials());
            record(
                "CLI, API key set with `--plaintext` (a user's mistake): `pulumi stack export` (observation, not asserted)",
                scanner,
                hits,
                where.length
                    ? `in plain text in ${where.map((r) => r.type).join(", ")} (Pulumi's record of the stack config)`
                    : "",
                true,
            );
            expect(where.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/qlik:"))).toEqual([]);
        } finally {
            stack.dispose();
        }
    });

    it("for the record: Pulumi's own verbose engine log (-v=9) prints the decrypted stack config, which is outside the provider's control", async () => {
        const stack = await cliStack(emu, { assignments: SCENARIO.assignments });
        try {
            const r = await stack.run(["preview", "--logtostderr", "-v=9"]);
            const scanner = new SecretScanner();
            scanner.add("preview -v=9 stdout+stderr", r.stdout + r.stderr);
            const hits = scanner.scan(credentials());
            const line = (r.stdout + r.stderr).split("\n").find((l) => l.includes(emu.apiKey)) ?? "";
            const where =
                /Marshaling property for RPC\[.*?\.inputs\]/.exec(line)?.[0]?.replace(/0x[0-9a-f]+/, "…") ??
                "";
            record(
                "CLI `pulumi preview --logtostderr -v=9` (observation, not asserted)",
                scanner,
                hits,
                hits.length ? `the engine logs the provider's Configure inputs: "${where}"` : "",
                true,
            );
            expect(r.code).toBe(0);
        } finally {
            stack.dispose();
        }
    });
});
