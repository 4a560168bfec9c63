/**
 * The provider's full lifecycle (check, create, read, delete) against each documented alternative answer the
 * tenant emulator can give: /users/me's 301 with an HTML body, token answers with either expiry field or none,
 * filter values read with or without escapes, eq compared with or without case, and a non-admin who sees only
 * its own roles. Every run ends with the tenant as it started.
 */
import type { EmulatorOptions } from "../../emulator";
import { inputs, patches, reconfigure, startTenant, type Tenant } from "../support/harness";

const opened: Tenant[] = [];
async function tenant(options: EmulatorOptions, config: (t: Tenant) => Record<string, string> = () => ({})) {
    const t = await startTenant({ extraUsers: 0, extraGroups: 0, ...options });
    opened.push(t);
    const extra = config(t);
    t.config = { ...t.config, ...extra };
    for (const key of Object.keys(extra)) if (extra[key] === "") delete t.config[key];
    await reconfigure(t.config);
    return t;
}
afterAll(() => Promise.all(opened.map((t) => t.emu.close())));

/** Creates, refreshes and deletes one assignment; returns the create's outputs. */
async function roundTrip(t: Tenant, kind: "user" | "group", args: Record<string, unknown>) {
    const lc = kind === "user" ? t.user : t.group;
    const news = inputs({ resourceName: "r", ...args });
    const checked = await lc.check({}, news);
    expect(checked.failures ?? []).toEqual([]);
    const { id, outs } = await lc.create(checked.inputs ?? news);
    expect((await lc.read(id, outs)).id).toBe(id);
    await lc.delete(id, outs);
    return outs;
}

describe("the lifecycle against each documented variant", () => {
    it("guards TenantAdmin through /users/me when its 301 carries the documented HTML page", async () => {
        const t = await tenant({ variants: { meRedirect: "html" } });
        t.emu.setUserRoles("user1234", ["AuditAdmin", "TenantAdmin"]);
        const { id, outs } = await t.user.create(
            inputs({ subject: "user1234", role: "TenantAdmin", resourceName: "a" }),
        );
        await t.user.delete(id, outs); // another user: allowed, after reading /users/me
        expect(t.emu.userRoles("user1234")).toEqual(["AuditAdmin"]);
        const self = await t.user.create(
            inputs({ userId: t.emu.adminUserId, role: "TenantAdmin", resourceName: "s" }),
        );
        await t.user.delete(self.id, self.outs); // the identity itself: kept, after reading /users/me
        expect(t.emu.userRoles(t.emu.adminUserId)).toContain("TenantAdmin");
        expect(t.emu.requests.filter((r) => r.path === "/api/v1/users/me").map((r) => r.status)).toEqual([
            301, 301,
        ]);
    });

    it.each(["both", "expires_at", "expires_in", "neither"] as const)(
        "runs with OAuth when the token answer carries expiry fields: %s",
        async (tokenExpiry) => {
            const spy = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
            try {
                const t = await tenant({ variants: { tokenExpiry } }, (t) => ({
                    "qlik:apiKey": "",
                    "qlik:clientId": t.emu.oauthClient.clientId,
                    "qlik:clientSecret": t.emu.oauthClient.clientSecret,
                }));
                await roundTrip(t, "user", { subject: "user1234", role: "ManagedSpaceCreator" });
                expect(t.emu.userRoles("user1234")).toEqual(["AuditAdmin", "SharedSpaceCreator"]);
                expect(t.emu.requests.filter((r) => r.path === "/oauth/token")).toHaveLength(1);
            } finally {
                spy.mockRestore();
            }
        },
    );

    describe.each(["unescape", "literal"] as const)("filter values read with %s", (filterValues) => {
        it("manages a role of a user whose subject holds a backslash, and of a group whose name holds quotes", async () => {
            const t = await tenant({ variants: { filterValues } });
            const subject = "foo\\12345";
            const user = t.emu.addUser({ subject, roles: ["Steward"] });
            t.emu.addUser({ subject: "foo\\123456" });
            const group = t.emu.addGroup({ name: `Sales \\ "EMEA"`, roles: ["Steward"] });
            const u = await roundTrip(t, "user", { subject, role: "DataAdmin" });
            expect(u.userId).toBe(user.id);
            const g = await roundTrip(t, "group", { groupName: `Sales \\ "EMEA"`, role: "DataAdmin" });
            expect(g.groupId).toBe(group.id);
            expect(patches(t.emu.requests).map((p) => p.path)).toEqual([
                `/api/v1/users/${user.id}`,
                `/api/v1/users/${user.id}`,
                `/api/v1/groups/${group.id}`,
                `/api/v1/groups/${group.id}`,
            ]);
            expect([t.emu.userRoles(user.id), t.emu.groupRoles(group.id)]).toEqual([
                ["Steward"],
                ["Steward"],
            ]);
        });
    });

    describe.each(["insensitive", "exact"] as const)("eq compared %s", (filterCase) => {
        it("writes to the principal named exactly, never to one differing only in case", async () => {
            const t = await tenant({ variants: { filterCase } });
            const upper = t.emu.addUser({ subject: "User1234", email: "Someone@example.com" });
            const upperGroup = t.emu.addGroup({ name: "MY GROUP" });
            const u = await roundTrip(t, "user", { subject: "user1234", role: "Steward" });
            const g = await roundTrip(t, "group", { groupName: "My Group", role: "Steward" });
            expect([u.userId, g.groupId]).not.toContain(upper.id);
            expect(
                patches(t.emu.requests).some(
                    (p) => p.path.endsWith(upper.id) || p.path.endsWith(upperGroup.id),
                ),
            ).toBe(false);
            await expect(
                t.user.check({}, inputs({ subject: "USER1234", role: "Steward", resourceName: "x" })),
            ).resolves.toMatchObject({
                failures: [
                    { property: "subject", reason: expect.stringMatching(/no user with subject "USER1234"/) },
                ],
            });
        });
    });

    it("a non-admin key still fails with the roles-hidden message for other users", async () => {
        const t = await tenant({}, (t) => ({ "qlik:apiKey": t.emu.nonAdminApiKey }));
        const err = await t.user
            .create(inputs({ subject: "user1234", role: "Steward", resourceName: "x" }))
            .catch((e: Error) => e);
        expect(err).toMatchObject({ message: expect.stringMatching(/assigned roles of .*TenantAdmin/) });
        expect(patches(t.emu.requests)).toHaveLength(0);
    });
});
