/**
 * `export --spaces` against the emulator: every assignment of every visible space, and a program whose
 * SpaceRoleAssignments adopt them with no write.
 */
import * as os from "node:os";
import { DOCUMENTED, SEED_SPACES, SEED_SPACE_IDS } from "../../emulator";
import { stableHex } from "../../emulator/ids";
import { runExport } from "../../provider/cli/export";
import { providerFor } from "../../provider/runtime";
import { inputs, reconfigure, startTenant, type Tenant } from "../support/harness";

let t: Tenant;
beforeAll(async () => {
    t = await startTenant();
});
afterAll(() => t.emu.close());
beforeEach(async () => {
    t.emu.reset();
    await reconfigure(t.config);
});

interface Member {
    spaceId: string;
    spaceName: string;
    type: "user" | "group";
    assigneeId: string;
    roles: string[];
}

async function exportSpaces(args: string[], format = "json") {
    let stdout = "";
    let stderr = "";
    const code = await runExport([...args, "--format", format], {
        stdout: (s) => (stdout += s),
        stderr: (s) => (stderr += s),
        cwd: os.tmpdir(),
        env: { QLIK_TENANT_URL: t.emu.url, QLIK_API_KEY: t.emu.apiKey },
    });
    return { code, stdout, stderr };
}

it("--spaces exports every assignment of every visible space, and declaring them writes nothing", async () => {
    const { code, stdout, stderr } = await exportSpaces(["--spaces"]);
    expect(code).toBe(0);
    const members = (JSON.parse(stdout) as { spaceMembers: Member[] }).spaceMembers;
    const seeded = Object.values(t.emu.spaces.snapshot()).reduce(
        (n, byAssignee) => n + Object.keys(byAssignee).length,
        0,
    );
    expect(members).toHaveLength(seeded);
    expect(members.some((m) => m.spaceId === SEED_SPACE_IDS.adminPersonal)).toBe(false);
    expect(stderr).toMatch(/space roles of \d+ members in \d+ spaces/);

    const member = providerFor("spaceMember", 1);
    t.emu.resetLog();
    for (const m of members)
        for (const role of m.roles) {
            const args = inputs({
                spaceId: m.spaceId,
                [m.type === "user" ? "userId" : "groupId"]: m.assigneeId,
                role,
                retainIfPreexisting: true,
                resourceName: `space-${m.spaceId}-${m.type}-${m.assigneeId}-${role}`,
            });
            expect((await member.check({}, args)).failures).toEqual([]);
            const { outs } = await member.create(args);
            expect(outs.preexisting).toBe(true);
        }
    expect(t.emu.requests.filter((e) => e.method !== "GET")).toHaveLength(0);
});

it("--space names one space; the program declares SpaceRoleAssignments by ids", async () => {
    const { code, stdout } = await exportSpaces(["--space", SEED_SPACES.sales], "ts");
    expect(code).toBe(0);
    expect(stdout).toContain(
        'import { GroupRoleAssignment, SpaceRoleAssignment, UserRoleAssignment } from "pulumi-qlik-roles";',
    );
    expect(stdout).toContain("new SpaceRoleAssignment(`space-${spaceId}-user-${assigneeId}-${role}`, {");
    expect(stdout).toContain(
        `spaceId: "${t.emu.spaces.spaceId(SEED_SPACES.sales)}", spaceName: "Sales Reporting"`,
    );
    expect(stdout).not.toContain(SEED_SPACES.finance);
});

describe("the principal and role filters narrow the space members", () => {
    const ids = () => {
        // The one user assigned in Finance Analytics is the seed's non-admin viewer.
        const finance = t.emu.spaces.snapshot()[t.emu.spaces.spaceId(SEED_SPACES.finance)]!;
        const viewer = Object.keys(finance)
            .find((k) => k.startsWith("user:"))!
            .slice("user:".length);
        return { user1234: DOCUMENTED.userId, myGroup: DOCUMENTED.groupId, viewer };
    };
    const members = async (args: string[]) => {
        const { code, stdout } = await exportSpaces(args);
        expect(code).toBe(0);
        return (JSON.parse(stdout) as { spaceMembers: Member[] }).spaceMembers.map(
            (m) => `${m.spaceName}/${m.type}:${m.assigneeId}=${m.roles.join(",")}`,
        );
    };

    it("--user keeps only that user's assignments, in every space", async () => {
        const { user1234 } = ids();
        expect(await members(["--spaces", "--user", "user1234"])).toEqual([
            `Sales Reporting/user:${user1234}=consumer,publisher`,
            `Victor's Team/user:${user1234}=producer`,
        ]);
    });

    it("--group keeps only that group's, and --user with --group both", async () => {
        const { user1234, myGroup } = ids();
        const group = [
            `Data Lake/group:${myGroup}=dataconsumer,operator`,
            `Finance Analytics/group:${myGroup}=consumer`,
        ];
        expect(await members(["--spaces", "--group", "My Group"])).toEqual(group);
        expect(await members(["--spaces", "--group", "My Group", "--user", "user1234"])).toEqual(
            [
                ...group,
                `Sales Reporting/user:${user1234}=consumer,publisher`,
                `Victor's Team/user:${user1234}=producer`,
            ].sort(),
        );
    });

    it("--user names a user who holds no tenant role but space roles: its assignment is exported", async () => {
        const extra = (await members(["--spaces", "--user", "extra-user-001"])).filter((m) =>
            m.startsWith("Company Wide/"),
        );
        expect(extra).toHaveLength(1);
        expect(extra[0]).toMatch(/=consumer$/);
    });

    it("--space-role keeps only that space role (implying --spaces); --role, a tenant role, leaves space roles alone", async () => {
        const consumers = await members(["--space-role", "consumer"]);
        expect(consumers.length).toBeGreaterThan(25);
        expect(consumers.every((m) => m.endsWith("=consumer"))).toBe(true);
        // The viewer holds consumer and dataconsumer in Finance Analytics: only consumer is exported.
        expect(consumers).toContain(`Finance Analytics/user:${ids().viewer}=consumer`);
        const all = await members(["--spaces"]);
        expect(await members(["--spaces", "--role", "TenantAdmin"])).toEqual(all);
        expect(all).toContain(`Finance Analytics/user:${ids().viewer}=consumer,dataconsumer`);
    });
});

