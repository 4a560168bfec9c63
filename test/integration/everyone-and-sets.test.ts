/**
 * The Everyone group through GroupRoleAssignment, and the set resources UserRoles / GroupRoles, in-process against
 * the tenant emulator.
 */
import { EVERYONE_GROUP_ID } from "../../emulator";
import { providerFor } from "../../provider/runtime";
import {
    gets,
    inputs,
    patchedNames,
    patches,
    reconfigure,
    startTenant,
    type Tenant,
} from "../support/harness";

const DOC_USER = "637390ec6541614d3a88d6c1";
const SETTINGS = "/api/v1/groups/settings";
const userPath = `/api/v1/users/${DOC_USER}`;

let t: Tenant;
const userRoles = providerFor("userRoles", 1);
const groupRoles = providerFor("groupRoles", 1);
let warnings: string[];
let spy: jest.SpyInstance;

beforeAll(async () => {
    t = await startTenant();
});
afterAll(() => t.emu.close());
beforeEach(async () => {
    t.emu.reset();
    await reconfigure(t.config);
    warnings = [];
    spy = jest.spyOn(console, "error").mockImplementation((line: string) => void warnings.push(String(line)));
});
afterEach(() => spy.mockRestore());

const everyone = (extra: Record<string, unknown> = {}) =>
    inputs({ groupName: "Everyone", role: "SharedSpaceCreator", resourceName: "everyone-ssc", ...extra });

