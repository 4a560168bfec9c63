/**
 * The provider lifecycle in-process against the tenant emulator: one test (at least) per documented behaviour (README, "Behaviour"),
 * named after it.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { configure, providerFor, __testing } from "../../provider/runtime";
import {
    gets,
    inputs,
    patchedNames,
    patches,
    reconfigure,
    startTenant,
    TEST_TUNING,
    UNKNOWN,
    type Tenant,
} from "../support/harness";

const DOC_USER = "637390ec6541614d3a88d6c1";
const DOC_GROUP = "6425d62641d2b80a9a0f92c3";
const userPath = `/api/v1/users/${DOC_USER}`;
const groupPath = `/api/v1/groups/${DOC_GROUP}`;

let t: Tenant;
beforeAll(async () => {
    t = await startTenant();
});
afterAll(() => t.emu.close());
beforeEach(async () => {
    t.emu.reset();
    await reconfigure(t.config); // fresh caches and coordinator for every test
});

const userArgs = (extra: Record<string, unknown> = {}) =>
    inputs({ subject: "user1234", role: "ManagedSpaceCreator", resourceName: "doc-user", ...extra });

/** Far longer than the quiet window (10 ms): a batch still open after it is held by an announcement. */
const pastQuietWindow = () => new Promise((resolve) => setTimeout(resolve, 200));

/** Two assignments of the documented user in state: ManagedSpaceCreator ("doc-user") and Steward ("kept"). */
async function twoAssignments() {
    const kept = userArgs({ role: "Steward", resourceName: "kept" });
    const [a, b] = [await t.user.create(userArgs()), await t.user.create(kept)];
    return { a, b, kept };
}

/**
 * Deletes `a` and asserts its write was not held for an announced change that never comes. Call it with
 * `maxBatchWaitMs` of 20 s: the delete uses up one announcement, so a second would hold it that long.
 */
async function expectDeleteNotHeld(a: { id: string; outs: Record<string, unknown> }) {
    const started = Date.now();
    await t.user.delete(a.id, a.outs);
    expect(Date.now() - started).toBeLessThan(10000);
}

describe("create", () => {
    it("create adds the role with exactly one replace PATCH of the documented value, then a verifying read", async () => {
        const { id, outs } = await t.user.create(userArgs());
        const ps = patches(t.emu.requests);
        expect(ps).toHaveLength(1);
        expect(patchedNames(ps[0]!)).toEqual(["AuditAdmin", "SharedSpaceCreator", "ManagedSpaceCreator"]);
        expect(ps[0]!.status).toBe(204);
        const after = t.emu.requests.filter((e) => e.seq > ps[0]!.seq);
        expect(after.map((e) => `${e.method} ${e.path}`)).toEqual([`GET ${userPath}`]);
        expect(t.emu.userRoles("user1234")).toEqual([
            "AuditAdmin",
            "ManagedSpaceCreator",
            "SharedSpaceCreator",
        ]);
        expect(outs).toMatchObject({
            userId: DOC_USER,
            subject: "user1234",
            role: "ManagedSpaceCreator",
            preexisting: false,
            tenantUrl: t.emu.url,
        });
        expect(id).toBe(`${new URL(t.emu.url).host}/users/${DOC_USER}/roles/ManagedSpaceCreator`);
    });

    it("create adopts a role the user already holds: no write, preexisting true", async () => {
        const { outs } = await t.user.create(userArgs({ role: "AuditAdmin" }));
        expect(patches(t.emu.requests)).toHaveLength(0);
        expect(outs.preexisting).toBe(true);
    });

    it("create on a group adds the role and leaves the group's other roles alone", async () => {
        await t.group.create(
            inputs({ groupName: "My Group", role: "ManagedSpaceCreator", resourceName: "g" }),
        );
        expect(patchedNames(patches(t.emu.requests, groupPath)[0]!)).toEqual([
            "AuditAdmin",
            "SharedSpaceCreator",
            "ManagedSpaceCreator",
        ]);
        expect(t.emu.groupRoles("My Group")).toEqual([
            "AuditAdmin",
            "ManagedSpaceCreator",
            "SharedSpaceCreator",
        ]);
    });
});

describe("a principal deleted between its lookup and the write", () => {
    /** Deletes the user once the provider's lookup of it has been answered. */
    const deleteAfterLookup = () => {
        let deleted = false;
        __testing.observeRequests((e) => {
            if (!deleted && e.method === "GET" && e.path === "/api/v1/users") {
                deleted = true;
                t.emu.deleteUser("user1234");
            }
        });
    };
    afterEach(() => __testing.observeRequests(undefined));

    it("create fails in one line saying so, writing nothing", async () => {
        deleteAfterLookup();
        await expect(t.user.create(userArgs())).rejects.toMatchObject({
            code: "QLIK_NOT_FOUND",
            message: expect.stringMatching(
                /user "user1234" no longer exists in the tenant; re-run `pulumi up`$/,
            ),
        });
        expect(patches(t.emu.requests)).toHaveLength(0);
    });

    it.each([
        ["keeping its role", "ManagedSpaceCreator", { retainIfPreexisting: true }],
        ["swapping its role", "DataSpaceCreator", {}],
    ])("an update %s fails the same way", async (_what, role, extra) => {
        const { id, outs } = await t.user.create(userArgs());
        await reconfigure(t.config);
        t.emu.resetLog();
        deleteAfterLookup();
        await expect(t.user.update(id, outs, userArgs({ role, ...extra }))).rejects.toMatchObject({
            code: "QLIK_NOT_FOUND",
            message: expect.stringMatching(
                /user "user1234" no longer exists in the tenant; re-run `pulumi up`$/,
            ),
        });
        expect(patches(t.emu.requests)).toHaveLength(0);
    });

    it("a set's create fails the same way", async () => {
        deleteAfterLookup();
        await expect(
            providerFor("userRoles", 1).create(
                inputs({ subject: "user1234", roles: ["Steward"], resourceName: "s" }),
            ),
        ).rejects.toMatchObject({
            code: "QLIK_NOT_FOUND",
            message: expect.stringMatching(/user "user1234" no longer exists in the tenant/),
        });
        expect(patches(t.emu.requests)).toHaveLength(0);
    });
});

