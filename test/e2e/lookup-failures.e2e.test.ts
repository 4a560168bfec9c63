/**
 * e2e: lookups that fail, on the real Pulumi CLI against the emulator. Each failure is one line, shown once, and the
 * program ends as fast as one whose lookups succeed. A lookup failure used to cost about 20 s at full CPU each:
 * Pulumi's program runner renders every uncaught error with `util.inspect(err, { colors: true })`, which loops in
 * Node.js on the stack frames ts-node maps into `node_modules/@pulumi/output.ts` (see README, Limitations).
 */
import * as path from "node:path";
import { startEmulator, type TenantEmulator } from "../../emulator";
import { PulumiStack } from "../../scripts/lib/pulumi-cli";
import { describeWithCli } from "./e2e-setup";

jest.setTimeout(600_000);

const PROGRAM = path.join(__dirname, "lookup-failures-program");

let emu: TenantEmulator;
let stack: PulumiStack | undefined;
beforeAll(async () => {
    emu = await startEmulator();
});
afterAll(async () => {
    stack?.dispose();
    await emu?.close();
});

const NO_TENANT =
    "no Qlik tenant configured: run `pulumi config set qlik:tenantUrl https://<tenant>.<region>.qlikcloud.com` or set QLIK_TENANT_URL";

/** `pulumi preview` of the program with its first `failures` lookups, timed. */
async function previewWith(s: PulumiStack, failures: number) {
    await s.setConfig("failures", String(failures));
    const started = Date.now();
    const r = await s.preview();
    return { ...r, ms: Date.now() - started };
}

describeWithCli("lookups that fail, on the CLI", () => {
    it("end the program at once, each with one line shown once", async () => {
        stack = await PulumiStack.create({
            programDir: PROGRAM,
            config: { "qlik:tenantUrl": emu.url, "qlik:apiKey": { value: emu.apiKey, secret: true } },
        });
        const none = await previewWith(stack, 0);
        expect(none.code).toBe(0);
        const failing = await previewWith(stack, 4);
        expect(failing.code).not.toBe(0);

        const diagnostics = failing.stdout.slice(failing.stdout.indexOf("Diagnostics:"));
        const lines = [
            'error: getRoleHolders(role "tenantadmin"): role "tenantadmin" does not exist in the tenant; role names are case-sensitive: did you mean "TenantAdmin"?',
            'error: getUser(subject "nobody-here"): no user with subject "nobody-here" exists in the tenant',
            'error: getGroup(groupName "No Such Group"): no group with groupName "No Such Group" exists in the tenant',
            "error: getUser: name the user with exactly one of userId, subject or email; got userId and subject",
        ];
        for (const line of lines) expect(diagnostics.split(line).length - 1).toBe(1);
        expect(diagnostics.match(/error: /g)).toHaveLength(lines.length);
        expect(failing.stdout + failing.stderr).not.toMatch(/PromiseRejectionHandledWarning|\n\s+at /);
        // Before the fix: about 20 s more per failed lookup on an idle 2-core machine (85 s more for these four).
        expect(failing.ms - none.ms).toBeLessThan(12_000);
    });

    it("exported, on a stack without a tenant, each fail with one line and no Node warning", async () => {
        // The likeliest first-run error. A lookup that failed before Pulumi read the stack's outputs used to add
        // "PromiseRejectionHandledWarning: Promise rejection was handled asynchronously" lines (two per export).
        const bare = await PulumiStack.create({ programDir: PROGRAM, config: {} });
        try {
            await bare.setConfig("exported", "true");
            const r = await bare.preview();
            expect(r.code).not.toBe(0);
            const out = r.stdout + r.stderr;
            expect(out).not.toMatch(/PromiseRejectionHandledWarning|trace-warnings|\(node:\d+\)|\n\s+at /);
            const diagnostics = r.stdout.slice(r.stdout.indexOf("Diagnostics:"));
            const errors = diagnostics.split("\n").filter((l) => l.trim().startsWith("error: "));
            const lookups = [
                'getEffectiveRoles(subject "user1234")',
                'getUser(subject "user1234")',
                'getGroup(groupName "My Group")',
                'getRoleHolders(role "TenantAdmin")',
                "getRoles()",
                'getSpace(spaceName "Sales")',
                'getSpaceMembers(spaceName "Sales")',
            ];
            expect(errors.map((l) => l.trim()).sort()).toEqual(
                lookups.map((l) => `error: ${l}: ${NO_TENANT}`).sort(),
            );
            // Not exported, nothing awaits it: it still fails the program, with the one line.
            await bare.setConfig("exported", "false");
            await bare.setConfig("unexported", "true");
            await bare.setConfig("failures", "0");
            const alone = await bare.preview();
            expect(alone.code).not.toBe(0);
            expect(alone.stdout + alone.stderr).not.toMatch(/PromiseRejectionHandledWarning|\(node:\d+\)/);
            expect(
                alone.stdout
                    .slice(alone.stdout.indexOf("Diagnostics:"))
                    .split("\n")
                    .filter((l) => l.trim().startsWith("error: "))
                    .map((l) => l.trim()),
            ).toEqual([`error: getEffectiveRoles(subject "user1234"): ${NO_TENANT}`]);
        } finally {
            bare.dispose();
        }
    });
});
