/**
 * The licence line at preview (check), in-process against the tenant emulator: who a grant makes Full, which
 * reads it costs, and `qlik:fullUserPromotion`'s three modes. Emulator roles promote as docs/licence-impact.md
 * says: every default role but CollaborationPlatformUser.
 */
import { EVERYONE_GROUP_ID, SEED_SPACES, startEmulator, type EmulatorOptions } from "../../emulator";
import { findEffectiveRoles } from "../../provider/lookups/effective-roles";
import { providerFor } from "../../provider/runtime";
import { emulatorClient, inputs, reconfigure, startTenant, type Tenant } from "../support/harness";

let t: Tenant;
const userRoles = providerFor("userRoles", 1);
const groupRoles = providerFor("groupRoles", 1);
let lines: string[];
let spy: jest.SpyInstance;

beforeAll(async () => {
    t = await startTenant();
});
afterAll(() => t.emu.close());

async function configureMode(mode?: string): Promise<void> {
    await reconfigure({ ...t.config, ...(mode ? { "qlik:fullUserPromotion": mode } : {}) });
}

beforeEach(async () => {
    t.emu.reset();
    await configureMode();
    lines = [];
    spy = jest.spyOn(console, "error").mockImplementation((line: string) => void lines.push(String(line)));
    // Nobody gets a promoting role through Everyone unless a test says so.
    t.emu.setGroupRoles(EVERYONE_GROUP_ID, []);
    // Group "Sales": 5 members, 2 of them Full already (one directly, one through group "Admins"), 3 Basic.
    t.emu.addGroup({ name: "Sales" });
    t.emu.addGroup({ name: "Admins", roles: ["DataAdmin"] });
    const members: [string, string[]][] = [
        ["sales-zoe", []],
        ["sales-bob", ["AnalyticsAdmin"]],
        ["sales-cat", ["CollaborationPlatformUser"]],
        ["sales-dan", []],
        ["sales-amy", []],
    ];
    for (const [subject, roles] of members) {
        t.emu.addUser({ subject, roles });
        t.emu.joinGroup(subject, "Sales");
    }
    t.emu.joinGroup("sales-dan", "Admins");
    // A disabled and a deleted Basic member: counted nowhere (as `report` counts users), in Sales or in Everyone.
    for (const status of ["disabled", "deleted"] as const) {
        t.emu.addUser({ subject: `sales-${status}`, status });
        t.emu.joinGroup(`sales-${status}`, "Sales");
    }
    t.emu.addUser({ subject: "solo", roles: ["CollaborationPlatformUser"] });
    t.emu.resetLog();
});
afterEach(() => spy.mockRestore());

const warnings = () => lines.filter((l) => l.includes("promotes Basic users"));
const memberListings = () =>
    t.emu.requests.filter(
        (e) =>
            e.method === "GET" && e.path === "/api/v1/users" && e.query.filter?.includes("assignedGroups.id"),
    );
const writes = () => t.emu.requests.filter((e) => e.method !== "GET");
const SALES_LINE =
    'warning: role "Steward" promotes Basic users to Full on capacity-based subscriptions: group "Sales" has 5 members, 3 of them Basic today (e.g. "sales-amy", "sales-cat", "sales-zoe")';
const SOLO_LINE =
    'warning: role "Steward" promotes Basic users to Full on capacity-based subscriptions: user "solo" is Basic today and becomes Full';