describe("a regular group named by its id", () => {
    it("is written at its own path, not as the Everyone group", async () => {
        await t.group.create(inputs({ groupId: DOC_GROUP, role: "Steward", resourceName: "g" }));
        expect(patches(t.emu.requests).map((p) => p.path)).toEqual([groupPath]);
    });
});

describe("delete", () => {
    it("delete removes only the managed role with one PATCH, restoring the documented roles", async () => {
        const { id, outs } = await t.user.create(userArgs());
        t.emu.resetLog();
        await t.user.delete(id, outs);
        expect(patches(t.emu.requests)).toHaveLength(1);
        expect(t.emu.userRoles("user1234")).toEqual(["AuditAdmin", "SharedSpaceCreator"]);
    });

    it("delete of a role already removed outside Pulumi succeeds without a write", async () => {
        const { id, outs } = await t.user.create(userArgs());
        t.emu.setUserRoles("user1234", ["AuditAdmin"]);
        t.emu.resetLog();
        await t.user.delete(id, outs);
        expect(patches(t.emu.requests)).toHaveLength(0);
    });

    it("delete of an assignment whose user was deleted (404) succeeds without a write", async () => {
        const { id, outs } = await t.user.create(userArgs());
        t.emu.deleteUser("user1234");
        t.emu.resetLog();
        await t.user.delete(id, outs);
        expect(patches(t.emu.requests)).toHaveLength(0);
    });

    it("delete leaves a preexisting role in place when retainIfPreexisting is set", async () => {
        const { id, outs } = await t.user.create(userArgs({ role: "AuditAdmin", retainIfPreexisting: true }));
        await t.user.delete(id, outs);
        expect(patches(t.emu.requests)).toHaveLength(0);
        expect(t.emu.userRoles("user1234")).toContain("AuditAdmin");
    });

    it("delete removes an adopted role when retainIfPreexisting is not set (the documented default)", async () => {
        const { id, outs } = await t.user.create(userArgs({ role: "AuditAdmin" }));
        await t.user.delete(id, outs);
        expect(t.emu.userRoles("user1234")).toEqual(["SharedSpaceCreator"]);
    });
});

describe("update", () => {
    it("update of role swaps the old role for the new one in one PATCH", async () => {
        const { id, outs } = await t.user.create(userArgs());
        t.emu.resetLog();
        const { outs: next } = await t.user.update(id, outs, userArgs({ role: "DataSpaceCreator" }));
        expect(patches(t.emu.requests)).toHaveLength(1);
        expect(t.emu.userRoles("user1234")).toEqual(["AuditAdmin", "DataSpaceCreator", "SharedSpaceCreator"]);
        expect(next).toMatchObject({ role: "DataSpaceCreator", preexisting: false });
    });
});

describe("update keeps the role held", () => {
    it("an update that keeps the role (e.g. retainIfPreexisting changed) re-applies it if it went missing", async () => {
        const { id, outs } = await t.user.create(userArgs());
        t.emu.setUserRoles("user1234", ["AuditAdmin", "SharedSpaceCreator"]);
        const { outs: next } = await t.user.update(id, outs, userArgs({ retainIfPreexisting: true }));
        expect(t.emu.userRoles("user1234")).toContain("ManagedSpaceCreator");
        expect(next).toMatchObject({
            role: "ManagedSpaceCreator",
            preexisting: false,
            retainIfPreexisting: true,
        });
    });

    it("an update keeping the provider's own TenantAdmin only changes retainIfPreexisting: no removal, no write", async () => {
        const me = (extra: Record<string, unknown> = {}) =>
            inputs({ userId: t.emu.adminUserId, role: "TenantAdmin", resourceName: "me", ...extra });
        const { id, outs } = await t.user.create(me());
        t.emu.resetLog();
        const { outs: next } = await t.user.update(id, outs, me({ retainIfPreexisting: true }));
        expect(next).toMatchObject({ role: "TenantAdmin", preexisting: true, retainIfPreexisting: true });
        expect(patches(t.emu.requests)).toHaveLength(0);
    });

    it("a swap removes the old role when retainIfPreexisting is set but the role was ours, not adopted", async () => {
        const { id, outs } = await t.user.create(userArgs({ retainIfPreexisting: true }));
        await t.user.update(id, outs, userArgs({ role: "DataSpaceCreator", retainIfPreexisting: true }));
        expect(t.emu.userRoles("user1234")).toEqual(["AuditAdmin", "DataSpaceCreator", "SharedSpaceCreator"]);
    });

    it("two assignments of one user exchanging a role in one up: the role taken over is not removed", async () => {
        const a = await t.user.create(userArgs({ role: "ManagedSpaceCreator", resourceName: "a" }));
        const b = await t.user.create(userArgs({ role: "Steward", resourceName: "b" }));
        // a moves to b's role before b moves away from it (the engine runs them in either order).
        await t.user.update(a.id, a.outs, userArgs({ role: "Steward", resourceName: "a" }));
        await t.user.update(b.id, b.outs, userArgs({ role: "DataSpaceCreator", resourceName: "b" }));
        expect(t.emu.userRoles("user1234")).toEqual([
            "AuditAdmin",
            "DataSpaceCreator",
            "SharedSpaceCreator",
            "Steward",
        ]);
    });
});

