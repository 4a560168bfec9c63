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
    // A stand-in for the Pulumi CLI: `config` prints no config, `stack export [--stack s]` prints <s>.json.
    fs.writeFileSync(
        path.join(project, "pulumi"),
        [
            "#!/usr/bin/env node",
            "const a = process.argv.slice(2);",
            'if (a[0] === "config") { process.stdout.write("{}"); process.exit(0); }',
            'const i = a.indexOf("--stack"); const name = i < 0 ? "selected" : a[i + 1];',
            'const file = require("path").join(__dirname, name + ".json");',
            'if (!require("fs").existsSync(file)) { process.stderr.write("error: no stack named \'" + name + "\' found\\n"); process.exit(255); }',
            'process.stdout.write(require("fs").readFileSync(file, "utf8"));',
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
    for (const f of fs.readdirSync(project)) if (f.endsWith(".json")) fs.rmSync(path.join(project, f));
});

interface Resource {
    type: string;
    name: string;
    outputs: Record<string, unknown>;
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

async function report(tenant: TenantEmulator, args: string[]) {
    let stdout = "";
    let stderr = "";
    const code = await runReport(args, {
        stdout: (t) => (stdout += t),
        stderr: (t) => (stderr += t),
        cwd: project,
        env: {
            PATH: `${project}:${process.env.PATH ?? ""}`,
            QLIK_TENANT_URL: tenant.url,
            QLIK_API_KEY: tenant.apiKey,
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
                    role: "SharedSpaceCreator",
                    why: "not in the exact set",
                }),
            ]),
        );
        expect(r.drift).toHaveLength(2);
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
            ["My Group", "consumer", "unmanaged"],
            ["viewer@example.com", "consumer", "managed"],
            ["viewer@example.com", "dataconsumer", "unmanaged"],
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

    it("names a stack that does not exist in one line", async () => {
        await expect(report(emu, ["--stack", "nope"])).rejects.toThrow(
            /^`pulumi stack export --stack nope` failed: no stack named 'nope' found$/,
        );
        expect(emu.requests).toHaveLength(0);
    });
});
