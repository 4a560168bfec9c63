/**
 * `pulumi-qlik-roles report` in-process against the tenant emulator: the requests it sends (a tenant of 1,000 users
 * and 200 groups in user pages + group pages + 3, all GETs), and how it classifies grants against stack states.
 * The states come from a stand-in `pulumi` on PATH that prints canned `pulumi stack export` texts, so the command
 * runs its real path (a Pulumi project, `pulumi config`, `pulumi stack export --stack <name>`) without an engine.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type TenantEmulator } from "../../emulator";
import { QlikClient } from "../../provider/client";
import { commandConfig } from "../../provider/cli/command-config";
import { runReport } from "../../provider/cli/report";

let emu: TenantEmulator;
let big: TenantEmulator;
let project: string;
beforeAll(async () => {
    [emu, big] = await Promise.all([
        startEmulator({ extraUsers: 20, extraGroups: 4 }),
        startEmulator({ extraUsers: 1000, extraGroups: 200 }),
    ]);
    project = fs.mkdtempSync(path.join(os.tmpdir(), "report-test-"));
    fs.writeFileSync(path.join(project, "Pulumi.yaml"), "name: report-test\nruntime: nodejs\n");
    // A stand-in for the Pulumi CLI, over files: the selected stack's name is in `current` (none: no stack
    // selected); `stack --show-name` prints it; `config [--stack s]` prints <s>.config.json (else no config);
    // secrets' values only with --show-secrets; `stack export [--stack s]` prints <s>.json. Each call is logged to
    // calls.log.
    fs.writeFileSync(
        path.join(project, "pulumi"),
        [
            "#!/usr/bin/env node",
            'const fs = require("fs"); const at = (f) => require("path").join(__dirname, f);',
            "const a = process.argv.slice(2);",
            'fs.appendFileSync(at("calls.log"), a.join(" ") + "\\n");',
            'const fail = (m) => { process.stderr.write("error: " + m + "\\n"); process.exit(255); };',
            'const current = fs.existsSync(at("current")) ? fs.readFileSync(at("current"), "utf8") : undefined;',
            'const i = a.indexOf("--stack"); const name = i < 0 ? current : a[i + 1];',
            'if (!name) fail("no stack selected; please use `pulumi stack select` or `pulumi stack init` to choose one");',
            'if (a[0] === "stack" && a[1] === "--show-name") { process.stdout.write(name + "\\n"); process.exit(0); }',
            'if (!fs.existsSync(at(name + ".json"))) fail("no stack named \'" + name + "\' found");',
            'const config = at(name + ".config.json");',
            'const hide = (c) => { if (!a.includes("--show-secrets")) for (const k in c) if (c[k].secret) delete c[k].value; return c; };',
            'if (a[0] === "config") { process.stdout.write(JSON.stringify(hide(fs.existsSync(config) ? JSON.parse(fs.readFileSync(config, "utf8")) : {}))); process.exit(0); }',
            'process.stdout.write(fs.readFileSync(at(name + ".json"), "utf8"));',
        ].join("\n"),
        { mode: 0o755 },
    );
});
afterAll(async () => {
    fs.rmSync(project, { recursive: true, force: true });
    await Promise.all([emu.close(), big.close()]);
});
beforeEach(() => {
    emu.reset();
    big.reset();
    for (const f of fs.readdirSync(project))
        if (f.endsWith(".json") || f === "calls.log") fs.rmSync(path.join(project, f));
    fs.writeFileSync(path.join(project, "current"), "selected");
});

interface Resource {
    type: string;
    name: string;
    outputs: Record<string, unknown>;
}
/** Writes a stack's `qlik:*` config as `pulumi config --json --show-secrets` prints it. */
function stackConfig(name: string, tenant: TenantEmulator, secretUrl = false): void {
    const config = {
        "qlik:tenantUrl": { value: tenant.url, secret: secretUrl },
        "qlik:apiKey": { value: tenant.apiKey, secret: true },
    };
    fs.writeFileSync(path.join(project, `${name}.config.json`), JSON.stringify(config));
}

