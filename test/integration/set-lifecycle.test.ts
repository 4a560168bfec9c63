/**
 * The set resources' (UserRoles / GroupRoles) refresh, diff, update and refusals, in-process against the tenant
 * emulator: what the engine would record and plan for each, and that nothing is written where nothing should be.
 */
import { providerFor } from "../../provider/runtime";
import { inputs, patches, reconfigure, startTenant, UNKNOWN, type Tenant } from "../support/harness";

const DOC_USER = "637390ec6541614d3a88d6c1";

let t: Tenant;
const userRoles = providerFor("userRoles", 1);
const groupRoles = providerFor("groupRoles", 1);
let spy: jest.SpyInstance;

beforeAll(async () => {
    t = await startTenant();
});
afterAll(() => t.emu.close());
beforeEach(async () => {
    t.emu.reset();
    await reconfigure(t.config);
    spy = jest.spyOn(console, "error").mockImplementation(() => undefined);
});
afterEach(() => spy.mockRestore());

const userSet = (roles: unknown, extra: Record<string, unknown> = {}) =>
    inputs({ subject: "user1234", roles, resourceName: "user1234-roles", ...extra });

describe("refresh, then destroy or up", () => {
    it("a role given outside Pulumi and recorded by a refresh is left in place by destroy", async () => {
        const { id, outs } = await userRoles.create(userSet(["AuditAdmin", "Steward"]));
        t.emu.setUserRoles("user1234", ["AuditAdmin", "Steward", "DataSpaceCreator"]);
        await reconfigure(t.config); // a refresh is a new provider process
        const read = await userRoles.read(id, outs);
        expect(read.props).toMatchObject({
            roles: ["AuditAdmin", "Steward", "DataSpaceCreator"],
            roleIds: outs.roleIds,
        });
        await userRoles.delete(id, read.props!);
        expect(t.emu.userRoles("user1234")).toEqual(["DataSpaceCreator"]);
    });

    it("a declared role removed outside Pulumi drops out of state; the next up puts it back, destroy removes the rest", async () => {
        const { id, outs } = await userRoles.create(userSet(["AuditAdmin", "Steward"]));
        t.emu.setUserRoles("user1234", ["Steward"]);
        await reconfigure(t.config);
        const read = await userRoles.read(id, outs);
        expect(read.props).toMatchObject({ roles: ["Steward"], roleIds: [(outs.roleIds as string[])[1]] });
        expect(await userRoles.diff(id, read.props!, userSet(["AuditAdmin", "Steward"]))).toEqual({
            changes: true,
            replaces: [],
        });
        const { outs: after } = await userRoles.update(id, read.props!, userSet(["AuditAdmin", "Steward"]));
        expect(t.emu.userRoles("user1234")).toEqual(["AuditAdmin", "Steward"]);
        await userRoles.delete(id, after);
        expect(t.emu.userRoles("user1234")).toEqual([]);
    });

    it("a role given outside Pulumi, recorded by a refresh and then declared, is an update: state then names it and destroy removes it", async () => {
        const { id, outs } = await userRoles.create(userSet(["AuditAdmin"]));
        t.emu.setUserRoles("user1234", ["AuditAdmin", "Steward"]);
        await reconfigure(t.config);
        const read = await userRoles.read(id, outs);
        const adopted = userSet(["AuditAdmin", "Steward"]);
        expect(await userRoles.diff(id, read.props!, adopted)).toEqual({ changes: true, replaces: [] });
        t.emu.resetLog();
        const { outs: after } = await userRoles.update(id, read.props!, adopted);
        expect(patches(t.emu.requests)).toHaveLength(0); // the tenant already holds exactly the set
        expect(after).toMatchObject({ roles: ["AuditAdmin", "Steward"] });
        await userRoles.delete(id, after);
        expect(t.emu.userRoles("user1234")).toEqual([]);
    });

    it("a role recorded by a refresh and removed outside Pulumi since is an update that writes nothing and drops it from state", async () => {
        const { id, outs } = await userRoles.create(userSet(["AuditAdmin"]));
        t.emu.setUserRoles("user1234", ["AuditAdmin", "Steward"]);
        await reconfigure(t.config);
        const read = await userRoles.read(id, outs);
        t.emu.setUserRoles("user1234", ["AuditAdmin"]);
        await reconfigure(t.config);
        expect(await userRoles.diff(id, read.props!, userSet(["AuditAdmin"]))).toEqual({
            changes: true,
            replaces: [],
        });
        t.emu.resetLog();
        const { outs: after } = await userRoles.update(id, read.props!, userSet(["AuditAdmin"]));
        expect(patches(t.emu.requests)).toHaveLength(0);
        expect(after).toMatchObject({ roles: ["AuditAdmin"] });
    });

    it("refresh of a set whose principal was deleted drops it from state", async () => {
        const { id, outs } = await userRoles.create(userSet(["AuditAdmin"]));
        t.emu.deleteUser("user1234");
        await reconfigure(t.config);
        expect(await userRoles.read(id, outs)).toEqual({});
    });
});