describe("diff", () => {
    it("diff: a different principal is a replacement (create before delete)", async () => {
        const { id, outs } = await t.user.create(userArgs());
        const d = await t.user.diff(
            id,
            outs,
            inputs({ subject: "admin@example.com", role: "ManagedSpaceCreator", resourceName: "doc-user" }),
        );
        expect(d).toMatchObject({ changes: true, replaces: ["subject"], deleteBeforeReplace: false });
    });

    it("diff: a different role is an in-place update", async () => {
        const { id, outs } = await t.user.create(userArgs());
        expect(await t.user.diff(id, outs, userArgs({ role: "DataSpaceCreator" }))).toEqual({
            changes: true,
            replaces: [],
        });
    });

    it("diff: naming the same principal another way (subject -> userId) is an update that writes nothing and records the new selector", async () => {
        const { id, outs } = await t.user.create(userArgs());
        t.emu.resetLog();
        const news = inputs({ userId: DOC_USER, role: "ManagedSpaceCreator", resourceName: "doc-user" });
        const d = await t.user.diff(id, outs, news);
        expect(d).toEqual({ changes: true, replaces: [] });
        const updated = await t.user.update(id, outs, news);
        expect(updated.outs.principalSelector).toBe("userId");
        expect(patches(t.emu.requests)).toHaveLength(0);
        expect(await t.user.diff(id, updated.outs, news)).toEqual({ changes: false, replaces: [] });
    });

    it("diff: a selector input set to null is unset, so the same principal is no change", async () => {
        const { id, outs } = await t.user.create(userArgs());
        expect(await t.user.diff(id, outs, { ...userArgs(), userId: null })).toEqual({
            changes: false,
            replaces: [],
        });
    });

    it("diff: retainIfPreexisting turned on or off is an in-place update", async () => {
        const { id, outs } = await t.user.create(userArgs());
        const retained = userArgs({ retainIfPreexisting: true });
        expect(await t.user.diff(id, outs, retained)).toEqual({ changes: true, replaces: [] });
        const { outs: after } = await t.user.update(id, outs, retained);
        expect(await t.user.diff(id, after, retained)).toEqual({ changes: false, replaces: [] });
        expect(await t.user.diff(id, after, userArgs())).toEqual({ changes: true, replaces: [] });
    });

    it("diff announces a role change, so the principal's batch waits for that update", async () => {
        const { a, b } = await twoAssignments();
        await reconfigure(t.config, { maxBatchWaitMs: 5000 });
        const newA = userArgs({ role: "DataSpaceCreator" });
        const newB = userArgs({ role: "AnalyticsAdmin", resourceName: "kept" });
        expect(await t.user.diff(a.id, a.outs, newA)).toMatchObject({ changes: true });
        expect(await t.user.diff(b.id, b.outs, newB)).toMatchObject({ changes: true });
        t.emu.resetLog();
        const updating = t.user.update(a.id, a.outs, newA);
        await pastQuietWindow();
        await Promise.all([updating, t.user.update(b.id, b.outs, newB)]);
        expect(patches(t.emu.requests)).toHaveLength(1);
        expect(t.emu.userRoles("user1234")).toEqual([
            "AnalyticsAdmin",
            "AuditAdmin",
            "DataSpaceCreator",
            "SharedSpaceCreator",
        ]);
    });

    it("diff announces nothing when the role is unchanged or not yet known", async () => {
        const { a, b } = await twoAssignments();
        await reconfigure(t.config, { maxBatchWaitMs: 20000 });
        expect(await t.user.diff(a.id, a.outs, userArgs())).toMatchObject({ changes: false });
        expect(
            await t.user.diff(b.id, b.outs, userArgs({ role: UNKNOWN, resourceName: "kept" })),
        ).toMatchObject({ changes: true });
        await expectDeleteNotHeld(a);
    });

    it("diff: changes is always explicit, so a change of provider code alone is no update", async () => {
        const { id, outs } = await t.user.create(userArgs());
        const d = await t.user.diff(
            id,
            { ...outs, __provider: "old code" },
            { ...userArgs(), __provider: "new code" },
        );
        expect(d.changes).toBe(false);
    });

    it("diff: the same user by email, or the same group by name, is no replacement; another group is", async () => {
        const { id, outs } = await t.user.create(userArgs());
        const email = "user1234@example.com";
        expect(await t.user.diff(id, outs, userArgs({ subject: undefined, email }))).toEqual({
            changes: true,
            replaces: [],
        });
        // The recorded email in another case is the same address: compared, not looked up.
        const recorded = { ...outs, principalSelector: "email", email };
        await reconfigure(t.config);
        t.emu.resetLog();
        expect(
            await t.user.diff(id, recorded, userArgs({ subject: undefined, email: "User1234@Example.COM" })),
        ).toEqual({ changes: true, replaces: [] });
        expect(t.emu.requests).toHaveLength(0);
        // State that does not record the email (the user had none, or an older version wrote it): looked up.
        expect(
            await t.user.diff(id, { ...outs, email: undefined }, userArgs({ subject: undefined, email })),
        ).toEqual({
            changes: true,
            replaces: [],
        });
        const group = inputs({ groupName: "My Group", role: "Steward", resourceName: "g" });
        const g = await t.group.create(group);
        await reconfigure(t.config); // a preview is a new provider process: no lookup cached
        t.emu.resetLog();
        expect(await t.group.diff(g.id, g.outs, group)).toEqual({ changes: false, replaces: [] });
        expect(t.emu.requests).toHaveLength(0); // the recorded name is compared, not looked up
        t.emu.addGroup({ name: "Other Group" });
        expect(await t.group.diff(g.id, g.outs, { ...group, groupName: "Other Group" })).toEqual({
            changes: true,
            replaces: ["groupName"],
            deleteBeforeReplace: false,
        });
    });

    it("diff: a principal that does not exist, or a selector that is not a string, is a replacement; no selector at all is none", async () => {
        const { id, outs } = await t.user.create(userArgs());
        // Subjects match exactly: one that differs only in case names no user of this tenant.
        for (const subject of ["no-such-user", 42, "USER1234"]) {
            expect(await t.user.diff(id, outs, userArgs({ subject }))).toEqual({
                changes: true,
                replaces: ["subject"],
                deleteBeforeReplace: false,
            });
        }
        const none = await t.user.diff(
            id,
            outs,
            inputs({ role: "ManagedSpaceCreator", resourceName: "doc-user" }),
        );
        expect(none.replaces).toEqual([]);
    });

    it("diff: an unknown principal during preview is reported as a possible replacement", async () => {
        const { id, outs } = await t.user.create(userArgs());
        const d = await t.user.diff(id, outs, userArgs({ subject: UNKNOWN }));
        expect(d).toMatchObject({ changes: true, replaces: ["subject"] });
    });
});

