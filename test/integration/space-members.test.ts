/**
 * SpaceRoleAssignment and SpaceRoles in-process against the tenant emulator: the space member kind through the
 * shared lifecycles, with the requests each write path sends.
 */
import { providerFor } from "../../provider/runtime";
import { SEED_SPACES, SEED_SPACE_IDS } from "../../emulator";
import { stableHex } from "../../emulator/ids";
import { inputs, reconfigure, startTenant, type Tenant } from "../support/harness";
import type { RequestLogEntry } from "../../emulator";

const DOC_USER = "637390ec6541614d3a88d6c1";
const DOC_GROUP = "6425d62641d2b80a9a0f92c3";
const member = providerFor("spaceMember", 1);
const memberRoles = providerFor("spaceMemberRoles", 1);

let t: Tenant;
beforeAll(async () => {
    t = await startTenant();
});
afterAll(() => t.emu.close());
beforeEach(async () => {
    t.emu.reset();
    await reconfigure(t.config);
});

const writes = (log: readonly RequestLogEntry[]) =>
    log.filter((e) => ["POST", "PUT", "DELETE", "PATCH"].includes(e.method) && e.path.startsWith("/api/v1/"));
const calls = (log: readonly RequestLogEntry[]) =>
    log.map((e) => `${e.method} ${e.path.replace(/\/[0-9a-f]{24}/g, "/:id")}`);
const grant = (extra: Record<string, unknown>) =>
    inputs({
        spaceName: SEED_SPACES.sales,
        email: "viewer@example.com",
        role: "consumer",
        resourceName: "r",
        ...extra,
    });
const roleSet = (extra: Record<string, unknown>) =>
    inputs({ spaceName: SEED_SPACES.sales, email: "viewer@example.com", resourceName: "s", ...extra });
/** The seeded viewer (`viewer@example.com`), who has no assignment in Sales Reporting. */
const viewerId = () => stableHex("user:viewer");