describe("diff", () => {
    let id: string;
    let outs: Record<string, unknown>;
    beforeEach(async () => {
        ({ id, outs } = await userRoles.create(userSet(["AuditAdmin"])));
        await reconfigure(t.config);
        t.emu.resetLog();
    });

    it("the same principal named another way is no replacement", async () => {
        expect(await userRoles.diff(id, outs, inputs({ userId: DOC_USER, roles: ["AuditAdmin"] }))).toEqual({
            changes: false,
            replaces: [],
        });
    });

    it("another principal, or one that does not exist, is a replacement created before the old set is deleted", async () => {
        t.emu.addUser({ subject: "other-user", roles: [] });
        for (const subject of ["other-user", "no-such-user"]) {
            expect(await userRoles.diff(id, outs, userSet(["AuditAdmin"], { subject }))).toEqual({
                changes: true,
                replaces: ["subject"],
                deleteBeforeReplace: false,
            });
        }
        expect(patches(t.emu.requests)).toHaveLength(0);
    });

    it("a principal or roles not yet known at preview are a possible replacement and a possible update", async () => {
        expect(await userRoles.diff(id, outs, userSet(["AuditAdmin"], { subject: UNKNOWN }))).toEqual({
            changes: true,
            replaces: ["subject"],
            deleteBeforeReplace: false,
        });
        expect(await userRoles.diff(id, outs, userSet(UNKNOWN))).toEqual({ changes: true, replaces: [] });
        expect(await userRoles.diff(id, outs, userSet(undefined))).toEqual({ changes: true, replaces: [] });
        expect(await userRoles.diff(id, outs, inputs({ roles: ["AuditAdmin"] }))).toEqual({
            changes: true,
            replaces: [],
        });
        expect(t.emu.requests).toHaveLength(0);
    });

    it("a change of allowEmpty alone is an update", async () => {
        expect(await userRoles.diff(id, outs, userSet(["AuditAdmin"], { allowEmpty: true }))).toEqual({
            changes: true,
            replaces: [],
        });
    });

    it("roles in another order are no change", async () => {
        const two = await userRoles.create(userSet(["AuditAdmin", "Steward"]));
        expect(await userRoles.diff(two.id, two.outs, userSet(["Steward", "AuditAdmin"]))).toEqual({
            changes: false,
            replaces: [],
        });
    });
});

