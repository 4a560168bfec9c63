/**
 * e2e: `pulumi-qlik-roles report` on the real Pulumi CLI against the emulator, as a user runs it in the project's
 * directory: two stacks of one project manage some grants, others are hand-made (one held only through a group,
 * one on Everyone). Every grant is classified; `--fail-on unmanaged` fails; the program `--program` prints adopts
 * the rest in a third stack with 0 writes, after which `--fail-on unmanaged` passes.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { startEmulator, type TenantEmulator } from "../../emulator";
import { PulumiStack, REPO_ROOT } from "../../scripts/lib/pulumi-cli";
import { patches } from "../support/harness";
import { describeWithCli } from "./e2e-setup";

jest.setTimeout(900_000);

const PROGRAM = path.join(__dirname, "report-program");
const BIN = path.join(REPO_ROOT, "dist/provider/cli/main.js");
const USER1234 = "637390ec6541614d3a88d6c1";
const MY_GROUP = "6425d62641d2b80a9a0f92c3";

let emu: TenantEmulator;
let base: PulumiStack | undefined;
beforeAll(async () => {
    emu = await startEmulator({ extraUsers: 10, extraGroups: 3 });
});
afterAll(async () => {
    base?.dispose();
    await emu?.close();
});

function run(args: string[], cwd: string, env: NodeJS.ProcessEnv, file = process.execPath) {
    return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
        execFile(file, args, { cwd, env, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) =>
            resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        ),
    );
}

/** `pulumi <args>` on another stack of the base stack's project and backend. */
async function pulumi(stack: string, args: string[]): Promise<string> {
    const r = await run(
        [...args, "--stack", stack, "--non-interactive", "--cwd", base!.programDir],
        base!.programDir,
        base!.env,
        "pulumi",
    );
    if (r.code !== 0) throw new Error(`pulumi ${args.join(" ")} (${stack}) failed: ${r.stdout}${r.stderr}`);
    return r.stdout;
}

async function newStack(name: string, grants: unknown[]): Promise<void> {
    await run(
        ["stack", "init", name, "--non-interactive", "--cwd", base!.programDir],
        base!.programDir,
        base!.env,
        "pulumi",
    );
    await pulumi(name, ["config", "set", "qlik:tenantUrl", emu.url]);
    await pulumi(name, ["config", "set", "--secret", "qlik:apiKey", emu.apiKey]);
    await pulumi(name, ["config", "set", "grants", JSON.stringify(grants)]);
}

/** `pulumi-qlik-roles report <args>` in the project's directory, the stack "dev" selected. */
const report = (args: string[]) => run([BIN, "report", ...args], base!.programDir, base!.env);

interface JsonGrant {
    principal: { kind: string; id: string; name: string };
    role: string;
    held: string;
    management: string;
    managedBy: { stack: string; resource: string }[];
}