describe("the Everyone group through GroupRoleAssignment", () => {
    it("create writes Everyone's roles through the group settings with one replace of its path only", async () => {
        t.emu.setGroupRoles(EVERYONE_GROUP_ID, ["DataSpaceCreator"]);
        expect((await t.group.check({}, everyone())).failures).toEqual([]);
        const { id, outs } = await t.group.create(everyone());
        const ps = patches(t.emu.requests);
        expect(ps.map((p) => p.path)).toEqual([SETTINGS]);
        expect(ps[0]!.body).toEqual([
            {
                op: "replace",
                path: `/systemGroups/${EVERYONE_GROUP_ID}/assignedRoles`,
                value: [{ id: expect.any(String) }, { id: expect.any(String) }],
            },
        ]);
        expect(ps[0]!.roleNames).toEqual(["DataSpaceCreator", "SharedSpaceCreator"]);
        // Verified by reading the settings again after the write.
        expect(t.emu.requests.filter((e) => e.seq > ps[0]!.seq).map((e) => `${e.method} ${e.path}`)).toEqual([
            `GET ${SETTINGS}`,
        ]);
        expect(t.emu.groupRoles(EVERYONE_GROUP_ID)).toEqual(["DataSpaceCreator", "SharedSpaceCreator"]);
        expect(t.emu.groupSettings()).toEqual({ autoCreateGroups: true, syncIdpGroups: true });
        // The selector is kept as the program wrote it, so refresh hands back the program's inputs.
        expect(outs).toMatchObject({ groupId: EVERYONE_GROUP_ID, groupName: "Everyone" });
        expect(id).toBe(`${new URL(t.emu.url).host}/groups/${EVERYONE_GROUP_ID}/roles/SharedSpaceCreator`);
    });

    it("two assignments on Everyone created together cost one PATCH of the settings", async () => {
        await Promise.all([
            t.group.create(everyone()),
            t.group.create(everyone({ role: "DataSpaceCreator", resourceName: "everyone-dsc" })),
        ]);
        expect(patches(t.emu.requests).map((p) => p.path)).toEqual([SETTINGS]);
        expect(t.emu.groupRoles(EVERYONE_GROUP_ID)).toEqual(["DataSpaceCreator", "SharedSpaceCreator"]);
    });

    it("names Everyone by its fixed id and by Qlik's name com.qlik.Everyone too", async () => {
        for (const sel of [{ groupId: EVERYONE_GROUP_ID }, { groupName: "com.qlik.Everyone" }]) {
            t.emu.resetLog();
            const res = await t.group.check(
                {},
                inputs({ ...sel, role: "SharedSpaceCreator", resourceName: "x" }),
            );
            expect(res.failures).toEqual([]);
            // Only the name "Everyone" can also be a regular group's: no other selector searches the groups.
            expect(t.emu.requests.filter((e) => e.method === "GET" && e.path === "/api/v1/groups")).toEqual(
                [],
            );
        }
    });

    it("a regular group named Everyone in another case does not make the name ambiguous (Qlik's eq ignores case)", async () => {
        t.emu.addGroup({ name: "EVERYONE" });
        expect((await t.group.check({}, everyone())).failures).toEqual([]);
    });

    it("refuses groupName Everyone when a regular group has that name", async () => {
        t.emu.addGroup({ name: "Everyone" });
        const res = await t.group.check({}, everyone());
        expect(res.failures).toEqual([
            { property: "groupName", reason: expect.stringMatching(/ambiguous.*groupId/) },
        ]);
    });

    it("warns at check that an admin-level role for Everyone goes to every user", async () => {
        await t.group.check({}, everyone({ role: "AuditAdmin" }));
        // The licence line that follows is test/integration/licence-impact.test.ts's.
        expect(warnings.filter((w) => !w.includes("promotes Basic users"))).toEqual([
            'warning: admin-level role "AuditAdmin" granted to group "Everyone" gives it to every user of the tenant; grant it to a smaller group unless that is intended',
        ]);
        warnings.length = 0;
        await t.group.check({}, everyone({ role: "Steward", resourceName: "everyone-steward" }));
        // An admin-level role for a regular group is an ordinary grant.
        await t.group.check(
            {},
            inputs({ groupName: "My Group", role: "AnalyticsAdmin", resourceName: "mg" }),
        );
        expect(warnings.filter((w) => !w.includes("promotes Basic users"))).toEqual([]);
    });

    it("refuses to take TenantAdmin from Everyone when the provider's identity holds it only through Everyone", async () => {
        t.emu.setGroupRoles(EVERYONE_GROUP_ID, ["TenantAdmin", "Steward"]);
        const res = await groupRoles.check(
            {},
            inputs({ groupId: EVERYONE_GROUP_ID, roles: ["Steward"], resourceName: "everyone" }),
        );
        expect(res.failures).toEqual([]); // the identity also holds TenantAdmin directly
        t.emu.setUserRoles(t.emu.adminUserId, []);
        await reconfigure(t.config);
        const refused = await groupRoles.check(
            {},
            inputs({ groupId: EVERYONE_GROUP_ID, roles: ["Steward"], resourceName: "everyone" }),
        );
        expect(refused.failures).toEqual([
            {
                property: "roles",
                reason: expect.stringMatching(/refusing to remove TenantAdmin from group "Everyone"/),
            },
        ]);
    });

    it("refresh drops the assignment when the role was removed outside Pulumi; delete removes only its role", async () => {
        const { id, outs } = await t.group.create(everyone());
        expect((await t.group.read(id, outs)).id).toBe(id);
        t.emu.setGroupRoles(EVERYONE_GROUP_ID, ["DataSpaceCreator", "SharedSpaceCreator"]);
        await t.group.delete(id, outs);
        expect(t.emu.groupRoles(EVERYONE_GROUP_ID)).toEqual(["DataSpaceCreator"]);
        expect(await t.group.read(id, outs)).toEqual({});
        expect(t.emu.groupSettings()).toEqual({ autoCreateGroups: true, syncIdpGroups: true });
    });
});

const userSet = (roles: string[], extra: Record<string, unknown> = {}) =>
    inputs({ subject: "user1234", roles, resourceName: "user1234-roles", ...extra });