/** Writes a stack's state as `pulumi stack export` prints it. */
function stackState(tenant: TenantEmulator, name: string, resources: Resource[]): void {
    const deployment = {
        version: 3,
        deployment: {
            resources: resources.map((r) => ({
                urn: `urn:pulumi:${name}::report-test::pulumi-nodejs:dynamic/qlik:${r.type}::${r.name}`,
                type: `pulumi-nodejs:dynamic/qlik:${r.type}`,
                outputs: { tenantUrl: tenant.url, ...r.outputs },
            })),
        },
    };
    fs.writeFileSync(path.join(project, `${name}.json`), JSON.stringify(deployment));
}

/** Runs `report` in the project; `tenant`: the one QLIK_* names, none: the stacks' config alone. */
async function report(tenant: TenantEmulator | undefined, args: string[]) {
    let stdout = "";
    let stderr = "";
    const code = await runReport(args, {
        stdout: (t) => (stdout += t),
        stderr: (t) => (stderr += t),
        cwd: project,
        env: {
            PATH: `${project}:${process.env.PATH ?? ""}`,
            ...(tenant ? { QLIK_TENANT_URL: tenant.url, QLIK_API_KEY: tenant.apiKey } : {}),
        },
    });
    return { code, stdout, stderr };
}

interface JsonGrant {
    principal: { kind: string; id: string; name: string };
    role: string;
    held: string;
    promotesToFull: boolean;
    management: string;
    managedBy: { stack: string; resource: string }[];
    space?: { name: string };
}
interface JsonReport {
    grants: JsonGrant[];
    drift: { label: string; role: string; why: string; manager: { stack: string; resource: string } }[];
    customRoles: { name: string; management: string; managedBy: { stack: string }[] }[];
    summary: {
        fullUsers: { user: string; role: string; via: string }[];
        unmanagedByRole: { role: string; count: number }[];
        tenantAdmins: { principal: string; via: string }[];
        counts: { unmanaged: number; drift: number };
    };
}

const find = (r: JsonReport, who: string, role: string, held?: string) =>
    r.grants.filter((g) => g.principal.name === who && g.role === role && (!held || g.held === held));