describeWithCli("`pulumi-qlik-roles report` across two stacks", () => {
    it("classifies every grant, fails the gate on unmanaged grants, and passes it once the printed program is adopted", async () => {
        // Hand-made: a group whose role reaches its member only through it, and a role on Everyone.
        const analysts = emu.addGroup({ name: "Analysts", roles: ["Steward"] });
        emu.setUserGroups("extra-user-001", ["Analysts"]);
        emu.setGroupRoles("com.qlik.Everyone", ["SharedSpaceCreator"]);
        expect(emu.userRoles("extra-user-001")).toEqual([]);

        base = await PulumiStack.create({
            programDir: PROGRAM,
            stackName: "dev",
            config: {
                "qlik:tenantUrl": emu.url,
                "qlik:apiKey": { value: emu.apiKey, secret: true },
                grants: JSON.stringify([
                    {
                        name: "analysts-steward",
                        groupId: analysts.id,
                        role: "Steward",
                        retainIfPreexisting: true,
                    },
                    { name: "user1234-steward", userId: USER1234, role: "Steward" },
                ]),
            },
        });
        await base.up();
        await newStack("prod", [{ name: "mygroup-dataspace", groupId: MY_GROUP, role: "DataSpaceCreator" }]);
        await pulumi("prod", ["up", "--yes", "--skip-preview"]);
        // Someone takes a managed grant away by hand: drift.
        emu.setGroupRoles("My Group", ["AuditAdmin", "SharedSpaceCreator"]);

        emu.resetLog();
        const r = await report(["--stack", "dev", "--stack", "prod", "--format", "json"]);
        expect(r.stderr).not.toMatch(/error/i);
        expect(r.code).toBe(0);
        expect(emu.requests.every((e) => e.method === "GET")).toBe(true);
        const parsed = JSON.parse(r.stdout) as {
            grants: JsonGrant[];
            drift: {
                label: string;
                role: string;
                why: string;
                manager: { stack: string; resource: string };
            }[];
        };
        const managed = parsed.grants
            .filter((g) => g.management !== "unmanaged")
            .map((g) => [
                g.principal.name,
                g.role,
                g.held,
                g.management,
                g.managedBy.map((m) => `${m.stack}/${m.resource}`).join(),
            ]);
        expect(managed).toEqual([
            [
                "extra-user-001",
                "Steward",
                'through group "Analysts"',
                "adopted and retained",
                "dev/analysts-steward",
            ],
            ["user1234", "Steward", "direct", "managed", "dev/user1234-steward"],
            ["Analysts", "Steward", "direct (1 member)", "adopted and retained", "dev/analysts-steward"],
        ]);
        // Every other grant the tenant holds is unmanaged, Everyone's included; none is missing.
        const snap = emu.snapshot();
        const direct = Object.values(snap.users).flat().length + Object.values(snap.groups).flat().length;
        const rows = parsed.grants.filter(
            (g) => g.held === "direct" || g.held.startsWith("direct (") || g.principal.kind === "everyone",
        );
        expect(rows).toHaveLength(direct);
        expect(parsed.grants.find((g) => g.principal.kind === "everyone")).toMatchObject({
            role: "SharedSpaceCreator",
            held: "every user (Everyone)",
            management: "unmanaged",
        });
        expect(parsed.drift).toEqual([
            expect.objectContaining({
                label: 'group "My Group"',
                role: "DataSpaceCreator",
                why: "not held",
                manager: expect.objectContaining({ stack: "prod", resource: "mygroup-dataspace" }),
            }),
        ]);

        const gate = await report(["--stack", "dev", "--stack", "prod", "--fail-on", "unmanaged"]);
        // REPORT_E2E_SAMPLE=<file>: keep this run's table (the README shows it).
        const sample = process.env.REPORT_E2E_SAMPLE;
        if (sample)
            fs.writeFileSync(
                sample,
                `$ npx pulumi-qlik-roles report --stack dev --stack prod --fail-on unmanaged\n${gate.stdout}${gate.stderr}`,
            );
        expect(gate.code).toBe(1);
        expect(gate.stdout).toMatch(/UNMANAGED/);
        expect(gate.stderr).toMatch(/report: failing \(--fail-on unmanaged\)\n$/);

        const program = await report(["--stack", "dev", "--stack", "prod", "--program"]);
        expect(program.code).toBe(0);
        expect(program.stdout).toMatch(
            /^\/\/ Generated by `pulumi-qlik-roles report --stack dev --stack prod --program`/,
        );
        fs.writeFileSync(path.join(base.programDir, "adopt.ts"), program.stdout);
        await newStack("adopt", []);
        emu.resetLog();
        await pulumi("adopt", ["up", "--yes", "--skip-preview"]);
        expect(patches(emu.requests)).toHaveLength(0);
        expect(emu.requests.filter((e) => e.method !== "GET")).toEqual([]);

        const after = await report([
            "--stack",
            "dev",
            "--stack",
            "prod",
            "--stack",
            "adopt",
            "--fail-on",
            "unmanaged",
        ]);
        expect(after.stderr).toMatch(/, 0 unmanaged, 0 custom role\(s\) unmanaged, 1 drift\n/);
        expect(after.code).toBe(0);
        // The hand-removed grant is still drift: that gate fails.
        expect(
            (await report(["--stack", "dev", "--stack", "prod", "--stack", "adopt", "--fail-on", "drift"]))
                .code,
        ).toBe(1);

        // `stack init` selected "adopt": a report without --stack names it.
        const selected = await report(["--format", "json"]);
        expect((JSON.parse(selected.stdout) as { stacks: string[] }).stacks).toEqual(["adopt"]);
    });

    it("reads the tenant of the stack --stack names, and refuses stacks of two tenants in one line", async () => {
        // A stack of the same project configured for another tenant; the selected stack stays on the first.
        const elsewhere = await startEmulator({});
        try {
            await run(
                ["stack", "init", "elsewhere", "--non-interactive", "--cwd", base!.programDir],
                base!.programDir,
                base!.env,
                "pulumi",
            );
            await pulumi("elsewhere", ["config", "set", "qlik:tenantUrl", elsewhere.url]);
            await pulumi("elsewhere", ["config", "set", "--secret", "qlik:apiKey", elsewhere.apiKey]);
            await pulumi("elsewhere", ["config", "set", "grants", JSON.stringify([])]);
            await pulumi("dev", ["stack", "select"]);
            emu.resetLog();
            const r = await report(["--stack", "elsewhere", "--format", "json", "--fail-on", "drift"]);
            expect(r.code).toBe(0);
            expect((JSON.parse(r.stdout) as { tenantUrl: string; stacks: string[] }).tenantUrl).toBe(
                elsewhere.url,
            );
            expect(emu.requests).toEqual([]);
            expect(elsewhere.requests.length).toBeGreaterThan(0);

            const both = await report(["--stack", "dev", "--stack", "elsewhere"]);
            expect(both.code).toBe(1);
            expect(both.stdout).toBe("");
            expect(both.stderr).toBe(
                `pulumi-qlik-roles report: the stacks are configured for different tenants (dev: ${emu.url}, elsewhere: ${elsewhere.url}); a report covers one tenant: run it once per tenant, with that tenant's stacks\n`,
            );
        } finally {
            await elsewhere.close();
        }
    });
});