describe("check", () => {
    it("check names the property of each invalid input", async () => {
        const r = await t.user.check(
            {},
            { subject: "user1234", userId: "x", role: 5, retainIfPreexisting: "yes", colour: "red" },
        );
        expect(r.failures!.map((f) => f.property).sort()).toEqual([
            "colour",
            "retainIfPreexisting",
            "role",
            "subject",
        ]);
    });

    it("check fails the preview for an unknown role, suggesting the right case", async () => {
        const r = await t.user.check({}, userArgs({ role: "managedspacecreator" }));
        expect(r.failures).toEqual([
            {
                property: "role",
                reason: expect.stringMatching(
                    /role "managedspacecreator" does not exist.*did you mean "ManagedSpaceCreator"/,
                ),
            },
        ]);
    });

    it("check fails the preview for an unknown principal, naming the input", async () => {
        const r = await t.user.check({}, userArgs({ subject: "nobody" }));
        expect(r.failures).toEqual([
            { property: "subject", reason: expect.stringMatching(/no user with subject "nobody"/) },
        ]);
    });

    it("check tolerates unknown (not yet computed) inputs", async () => {
        const r = await t.user.check({}, userArgs({ subject: UNKNOWN }));
        expect(r.failures).toEqual([]);
    });

    it("check of invalid inputs asks the tenant nothing", async () => {
        t.emu.resetLog();
        const r = await t.user.check({}, userArgs({ role: "" }));
        expect(r.failures!.map((f) => f.property)).toEqual(["role"]);
        expect(t.emu.requests).toHaveLength(0);
    });

    it("a resource refused at check claims nothing: another declaring the same pair gets only its own failure", async () => {
        const first = await t.user.check({}, userArgs({ role: "UserDefault", resourceName: "first" }));
        expect(first.failures!.map((f) => f.property)).toEqual(["role"]);
        const second = await t.user.check({}, userArgs({ role: "UserDefault", resourceName: "second" }));
        expect(second.failures).toHaveLength(1);
        expect(second.failures![0]!.reason).toMatch(/UserDefault is given to every user/);
    });

    it("check refuses UserDefault, which Qlik does not let anyone assign", async () => {
        const r = await t.user.check({}, userArgs({ role: "UserDefault" }));
        expect(r.failures![0]).toMatchObject({
            property: "role",
            reason: expect.stringMatching(/UserDefault/),
        });
    });

    it("check fails in one line when the credential cannot see assigned roles (not a TenantAdmin)", async () => {
        await reconfigure({ ...t.config, "qlik:apiKey": t.emu.nonAdminApiKey });
        const err = await t.user.check({}, userArgs()).catch((e: Error) => e);
        expect(err).toMatchObject({
            code: "QLIK_FORBIDDEN",
            message: expect.stringMatching(
                /Qlik hides the assigned roles of user "user1234" from this credential: qlik:apiKey \(or qlik:clientId\) must belong to a TenantAdmin \(OAuth: scope admin_classic\)$/,
            ),
        });
        expect((err as Error).message).not.toContain(t.emu.nonAdminApiKey);
    });

    it("check writes nothing", async () => {
        await t.user.check({}, userArgs());
        expect(patches(t.emu.requests)).toHaveLength(0);
    });
});

describe("refresh", () => {
    it("refresh drops an assignment whose role was removed outside Pulumi", async () => {
        const { id, outs } = await t.user.create(userArgs());
        t.emu.setUserRoles("user1234", ["AuditAdmin", "SharedSpaceCreator"]);
        expect(await t.user.read(id, outs)).toEqual({});
    });

    it("refresh drops an assignment whose principal was deleted", async () => {
        const { id, outs } = await t.group.create(
            inputs({ groupName: "My Group", role: "ManagedSpaceCreator", resourceName: "g" }),
        );
        t.emu.deleteGroup("My Group");
        expect(await t.group.read(id, outs)).toEqual({});
    });

    it("refresh returns the outputs and the program's inputs, leaving no diff", async () => {
        const { id, outs } = await t.user.create(userArgs());
        const r = await t.user.read(id, { ...outs, __provider: "text" });
        expect(r.id).toBe(id);
        expect(r.props).toMatchObject({ role: "ManagedSpaceCreator", userId: DOC_USER });
        expect(r.inputs).toEqual({
            subject: "user1234",
            role: "ManagedSpaceCreator",
            retainIfPreexisting: false,
            resourceName: "doc-user",
        });
        expect(await t.user.diff(id, r.props!, userArgs())).toEqual({ changes: false, replaces: [] });
    });

    it("refresh gives back retainIfPreexisting as the program set it", async () => {
        const { id, outs } = await t.user.create(userArgs({ retainIfPreexisting: true }));
        expect((await t.user.read(id, outs)).inputs).toMatchObject({ retainIfPreexisting: true });
    });

    it("a refresh that cannot read the principal fails in one line naming the step and the resource", async () => {
        const { id, outs } = await t.user.create(userArgs());
        await reconfigure(t.config, { maxAttempts: 1 });
        t.emu.faults.inject({ match: { method: "GET" }, kind: "status", status: 503, times: 1 });
        await expect(t.user.read(id, outs)).rejects.toMatchObject({
            message: expect.stringMatching(
                /^refresh UserRoleAssignment \(user subject "user1234", role "ManagedSpaceCreator"\): [^\n]*503/,
            ),
        });
    });
});

