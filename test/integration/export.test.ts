/**
 * `pulumi-qlik-roles export` in-process against the tenant emulator: which requests it sends, and the answers it
 * gives for the inputs and tenants that broke it (a role named with quotes, a role in the wrong case, an identity
 * holding TenantAdmin only through Everyone, next links that carry only their cursor).
 */
import * as os from "node:os";
import { startEmulator, type TenantEmulator } from "../../emulator";
import { USER_ROLE_FIELDS } from "../../provider/client";
import { runExport } from "../../provider/cli/export";

let emu: TenantEmulator;
let cursorOnly: TenantEmulator;
beforeAll(async () => {
    [emu, cursorOnly] = await Promise.all([
        startEmulator({ extraUsers: 250, extraGroups: 120 }),
        startEmulator({ extraUsers: 250, extraGroups: 120, variants: { nextLinks: "cursor" } }),
    ]);
});
afterAll(() => Promise.all([emu.close(), cursorOnly.close()]));
beforeEach(() => {
    emu.reset();
    cursorOnly.reset();
});

async function exportFrom(tenant: TenantEmulator, args: string[], apiKey = tenant.apiKey) {
    let stdout = "";
    let stderr = "";
    const code = await runExport([...args, "--format", "json"], {
        stdout: (t) => (stdout += t),
        stderr: (t) => (stderr += t),
        cwd: os.tmpdir(),
        env: { QLIK_TENANT_URL: tenant.url, QLIK_API_KEY: apiKey },
    });
    const grants = JSON.parse(stdout) as {
        users: { userId: string; subject: string; roles: string[] }[];
        groups: { groupId: string; groupName: string; roles: string[] }[];
    };
    return { code, grants, stderr };
}

const listed = (tenant: TenantEmulator, path: string) => tenant.requests.filter((r) => r.path === path);

describe("export against the emulator", () => {
    it("reads 100 per page, sorted by id, only the fields it needs", async () => {
        const { code, grants } = await exportFrom(emu, []);
        expect(code).toBe(0);
        const users = Object.keys(emu.snapshot().users).length;
        expect(listed(emu, "/api/v1/users")).toHaveLength(Math.ceil(users / 100));
        for (const r of listed(emu, "/api/v1/users"))
            expect(r.query).toMatchObject({ limit: "100", fields: USER_ROLE_FIELDS });
        expect(listed(emu, "/api/v1/users")[0]!.query.sort).toBe("id");
        expect(listed(emu, "/api/v1/groups")[0]!.query.sort).toBe("id");
        expect(grants.users.find((u) => u.subject === "user1234")?.roles).toEqual([
            "AuditAdmin",
            "SharedSpaceCreator",
        ]);
    });

    it("keeps 100 per page when Qlik's next links carry only the cursor", async () => {
        const { code, grants } = await exportFrom(cursorOnly, []);
        expect(code).toBe(0);
        const users = Object.keys(cursorOnly.snapshot().users).length;
        const groups = Object.keys(cursorOnly.snapshot().groups).length - 1; // Everyone is not listed
        expect(listed(cursorOnly, "/api/v1/users")).toHaveLength(Math.ceil(users / 100));
        expect(listed(cursorOnly, "/api/v1/groups")).toHaveLength(Math.ceil(groups / 100));
        const same = (await exportFrom(emu, [])).grants;
        expect({ ...grants, tenantUrl: "" }).toEqual({ ...same, tenantUrl: "" });
    });

    it("exports the holders of a role whose name holds quotes and a backslash", async () => {
        const name = `Data "EU" O'Brien\\ops`;
        emu.addCustomRole(name);
        emu.setUserRoles("user1234", ["AuditAdmin", name]);
        emu.setGroupRoles("Legacy Group", [name]);
        const { code, grants } = await exportFrom(emu, ["--role", name]);
        expect(code).toBe(0);
        expect(grants.users.map((u) => [u.subject, u.roles])).toEqual([["user1234", [name]]]);
        expect(grants.groups.map((g) => [g.groupName, g.roles])).toEqual([["Legacy Group", [name]]]);
    });

    it("lists the tenant's roles once for several --role values, and users by role id", async () => {
        const { code, grants } = await exportFrom(emu, ["--role", "TenantAdmin", "--role", "Steward"]);
        expect(code).toBe(0);
        expect(listed(emu, "/api/v1/roles")).toHaveLength(1);
        const filter = listed(emu, "/api/v1/users")[0]!.query.filter;
        expect(filter).toMatch(
            /^assignedRoles\.id eq "[0-9a-f]{24}" or assignedRoles\.id eq "[0-9a-f]{24}"$/,
        );
        for (const p of [...grants.users, ...grants.groups])
            expect(p.roles.every((r) => r === "TenantAdmin" || r === "Steward")).toBe(true);
    });

    it("refuses a role in the wrong case with the spelling meant, before reading any principal", async () => {
        await expect(exportFrom(emu, ["--role", "tenantadmin"])).rejects.toThrow(
            'role "tenantadmin" does not exist in the tenant; role names are case-sensitive: did you mean "TenantAdmin"?',
        );
        await expect(exportFrom(emu, ["--role", "TenantAdmn"])).rejects.toThrow(
            'did you mean "TenantAdmin"?',
        );
        expect(listed(emu, "/api/v1/users")).toHaveLength(0);
    });

    it("accepts an identity that holds TenantAdmin only through Everyone", async () => {
        emu.setGroupRoles("com.qlik.Everyone", ["TenantAdmin"]);
        const { code, grants } = await exportFrom(emu, ["--users-only"], emu.nonAdminApiKey);
        expect(code).toBe(0);
        expect(grants.users.length).toBeGreaterThan(0);
    });

    it("refuses a key whose user holds TenantAdmin nowhere, Everyone included, in one line", async () => {
        await expect(exportFrom(emu, [], emu.nonAdminApiKey)).rejects.toThrow(
            /^the credential's user "viewer@example.com" cannot read role assignments; export needs a TenantAdmin's API key/,
        );
        // Qlik may refuse a non-admin its group settings outright: that says the same.
        emu.faults.inject({
            match: { method: "GET", path: "/api/v1/groups/settings" },
            kind: "status",
            status: 403,
        });
        await expect(exportFrom(emu, [], emu.nonAdminApiKey)).rejects.toThrow(/cannot read role assignments/);
    });

    it("looks --user and --group up by filter instead of listing everyone", async () => {
        const { code, grants } = await exportFrom(emu, ["--user", "user1234", "--user", "admin@example.com"]);
        expect(code).toBe(0);
        expect(grants.users.map((u) => u.subject).sort()).toEqual(["admin@example.com", "user1234"]);
        expect(listed(emu, "/api/v1/users").map((r) => r.query.filter)).toEqual([
            'id eq "user1234" or subject eq "user1234" or email eq "user1234"',
            'id eq "admin@example.com" or subject eq "admin@example.com" or email eq "admin@example.com"',
        ]);
        emu.resetLog();
        const byGroup = await exportFrom(emu, ["--group", `Sales "EMEA" 'North'`]);
        expect(byGroup.grants.groups.map((g) => g.groupName)).toEqual([`Sales "EMEA" 'North'`]);
        await expect(exportFrom(emu, ["--user", "nobody"])).rejects.toThrow(
            '--user "nobody" matches no user',
        );
    });
});