describe("licence impact at check", () => {
    it("counts a group's members and its Basic ones with one paged listing, shared by every check of that group", async () => {
        expect(
            (await t.group.check({}, inputs({ groupName: "Sales", role: "Steward", resourceName: "a" })))
                .failures,
        ).toEqual([]);
        expect(warnings()).toEqual([SALES_LINE]);
        await t.group.check({}, inputs({ groupName: "Sales", role: "DataSpaceCreator", resourceName: "b" }));
        expect(warnings()[1]).toMatch(
            /^warning: role "DataSpaceCreator" promotes .* group "Sales" has 5 members, 3 of them Basic today/,
        );
        expect(memberListings()).toHaveLength(1);
        expect(memberListings()[0]!.query).toMatchObject({
            filter: expect.stringMatching(/^assignedGroups\.id eq "[0-9a-f]+"$/),
        });
        expect(writes()).toEqual([]);
    });

    it("names a Basic user given a promoting role, and says nothing of a user Full already through a group or through Everyone", async () => {
        await t.user.check({}, inputs({ subject: "solo", role: "Steward", resourceName: "solo" }));
        expect(warnings()).toEqual([SOLO_LINE]);
        lines.length = 0;
        await t.user.check({}, inputs({ subject: "sales-dan", role: "Steward", resourceName: "dan" }));
        expect(warnings()).toEqual([]); // DataAdmin through "Admins"

        await configureMode();
        t.emu.setGroupRoles(EVERYONE_GROUP_ID, ["SharedSpaceCreator"]);
        t.emu.resetLog();
        await t.user.check({}, inputs({ subject: "solo", role: "Steward", resourceName: "solo2" }));
        await t.group.check({}, inputs({ groupName: "Sales", role: "Steward", resourceName: "sales2" }));
        expect(warnings()).toEqual([]);
        // Everyone holding a promoting role settles a group without listing its members.
        expect(memberListings()).toEqual([]);
    });

    it("counts every user of the tenant for Everyone, Basic ones being those holding no promoting role anywhere", async () => {
        await t.group.check({}, inputs({ groupId: EVERYONE_GROUP_ID, role: "Steward", resourceName: "all" }));
        const client = emulatorClient(t.emu);
        // Deleted and disabled users are left out, as `report` leaves them out.
        const users = (await client.listUsers()).filter(
            (u) => u.status !== "deleted" && u.status !== "disabled",
        );
        expect(users.length).toBeLessThan(
            (await client.listUsers()).filter((u) => u.status !== "deleted").length,
        );
        let basic = 0;
        for (const u of users) {
            const e = await findEffectiveRoles(client, { userId: u.id });
            if (!e.holdsPromotingRole) basic++;
        }
        expect(warnings()).toHaveLength(1);
        expect(warnings()[0]).toContain(
            `group "Everyone" has ${users.length} members, ${basic} of them Basic today`,
        );
        expect(basic).toBeGreaterThan(3);
        expect(basic).toBeLessThan(users.length);
    });

    it("says nothing, and lists nobody, for a role that does not promote or a group that holds a promoting role already", async () => {
        await t.group.check(
            {},
            inputs({ groupName: "Sales", role: "CollaborationPlatformUser", resourceName: "c" }),
        );
        await t.user.check(
            {},
            inputs({ subject: "solo", role: "CollaborationPlatformUser", resourceName: "d" }),
        );
        await t.group.check({}, inputs({ groupName: "Admins", role: "Steward", resourceName: "e" }));
        expect(warnings()).toEqual([]);
        expect(memberListings()).toEqual([]);
        expect(t.emu.requests.filter((e) => e.path === "/api/v1/groups/settings")).toEqual([]);
    });

    it("refuse fails the check with the line, on the role, and prints nothing", async () => {
        await configureMode("refuse");
        const checked = await t.group.check(
            {},
            inputs({ groupName: "Sales", role: "Steward", resourceName: "r" }),
        );
        expect(checked.failures).toEqual([
            {
                property: "role",
                reason: `${SALES_LINE.slice("warning: ".length)}; qlik:fullUserPromotion is "refuse" (set it to "warn" to allow such grants)`,
            },
        ]);
        const set = await userRoles.check(
            {},
            inputs({ subject: "solo", roles: ["CollaborationPlatformUser", "Steward"], resourceName: "s" }),
        );
        expect(set.failures).toEqual([
            { property: "roles", reason: expect.stringContaining('user "solo" is Basic today') },
        ]);
        // A grant that promotes nobody passes.
        expect(
            (await t.user.check({}, inputs({ subject: "sales-bob", role: "Steward", resourceName: "ok" })))
                .failures,
        ).toEqual([]);
        expect(warnings()).toEqual([]);
        expect(writes()).toEqual([]);
    });

    it("a bad value fails only the check of a tenant role's grant, with one line; a space grant never reads it", async () => {
        await configureMode("bogus");
        const space = await providerFor("spaceMember", 1).check(
            {},
            inputs({
                spaceName: SEED_SPACES.sales,
                email: "viewer@example.com",
                role: "consumer",
                resourceName: "sp",
            }),
        );
        expect(space.failures).toEqual([]);
        const err = await t.user
            .check({}, inputs({ subject: "solo", role: "Steward", resourceName: "b" }))
            .catch((e: Error) => e);
        expect(err).toBeInstanceOf(Error);
        expect((err as Error).message).toBe(
            'check UserRoleAssignment (user subject "solo", role "Steward"): qlik:fullUserPromotion must be warn, refuse or ignore; got "bogus"',
        );
        expect(writes()).toEqual([]);
    });

    it("refuse set in the environment names the variable", async () => {
        process.env.QLIK_FULL_USER_PROMOTION = "refuse";
        try {
            await reconfigure({ ...t.config });
            const checked = await t.group.check(
                {},
                inputs({ groupName: "Sales", role: "Steward", resourceName: "r" }),
            );
            expect(checked.failures).toEqual([
                {
                    property: "role",
                    reason: `${SALES_LINE.slice("warning: ".length)}; QLIK_FULL_USER_PROMOTION is "refuse" (set it to "warn" to allow such grants)`,
                },
            ]);
        } finally {
            delete process.env.QLIK_FULL_USER_PROMOTION;
        }
    });

    it("ignore says nothing and reads nothing for it", async () => {
        await configureMode("ignore");
        await t.group.check({}, inputs({ groupName: "Sales", role: "Steward", resourceName: "i" }));
        await t.user.check({}, inputs({ subject: "solo", role: "Steward", resourceName: "j" }));
        expect(warnings()).toEqual([]);
        expect(memberListings()).toEqual([]);
        expect(t.emu.requests.filter((e) => e.path === "/api/v1/groups/settings")).toEqual([]);
    });

    it("a set warns for the roles it adds only", async () => {
        t.emu.setUserRoles("solo", ["Steward"]);
        await userRoles.check(
            {},
            inputs({ subject: "solo", roles: ["Steward", "DataSpaceCreator"], resourceName: "s" }),
        );
        expect(warnings()).toEqual([]); // Full already through Steward
        // Warnings print once per process: this test's role differs from the other tests' lines.
        await groupRoles.check(
            {},
            inputs({ groupName: "Sales", roles: ["ManagedSpaceCreator"], resourceName: "g" }),
        );
        expect(warnings()).toEqual([SALES_LINE.replace('role "Steward"', 'role "ManagedSpaceCreator"')]);
    });
});