describe("SpaceRoleAssignment", () => {
    it("an assignee without an assignment gets one POST between a read and a verifying read", async () => {
        await member.check({}, grant({}));
        t.emu.resetLog();
        const { id, outs } = await member.create(grant({}));
        expect(calls(t.emu.requests)).toEqual([
            "GET /api/v1/spaces/:id/assignments",
            "POST /api/v1/spaces/:id/assignments",
            "GET /api/v1/spaces/:id/assignments",
        ]);
        expect(t.emu.spaces.assignment(SEED_SPACES.sales, viewerId())?.roles).toEqual(["consumer"]);
        const spaceId = t.emu.spaces.spaceId(SEED_SPACES.sales);
        expect(id).toBe(`${new URL(t.emu.url).host}/spaces/${spaceId}/users/${viewerId()}/roles/consumer`);
        expect(outs).toMatchObject({
            spaceId,
            spaceName: SEED_SPACES.sales,
            userId: viewerId(),
            email: "viewer@example.com",
            role: "consumer",
            preexisting: false,
            spaceMemberId: `${spaceId}/users/${viewerId()}`,
        });
    });

    it("an assignee with an assignment gets one PUT of its whole list, and destroy puts the other roles back", async () => {
        const args = grant({ email: undefined, subject: "user1234", role: "contributor" });
        await member.check({}, args);
        t.emu.resetLog();
        const { id, outs } = await member.create(args);
        expect(writes(t.emu.requests).map((e) => [e.method, e.body])).toEqual([
            ["PUT", { roles: ["consumer", "publisher", "contributor"] }],
        ]);
        t.emu.resetLog();
        await member.delete(id, outs);
        expect(writes(t.emu.requests).map((e) => [e.method, e.body])).toEqual([
            ["PUT", { roles: ["consumer", "publisher"] }],
        ]);
        expect(t.emu.spaces.assignment(SEED_SPACES.sales, DOC_USER)?.roles).toEqual([
            "consumer",
            "publisher",
        ]);
    });

    it("the last role goes with one DELETE of the assignment", async () => {
        await member.check({}, grant({}));
        const { id, outs } = await member.create(grant({}));
        t.emu.resetLog();
        await member.delete(id, outs);
        expect(calls(writes(t.emu.requests))).toEqual(["DELETE /api/v1/spaces/:id/assignments/:id"]);
        expect(t.emu.spaces.assignment(SEED_SPACES.sales, viewerId())).toBeUndefined();
    });

    it("the same inputs again are no change, and refresh hands them back as the program gave them", async () => {
        await member.check({}, grant({}));
        const { id, outs } = await member.create(grant({}));
        expect(await member.diff(id, outs, grant({}))).toEqual({ changes: false, replaces: [] });
        const read = await member.read(id, outs);
        expect(read.inputs).toEqual({
            spaceName: SEED_SPACES.sales,
            email: "viewer@example.com",
            role: "consumer",
            retainIfPreexisting: false,
            resourceName: "r",
        });
    });

    it("a change of role is one PUT", async () => {
        await member.check({}, grant({}));
        const { id, outs } = await member.create(grant({}));
        const news = grant({ role: "contributor" });
        expect(await member.diff(id, outs, news)).toEqual({ changes: true, replaces: [] });
        t.emu.resetLog();
        await member.update(id, outs, news);
        expect(writes(t.emu.requests).map((e) => [e.method, e.body])).toEqual([
            ["PUT", { roles: ["contributor"] }],
        ]);
    });

    it("another space or assignee is a replacement", async () => {
        await member.check({}, grant({}));
        const { id, outs } = await member.create(grant({}));
        expect(await member.diff(id, outs, grant({ spaceName: SEED_SPACES.dataLake }))).toMatchObject({
            replaces: ["spaceName"],
        });
        expect(await member.diff(id, outs, grant({ email: "user1234@example.com" }))).toMatchObject({
            replaces: ["email"],
        });
        expect(await member.diff(id, outs, grant({ email: "VIEWER@example.com" }))).toMatchObject({
            replaces: [],
        });
    });

    it("an assignment made by someone else between check and create is written with a PUT, keeping their roles", async () => {
        await member.check({}, grant({}));
        t.emu.spaces.setAssignment(SEED_SPACES.sales, "user", viewerId(), ["publisher"]);
        t.emu.resetLog();
        await member.create(grant({}));
        expect(writes(t.emu.requests).map((e) => [e.method, e.status])).toEqual([["PUT", 200]]);
        expect(t.emu.spaces.assignment(SEED_SPACES.sales, viewerId())?.roles).toEqual([
            "publisher",
            "consumer",
        ]);
    });

    it("refresh drops an assignment whose role was taken away outside Pulumi, and keeps one still held", async () => {
        await member.check({}, grant({}));
        const { id, outs } = await member.create(grant({}));
        await reconfigure(t.config);
        expect((await member.read(id, outs)).props).toMatchObject({ role: "consumer" });
        t.emu.spaces.setAssignment(SEED_SPACES.sales, "user", viewerId(), ["publisher"]);
        await reconfigure(t.config);
        expect(await member.read(id, outs)).toEqual({});
    });

    it("a group is a member like a user, and a pre-existing role is adopted", async () => {
        const args = inputs({
            spaceName: SEED_SPACES.dataLake,
            groupId: DOC_GROUP,
            role: "operator",
            resourceName: "g",
        });
        await member.check({}, args);
        t.emu.resetLog();
        const { outs } = await member.create(args);
        expect(writes(t.emu.requests)).toHaveLength(0);
        expect(outs).toMatchObject({ groupId: DOC_GROUP, groupName: "My Group", preexisting: true });
    });
});