describe("UserRoles and GroupRoles", () => {
    it("check shows the roles up would add and remove; create writes exactly the set in one PATCH", async () => {
        const set = userSet(["SharedSpaceCreator", "DataSpaceCreator"]);
        expect((await userRoles.check({}, set)).failures).toEqual([]);
        expect(warnings).toEqual([
            'warning: UserRoles "user1234-roles" on user "user1234": up adds [DataSpaceCreator] and removes [AuditAdmin]',
        ]);
        t.emu.resetLog();
        const { id, outs } = await userRoles.create(set);
        const ps = patches(t.emu.requests);
        expect(ps).toHaveLength(1);
        expect(patchedNames(ps[0]!)).toEqual(["SharedSpaceCreator", "DataSpaceCreator"]);
        expect(t.emu.userRoles("user1234")).toEqual(["DataSpaceCreator", "SharedSpaceCreator"]);
        expect(outs).toMatchObject({ userId: DOC_USER, roles: ["SharedSpaceCreator", "DataSpaceCreator"] });
        expect(id).toBe(`${new URL(t.emu.url).host}/users/${DOC_USER}/roles`);
    });

    it("refresh reports a role added and a role removed outside Pulumi as the set's inputs", async () => {
        const { id, outs } = await userRoles.create(userSet(["AuditAdmin", "SharedSpaceCreator"]));
        t.emu.setUserRoles("user1234", ["AuditAdmin", "Steward"]);
        await reconfigure(t.config); // a refresh is a new provider process: no shared read from the create
        const read = await userRoles.read(id, outs);
        expect(read.inputs).toEqual({
            subject: "user1234",
            roles: ["AuditAdmin", "Steward"],
            allowEmpty: false,
            resourceName: "user1234-roles",
        });
        const diff = await userRoles.diff(id, read.props!, userSet(["AuditAdmin", "SharedSpaceCreator"]));
        expect(diff).toEqual({ changes: true, replaces: [] });
        await userRoles.update(id, read.props!, userSet(["AuditAdmin", "SharedSpaceCreator"]));
        expect(t.emu.userRoles("user1234")).toEqual(["AuditAdmin", "SharedSpaceCreator"]);
    });

    it("an unchanged set diffs as no change; an update writes the new set in one PATCH", async () => {
        const { id, outs } = await userRoles.create(userSet(["AuditAdmin"]));
        expect(await userRoles.diff(id, outs, userSet(["AuditAdmin"]))).toEqual({
            changes: false,
            replaces: [],
        });
        t.emu.resetLog();
        await userRoles.update(id, outs, userSet(["Steward", "AuditAdmin"]));
        expect(patches(t.emu.requests, userPath)).toHaveLength(1);
        expect(t.emu.userRoles("user1234")).toEqual(["AuditAdmin", "Steward"]);
    });

    it("a preview of an unchanged set reads the principal once: diff uses the lookup check just made", async () => {
        const { id, outs } = await userRoles.create(userSet(["AuditAdmin"]));
        await reconfigure(t.config); // a preview is a new provider process
        t.emu.resetLog();
        expect((await userRoles.check(outs, userSet(["AuditAdmin"]))).failures).toEqual([]);
        expect(await userRoles.diff(id, outs, userSet(["AuditAdmin"]))).toEqual({
            changes: false,
            replaces: [],
        });
        expect(gets(t.emu.requests, "/api/v1/users").map((r) => r.path.split("?")[0])).toEqual([
            "/api/v1/users",
        ]);
        // Changed outside Pulumi since the lookup: a later diff (past the sharing window) reads again and sees it.
        t.emu.setUserRoles("user1234", ["Steward"]);
        await reconfigure(t.config);
        expect(await userRoles.diff(id, outs, userSet(["AuditAdmin"]))).toEqual({
            changes: true,
            replaces: [],
        });
    });

    it("destroy removes the declared roles and leaves roles given outside the set", async () => {
        const { id, outs } = await userRoles.create(userSet(["SharedSpaceCreator"]));
        t.emu.setUserRoles("user1234", ["SharedSpaceCreator", "Steward"]);
        await userRoles.delete(id, outs);
        expect(t.emu.userRoles("user1234")).toEqual(["Steward"]);
    });

    it("rejects duplicate roles, unknown roles and an empty set without allowEmpty", async () => {
        const dup = await userRoles.check({}, userSet(["Steward", "Steward"]));
        expect(dup.failures).toEqual([{ property: "roles", reason: expect.stringMatching(/listed twice/) }]);
        const empty = await userRoles.check({}, userSet([]));
        expect(empty.failures).toEqual([
            { property: "roles", reason: expect.stringMatching(/allowEmpty: true/) },
        ]);
        const unknown = await userRoles.check({}, userSet(["NoSuchRole"]));
        expect(unknown.failures).toEqual([
            { property: "roles", reason: expect.stringMatching(/does not exist/) },
        ]);
        expect((await userRoles.check({}, userSet([], { allowEmpty: true }))).failures).toEqual([]);
    });

    it("fails at check when a principal is declared by a set and by an assignment, naming both", async () => {
        await t.user.check(
            {},
            inputs({ subject: "user1234", role: "Steward", resourceName: "alice-steward" }),
        );
        const res = await userRoles.check({}, userSet(["AuditAdmin"]));
        expect(res.failures).toEqual([
            {
                property: "subject",
                reason: expect.stringMatching(
                    /set resource "user1234-roles" and by resource "alice-steward"/,
                ),
            },
        ]);
        const other = await t.user.check(
            {},
            inputs({ subject: "user1234", role: "AuditAdmin", resourceName: "b" }),
        );
        expect(other.failures).toEqual([
            { property: "subject", reason: expect.stringMatching(/assignment "b" and by the set resource/) },
        ]);
    });

    it("never removes TenantAdmin from the identity the provider runs as", async () => {
        const res = await userRoles.check(
            {},
            inputs({ userId: t.emu.adminUserId, roles: ["Steward"], resourceName: "me" }),
        );
        const refusal =
            /this set would remove role "TenantAdmin" from user "[^"]+", the identity this provider authenticates as, and the provider never removes that identity's TenantAdmin; add "TenantAdmin" to roles/;
        expect(res.failures).toEqual([{ property: "roles", reason: expect.stringMatching(refusal) }]);
        await expect(
            userRoles.create(inputs({ userId: t.emu.adminUserId, roles: ["Steward"], resourceName: "me" })),
        ).rejects.toThrow(refusal);
        expect(patches(t.emu.requests)).toHaveLength(0);
    });

    it("GroupRoles on Everyone goes through the group settings and warns about admin-level roles", async () => {
        const set = inputs({ groupName: "Everyone", roles: ["AnalyticsAdmin"], resourceName: "everyone" });
        await groupRoles.check({}, set);
        expect(warnings.filter((w) => !w.includes("promotes Basic users"))).toEqual([
            'GroupRoles "everyone" on group "Everyone": up adds [AnalyticsAdmin]',
            'warning: admin-level role "AnalyticsAdmin" granted to group "Everyone" gives it to every user of the tenant; grant it to a smaller group unless that is intended',
        ]);
        await groupRoles.create(set);
        expect(patches(t.emu.requests).map((p) => p.path)).toEqual([SETTINGS]);
        expect(t.emu.groupRoles(EVERYONE_GROUP_ID)).toEqual(["AnalyticsAdmin"]);
        expect(gets(t.emu.requests, "/api/v1/groups/0")).toHaveLength(0);
    });
});