describe("what the licence line costs in requests", () => {
    /** The requests one check sends, as `METHOD path`, in a fresh process of that mode. */
    async function requestsOf(mode: string, props: Record<string, unknown>, kind: "user" | "group") {
        await configureMode(mode);
        t.emu.resetLog();
        await (kind === "user" ? t.user : t.group).check({}, inputs(props));
        return t.emu.requests.map((e) => `${e.method} ${e.path}`);
    }

    it.each([
        [
            "a group grant of a promoting role",
            { groupName: "Sales", role: "Steward" },
            "group",
            ["GET /api/v1/groups/settings", "GET /api/v1/users"],
        ],
        [
            "a user grant of a promoting role",
            { subject: "solo", role: "Steward" },
            "user",
            ["GET /api/v1/groups/settings"],
        ],
        [
            "a grant of a role that does not promote",
            { groupName: "Sales", role: "CollaborationPlatformUser" },
            "group",
            [],
        ],
    ] as const)("%s: these reads more than with ignore, and no write", async (_what, props, kind, extra) => {
        const ignored = await requestsOf("ignore", { ...props, resourceName: "cost-i" }, kind);
        const warned = await requestsOf("warn", { ...props, resourceName: "cost-w" }, kind);
        const more = [...warned];
        for (const r of ignored) more.splice(more.indexOf(r), 1);
        expect(more.sort()).toEqual([...extra].sort());
        expect(warned.filter((r) => !r.startsWith("GET "))).toEqual([]);
    });
});

describe("Everyone on a tenant of about 1,000 users", () => {
    it("lists every user once per process, one request per 100 users, and reads Everyone's roles no more than check does", async () => {
        const emu = await startEmulator({ extraUsers: 1000 });
        try {
            await reconfigure({ "qlik:tenantUrl": emu.url, "qlik:apiKey": emu.apiKey });
            emu.setGroupRoles(EVERYONE_GROUP_ID, []);
            const users = (await emulatorClient(emu).listUsers()).filter((u) => u.status !== "deleted");
            emu.resetLog();
            const everyone = providerFor("group", 1);
            await everyone.check(
                {},
                inputs({ groupId: EVERYONE_GROUP_ID, role: "Steward", resourceName: "e1" }),
            );
            await everyone.check(
                {},
                inputs({ groupId: EVERYONE_GROUP_ID, role: "DataAdmin", resourceName: "e2" }),
            );
            const listings = emu.requests.filter((e) => e.method === "GET" && e.path === "/api/v1/users");
            expect(users.length).toBeGreaterThan(1000);
            expect(listings).toHaveLength(Math.ceil(users.length / 100));
            expect(emu.requests.filter((e) => e.path === "/api/v1/groups/settings")).toHaveLength(1);
            const counted = users.filter((u) => u.status !== "disabled").length;
            expect(
                warnings().filter((w) => w.includes(`group "Everyone" has ${counted} members`)),
            ).toHaveLength(2);
        } finally {
            await emu.close();
        }
    });
});