describe("update", () => {
    it("fails with QLIK_CONFLICT, writing nothing, when the selector now names another principal than the one recorded", async () => {
        const { id, outs } = await userRoles.create(userSet(["AuditAdmin"]));
        t.emu.deleteUser("user1234");
        const successor = t.emu.addUser({ subject: "user1234", roles: ["Steward"] });
        await reconfigure(t.config);
        t.emu.resetLog();
        const err = await userRoles.update(id, outs, userSet(["DataSpaceCreator"])).catch((e: Error) => e);
        expect(err).toMatchObject({
            code: "QLIK_CONFLICT",
            message: expect.stringMatching(
                new RegExp(
                    `^update UserRoles \\(user subject "user1234"\\): user "user1234" is no longer the principal of this role set \\(${DOC_USER}\\); re-run \`pulumi up\` to replace it`,
                ),
            ),
        });
        expect(patches(t.emu.requests)).toHaveLength(0);
        expect(t.emu.userRoles(successor.id)).toEqual(["Steward"]);
    });

    it("a create or update naming a role that does not exist fails in one line naming the input, writing nothing", async () => {
        const err = await userRoles.create(userSet(["AuditAdmin", "NoSuchRole"])).catch((e: Error) => e);
        expect(err).toMatchObject({
            code: "QLIK_INVALID_INPUT",
            message: expect.stringMatching(
                /^create UserRoles \(user subject "user1234"\): roles: role "NoSuchRole" does not exist in the tenant; the tenant's roles are listed by GET \/api\/v1\/roles/,
            ),
        });
        expect((err as Error).message).not.toContain("\n");
        expect(patches(t.emu.requests)).toHaveLength(0);
    });
});

describe("check", () => {
    it("names the selector when the principal does not exist, and every refused role", async () => {
        const res = await userRoles.check(
            {},
            userSet(["UserDefault", "NoSuchRole"], { subject: "no-such-user" }),
        );
        expect(res.failures).toEqual([
            {
                property: "subject",
                reason: 'no user with subject "no-such-user" exists in the tenant; check the value or name the user by userId',
            },
            {
                property: "roles",
                reason: "UserDefault is given to every user by Qlik and cannot be assigned or removed; remove it from roles",
            },
            { property: "roles", reason: expect.stringMatching(/role "NoSuchRole" does not exist/) },
        ]);
    });

    it("names a set without a resource name as ? in what up would change", async () => {
        const lines: string[] = [];
        spy.mockImplementation((line: string) => void lines.push(line));
        await userRoles.check({}, inputs({ subject: "user1234", roles: ["Steward"] }));
        expect(lines).toEqual([
            'warning: UserRoles "?" on user "user1234": up adds [Steward] and removes [AuditAdmin, SharedSpaceCreator]',
        ]);
    });

    it("sends no request while the principal or the roles are not yet known", async () => {
        t.emu.resetLog();
        for (const set of [userSet(["AuditAdmin"], { subject: UNKNOWN }), userSet([UNKNOWN])]) {
            expect((await userRoles.check({}, set)).failures).toEqual([]);
        }
        expect(t.emu.requests).toHaveLength(0);
    });

    it("a group set is checked like a user set, naming the group", async () => {
        const res = await groupRoles.check(
            {},
            inputs({ groupName: "No Such Group", roles: ["Steward"], resourceName: "g" }),
        );
        expect(res.failures).toEqual([
            { property: "groupName", reason: expect.stringMatching(/No Such Group/) },
        ]);
    });
});