describe("a resource refused at check gives no warning about what it would have done", () => {
    it("an admin-level role for Everyone, declared beside a set that owns Everyone, only fails", async () => {
        const set = await groupRoles.check(
            {},
            inputs({ groupName: "Everyone", roles: ["SharedSpaceCreator"], resourceName: "everyone-set" }),
        );
        expect(set.failures).toEqual([]);
        const res = await t.group.check({}, everyone({ role: "AuditAdmin", resourceName: "everyone-admin" }));
        expect(res.failures).toEqual([
            { property: "groupName", reason: expect.stringMatching(/by the set resource "everyone-set"/) },
        ]);
        expect(warnings.filter((w) => w.includes("admin-level"))).toEqual([]);
    });

    it("a second declaration of a held role only fails, without the adoption warning", async () => {
        const held = (extra: Record<string, unknown>) =>
            inputs({ subject: "user1234", role: "AuditAdmin", ...extra });
        const first = await t.user.check({}, held({ retainIfPreexisting: true, resourceName: "first" }));
        expect(first.failures).toEqual([]);
        const second = await t.user.check({}, held({ resourceName: "second" }));
        expect(second.failures).toEqual([
            { property: "role", reason: expect.stringMatching(/also declared by resource "first"/) },
        ]);
        expect(warnings).toEqual([]);
    });
});