describe("a set's removal line and the return to Basic", () => {
    it("says a user may return to Basic when the set removes its last promoting role", async () => {
        t.emu.setUserRoles("solo", ["Steward", "CollaborationPlatformUser"]);
        await userRoles.check(
            {},
            inputs({ subject: "solo", roles: ["CollaborationPlatformUser"], resourceName: "s" }),
        );
        expect(lines).toEqual([
            'warning: UserRoles "s" on user "solo": up removes [Steward]; user "solo" then holds no role that promotes to Full: on a capacity-based subscription Qlik may return it to Basic (Qlik assigns entitlements from access and decides when)',
        ]);
        lines.length = 0;
        // sales-dan keeps DataAdmin through "Admins": no such note.
        t.emu.setUserRoles("sales-dan", ["Steward"]);
        await userRoles.check(
            {},
            inputs({ subject: "sales-dan", roles: [], allowEmpty: true, resourceName: "d" }),
        );
        expect(lines).toEqual(['warning: UserRoles "d" on user "sales-dan": up removes [Steward]']);
    });

    it("counts a group's members that lose their last promoting role", async () => {
        t.emu.setGroupRoles("Sales", ["Steward"]);
        await groupRoles.check(
            {},
            inputs({ groupName: "Sales", roles: [], allowEmpty: true, resourceName: "g" }),
        );
        // bob keeps AnalyticsAdmin, dan DataAdmin through Admins: 3 of 5 lose their last.
        expect(lines).toEqual([
            'warning: GroupRoles "g" on group "Sales": up removes [Steward]; 3 of its 5 members then hold no role that promotes to Full: on a capacity-based subscription Qlik may return them to Basic (Qlik assigns entitlements from access and decides when)',
        ]);
    });
});

describe("the three answer forms of a role's licence effect", () => {
    it.each([
        ["boolean", 1],
        ["both", 1],
        ["none", 0],
    ] as const)("roleEntitlement %s: %d warning(s)", async (form, count) => {
        const emu = await startEmulator({ variants: { roleEntitlement: form } } as EmulatorOptions);
        try {
            // A subject of its own: each line prints once per process.
            emu.addUser({ subject: `solo-${form}` });
            await reconfigure({ "qlik:tenantUrl": emu.url, "qlik:apiKey": emu.apiKey });
            emu.setGroupRoles(EVERYONE_GROUP_ID, []);
            await providerFor("user", 1).check(
                {},
                inputs({ subject: `solo-${form}`, role: "Steward", resourceName: "x" }),
            );
            expect(warnings()).toHaveLength(count);
            const roles = (await emulatorClient(emu).listRoles()).find((r) => r.name === "Steward")!;
            expect([roles.userEntitlementType, roles.fullUser]).toEqual(
                form === "boolean"
                    ? [undefined, true]
                    : form === "both"
                      ? ["fullUser", true]
                      : [undefined, undefined],
            );
        } finally {
            await emu.close();
        }
    });
});

describe("getEffectiveRoles", () => {
    it("lists a user's roles with their sources, direct first, then groups by name, then Everyone", async () => {
        t.emu.setGroupRoles(EVERYONE_GROUP_ID, ["CollaborationPlatformUser"]);
        t.emu.setGroupRoles("Sales", ["Steward"]);
        const result = await findEffectiveRoles(emulatorClient(t.emu), { subject: "sales-dan" });
        expect(result).toMatchObject({ subject: "sales-dan", holdsPromotingRole: true });
        expect(result.roles.map((r) => [r.role, r.source, r.promotesToFull])).toEqual([
            ["DataAdmin", 'through group "Admins"', true],
            ["Steward", 'through group "Sales"', true],
            ["CollaborationPlatformUser", "through Everyone", false],
        ]);
        expect(result.roles[0]).toMatchObject({
            via: "group",
            groupName: "Admins",
            groupId: expect.any(String),
        });
        const solo = await findEffectiveRoles(emulatorClient(t.emu), { subject: "solo" });
        expect(solo.roles.map((r) => [r.role, r.via])).toEqual([
            ["CollaborationPlatformUser", "direct"],
            ["CollaborationPlatformUser", "everyone"],
        ]);
        expect(solo.holdsPromotingRole).toBe(false);
    });
});