describe("what each operation refuses or keeps (found by mutation testing)", () => {
    const OTHER_TENANT = "https://other.eu.qlikcloud.com";
    const warningsOf = async (set: Record<string, unknown>) => {
        const lines: string[] = [];
        spy.mockImplementation((line: string) => void lines.push(line));
        expect((await userRoles.check({}, set)).failures).toEqual([]);
        return lines;
    };

    it("check says what up changes only when it changes something: additions alone (a plain line), removals (a warning), or nothing", async () => {
        // user1234 holds AuditAdmin and SharedSpaceCreator.
        expect(await warningsOf(userSet(["AuditAdmin", "SharedSpaceCreator"]))).toEqual([]);
        expect(await warningsOf(userSet(["AuditAdmin"]))).toEqual([
            'warning: UserRoles "user1234-roles" on user "user1234": up removes [SharedSpaceCreator]',
        ]);
        expect(await warningsOf(userSet(["AuditAdmin", "SharedSpaceCreator", "Steward"]))).toEqual([
            'UserRoles "user1234-roles" on user "user1234": up adds [Steward]',
        ]);
    });

    it("check returns the failures of inputs it cannot read, sending no request", async () => {
        t.emu.resetLog();
        const res = await userRoles.check(
            {},
            inputs({ subject: "user1234", email: "a@example.com", roles: [] }),
        );
        expect(res.failures?.length).toBeGreaterThan(0);
        expect(t.emu.requests).toHaveLength(0);
    });

    it.each([
        ["the user lookup", "/api/v1/users"],
        ["the role listing", "/api/v1/roles"],
    ])("check fails in one line, not as an input failure, when %s fails", async (_what, path) => {
        t.emu.faults.inject({ match: { method: "GET", path }, kind: "status", status: 503, times: 50 });
        await expect(userRoles.check({}, userSet(["Steward"]))).rejects.toThrow(
            /^check UserRoles \(user subject "user1234"\): GET \/api\/v1\/(users|roles)\S* answered 503/,
        );
    });

    it("check fails in one line when it cannot tell whether a TenantAdmin removal locks the provider out", async () => {
        t.emu.setUserRoles("user1234", ["TenantAdmin", "AuditAdmin"]);
        t.emu.faults.inject({
            match: { method: "GET", path: "/api/v1/users/me" },
            kind: "status",
            status: 503,
            times: 50,
        });
        await expect(userRoles.check({}, userSet(["AuditAdmin"]))).rejects.toThrow(
            /^check UserRoles .*answered 503/,
        );
    });

    it("a create naming several refused roles names each, apart", async () => {
        const err = await userRoles.create(userSet(["NoSuchRole", "UserDefault"])).catch((e: Error) => e);
        expect((err as Error).message).toMatch(
            /roles: role "NoSuchRole" does not exist.*; roles: UserDefault is given/,
        );
    });

    it("diff, refresh and delete refuse a set recorded for another tenant, sending no request", async () => {
        const { id, outs } = await userRoles.create(userSet(["AuditAdmin"]));
        const foreign = { ...outs, tenantUrl: OTHER_TENANT };
        t.emu.resetLog();
        await expect(userRoles.diff(id, foreign, userSet(["AuditAdmin"]))).rejects.toThrow(
            /^diff UserRoles .*belongs to tenant https:\/\/other\.eu\.qlikcloud\.com/,
        );
        await expect(userRoles.read(id, foreign)).rejects.toThrow(/^refresh UserRoles .*belongs to tenant/);
        await expect(userRoles.delete(id, foreign)).rejects.toThrow(/^delete UserRoles .*belongs to tenant/);
        expect(t.emu.requests).toHaveLength(0);
    });

    describe("diff", () => {
        let id: string;
        let outs: Record<string, unknown>;
        beforeEach(async () => {
            ({ id, outs } = await userRoles.create(userSet(["AuditAdmin"], { allowEmpty: true })));
            await reconfigure(t.config);
        });

        it("a null selector is no selector: the one given names the principal", async () => {
            const news = inputs({
                userId: null,
                subject: "user1234",
                roles: ["AuditAdmin"],
                allowEmpty: true,
            });
            expect(await userRoles.diff(id, outs, news)).toEqual({ changes: false, replaces: [] });
        });

        it("fails when the lookup of a renamed selector fails, rather than planning a replacement", async () => {
            t.emu.faults.inject({
                match: { method: "GET", path: "/api/v1/users" },
                kind: "status",
                status: 503,
                times: 50,
            });
            await expect(
                userRoles.diff(id, outs, inputs({ subject: "renamed-user", roles: ["AuditAdmin"] })),
            ).rejects.toThrow(/^diff UserRoles .*answered 503/);
        });

        it("the same user named by a selector state holds no value for is looked up, and is no replacement", async () => {
            const { email, ...recordedWithoutEmail } = outs;
            expect(typeof email).toBe("string");
            const news = inputs({ email, roles: ["AuditAdmin"], allowEmpty: true });
            expect(await userRoles.diff(id, recordedWithoutEmail, news)).toEqual({
                changes: false,
                replaces: [],
            });
        });

        it("allowEmpty kept on is no change", async () => {
            expect(await userRoles.diff(id, outs, userSet(["AuditAdmin"], { allowEmpty: true }))).toEqual({
                changes: false,
                replaces: [],
            });
        });

        it("compares role lists name by name, not as joined text", async () => {
            // Recorded roles whose names, joined, spell the declared one: a change all the same.
            const recorded = { ...outs, roles: ["AuditA", "dmin"], roleIds: ["id-1", "id-2"] };
            expect(await userRoles.diff(id, recorded, userSet(["AuditAdmin"], { allowEmpty: true }))).toEqual(
                {
                    changes: true,
                    replaces: [],
                },
            );
        });
    });

    it("a create whose principal is deleted before its write lands fails saying so, recording nothing", async () => {
        t.emu.faults.inject({ match: { method: "PATCH" }, kind: "status", status: 404, times: 1 });
        const err = await userRoles.create(userSet(["Steward"])).catch((e: Error) => e);
        expect(err).toMatchObject({
            code: "QLIK_NOT_FOUND",
            message: expect.stringMatching(
                /^create UserRoles .*user "user1234" no longer exists in the tenant/,
            ),
        });
        expect((err as { id?: string }).id).toBeUndefined();
    });

    it("an update that fails part-way records what landed with the program's new provider", async () => {
        const { id, outs } = await userRoles.create(userSet(["AuditAdmin"]));
        await reconfigure(t.config);
        // Qlik answers 207 although the whole PATCH landed.
        t.emu.faults.inject({ match: { method: "PATCH" }, kind: "partial-207", applied: true, times: 5 });
        const news = { ...userSet(["AuditAdmin", "Steward"]), __provider: "the program's new provider" };
        const err = await userRoles.update(id, outs, news).catch((e: Error) => e);
        expect(err).toMatchObject({
            code: "QLIK_PARTIAL_FAILURE",
            properties: { roles: ["AuditAdmin", "Steward"], __provider: "the program's new provider" },
        });
    });

    it("refresh keeps allowEmpty among the inputs it hands back", async () => {
        const { id, outs } = await userRoles.create(userSet(["AuditAdmin"], { allowEmpty: true }));
        await reconfigure(t.config);
        expect((await userRoles.read(id, outs)).inputs).toMatchObject({ allowEmpty: true });
    });

    it("delete keeps the provider's own TenantAdmin, removes the set's other roles, and says so once naming the user by subject", async () => {
        const me = t.emu.adminUserId;
        const set = inputs({ userId: me, roles: ["TenantAdmin", "Steward"], resourceName: "me" });
        const { id, outs } = await userRoles.create(set);
        expect(outs.subject).toEqual(expect.any(String));
        const lines: string[] = [];
        spy.mockImplementation((line: string) => void lines.push(line));
        await userRoles.delete(id, outs);
        expect(t.emu.userRoles(me)).toEqual(["TenantAdmin"]);
        expect(lines).toEqual([
            `warning: kept role "TenantAdmin" on user "${String(outs.subject)}": it is the identity this provider authenticates as, and the provider never removes that identity's TenantAdmin; this stack no longer manages it (remove it with another admin's credential if intended)`,
        ]);
    });

    it("check of a set declaring the provider's own TenantAdmin says destroy keeps it, once, and only when newly declared", async () => {
        const me = t.emu.adminUserId;
        const lines: string[] = [];
        spy.mockImplementation((line: string) => void lines.push(line));
        const set = inputs({ userId: me, roles: ["TenantAdmin"], resourceName: "me" });
        expect((await userRoles.check({}, set)).failures).toEqual([]);
        expect((await userRoles.check({ roles: ["TenantAdmin"] }, set)).failures).toEqual([]);
        expect(lines).toEqual([
            expect.stringMatching(
                /^warning: user "[^"]+" already holds role "TenantAdmin": this resource adopts it, and destroy keeps it: it is the identity this provider authenticates as/,
            ),
        ]);
    });
});
