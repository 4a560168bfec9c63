/**
 * The Qlik client against the tenant emulator: real sockets, real paging, real rate limits.
 */
import { startEmulator, QUOTED_GROUP_NAME, type EmulatorOptions, type TenantEmulator } from "../../emulator";
import { QlikClient, type ClientSettings, type RequestEvent } from "../../provider/client";

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

    it("a subject in the wrong case names the tenant's spelling; a missing userId is told to check the id", async () => {
        await expect(client().resolveUser({ subject: "User1234" })).rejects.toThrow(
            'no user with subject "User1234" exists in the tenant; subjects match exactly, and the tenant has "user1234": use that spelling or the userId',
        );
        await expect(client().resolveUser({ subject: "nobody-at-all" })).rejects.toThrow(
            'no user with subject "nobody-at-all" exists in the tenant; check the value or name the user by userId',
        );
        await expect(client().resolveUser({ userId: "000000000000000000000000" })).rejects.toThrow(
            'no user with userId "000000000000000000000000" exists in the tenant; check the id, or name the user by subject or email',
        );
    });

    it("an email shared by two users is refused with both ids", async () => {
        await expect(client().resolveUser({ email: "shared@example.com" })).rejects.toThrow(
            /2 users have email "shared@example.com".*name the user by userId/,
        );
    });

    it("replaces a group's roles with the documented body and reads them back", async () => {
        const c = client();
        const group = await c.resolveGroup({ groupName: "My Group" });
        const managed = (await c.listRoles()).find((r) => r.name === "ManagedSpaceCreator")!;
        const roles = [...group.assignedRoles!, { id: managed.id, name: managed.name }];
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

/** A small emulator with one documented variant switched on, closed after the test. */
async function withVariant<T>(
    opts: EmulatorOptions,
    body: (emu: TenantEmulator, c: (over?: Partial<ClientSettings>) => QlikClient) => Promise<T>,
): Promise<T> {
    const v = await startEmulator({ extraUsers: 0, extraGroups: 0, ...opts });
    try {
        return await body(
            v,
            (over = {}) =>
                new QlikClient({
                    origin: v.url,
                    credentials: { apiKey: v.apiKey },
                    rateLimits: false,
                    privateLimiter: true,
                    retry: { baseDelayMs: 1, maxDelayMs: 5 },
                    ...over,
                }),
        );
    } finally {
        await v.close();
    }
}

const oauth = (v: TenantEmulator) => ({
    credentials: { clientId: v.oauthClient.clientId, clientSecret: v.oauthClient.clientSecret },
});

describe("QlikClient against every documented variant of an answer", () => {
    it("follows /users/me's 301 whether its body is empty or the documented HTML page", async () => {
        for (const meRedirect of ["bodiless", "html"] as const) {
            await withVariant({ variants: { meRedirect } }, async (v, c) => {
                expect((await c().getMe()).id).toBe(v.adminUserId);
                expect(v.requests.map((r) => r.status)).toEqual([301, 200]);
            });
        }
    });

    it.each(["both", "expires_at", "expires_in", "neither"] as const)(
        "OAuth works with token expiry fields: %s, one token for many requests",
        async (tokenExpiry) => {
            const spy = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
            try {
                await withVariant({ variants: { tokenExpiry } }, async (v, c) => {
                    const client = c(oauth(v));
                    await Promise.all([client.listRoles(), client.getMe(), client.listRoles()]);
                    await client.listRoles();
                    expect(v.requests.filter((r) => r.path === "/oauth/token")).toHaveLength(1);
                    v.revokeTokens(); // refresh on 401, whatever the answer said about expiry
                    await client.listRoles();
                    expect(v.requests.filter((r) => r.path === "/oauth/token")).toHaveLength(2);
                });
            } finally {
                spy.mockRestore();
            }
        },
    );

    it("two clients in one process share one OAuth token", async () => {
        await withVariant({ variants: { maxTokensPerClient: 1 } }, async (v) => {
            const shared = () => new QlikClient({ origin: v.url, ...oauth(v), rateLimits: false });
            await shared().listRoles();
            await shared().listRoles();
            expect(v.requests.filter((r) => r.path === "/oauth/token")).toHaveLength(1);
        });
    });

    it("explains the token endpoint's 403 (disabled user or too many tokens)", async () => {
        await withVariant({ variants: { maxTokensPerClient: 1 } }, async (v, c) => {
            await c(oauth(v)).listRoles(); // holds the one token allowed
            // Another provider process (a concurrent `pulumi up`) asks for a token of its own.
            delete (globalThis as Record<symbol, unknown>)[Symbol.for("pulumi-qlik-roles.oauth-tokens")];
            await expect(c(oauth(v)).listRoles()).rejects.toThrow(
                /^POST \/oauth\/token answered 403: .*the OAuth client's user is disabled or has reached the maximum number of tokens/,
            );
        });
    });

    describe.each(["unescape", "literal"] as const)("filter values read with %s", (filterValues) => {
        it.each([
            ["Qlik's example subject", "foo\\12345"],
            ["a bot user", "qlikbot\\0123456789abcdef"],
            ["quotes of both kinds", `o'brien "the" one`],
            ["nothing safe at all", `\\'"`],
        ])("finds a user by a subject with %s, and only that user", async (_, subject) => {
            await withVariant({ variants: { filterValues } }, async (v, c) => {
                const { id } = v.addUser({ subject });
                v.addUser({ subject: subject.toUpperCase() + "x" });
                v.addUser({ subject: `${subject}2` });
                expect((await c().resolveUser({ subject })).id).toBe(id);
                // Never a quote or backslash inside a filter: Qlik documents no rule for reading them.
                for (const r of v.requests.filter((r) => r.query.filter !== undefined))
                    expect(r.query.filter).toMatch(/^subject (eq|co) "[^"'\\]+"$/);
            });
        });

        it("finds a group whose name holds a backslash and quotes by listing", async () => {
            await withVariant({ variants: { filterValues } }, async (v, c) => {
                const { id } = v.addGroup({ name: `EMEA\\Sales "north"` });
                v.addGroup({ name: `EMEA\\Sales "North"` });
                expect((await c().resolveGroup({ groupName: `EMEA\\Sales "north"` })).id).toBe(id);
                expect(v.requests.every((r) => r.query.filter === undefined)).toBe(true);
            });
        });
    });

    describe.each(["insensitive", "exact"] as const)("eq compared %s", (filterCase) => {
        it("picks the subject, email and group name that match exactly, and refuses where two remain", async () => {
            await withVariant({ variants: { filterCase } }, async (v, c) => {
                const lower = v.addUser({ subject: "user5678", email: "pat@example.com" });
                const upper = v.addUser({ subject: "User5678", email: "Pat@example.com" });
                const group = v.addGroup({ name: "analysts" });
                v.addGroup({ name: "Analysts" });
                const client = c();
                expect((await client.resolveUser({ subject: "user5678" })).id).toBe(lower.id);
                expect((await client.resolveUser({ subject: "User5678" })).id).toBe(upper.id);
                expect((await client.resolveUser({ email: "Pat@example.com" })).id).toBe(upper.id);
                expect((await client.resolveGroup({ groupName: "analysts" })).id).toBe(group.id);
                await expect(client.resolveUser({ subject: "USER5678" })).rejects.toThrow(
                    filterCase === "insensitive"
                        ? 'no user with subject "USER5678" exists in the tenant; subjects match exactly, and the tenant has "User5678", "user5678": use that spelling or the userId'
                        : 'no user with subject "USER5678" exists in the tenant; check the value or name the user by userId',
                );
                if (filterCase === "insensitive") {
                    const ids = [lower.id, upper.id].sort().join(", ");
                    await expect(client.resolveUser({ email: "PAT@example.com" })).rejects.toThrow(
                        `2 users have email "PAT@example.com" (ids ${ids}); name the user by userId instead`,
                    );
                    await expect(client.resolveGroup({ groupName: "ANALYSTS" })).rejects.toThrow(
                        'no group with groupName "ANALYSTS" exists in the tenant; names match exactly, and the tenant has "Analysts", "analysts": use that spelling or the groupId',
                    );
                }
            });
        });
    });

    it("a non-admin sees its own roles, not other users'", async () => {
        await withVariant({}, async (v, c) => {
            const client = c({ credentials: { apiKey: v.nonAdminApiKey } });
            expect((await client.getMe()).assignedRoles?.map((r) => r.name)).toEqual(["SharedSpaceCreator"]);
            expect((await client.resolveUser({ subject: "user1234" })).assignedRoles).toBeUndefined();
        });
    });

    it("a gateway's HTML 401 and HTML 502 keep their status in one line", async () => {
        await withVariant({}, async (v, c) => {
            v.faults.inject({ kind: "status", status: 401, body: "html", times: 1 });
            await expect(c().listRoles()).rejects.toMatchObject({
                code: "QLIK_UNAUTHORIZED",
                message: expect.stringMatching(
                    /^GET \/api\/v1\/roles answered 401 with an HTML page "401 Unauthorized": check the credential/,
                ),
            });
            v.faults.inject({ kind: "status", status: 502, body: "html" });
            await expect(c({ retry: { maxAttempts: 2, baseDelayMs: 1 } }).listRoles()).rejects.toThrow(
                'GET /api/v1/roles answered 502 with an HTML page "502 Bad gateway": Qlik is failing; re-run later (gave up after 2 attempts)',
            );
        });
    });

    it("stays correct and quiet under a tenant-wide limit that others use up, with its own throttle right", async () => {
        await withVariant(
            { timeScale: 100, tenantRateLimits: { tier1PerMinute: 4, tier2PerMinute: 1 } },
            async (v, c) => {
                const events: RequestEvent[] = [];
                const client = c({
                    // Our own allowance is the per-user limit; the tenant's is the same size but shared.
                    rateLimits: { readsPerMinute: 1000, writesPerMinute: 100, windowMs: 3000 },
                    onRequest: (e) => events.push(e),
                });
                const other = c({ credentials: { apiKey: v.nonAdminApiKey } });
                await Promise.all(Array.from({ length: 15 }, () => other.listRoles()));
                await Promise.all(Array.from({ length: 10 }, () => client.listRoles()));
                expect(events.filter((e) => e.status === 429).length).toBeGreaterThan(0);
                expect(events.filter((e) => e.status === 200)).toHaveLength(10);
            },
        );
    });
});
