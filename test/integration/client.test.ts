/**
 * The Qlik client against the tenant emulator: real sockets, real paging, real rate limits.
 */
import { startEmulator, QUOTED_GROUP_NAME, type TenantEmulator } from "../../emulator";
import { QlikClient, type RequestEvent } from "../../provider/client";

let emu: TenantEmulator;
beforeAll(async () => {
    emu = await startEmulator({ extraUsers: 250, extraGroups: 120, tokenLifetimeSeconds: 2 });
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

const client = (over: Partial<ConstructorParameters<typeof QlikClient>[0]> = {}) =>
    new QlikClient({
        origin: emu.url,
        credentials: { apiKey: emu.apiKey },
        rateLimits: false,
        privateLimiter: true,
        ...over,
    });

describe("QlikClient against the emulator", () => {
    it("pages through more than 100 users by following every links.next", async () => {
        const events: RequestEvent[] = [];
        const users = await client({ onRequest: (e) => events.push(e) }).findUsers('status eq "active"');
        expect(users.length).toBeGreaterThan(250);
        expect(events.length).toBe(Math.ceil(users.length / 100));
    });

    it("finds a group whose name holds both kinds of quotes by listing, never by a filter holding them", async () => {
        const events: RequestEvent[] = [];
        await expect(
            client({ onRequest: (e) => events.push(e) }).resolveGroup({ groupName: QUOTED_GROUP_NAME }),
        ).resolves.toMatchObject({ name: QUOTED_GROUP_NAME });
        expect(emu.requests.filter((r) => r.path === "/api/v1/groups").map((r) => r.query.filter)).toEqual(
            events.map(() => undefined),
        );
    });

    it("a subject crafted to inject a filter condition matches no user", async () => {
        await expect(client().resolveUser({ subject: `x" or subject co "user` })).rejects.toMatchObject({
            code: "QLIK_INVALID_INPUT",
        });
    });

    it("resolves the documented user by subject, email and id, and /users/me to the key's owner", async () => {
        const c = client();
        const bySubject = await c.resolveUser({ subject: "user1234" });
        expect(bySubject.assignedRoles?.map((r) => r.name).sort()).toEqual([
            "AuditAdmin",
            "SharedSpaceCreator",
        ]);
        expect((await c.resolveUser({ userId: bySubject.id })).subject).toBe("user1234");
        expect((await c.resolveUser({ email: bySubject.email! })).id).toBe(bySubject.id);
        expect((await c.getMe()).id).toBe(emu.adminUserId);
    });

    it("an email shared by two users is refused with both ids", async () => {
        await expect(client().resolveUser({ email: "shared@example.com" })).rejects.toThrow(
            /2 users have email "shared@example.com".*name the user by userId/,
        );
    });

    it("replaces a group's roles with the documented body and reads them back", async () => {
        const c = client();
        const group = await c.resolveGroup({ groupName: "My Group" });
        const roles = [...group.assignedRoles!, { id: "x", name: "ManagedSpaceCreator" }];
        await expect(c.replaceGroupRoles(group.id, roles)).resolves.toBe(true);
        expect(emu.groupRoles("My Group")).toEqual([
            "AuditAdmin",
            "ManagedSpaceCreator",
            "SharedSpaceCreator",
        ]);
    });

    it("a non-admin key sees no assigned roles and gets a 403 on PATCH, explained", async () => {
        const c = client({ credentials: { apiKey: emu.nonAdminApiKey } });
        const user = await c.resolveUser({ subject: "user1234" });
        expect(user.assignedRoles).toBeUndefined();
        await expect(c.replaceUserRoles(user.id, [])).rejects.toThrow(
            /answered 403.*needs the TenantAdmin role/,
        );
    });

    it("a wrong key is a 401 whose message never contains the key", async () => {
        const err = await client({ credentials: { apiKey: "not-the-key-0123456789" } })
            .listRoles()
            .catch((e: Error) => e);
        expect(err).toMatchObject({ code: "QLIK_UNAUTHORIZED" });
        expect((err as Error).message).not.toContain("not-the-key-0123456789");
    });

    it("OAuth: a token is requested, renewed when it expires, and renewed again after revocation", async () => {
        const c = client({
            credentials: { clientId: emu.oauthClient.clientId, clientSecret: emu.oauthClient.clientSecret },
        });
        await c.listRoles();
        await new Promise((r) => setTimeout(r, 2100)); // the 2-second token expires
        await c.listRoles();
        emu.revokeTokens();
        await c.listRoles();
        const tokenRequests = emu.requests.filter((e) => e.path === "/oauth/token");
        expect(tokenRequests).toHaveLength(3);
        expect(JSON.stringify(emu.requests)).not.toContain(emu.oauthClient.clientSecret);
    });

    it("honours the emulator's 429 and retry-after under Qlik's tier limits (time-scaled)", async () => {
        const limited = await startEmulator({
            extraUsers: 0,
            extraGroups: 0,
            timeScale: 100,
            rateLimits: { tier1PerMinute: 4, tier2PerMinute: 1 },
        });
        try {
            const events: RequestEvent[] = [];
            const c = new QlikClient({
                origin: limited.url,
                credentials: { apiKey: limited.apiKey },
                rateLimits: false,
                onRequest: (e) => events.push(e),
            });
            // 20 reads in a window that allows 20 (4/min x 5 min): the 21st is refused until the window moves on.
            await Promise.all(Array.from({ length: 22 }, () => c.listRoles()));
            expect(events.filter((e) => e.status === 429).length).toBeGreaterThan(0);
            expect(events.filter((e) => e.status === 200)).toHaveLength(22);
        } finally {
            await limited.close();
        }
    });

    it("with the client-side throttle set to the tenant's limits, the same burst meets no 429", async () => {
        const limited = await startEmulator({
            extraUsers: 0,
            extraGroups: 0,
            timeScale: 100,
            rateLimits: { tier1PerMinute: 4, tier2PerMinute: 1 },
        });
        try {
            const events: RequestEvent[] = [];
            const c = new QlikClient({
                origin: limited.url,
                credentials: { apiKey: limited.apiKey },
                // The emulator at timeScale 100 allows 4/min x 5 min = 20 reads per 3-second window, i.e. 400 a minute.
                rateLimits: { readsPerMinute: 400, writesPerMinute: 100, windowMs: 3000 },
                privateLimiter: true,
                onRequest: (e) => events.push(e),
            });
            await Promise.all(Array.from({ length: 22 }, () => c.listRoles()));
            expect(events.filter((e) => e.status === 429)).toHaveLength(0);
            expect(events).toHaveLength(22);
        } finally {
            await limited.close();
        }
    });
});