describe("concurrency", () => {
    it("concurrent assignments on one principal all land in one merged read-modify-write, no foreign role touched", async () => {
        const roles = [
            "ManagedSpaceCreator",
            "DataSpaceCreator",
            "Steward",
            "AutomationCreator",
            "DataAdmin",
            "AnalyticsAdmin",
        ];
        await Promise.all(roles.map((role, i) => t.user.create(userArgs({ role, resourceName: `r${i}` }))));
        expect(t.emu.userRoles("user1234")).toEqual(["AuditAdmin", "SharedSpaceCreator", ...roles].sort());
        expect(patches(t.emu.requests, userPath)).toHaveLength(1);
    });

    it("concurrent creates and deletes on one principal are merged without losing either", async () => {
        const a = await t.user.create(userArgs({ role: "Steward", resourceName: "a" }));
        t.emu.resetLog();
        await Promise.all([
            t.user.delete(a.id, a.outs),
            t.user.create(userArgs({ role: "DataAdmin", resourceName: "b" })),
        ]);
        expect(t.emu.userRoles("user1234")).toEqual(["AuditAdmin", "DataAdmin", "SharedSpaceCreator"]);
        expect(patches(t.emu.requests)).toHaveLength(1);
    });
});

describe("replacement keeping the same pair", () => {
    it("a replacement that keeps the same (principal, role) never leaves the principal without the role", async () => {
        const old = await t.user.create(userArgs({ resourceName: "old" }));
        await reconfigure(t.config); // a later `pulumi up`: a new provider process
        t.emu.resetLog();
        // Pulumi replaces create-before-delete: the new resource is created, then the old one deleted.
        const created = await t.user.create(userArgs({ userId: undefined, resourceName: "new" }));
        expect(created.outs.preexisting).toBe(true);
        await t.user.delete(old.id, old.outs);
        expect(t.emu.userRoles("user1234")).toContain("ManagedSpaceCreator");
        expect(patches(t.emu.requests)).toHaveLength(0);
    });
});

describe("check announces a new resource's create to its principal's batch", () => {
    it("a create checked as new is waited for, so two roles of one user go in one PATCH", async () => {
        await reconfigure(t.config, { maxBatchWaitMs: 5000 });
        const first = userArgs({ role: "ManagedSpaceCreator", resourceName: "first" });
        const second = userArgs({ role: "Steward", resourceName: "second" });
        expect((await t.user.check({}, first)).failures).toEqual([]);
        expect((await t.user.check({}, second)).failures).toEqual([]);
        t.emu.resetLog();
        const creating = t.user.create(first);
        await pastQuietWindow();
        await Promise.all([creating, t.user.create(second)]);
        expect(patches(t.emu.requests)).toHaveLength(1);
        expect(t.emu.userRoles("user1234")).toEqual([
            "AuditAdmin",
            "ManagedSpaceCreator",
            "SharedSpaceCreator",
            "Steward",
        ]);
    });

    it("resources already in state announce nothing: their principal's next write does not wait", async () => {
        const { a, b, kept } = await twoAssignments();
        await reconfigure(t.config, { maxBatchWaitMs: 20000 });
        expect((await t.user.check(a.outs, userArgs())).failures).toEqual([]);
        expect((await t.user.check(b.outs, kept)).failures).toEqual([]);
        await expectDeleteNotHeld(a);
    });
});

describe("duplicate declarations", () => {
    it("declaring the same (principal, role) twice is an error at check, before anything is written", async () => {
        expect((await t.user.check({}, userArgs({ resourceName: "first" }))).failures).toEqual([]);
        const second = await t.user.check(
            {},
            inputs({ userId: DOC_USER, role: "ManagedSpaceCreator", resourceName: "second" }),
        );
        expect(second.failures).toEqual([
            { property: "role", reason: expect.stringMatching(/also declared by resource "first"/) },
        ]);
        expect(patches(t.emu.requests)).toHaveLength(0);
    });
});

describe("TenantAdmin of the provider's own identity", () => {
    const me = () => inputs({ userId: t.emu.adminUserId, role: "TenantAdmin", resourceName: "me" });
    const KEPT = `it is the identity this provider authenticates as, and the provider never removes that identity's TenantAdmin`;
    const linesOf = async (fn: () => Promise<unknown>) => {
        const lines: string[] = [];
        const spy = jest.spyOn(console, "error").mockImplementation((line: string) => void lines.push(line));
        try {
            await fn();
        } finally {
            spy.mockRestore();
        }
        return lines;
    };

    it("check of adopting it says destroy keeps it, in one line instead of 'destroy will remove it'", async () => {
        const lines = await linesOf(() => t.user.check({}, me()));
        expect(lines).toEqual([
            `warning: user "admin@example.com" already holds role "TenantAdmin": this resource adopts it, and destroy keeps it: ${KEPT}`,
        ]);
        // With retainIfPreexisting, destroy keeps it anyway: nothing to say.
        await reconfigure(t.config);
        expect(await linesOf(() => t.user.check({}, { ...me(), retainIfPreexisting: true }))).toEqual([]);
    });

    it("delete keeps it, writes nothing and says so once, instead of failing (a delete is never checked at preview)", async () => {
        const { id, outs } = await t.user.create(me());
        const lines = await linesOf(() => t.user.delete(id, outs));
        expect(lines).toEqual([
            `warning: kept role "TenantAdmin" on user "admin@example.com": ${KEPT}; this stack no longer manages it (remove it with another admin's credential if intended)`,
        ]);
        expect(patches(t.emu.requests)).toHaveLength(0);
        expect(t.emu.userRoles(t.emu.adminUserId)).toContain("TenantAdmin");
    });

    it("a change of role away from it grants the new role and keeps TenantAdmin (said as on delete, once per process)", async () => {
        const { id, outs } = await t.user.create(me());
        await t.user.update(id, outs, { ...me(), role: "Steward" });
        expect(t.emu.userRoles(t.emu.adminUserId)).toEqual(
            expect.arrayContaining(["TenantAdmin", "Steward"]),
        );
    });

    it("another user's TenantAdmin is removed as any role, and check warns about adopting it as usual", async () => {
        t.emu.setUserRoles("user1234", ["TenantAdmin"]);
        const args = inputs({ subject: "user1234", role: "TenantAdmin", resourceName: "other-admin" });
        expect(await linesOf(() => t.user.check({}, args))).toEqual([
            expect.stringMatching(/this resource adopts it, and destroy will remove it/),
        ]);
        const { id, outs } = await t.user.create(args);
        await t.user.delete(id, outs);
        expect(t.emu.userRoles("user1234")).toEqual([]);
    });
});

