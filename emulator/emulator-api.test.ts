/// <reference types="jest" />
// The programmatic surface other test tiers rely on, the seed, and the routing rules.
import { DOCUMENTED, QUOTED_GROUP_NAME, startEmulator, type TenantEmulator } from "./index";
import { TRACE_ID, call, get, listWhere, patchUser, replaceRoles } from "./test-http";

describe("the emulator's programmatic API", () => {
    let emu: TenantEmulator;
    beforeAll(async () => {
        emu = await startEmulator();
    });
    afterAll(() => emu.close());
    beforeEach(() => emu.reset());

    it("listens on 127.0.0.1 with a URL without trailing slash and exposes the documented tenant id", () => {
        expect(emu.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        expect(emu.tenantId).toBe(DOCUMENTED.tenantId);
        expect(emu.apiKey).not.toBe(emu.nonAdminApiKey);
        expect(emu.userRoles(emu.adminUserId)).toEqual(["TenantAdmin"]);
        expect(emu.userRoles(`qlikbot\\${emu.oauthClient.clientId}`)).toEqual(["TenantAdmin"]);
    });

    it("seeds the principals that break naive clients", async () => {
        const seed = emu.seedSnapshot();
        expect(Object.keys(seed.users).length).toBeGreaterThanOrEqual(150 + 9);
        expect(Object.keys(seed.groups).length).toBeGreaterThanOrEqual(30 + 4);
        expect(seed.users[DOCUMENTED.userId]).toEqual(["AuditAdmin", "SharedSpaceCreator"]);
        expect(seed.groups[DOCUMENTED.groupId]).toEqual(["AuditAdmin", "SharedSpaceCreator"]);
        expect(emu.groupRoles(QUOTED_GROUP_NAME)).toEqual(["DataSpaceCreator"]);
        expect((await listWhere(emu, "users", "status eq 'disabled'")).json.data).toHaveLength(1);
        const holders = Object.values(seed.users).filter((roles) => roles.includes("ManagedSpaceCreator"));
        expect(holders.length).toBeGreaterThan(20);
    });

    it("generates the same ids for the same options", async () => {
        const other = await startEmulator({ port: 0 });
        try {
            expect(Object.keys(other.seedSnapshot().users)).toEqual(Object.keys(emu.seedSnapshot().users));
            expect(other.apiKey).toBe(emu.apiKey);
        } finally {
            await other.close();
        }
    });

    it("returns to the seed state, with an empty log and no faults, on reset()", async () => {
        await patchUser(emu, DOCUMENTED.userId, replaceRoles(["Steward"]));
        emu.addUser({ subject: "temp" });
        emu.addCustomRole("Temporary");
        emu.faults.inject({ kind: "status", status: 500 });
        emu.reset();
        expect(emu.snapshot()).toEqual(emu.seedSnapshot());
        expect(emu.requests).toEqual([]);
        expect(
            (await get(emu, "/api/v1/roles", { query: { filter: "name eq 'Temporary'" } })).json.data,
        ).toEqual([]);
        expect(emu.requests[0]!.seq).toBe(1);
    });

    it("logs every request in arrival order with tier, status, caller and parsed PATCH body", async () => {
        await get(emu, "/api/v1/users", { query: { limit: "5" } });
        await patchUser(emu, DOCUMENTED.userId, replaceRoles(["Steward"]));
        await get(emu, "/nope", { key: null });
        expect(emu.requests).toEqual([
            expect.objectContaining({
                seq: 1,
                method: "GET",
                path: "/api/v1/users",
                query: { limit: "5" },
                tier: 1,
                status: 200,
                caller: emu.adminUserId,
            }),
            expect.objectContaining({
                seq: 2,
                method: "PATCH",
                tier: 2,
                status: 204,
                body: replaceRoles(["Steward"]),
            }),
            expect.objectContaining({ seq: 3, path: "/nope", tier: 0, status: 404, caller: "anonymous" }),
        ]);
        for (const r of emu.requests) expect(r.endedAt).toBeGreaterThanOrEqual(r.startedAt);
        emu.resetLog();
        expect(emu.requests).toHaveLength(0);
    });

    it("adds, finds and deletes users and groups through the helpers", async () => {
        const { id } = emu.addUser({
            subject: "new@example.com",
            name: "New Person",
            email: "new@example.com",
            roles: ["Steward"],
        });
        const found = await listWhere(emu, "users", "subject eq 'new@example.com'");
        expect(found.json.data[0]).toMatchObject({ id, name: "New Person", status: "active" });
        expect(emu.userRoles(id)).toEqual(["Steward"]);
        emu.deleteUser("new@example.com");
        expect((await get(emu, `/api/v1/users/${id}`)).status).toBe(404);

        const g = emu.addGroup({ name: "Temp Group", roles: ["DataAdmin"] });
        expect((await get(emu, `/api/v1/groups/${g.id}`)).json.assignedRoles[0].name).toBe("DataAdmin");
        emu.setGroupRoles("Temp Group", []);
        expect(emu.groupRoles(g.id)).toEqual([]);
        emu.deleteGroup(g.id);
        expect((await get(emu, `/api/v1/groups/${g.id}`)).status).toBe(404);
    });

    it("makes a custom role added by the helper assignable by name", async () => {
        emu.addCustomRole("Finance Reader");
        expect((await patchUser(emu, DOCUMENTED.userId, replaceRoles(["Finance Reader"]))).status).toBe(204);
        expect(emu.userRoles("user1234")).toEqual(["Finance Reader"]);
    });

    it("throws from helpers on unknown principals, unknown roles and UserDefault", () => {
        expect(() => emu.userRoles("nobody")).toThrow(/no user/);
        expect(() => emu.groupRoles("nothing")).toThrow(/no group/);
        expect(() => emu.setUserRoles("user1234", ["NoSuchRole"])).toThrow(/unknown role/);
        expect(() => emu.setUserRoles("user1234", ["UserDefault"])).toThrow(/implicit/);
        expect(() => emu.addUser({ subject: "user1234" })).toThrow(/already exists/);
        expect(() => emu.addCustomRole("TenantAdmin")).toThrow(/already exists/);
    });

    it("answers an unknown path with 404 and a known path with the wrong method with 405 and allow", async () => {
        const missing = await get(emu, "/api/v1/apps");
        expect(missing.status).toBe(404);
        expect(missing.json).toMatchObject({
            errors: [{ code: "HTTP-404", status: 404 }],
            traceId: expect.stringMatching(TRACE_ID),
        });
        expect((await get(emu, "/api/v1/users/")).status).toBe(404);
        const wrong = await call(emu, "DELETE", `/api/v1/users/${DOCUMENTED.userId}`);
        expect(wrong.status).toBe(405);
        expect(wrong.headers.get("allow")).toBe("GET, PATCH");
        expect((await call(emu, "PUT", "/api/v1/roles", { body: {} })).status).toBe(405);
    });

    it("sends a 32-hex x-request-id on every response", async () => {
        for (const res of [
            await get(emu, "/api/v1/roles"),
            await get(emu, "/api/v1/users/me"),
            await get(emu, "/x", { key: null }),
        ]) {
            expect(res.headers.get("x-request-id")).toMatch(TRACE_ID);
        }
    });

    it("refuses invalid options", async () => {
        await expect(startEmulator({ timeScale: 0 })).rejects.toThrow(/timeScale/);
        await expect(startEmulator({ extraUsers: -1 })).rejects.toThrow(/extraUsers/);
        await expect(startEmulator({ port: 70000 })).rejects.toThrow(/port/);
        await expect(startEmulator({ rateLimits: { tier1PerMinute: 0, tier2PerMinute: 1 } })).rejects.toThrow(
            /rate limits/,
        );
    });
});