describe("check refuses, in one line each and writing nothing", () => {
    const failureOf = async (args: Record<string, unknown>) => {
        const r = await member.check({}, args);
        expect(r.failures).toHaveLength(1);
        const reason = r.failures![0]!.reason;
        expect(reason).not.toContain("\n");
        return reason;
    };
    afterEach(() => expect(writes(t.emu.requests)).toHaveLength(0));

    it("a failure to find the space or the assignee names no property: the line says which input", async () => {
        const r = await member.check({}, grant({ spaceName: "No Such Space" }));
        expect(r.failures?.map((f) => f.property)).toEqual([""]);
    });

    it("a missing role, asked for as a space role", async () => {
        expect(await failureOf(grant({ role: undefined }))).toBe(
            'role is required: the name of a space role, e.g. "consumer"',
        );
    });

    it("an unknown space", async () => {
        expect(await failureOf(grant({ spaceName: "No Such Space" }))).toMatch(
            /^no space with spaceName "No Such Space" is visible to the credential/,
        );
        expect(await failureOf(grant({ spaceName: undefined, spaceId: "0123456789abcdef01234567" }))).toMatch(
            /it does not exist or the credential has no access to it/,
        );
    });

    it("a personal space", async () => {
        const personal = SEED_SPACE_IDS.adminPersonal;
        expect(await failureOf(grant({ spaceName: undefined, spaceId: personal }))).toBe(
            `spaceId "${personal}" is a personal space, which takes no members: name a shared, managed or data space`,
        );
    });

    it("a role the space's type does not take, with the nearest", async () => {
        expect(await failureOf(grant({ role: "publsher" }))).toBe(
            'role "publsher" cannot be assigned in managed space "Sales Reporting"; did you mean "publisher"? it takes basicconsumer, consumer, contributor, dataconsumer, facilitator, publisher',
        );
    });

    it("a role in the wrong case", async () => {
        expect(await failureOf(grant({ role: "Consumer" }))).toBe(
            'role "Consumer" cannot be assigned in managed space "Sales Reporting"; space roles are lowercase and case-sensitive: did you mean "consumer"?',
        );
    });

    it("the space's owner", async () => {
        expect(
            await failureOf(grant({ spaceName: SEED_SPACES.finance, email: "user1234@example.com" })),
        ).toBe(
            'user "user1234" owns space "Finance Analytics" and so already holds every role in it, without an assignment; remove this resource (roles are given to the other members)',
        );
    });

    it("the system group Everyone", async () => {
        expect(await failureOf(grant({ email: undefined, groupName: "Everyone" }))).toMatch(
            /^groupName "Everyone" is the system group Everyone, which this package does not make a space member/,
        );
    });

    it("no space, or two assignees", async () => {
        expect(await failureOf(grant({ spaceName: undefined }))).toBe(
            "set exactly one of spaceId or spaceName to name the space",
        );
        expect(await failureOf(grant({ userId: DOC_USER }))).toMatch(
            /^set only one of userId, subject, email, groupId or groupName/,
        );
    });
});

