/**
 * The lifecycle's update and diff guards, and the per-resource outcomes of merged creates, in-process against the
 * tenant emulator. Each test drives the provider only through `providerFor` (what the resource shells load).
 */
import { inputs, patchedNames, patches, reconfigure, startTenant, type Tenant } from "../support/harness";

const DOC_USER = "637390ec6541614d3a88d6c1";
const OTHER_TENANT = "https://other.eu.qlikcloud.com";

let t: Tenant;
beforeAll(async () => {
    t = await startTenant();
});
afterAll(() => t.emu.close());
beforeEach(async () => {
    t.emu.reset();
    await reconfigure(t.config); // a fresh provider process: new caches and coordinator
});

const userArgs = (extra: Record<string, unknown> = {}) =>
    inputs({ subject: "user1234", role: "ManagedSpaceCreator", resourceName: "doc-user", ...extra });

describe("update", () => {
    it("a swap of TenantAdmin away from the identity the provider authenticates as adds the new role and keeps TenantAdmin", async () => {
        const me = inputs({ userId: t.emu.adminUserId, role: "TenantAdmin", resourceName: "me" });
        const { id, outs } = await t.user.create(me);
        expect(outs.preexisting).toBe(true);
        t.emu.resetLog();
        const { outs: next } = await t.user.update(id, outs, { ...me, role: "AuditAdmin" });
        expect(next).toMatchObject({ role: "AuditAdmin" });
        expect(patches(t.emu.requests)).toHaveLength(1);
        expect(t.emu.userRoles(t.emu.adminUserId)).toEqual(
            expect.arrayContaining(["TenantAdmin", "AuditAdmin"]),
        );
    });

    it("swaps TenantAdmin away from the own identity when it is retained (preexisting and retainIfPreexisting)", async () => {
        const me = inputs({
            userId: t.emu.adminUserId,
            role: "TenantAdmin",
            retainIfPreexisting: true,
            resourceName: "me",
        });
        const { id, outs } = await t.user.create(me);
        await t.user.update(id, outs, { ...me, role: "AuditAdmin" });
        expect(t.emu.userRoles(t.emu.adminUserId)).toEqual(
            expect.arrayContaining(["TenantAdmin", "AuditAdmin"]),
        );
    });

    it("keeps a retained role: a preexisting role with retainIfPreexisting stays when the resource moves to another role", async () => {
        const held = userArgs({ role: "AuditAdmin", retainIfPreexisting: true });
        const { id, outs } = await t.user.create(held);
        expect(outs.preexisting).toBe(true);
        t.emu.resetLog();
        const { outs: next } = await t.user.update(id, outs, { ...held, role: "ManagedSpaceCreator" });
        expect(patches(t.emu.requests).map(patchedNames)).toEqual([
            ["AuditAdmin", "SharedSpaceCreator", "ManagedSpaceCreator"],
        ]);
        expect(t.emu.userRoles("user1234")).toEqual([
            "AuditAdmin",
            "ManagedSpaceCreator",
            "SharedSpaceCreator",
        ]);
        expect(next).toMatchObject({ role: "ManagedSpaceCreator", preexisting: false });
    });

    it("an update of retainIfPreexisting alone keeps what state says of the role's origin: granted stays granted", async () => {
        const granted = userArgs({ role: "AuditAdmin", subject: "user1234" });
        t.emu.setUserRoles("user1234", ["SharedSpaceCreator"]);
        const { id, outs } = await t.user.create(granted);
        expect(outs.preexisting).toBe(false);
        // The role is held now, but because this resource granted it: it must not turn into an adopted one.
        const { outs: next } = await t.user.update(id, outs, { ...granted, retainIfPreexisting: true });
        expect(next).toMatchObject({ role: "AuditAdmin", preexisting: false, retainIfPreexisting: true });
    });

    it("state without a recorded selector (written before one was recorded) shows no change for the same inputs", async () => {
        const args = userArgs();
        const { id, outs } = await t.user.create(args);
        const { principalSelector: _dropped, ...oldest } = outs;
        expect(await t.user.diff(id, oldest, args)).toEqual({ changes: false, replaces: [] });
    });

    it("removes the old role when it was preexisting but not retained", async () => {
        const held = userArgs({ role: "AuditAdmin" });
        const { id, outs } = await t.user.create(held);
        await t.user.update(id, outs, { ...held, role: "ManagedSpaceCreator" });
        expect(t.emu.userRoles("user1234")).toEqual(["ManagedSpaceCreator", "SharedSpaceCreator"]);
    });

    it("fails with QLIK_CONFLICT, writing nothing, when the selector now names another principal than the one recorded", async () => {
        const { id, outs } = await t.user.create(userArgs());
        // The user was deleted and a new one took its subject: updating in place would move the role to a stranger.
        t.emu.deleteUser("user1234");
        const successor = t.emu.addUser({ subject: "user1234", roles: ["AuditAdmin"] });
        await reconfigure(t.config); // the next `pulumi up`
        t.emu.resetLog();
        const err = await t.user
            .update(id, outs, userArgs({ role: "DataSpaceCreator" }))
            .catch((e: Error) => e);
        expect(err).toMatchObject({
            code: "QLIK_CONFLICT",
            message: expect.stringMatching(
                new RegExp(`user "user1234" is no longer the principal of this assignment \\(${DOC_USER}\\)`),
            ),
        });
        expect(patches(t.emu.requests)).toHaveLength(0);
        expect(t.emu.userRoles(successor.id)).toEqual(["AuditAdmin"]);
    });

    it("refuses to update a resource recorded for another tenant, sending no request", async () => {
        const { id, outs } = await t.user.create(userArgs());
        t.emu.resetLog();
        const foreign = { ...outs, tenantUrl: OTHER_TENANT };
        await expect(
            t.user.update(id, foreign, userArgs({ role: "DataSpaceCreator" })),
        ).rejects.toMatchObject({
            code: "QLIK_CONFIG",
            message: expect.stringMatching(/belongs to tenant https:\/\/other\.eu\.qlikcloud\.com but/),
        });
        expect(t.emu.requests).toHaveLength(0);
    });
});