describe("207 partial success", () => {
    it("a 207 answer is a failure carrying Qlik's error details, and nothing is recorded as done", async () => {
        t.emu.faults.inject({ match: { method: "PATCH" }, kind: "partial-207", times: 1 });
        const err = await t.user.create(userArgs()).catch((e: Error) => e);
        expect(err).toMatchObject({
            code: "QLIK_PARTIAL_FAILURE",
            message: expect.stringMatching(/create UserRoleAssignment .*answered 207/),
        });
        expect((err as { id?: string }).id).toBeUndefined(); // the role did not land: no state
        expect(t.emu.userRoles("user1234")).toEqual(["AuditAdmin", "SharedSpaceCreator"]);
    });
});

describe("merged batches that fail", () => {
    it("a 207 on a merged write fails only the resource whose role did not land, each with its own error", async () => {
        t.emu.faults.inject({ match: { method: "PATCH" }, kind: "partial-207", times: 2 });
        const [held, added] = await Promise.allSettled([
            t.user.create(userArgs({ role: "AuditAdmin", retainIfPreexisting: true, resourceName: "held" })),
            t.user.create(userArgs({ resourceName: "added" })),
        ]);
        expect(held).toMatchObject({
            status: "fulfilled",
            value: { outs: { role: "AuditAdmin", preexisting: true } },
        });
        expect(added).toMatchObject({
            status: "rejected",
            reason: {
                code: "QLIK_PARTIAL_FAILURE",
                message: expect.stringMatching(/role "ManagedSpaceCreator"/),
            },
        });
        expect((added as PromiseRejectedResult).reason.id).toBeUndefined();
        expect(t.emu.userRoles("user1234")).toEqual(["AuditAdmin", "SharedSpaceCreator"]);
    });

    it("a group one role short of Qlik's limit takes one of two new roles; only the other fails", async () => {
        const fillers = Array.from({ length: 97 }, (_, i) => `Filler ${i}`);
        for (const name of fillers) t.emu.addCustomRole(name);
        t.emu.setGroupRoles("My Group", ["AuditAdmin", "SharedSpaceCreator", ...fillers]); // 99 roles
        const results = await Promise.allSettled([
            t.group.create(inputs({ groupName: "My Group", role: "Steward", resourceName: "a" })),
            t.group.create(inputs({ groupName: "My Group", role: "DataAdmin", resourceName: "b" })),
        ]);
        expect(results.map((x) => x.status).sort()).toEqual(["fulfilled", "rejected"]);
        expect(results.find((x) => x.status === "rejected")).toMatchObject({
            reason: { message: expect.stringMatching(/at most 100/) },
        });
        expect(t.emu.groupRoles("My Group")).toHaveLength(100);
    });

    it("diff does not plan a replacement when looking up the renamed principal fails for a transient reason", async () => {
        const { id, outs } = await t.user.create(userArgs());
        t.emu.faults.inject({ match: { method: "GET" }, kind: "status", status: 503, times: 20 });
        await reconfigure(t.config, { maxAttempts: 2 });
        await expect(
            t.user.diff(
                id,
                outs,
                inputs({
                    email: "viewer@example.com",
                    role: "ManagedSpaceCreator",
                    resourceName: "doc-user",
                }),
            ),
        ).rejects.toMatchObject({
            code: "QLIK_SERVER_ERROR",
        });
    });
});

describe("rate limits and retries", () => {
    it("retries 5xx and resets, and still writes exactly the intended roles", async () => {
        t.emu.faults.inject({ match: { method: "PATCH" }, kind: "status", status: 503, times: 2 });
        t.emu.faults.inject({ match: { method: "GET" }, kind: "reset", times: 1 });
        await t.user.create(userArgs());
        expect(t.emu.userRoles("user1234")).toEqual([
            "AuditAdmin",
            "ManagedSpaceCreator",
            "SharedSpaceCreator",
        ]);
    });

    it("waits retry-after on 429 and succeeds", async () => {
        t.emu.faults.inject({
            match: { method: "PATCH" },
            kind: "status",
            status: 429,
            retryAfterSeconds: 1,
            times: 1,
        });
        const t0 = Date.now();
        await t.user.create(userArgs());
        expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
        expect(t.emu.userRoles("user1234")).toContain("ManagedSpaceCreator");
    });
});

describe("tenant recorded and checked", () => {
    it("an operation on a resource from another tenant fails clearly instead of touching this one", async () => {
        const { id, outs } = await t.user.create(userArgs());
        const foreign = { ...outs, tenantUrl: "https://other.eu.qlikcloud.com" };
        t.emu.resetLog();
        await expect(t.user.delete(id, foreign)).rejects.toThrow(
            /belongs to tenant https:\/\/other\.eu\.qlikcloud\.com but the provider is configured for/,
        );
        await expect(t.user.read(id, foreign)).rejects.toThrow(/belongs to tenant/);
        expect(t.emu.requests).toHaveLength(0);
    });
});