describe("report against the emulator", () => {
    it("reads 1,000 users and 200 groups in user pages + group pages + 3 requests, all GETs", async () => {
        stackState(big, "selected", []);
        const { code } = await report(big, ["--format", "json"]);
        expect(code).toBe(0);
        const users = Object.keys(big.snapshot().users).length;
        const groups = Object.keys(big.snapshot().groups).length - 1; // GET /groups hides Everyone
        expect(users).toBeGreaterThan(1000);
        expect(groups).toBeGreaterThan(200);
        const pages = Math.ceil(users / 100) + Math.ceil(groups / 100);
        expect(big.requests.length).toBeLessThanOrEqual(pages + 3);
        // The 2: Everyone's roles (group settings) and the roles catalogue.
        expect(big.requests.length).toBe(pages + 2);
        expect(big.requests.every((r) => r.method === "GET")).toBe(true);
        const byPath = big.requests.map((r) => r.path);
        expect(byPath.filter((p) => p === "/api/v1/users")).toHaveLength(Math.ceil(users / 100));
        expect(byPath.filter((p) => p === "/api/v1/groups")).toHaveLength(Math.ceil(groups / 100));
        // Group membership comes with the users' pages: no group is listed member by member.
        for (const r of big.requests.filter((x) => x.path === "/api/v1/users"))
            expect(r.query.fields).toContain("assignedGroups");
        expect(byPath.filter((p) => p.startsWith("/api/v1/users/") && p !== "/api/v1/users/me")).toEqual([]);
    });

    it("classifies each grant: direct, through a group, on Everyone; managed, adopted and retained, unmanaged; and drift", async () => {
        const analysts = emu.addGroup({ name: "Analysts", roles: ["Steward"] });
        emu.setUserGroups("extra-user-001", ["Analysts"]);
        emu.setGroupRoles("com.qlik.Everyone", ["SharedSpaceCreator"]);
        const me = emu.snapshot();
        const user1234 = "637390ec6541614d3a88d6c1";
        const myGroup = "6425d62641d2b80a9a0f92c3";
        const roleId = (name: string) => emu.roleNamed(name)!.id;
        stackState(emu, "dev", [
            {
                type: "UserRoleAssignment",
                name: "user1234-audit",
                outputs: {
                    userId: user1234,
                    role: "AuditAdmin",
                    roleId: roleId("AuditAdmin"),
                    preexisting: true,
                    retainIfPreexisting: true,
                },
            },
            {
                type: "GroupRoleAssignment",
                name: "analysts-steward",
                outputs: {
                    groupId: analysts.id,
                    role: "Steward",
                    roleId: roleId("Steward"),
                    preexisting: false,
                },
            },
            {
                type: "UserRoleAssignment",
                name: "user1234-steward",
                outputs: { userId: user1234, role: "Steward", roleId: roleId("Steward"), preexisting: false },
            },
        ]);
        stackState(emu, "prod", [
            {
                type: "GroupRoles",
                name: "my-group",
                outputs: {
                    groupId: myGroup,
                    roles: ["AuditAdmin"],
                    roleIds: [roleId("AuditAdmin")],
                },
            },
            {
                type: "CustomRole",
                name: "analyst-role",
                outputs: { roleId: roleId("CustomAnalyst"), name: "CustomAnalyst", preexisting: false },
            },
        ]);
        const { code, stdout } = await report(emu, ["--stack", "dev", "--stack", "prod", "--format", "json"]);
        expect(code).toBe(0);
        const r = JSON.parse(stdout) as JsonReport;

        // Held only through a group, managed by the group's grant.
        const viaGroup = find(r, "extra-user-001", "Steward");
        expect(viaGroup).toHaveLength(1);
        expect(viaGroup[0]).toMatchObject({ held: 'through group "Analysts"', management: "managed" });
        expect(viaGroup[0]!.managedBy).toMatchObject([{ stack: "dev", resource: "analysts-steward" }]);
        // On Everyone: one row, unmanaged.
        const everyone = find(r, "com.qlik.Everyone", "SharedSpaceCreator");
        expect(everyone).toEqual([
            expect.objectContaining({
                held: "every user (Everyone)",
                management: "unmanaged",
                managedBy: [],
            }),
        ]);
        // Adopted and retained; unmanaged direct; a managed exact set.
        expect(find(r, "user1234", "AuditAdmin", "direct")[0]).toMatchObject({
            management: "adopted and retained",
        });
        expect(find(r, "user1234", "SharedSpaceCreator", "direct")[0]).toMatchObject({
            management: "unmanaged",
        });
        expect(find(r, "My Group", "AuditAdmin")[0]).toMatchObject({ management: "managed" });
        // user1234 also holds AuditAdmin through My Group, which prod's set manages.
        expect(find(r, "user1234", "AuditAdmin", 'through group "My Group"')[0]!.managedBy).toMatchObject([
            { stack: "prod", resource: "my-group" },
        ]);
        // Drift: a declared grant not held, and a role held beyond an exact set.
        expect(r.drift).toEqual(
            expect.arrayContaining([
                expect.objectContaining({ label: 'user "user1234"', role: "Steward", why: "not held" }),
                expect.objectContaining({
                    label: 'group "My Group"',
                    principal: expect.objectContaining({ kind: "group", id: myGroup }),
                    role: "SharedSpaceCreator",
                    why: "held, not in the exact set: the next up removes it",
                }),
            ]),
        );
        expect(r.drift).toHaveLength(2);
        // The role held beyond prod's exact set is that set's (its next up removes it), for the group and its
        // member alike: not unmanaged, so not counted twice, and not adopted by --program (two stacks would fight).
        for (const row of [
            ...find(r, "My Group", "SharedSpaceCreator"),
            ...find(r, "user1234", "SharedSpaceCreator", 'through group "My Group"'),
        ])
            expect(row).toMatchObject({
                management: "removed by the next up",
                managedBy: [{ stack: "prod", resource: "my-group" }],
            });
        const unmanagedCreators = r.grants.filter(
            (g) =>
                g.role === "SharedSpaceCreator" &&
                g.management === "unmanaged" &&
                !g.held.startsWith("through group"),
        );
        expect(unmanagedCreators.map((g) => g.principal.name)).not.toContain("My Group");
        expect(r.summary.unmanagedByRole.find((u) => u.role === "SharedSpaceCreator")!.count).toBe(
            unmanagedCreators.length,
        );
        const program = await report(emu, ["--stack", "dev", "--stack", "prod", "--program"]);
        expect(program.stdout).toContain('groupId: "000000000000000000000001"');
        expect(program.stdout).not.toContain(`groupId: "${myGroup}"`);
        expect(r.customRoles.find((c) => c.name === "CustomAnalyst")).toMatchObject({
            management: "managed",
        });
        expect(r.customRoles.find((c) => c.name === "Data Steward EU")).toMatchObject({
            management: "unmanaged",
        });

        // Promotion comes from the tenant's catalogue.
        const client = new QlikClient({
            origin: emu.url,
            credentials: { apiKey: emu.apiKey },
            rateLimits: false,
        });
        const promoting = new Set(
            (await client.listRoles())
                .filter((x) => x.userEntitlementType === "fullUser" || x.fullUser === true)
                .map((x) => x.name),
        );
        for (const g of r.grants) expect(g.promotesToFull).toBe(promoting.has(g.role));
        // TenantAdmins: the seed's admin and bot hold it directly.
        expect(r.summary.tenantAdmins.map((t) => t.via)).toEqual(["direct", "direct"]);
        expect(r.summary.counts.drift).toBe(2);
        expect(me).toEqual(emu.snapshot()); // read-only
        expect(emu.requests.every((x) => x.method === "GET")).toBe(true);
    });

    it("--fail-on unmanaged exits 1; --unmanaged lists only unmanaged grants; --fail-on drift exits 0 without drift", async () => {
        stackState(emu, "selected", []);
        const failing = await report(emu, ["--fail-on", "unmanaged", "--unmanaged", "--format", "csv"]);
        expect(failing.code).toBe(1);
        expect(failing.stderr).toMatch(/report: failing \(--fail-on unmanaged\)/);
        const lines = failing.stdout.trim().split("\r\n").slice(1);
        expect(lines.length).toBeGreaterThan(10);
        for (const l of lines) expect(l).toMatch(/,unmanaged,$/);
        expect((await report(emu, ["--fail-on", "drift"])).code).toBe(0);
    });

    it("with --spaces, reports each space assignment as a grant, managed by its stack resource or unmanaged", async () => {
        const viewer = "23327d0acc85fff5c482ba65";
        const finance = emu.spaces.spaceId("Finance Analytics");
        stackState(emu, "selected", [
            {
                type: "SpaceRoleAssignment",
                name: "viewer-finance-consumer",
                outputs: {
                    spaceMemberId: `${finance}/users/${viewer}`,
                    role: "consumer",
                    roleId: "consumer",
                },
            },
            {
                type: "SpaceRoleAssignment",
                name: "viewer-finance-producer",
                outputs: {
                    spaceMemberId: `${finance}/users/${viewer}`,
                    role: "producer",
                    roleId: "producer",
                },
            },
        ]);
        const without = await report(emu, ["--format", "json"]);
        expect(without.stderr).toContain(
            "report: 2 declared space grant(s) not checked; add --spaces to read space assignments",
        );
        expect((JSON.parse(without.stdout) as JsonReport).grants.some((g) => g.held === "space member")).toBe(
            false,
        );

        emu.resetLog();
        const { stdout } = await report(emu, ["--spaces", "--format", "json"]);
        const r = JSON.parse(stdout) as JsonReport;
        const inFinance = r.grants.filter((g) => g.space?.name === "Finance Analytics");
        expect(inFinance.map((g) => [g.principal.name, g.role, g.management])).toEqual([
            ["viewer@example.com", "consumer", "managed"],
            ["viewer@example.com", "dataconsumer", "unmanaged"],
            ["My Group", "consumer", "unmanaged"],
        ]);
        expect(r.drift).toEqual([
            expect.objectContaining({
                role: "producer",
                why: "not held",
                label: 'user "viewer@example.com" in space "Finance Analytics"',
            }),
        ]);
        // Still reads only: the spaces' pages and one listing of assignments per space, beyond the tenant's reads.
        expect(emu.requests.every((x) => x.method === "GET")).toBe(true);
    });

    it("refuses a credential that cannot read everyone's roles in one line, after one request", async () => {
        stackState(emu, "selected", []);
        const env = { QLIK_TENANT_URL: emu.url, QLIK_API_KEY: emu.nonAdminApiKey };
        const run = runReport([], {
            stdout: () => {},
            stderr: () => {},
            cwd: project,
            env: { ...env, PATH: `${project}:${process.env.PATH ?? ""}` },
        });
        await expect(run).rejects.toThrow(
            /^Qlik hides the assigned roles of the Everyone group from this credential: report needs a TenantAdmin's credential/,
        );
        expect(emu.requests.map((r) => r.path)).toEqual(["/api/v1/groups/settings"]);
    });

    describe("the tenant of the stacks named", () => {
        const user1234 = "637390ec6541614d3a88d6c1";
        /** dev (selected) is configured for `emu`; prod for `big`, where it declares a grant the tenant lacks. */
        function twoTenants(): void {
            fs.writeFileSync(path.join(project, "current"), "dev");
            stackConfig("dev", emu);
            stackState(emu, "dev", []);
            stackConfig("prod", big);
            stackState(big, "prod", [
                {
                    type: "UserRoleAssignment",
                    name: "user1234-steward",
                    outputs: { userId: user1234, role: "Steward", roleId: big.roleNamed("Steward")!.id },
                },
            ]);
        }

        it("reads the tenant and credentials of the first --stack, not the selected stack's", async () => {
            twoTenants();
            const r = await report(undefined, ["--stack", "prod", "--fail-on", "drift", "--format", "json"]);
            expect(emu.requests).toHaveLength(0);
            expect(big.requests.length).toBeGreaterThan(0);
            expect((JSON.parse(r.stdout) as { tenantUrl: string }).tenantUrl).toBe(big.url);
            // prod's grant was compared: its drift fails the gate.
            expect(r.stderr).toContain("report: failing (--fail-on drift)\n");
            expect(r.code).toBe(1);
            expect(fs.readFileSync(path.join(project, "calls.log"), "utf8")).toContain(
                "config --stack prod --json --show-secrets\n",
            );
        });

        it("works with no stack selected when --stack names one, and says what to do without one", async () => {
            twoTenants();
            fs.rmSync(path.join(project, "current"));
            expect((await report(undefined, ["--stack", "prod", "--format", "json"])).code).toBe(0);
            await expect(report(undefined, [])).rejects.toThrow(
                `no stack is selected in ${project} and no --stack was given: name the stacks to compare with --stack <name>, or select one (\`pulumi stack select <name>\`)`,
            );
        });

        it("refuses stacks configured for different tenants in one line naming each", async () => {
            twoTenants();
            await expect(report(undefined, ["--stack", "dev", "--stack", "prod"])).rejects.toThrow(
                `the stacks are configured for different tenants (dev: ${emu.url}, prod: ${big.url}); a report covers one tenant: run it once per tenant, with that tenant's stacks`,
            );
            expect(emu.requests).toHaveLength(0);
            // Only the first stack's secrets are decrypted: the others' credentials are not used.
            const calls = fs.readFileSync(path.join(project, "calls.log"), "utf8");
            expect(calls).toContain("config --stack dev --json --show-secrets\n");
            expect(calls).toContain("config --stack prod --json\n");
            expect(calls).not.toContain("config --stack prod --json --show-secrets\n");
            // A tenant URL kept as a secret is decrypted to be compared.
            stackConfig("prod", big, true);
            await expect(report(undefined, ["--stack", "dev", "--stack", "prod"])).rejects.toThrow(
                `(dev: ${emu.url}, prod: ${big.url})`,
            );
        });

        it("keeps the environment a fallback: stack config wins over QLIK_*, as for export", async () => {
            twoTenants();
            const r = await report(emu, ["--stack", "prod", "--format", "json"]);
            expect((JSON.parse(r.stdout) as { tenantUrl: string }).tenantUrl).toBe(big.url);
            expect(emu.requests).toHaveLength(0);
        });

        it("fails a --fail-on gate on resources recorded for another tenant, which it cannot compare", async () => {
            twoTenants();
            // prod's state records big's tenant, but its config now names emu's.
            stackConfig("prod", emu);
            await expect(report(undefined, ["--stack", "prod", "--fail-on", "drift"])).rejects.toThrow(
                `stack "prod" has 1 resource(s) for ${big.url}, not ${emu.url}: --fail-on cannot check them; report each tenant with the stacks that manage it`,
            );
            const r = await report(undefined, ["--stack", "prod"]);
            expect(r.code).toBe(0);
            expect(r.stderr).toContain(
                `report: stack "prod" has 1 resource(s) for ${big.url}, not ${emu.url}; not compared\n`,
            );
        });
    });

    it("names the selected stack, and reads a stack named twice once", async () => {
        fs.writeFileSync(path.join(project, "current"), "dev");
        const me = "637390ec6541614d3a88d6c1";
        stackState(emu, "dev", [
            {
                type: "UserRoleAssignment",
                name: "user1234-audit",
                outputs: { userId: me, role: "AuditAdmin", roleId: emu.roleNamed("AuditAdmin")!.id },
            },
        ]);
        const selected = await report(emu, []);
        expect(selected.stdout).toMatch(/^Access in \S+ \(stacks: dev; /);
        const twice = await report(emu, ["--stack", "dev", "--stack", "dev", "--format", "json"]);
        const r = JSON.parse(twice.stdout) as JsonReport & { stacks: string[] };
        expect(r.stacks).toEqual(["dev"]);
        expect(find(r, "user1234", "AuditAdmin", "direct")[0]!.managedBy).toHaveLength(1);
    });

    it("prints what failed a gate: the drift section with --unmanaged, each item on stderr with --program", async () => {
        stackState(emu, "selected", [
            {
                type: "UserRoleAssignment",
                name: "user1234-steward",
                outputs: {
                    userId: "637390ec6541614d3a88d6c1",
                    role: "Steward",
                    roleId: emu.roleNamed("Steward")!.id,
                },
            },
        ]);
        const unmanaged = await report(emu, ["--unmanaged", "--fail-on", "drift"]);
        expect(unmanaged.code).toBe(1);
        expect(unmanaged.stdout).toMatch(
            /Drift \(the tenant differs from what the stacks declare\):\n.*\nselected\/user1234-steward +user "user1234" +Steward +not held\n/,
        );
        const program = await report(emu, ["--program", "--fail-on", "drift", "--fail-on", "unmanaged"]);
        expect(program.code).toBe(1);
        expect(program.stderr).toContain(
            'report: drift: selected/user1234-steward: user "user1234" Steward: not held\nreport: failing (--fail-on drift)\n',
        );
        expect(program.stderr).toContain('report: unmanaged: user "user1234" AuditAdmin (direct)\n');
        expect(program.stderr).toContain('report: unmanaged: custom role "CustomAnalyst"\n');
    });

    it("commandConfig (export's): with no stack selected, the environment when it names a tenant, else Pulumi's line", async () => {
        fs.rmSync(path.join(project, "current"));
        const env = { PATH: `${project}:${process.env.PATH ?? ""}` };
        const fromEnv = await commandConfig(project, {
            ...env,
            QLIK_TENANT_URL: emu.url,
            QLIK_API_KEY: emu.apiKey,
        });
        expect(fromEnv.origin).toBe(emu.url);
        await expect(commandConfig(project, env)).rejects.toThrow(
            "`pulumi config --json --show-secrets` failed: no stack selected; please use `pulumi stack select` or `pulumi stack init` to choose one",
        );
        // A stack named is never swapped for the environment.
        await expect(
            commandConfig(project, { ...env, QLIK_TENANT_URL: emu.url, QLIK_API_KEY: emu.apiKey }, "nope"),
        ).rejects.toThrow("no stack named 'nope' found");
    });

    it("refuses a drift gate with no stack to compare with, outside a project", async () => {
        const outside = fs.mkdtempSync(path.join(os.tmpdir(), "report-outside-"));
        try {
            const run = (args: string[]) =>
                runReport(args, {
                    stdout: () => {},
                    stderr: () => {},
                    cwd: outside,
                    env: { QLIK_TENANT_URL: emu.url, QLIK_API_KEY: emu.apiKey },
                });
            await expect(run(["--fail-on", "drift"])).rejects.toThrow(
                "--fail-on drift needs a stack to compare with: run it in the Pulumi project or name the stack with --stack",
            );
            expect(emu.requests).toHaveLength(0);
            // Every grant is unmanaged there: that gate fails, as it should.
            expect(await run(["--fail-on", "unmanaged"])).toBe(1);
        } finally {
            fs.rmSync(outside, { recursive: true, force: true });
        }
    });

    it("names a stack that does not exist in one line", async () => {
        await expect(report(emu, ["--stack", "nope"])).rejects.toThrow(
            /^`pulumi config --stack nope --json --show-secrets` failed: no stack named 'nope' found$/,
        );
        expect(emu.requests).toHaveLength(0);
    });
});