describe("--space names a space that is not there", () => {
    const directoryPages = () =>
        t.emu.requests.filter((e) => e.method === "GET" && /^\/api\/v1\/(users|groups)$/.test(e.path));

    it("fails in one line before any user's or group's page is read, with the nearest name", async () => {
        t.emu.resetLog();
        await expect(exportSpaces(["--space", "Sales Reportng"])).rejects.toThrow(
            '--space "Sales Reportng": no space with spaceName "Sales Reportng" is visible to the credential: check the name (it must match exactly) and that the credential can see the space; did you mean "Sales Reporting"?',
        );
        expect(directoryPages()).toHaveLength(0);
    });

    it("a wrong case fails as early, naming the spelling the tenant has", async () => {
        t.emu.resetLog();
        await expect(exportSpaces(["--space", "sales reporting"])).rejects.toThrow(
            /^--space "sales reporting": no space with spaceName "sales reporting" is visible to the credential; names match exactly, case included, and the tenant has "Sales Reporting"/,
        );
        await expect(exportSpaces(["--space", "Nope"])).rejects.toThrow(
            /^--space "Nope": no space with spaceName "Nope" is visible to the credential: check the name/,
        );
        expect(directoryPages()).toHaveLength(0);
    });
});

const QUOTED = stableHex("group:quoted");

it("each space member carries its readable name beside its id, as the tenant grants do", async () => {
    const { stdout } = await exportSpaces(["--space", SEED_SPACES.sales], "ts");
    const spaceId = t.emu.spaces.spaceId(SEED_SPACES.sales);
    expect(stdout).toContain(
        `{ spaceId: "${spaceId}", spaceName: "Sales Reporting", assigneeId: "${DOCUMENTED.userId}", subject: "user1234", `,
    );
    // A group's name, its quotes escaped as in the tenant grants.
    expect(stdout).toContain(
        `assigneeId: "${QUOTED}", groupName: "Sales \\"EMEA\\" 'North'", roles: ["basicconsumer"] },`,
    );
    // A user named by no tenant grant (the viewer holds no direct tenant role) is named too, in JSON as well.
    const { stdout: json } = await exportSpaces(["--space", SEED_SPACES.finance]);
    const members = (
        JSON.parse(json) as { spaceMembers: (Member & { subject?: string; groupName?: string })[] }
    ).spaceMembers;
    expect(members.map((m) => m.subject ?? m.groupName)).toEqual(["My Group", expect.any(String)]);
    expect(members.every((m) => (m.type === "user" ? m.subject : m.groupName) !== undefined)).toBe(true);
});

it("--space-role alone narrows the space roles and keeps every tenant grant, as --spaces does", async () => {
    const { stdout } = await exportSpaces(["--space-role", "consumer"]);
    const withSpaceRole = JSON.parse(stdout) as { users: unknown[]; groups: unknown[] };
    const tenantOnly = JSON.parse((await exportSpaces([])).stdout) as { users: unknown[]; groups: unknown[] };
    expect(withSpaceRole.users).toEqual(tenantOnly.users);
    expect(withSpaceRole.groups).toEqual(tenantOnly.groups);
});

it("prints a progress line for the spaces it reads, and counts in proper plurals", async () => {
    const { stderr } = await exportSpaces(["--space", SEED_SPACES.sales]);
    expect(stderr).toMatch(/^export: read 2 space assignments \(1 of 1 space\)$/m);
    expect(stderr).toMatch(/, and 3 space roles of 2 members in 1 space\n$/);
});