describe("one-line errors without credentials", () => {
    it("errors are one line naming operation, principal, role, status and traceId, never the key", async () => {
        t.emu.faults.inject({ match: { method: "PATCH" }, kind: "status", status: 403, times: 1 });
        const err = (await t.user.create(userArgs()).catch((e: Error) => e)) as Error;
        expect(err.message).toMatch(
            /^create UserRoleAssignment \(user subject "user1234", role "ManagedSpaceCreator"\): PATCH \/api\/v1\/users\/\w+ answered 403/,
        );
        expect(err.message).toMatch(/traceId/);
        expect(err.message).not.toMatch(/\n/);
        expect(err.message).not.toContain(t.emu.apiKey);
        expect(err.stack).toBe(`${err.name}: ${err.message}`);
    });

    it("a wrong API key is one line saying what to check", async () => {
        await reconfigure({ ...t.config, "qlik:apiKey": "wrong-key-123456" });
        const err = (await t.user.create(userArgs()).catch((e: Error) => e)) as Error;
        expect(err.message).toMatch(/answered 401.*check the credential \(qlik:apiKey/);
        expect(err.message).not.toContain("wrong-key-123456");
    });
});

describe("outside changes between check and create", () => {
    it("by default a create reads right before writing, so a change made after check survives", async () => {
        await t.user.check({}, userArgs());
        t.emu.setUserRoles("user1234", ["AuditAdmin", "SharedSpaceCreator", "Steward"]);
        await t.user.create(userArgs());
        expect(t.emu.userRoles("user1234")).toEqual([
            "AuditAdmin",
            "ManagedSpaceCreator",
            "SharedSpaceCreator",
            "Steward",
        ]);
    });

    it("with maxReadAgeMs set, a create starts from check's read (one GET fewer), a documented trade-off", async () => {
        await reconfigure(t.config, { maxReadAgeMs: 5000 });
        await t.user.check({}, userArgs());
        t.emu.resetLog();
        await t.user.create(userArgs());
        expect(t.emu.requests.map((e) => e.method)).toEqual(["PATCH", "GET"]);
    });
});

describe("reads are merged", () => {
    it("refresh of many assignments on one principal costs one GET", async () => {
        const roles = ["ManagedSpaceCreator", "DataSpaceCreator", "Steward", "DataAdmin"];
        const created = await Promise.all(
            roles.map((role, i) => t.user.create(userArgs({ role, resourceName: `r${i}` }))),
        );
        // A refresh comes after the writes (another `pulumi` command): a read sent in the millisecond our last
        // write completed counts as sent before it and answers no one else, which made this test flaky.
        await new Promise((resolve) => setTimeout(resolve, 5));
        t.emu.resetLog();
        await Promise.all(created.map((c) => t.user.read(c.id, c.outs)));
        expect(gets(t.emu.requests)).toHaveLength(1);
    });
});

describe("configuration", () => {
    it("a stack that still sets removed keys works, and each key is warned about once per provider process", async () => {
        const lines: string[] = [];
        const spy = jest.spyOn(console, "error").mockImplementation((line: string) => void lines.push(line));
        try {
            const old = { ...t.config, "qlik:batchWindowMs": "10", "qlik:maxAttempts": "2" };
            await reconfigure(old);
            await reconfigure(old); // every resource's provider configures; the engine may start several
            await t.user.create(userArgs());
        } finally {
            spy.mockRestore();
        }
        expect(lines).toEqual([
            expect.stringMatching(
                /^pulumi-qlik-roles: qlik:maxAttempts is no longer a setting and is ignored; remove it with `pulumi config rm qlik:maxAttempts`$/,
            ),
            expect.stringMatching(
                /^pulumi-qlik-roles: qlik:batchWindowMs is no longer a setting and is ignored/,
            ),
        ]);
        expect(t.emu.userRoles("user1234")).toContain("ManagedSpaceCreator");
    });

    it("each misspelt qlik:* key Pulumi hands to configure is named once per provider process, without its value", async () => {
        const lines: string[] = [];
        const spy = jest.spyOn(console, "error").mockImplementation((line: string) => void lines.push(line));
        try {
            const raw: Record<string, string> = {
                ...t.config,
                "qlik:tenantURL": "https://typo.example.com",
                "qlik:apikey": "SECRET-1",
            };
            const req = { config: { get: (k: string) => raw[k], rawConfig: raw } };
            await configure(req, TEST_TUNING);
            await configure(req, TEST_TUNING);
            await t.user.create(userArgs());
        } finally {
            spy.mockRestore();
        }
        expect(lines).toEqual([
            "pulumi-qlik-roles: qlik:tenantURL is not a setting of this provider and is ignored; did you mean qlik:tenantUrl?",
            "pulumi-qlik-roles: qlik:apikey is not a setting of this provider and is ignored; did you mean qlik:apiKey?",
        ]);
        expect(t.emu.userRoles("user1234")).toContain("ManagedSpaceCreator");
    });

    it("a call that arrives before configure waits for it instead of running unconfigured", async () => {
        __testing.reset();
        const pending = t.user.check({}, userArgs());
        await new Promise((r) => setTimeout(r, 50));
        await configure({ config: { get: (k: string) => t.config[k] } });
        expect((await pending).failures).toEqual([]);
    });

    it("configure with the same settings keeps the provider's caches; other settings start afresh", async () => {
        const same = () => configure({ config: { get: (k: string) => t.config[k] } }, TEST_TUNING);
        const userLookups = () => gets(t.emu.requests, "/api/v1/users").length;
        await same();
        await t.user.check({}, userArgs());
        const first = userLookups();
        await same(); // the engine configures every resource's provider: the lookup above is kept
        await t.user.check({}, userArgs({ resourceName: "again" }));
        expect(userLookups()).toBe(first);
        await configure(
            { config: { get: (k: string) => ({ ...t.config, "qlik:requestTimeoutMs": "20000" })[k] } },
            TEST_TUNING,
        );
        await t.user.check({}, userArgs({ resourceName: "third" }));
        expect(userLookups()).toBe(first + 1);
    });

    it("a request observer sees every request the provider sends, never a credential, until it is removed", async () => {
        const seen: string[] = [];
        __testing.observeRequests((e) => void seen.push(`${e.method} ${e.path.split("?")[0]}`));
        try {
            await t.user.create(userArgs());
        } finally {
            __testing.observeRequests(undefined);
        }
        const sent = t.emu.requests.map((e) => `${e.method} ${e.path.split("?")[0]}`);
        expect(seen.length).toBeGreaterThan(0);
        expect(new Set(seen)).toEqual(new Set(sent));
        expect(JSON.stringify(seen)).not.toContain(t.emu.apiKey);
        const before = seen.length;
        await t.user.create(userArgs({ resourceName: "b", role: "Steward" }));
        expect(t.emu.requests.length).toBeGreaterThan(sent.length);
        expect(seen).toHaveLength(before);
    });

    it("QLIK_ROLES_TRACE appends one JSON line per call, batch and result, naming no credential", async () => {
        const file = join(mkdtempSync(join(tmpdir(), "trace-")), "trace.jsonl");
        process.env.QLIK_ROLES_TRACE = file;
        try {
            await t.user.create(userArgs());
        } finally {
            delete process.env.QLIK_ROLES_TRACE;
        }
        const lines = readFileSync(file, "utf8")
            .trim()
            .split("\n")
            .map((l) => JSON.parse(l) as Record<string, unknown>);
        expect(lines.map(({ event, op, kind, what, size }) => ({ event, op, kind, what, size }))).toEqual([
            {
                event: "call",
                op: "create",
                kind: "user",
                what: 'user subject "user1234", role "ManagedSpaceCreator"',
                size: undefined,
            },
            { event: "batch", op: undefined, kind: undefined, what: undefined, size: 1 },
            {
                event: "done",
                op: "create",
                kind: "user",
                what: 'user subject "user1234", role "ManagedSpaceCreator"',
                size: undefined,
            },
        ]);
        expect(lines[1]).toMatchObject({ key: `users/${DOC_USER}` });
        expect(readFileSync(file, "utf8")).not.toContain(t.emu.apiKey);
    });

    it("a configuration error is reported by every call as one line naming the key to set", async () => {
        await reconfigure({ "qlik:apiKey": "some-key-1234" });
        await expect(t.user.create(userArgs())).rejects.toThrow(
            /^create UserRoleAssignment .*no Qlik tenant configured: run `pulumi config set qlik:tenantUrl/,
        );
        await expect(t.user.check({}, userArgs())).rejects.toThrow(
            /^check UserRoleAssignment .*no Qlik tenant configured/,
        );
    });
});

describe("client-side throttle", () => {
    it("the throttle keeps within the tenant's tier limits instead of thrashing on 429", async () => {
        // Tier 2 at 1/min over a 5-minute window = 5 writes per window; time-scaled 100x: a 3-second window.
        const limited = await startTenant(
            {
                extraUsers: 12,
                extraGroups: 0,
                timeScale: 100,
                rateLimits: { tier1PerMinute: 1000, tier2PerMinute: 1 },
            },
            { "qlik:writesPerMinute": "100" },
            { readsPerMinute: 100_000, rateWindowSeconds: 3 },
        );
        try {
            const subjects = Array.from(
                { length: 10 },
                (_, i) => `extra-user-${String(i + 1).padStart(3, "0")}`,
            );
            await Promise.all(
                subjects.map((subject, i) =>
                    limited.user.create(inputs({ subject, role: "Steward", resourceName: `s${i}` })),
                ),
            );
            for (const subject of subjects) expect(limited.emu.userRoles(subject)).toContain("Steward");
            expect(limited.emu.requests.filter((e) => e.status === 429)).toHaveLength(0);
            expect(patches(limited.emu.requests)).toHaveLength(10);
        } finally {
            await limited.emu.close();
            await reconfigure(t.config);
        }
    });
});

describe("write slot first", () => {
    /**
     * One user's three removals reach the provider apart, as `pulumi destroy` delivers them, while the tenant's
     * write budget is spent: Tier 2 at 1/min over the 5-minute window, time-scaled 100x (5 writes per 3 s).
     * Returns the PATCHes the removals sent to that user.
     */
    async function removalsWhileThrottled(writeSlotFirst: boolean): Promise<number> {
        const limited = await startTenant(
            {
                extraUsers: 5,
                extraGroups: 0,
                timeScale: 100,
                rateLimits: { tier1PerMinute: 1000, tier2PerMinute: 1 },
            },
            { "qlik:writesPerMinute": "100" },
            { readsPerMinute: 100_000, rateWindowSeconds: 3, writeSlotFirst },
        );
        try {
            const roles = ["Steward", "AnalyticsAdmin", "AuditAdmin"];
            const created = await Promise.all(
                roles.map((role, i) =>
                    limited.user.create(inputs({ subject: "extra-user-001", role, resourceName: `r${i}` })),
                ),
            );
            // The other four writes of the window.
            await Promise.all(
                [2, 3, 4, 5].map((i) =>
                    limited.user.create(
                        inputs({ subject: `extra-user-00${i}`, role: "Steward", resourceName: `o${i}` }),
                    ),
                ),
            );
            expect(patches(limited.emu.requests)).toHaveLength(5);
            limited.emu.resetLog();
            const [first, ...rest] = created;
            const removals = [limited.user.delete(first!.id, first!.outs)];
            await new Promise((res) => setTimeout(res, 300)); // the first removal now waits for a write slot
            removals.push(...rest.map((c) => limited.user.delete(c.id, c.outs)));
            await Promise.all(removals);
            expect(limited.emu.userRoles("extra-user-001")).toEqual([]);
            expect(limited.emu.requests.filter((e) => e.status === 429)).toHaveLength(0);
            return patches(limited.emu.requests, `/api/v1/users/${String(first!.outs.userId)}`).length;
        } finally {
            await limited.emu.close();
            await reconfigure(t.config);
        }
    }

    it("removals that arrive while their principal's batch waits for a write slot join its one PATCH", async () => {
        await expect(removalsWhileThrottled(true)).resolves.toBe(1);
    });

    it("without it (writeSlotFirst false) the later removals queue behind the waiting PATCH and need another", async () => {
        await expect(removalsWhileThrottled(false)).resolves.toBe(2);
    });
});