describe("SpaceRoles", () => {
    it("preview says what up adds and removes, as a warning when it removes, and writes nothing", async () => {
        const lines: string[] = [];
        const spy = jest.spyOn(console, "error").mockImplementation((line: string) => void lines.push(line));
        try {
            t.emu.resetLog();
            const args = roleSet({
                email: undefined,
                subject: "user1234",
                roles: ["consumer", "contributor"],
            });
            expect((await memberRoles.check({}, args)).failures).toEqual([]);
            expect(writes(t.emu.requests)).toHaveLength(0);
        } finally {
            spy.mockRestore();
        }
        expect(lines).toEqual([
            'warning: SpaceRoles "s" on user "user1234" in space "Sales Reporting": up adds [contributor] and removes [publisher]',
        ]);
    });

    it("a preview that only removes leaves out the empty side instead of saying 'adds [none]'", async () => {
        const lines: string[] = [];
        const spy = jest.spyOn(console, "error").mockImplementation((line: string) => void lines.push(line));
        try {
            const args = roleSet({ email: undefined, subject: "user1234", roles: ["consumer"] });
            expect((await memberRoles.check({}, args)).failures).toEqual([]);
        } finally {
            spy.mockRestore();
        }
        expect(lines).toEqual([
            'warning: SpaceRoles "s" on user "user1234" in space "Sales Reporting": up removes [publisher]',
        ]);
    });

    it("records the outputs the README lists: the space, the assignee, the member id, roles, allowEmpty, no preexisting", async () => {
        const args = roleSet({ roles: ["consumer"] });
        await memberRoles.check({}, args);
        const { id, outs } = await memberRoles.create(args);
        const spaceId = t.emu.spaces.spaceId(SEED_SPACES.sales);
        const spaceMemberId = `${spaceId}/users/${viewerId()}`;
        expect(id).toBe(`${new URL(t.emu.url).host}/spaces/${spaceMemberId}/roles`);
        expect(outs).toMatchObject({
            spaceId,
            spaceName: SEED_SPACES.sales,
            userId: viewerId(),
            subject: expect.any(String),
            email: "viewer@example.com",
            spaceMemberId,
            roles: ["consumer"],
            allowEmpty: false,
            tenantUrl: t.emu.url,
        });
        expect(outs).not.toHaveProperty("preexisting");
    });

    it("writes the exact set in one PUT, and destroy removes only the declared roles", async () => {
        const args = roleSet({ email: undefined, subject: "user1234", roles: ["consumer", "contributor"] });
        await memberRoles.check({}, args);
        t.emu.resetLog();
        const { id, outs } = await memberRoles.create(args);
        expect(writes(t.emu.requests).map((e) => [e.method, e.body])).toEqual([
            ["PUT", { roles: ["consumer", "contributor"] }],
        ]);
        t.emu.spaces.setAssignment(SEED_SPACES.sales, "user", DOC_USER, [
            "consumer",
            "contributor",
            "facilitator",
        ]);
        await memberRoles.delete(id, outs);
        expect(t.emu.spaces.assignment(SEED_SPACES.sales, DOC_USER)?.roles).toEqual(["facilitator"]);
    });

    it("refresh hands back the program's inputs, both selector parts included, and then no change shows", async () => {
        const args = roleSet({ roles: ["consumer"] });
        await memberRoles.check({}, args);
        const { id, outs } = await memberRoles.create(args);
        const read = await memberRoles.read(id, outs);
        expect(read.inputs).toEqual({
            spaceName: SEED_SPACES.sales,
            email: "viewer@example.com",
            roles: ["consumer"],
            allowEmpty: false,
            resourceName: "s",
        });
        expect(await memberRoles.diff(id, read.props!, args)).toEqual({ changes: false, replaces: [] });
    });

    it("is refused next to a SpaceRoleAssignment on the same member, naming both", async () => {
        await member.check({}, grant({ resourceName: "one-role" }));
        const r = await memberRoles.check({}, roleSet({ roles: ["consumer"], resourceName: "the-set" }));
        expect(r.failures?.[0]?.reason).toMatch(
            /declared both by the set resource "the-set" and by resource "one-role"/,
        );
    });

    it("refuses roles: [] without allowEmpty, and with it removes the assignment", async () => {
        const args = roleSet({ email: undefined, subject: "user1234", roles: [] });
        expect((await memberRoles.check({}, args)).failures).toHaveLength(1);
        await memberRoles.create({ ...args, allowEmpty: true });
        expect(t.emu.spaces.assignment(SEED_SPACES.sales, DOC_USER)).toBeUndefined();
    });
});

describe("concurrency", () => {
    it("ten assignments on one member created at once: none lost, one write", async () => {
        const space = t.emu.spaces.addSpace({ name: "Parallel", type: "data", ownerId: t.emu.adminUserId });
        const roles = [
            "consumer",
            "dataconsumer",
            "datapreview",
            "facilitator",
            "operator",
            "producer",
            "publisher",
        ];
        const args = roles.map((role, i) => grant({ spaceName: "Parallel", role, resourceName: `p${i}` }));
        for (const a of args) await member.check({}, a);
        t.emu.resetLog();
        // Ten creates: every role a data space takes, and three of them again (as a retried create would).
        const all = [...args, ...args.slice(0, 3)];
        await Promise.all(all.map((a) => member.create(a)));
        expect(t.emu.spaces.assignment(space.id, viewerId())?.roles.sort()).toEqual(roles);
        expect(writes(t.emu.requests).length).toBeLessThanOrEqual(2);
        expect(writes(t.emu.requests)).toHaveLength(1);
    });
});