describe("diff", () => {
    it("refuses to diff a resource recorded for another tenant, sending no request", async () => {
        const { id, outs } = await t.user.create(userArgs());
        t.emu.resetLog();
        const foreign = { ...outs, tenantUrl: OTHER_TENANT };
        await expect(t.user.diff(id, foreign, userArgs({ userId: DOC_USER }))).rejects.toMatchObject({
            code: "QLIK_CONFIG",
            message: expect.stringMatching(/^diff UserRoleAssignment .*belongs to tenant/),
        });
        expect(t.emu.requests).toHaveLength(0);
    });
});

describe("merged creates record their own outcome", () => {
    it("a held role and a new one created together: preexisting per resource, and destroy keeps only the held one", async () => {
        const held = userArgs({ role: "AuditAdmin", retainIfPreexisting: true, resourceName: "held" });
        const added = userArgs({
            role: "ManagedSpaceCreator",
            retainIfPreexisting: true,
            resourceName: "added",
        });
        const [a, b] = await Promise.all([t.user.create(held), t.user.create(added)]);
        expect(patches(t.emu.requests)).toHaveLength(1); // one merged batch
        expect([a.outs.preexisting, b.outs.preexisting]).toEqual([true, false]);

        await Promise.all([t.user.delete(a.id, a.outs), t.user.delete(b.id, b.outs)]);
        expect(t.emu.userRoles("user1234")).toEqual(["AuditAdmin", "SharedSpaceCreator"]);
    });
});

describe("duplicate declarations", () => {
    it("a resource checked again (same name, same pair) is not its own duplicate", async () => {
        for (let i = 0; i < 2; i++) {
            expect((await t.user.check({}, userArgs())).failures).toEqual([]);
        }
        const again = await t.user.check(userArgs(), userArgs());
        expect(again.failures).toEqual([]);
    });
});
