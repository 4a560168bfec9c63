/// <reference types="jest" />
// API keys, OAuth client credentials, /users/me, and the TenantAdmin rules.
import { DOCUMENTED, startEmulator, type TenantEmulator } from "./index";
import { TRACE_ID, call, get, patchUser, replaceRoles } from "./test-http";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("authentication and permissions", () => {
    let emu: TenantEmulator;
    beforeAll(async () => {
        emu = await startEmulator({ tokenLifetimeSeconds: 0.4 });
    });
    afterAll(() => emu.close());
    beforeEach(() => emu.reset());

    const token = async (body: Record<string, unknown>) =>
        call(emu, "POST", "/oauth/token", { key: null, body });
    const adminToken = async () =>
        (
            await token({
                client_id: emu.oauthClient.clientId,
                client_secret: emu.oauthClient.clientSecret,
                grant_type: "client_credentials",
                scope: "admin_classic",
            })
        ).json.access_token as string;

    it("answers a missing, unknown or non-Bearer credential with 401 and a Qlik error body", async () => {
        for (const opts of [
            { key: null },
            { key: "not-a-key" },
            { key: null, headers: { authorization: `Basic ${emu.apiKey}` } },
        ]) {
            const res = await get(emu, "/api/v1/users", opts);
            expect(res.status).toBe(401);
            expect(res.json).toEqual({
                errors: [expect.objectContaining({ code: "HTTP-401", title: "Unauthorized", status: 401 })],
                traceId: expect.stringMatching(TRACE_ID),
            });
        }
    });

    it("accepts the bearer scheme in any case", async () => {
        expect(
            (
                await get(emu, "/api/v1/roles", {
                    key: null,
                    headers: { authorization: `bearer ${emu.apiKey}` },
                })
            ).status,
        ).toBe(200);
    });

    it("lets a non-admin read users and groups without assignedRoles, and refuses its PATCH with 403", async () => {
        const users = await get(emu, "/api/v1/users", {
            key: emu.nonAdminApiKey,
            query: { filter: "subject eq 'user1234'" },
        });
        expect(users.status).toBe(200);
        expect(users.json.data[0]).not.toHaveProperty("assignedRoles");
        expect(users.json.data[0].assignedGroups[0]).toEqual({ id: DOCUMENTED.groupId, name: "My Group" });
        const group = await get(emu, `/api/v1/groups/${DOCUMENTED.groupId}`, { key: emu.nonAdminApiKey });
        expect(group.json).not.toHaveProperty("assignedRoles");
        expect((await get(emu, "/api/v1/roles", { key: emu.nonAdminApiKey })).status).toBe(200);

        const before = emu.snapshot();
        const res = await patchUser(emu, DOCUMENTED.userId, replaceRoles(["TenantAdmin"]), {
            key: emu.nonAdminApiKey,
        });
        expect(res.status).toBe(403);
        expect(res.json.errors[0]).toMatchObject({
            code: "HTTP-403",
            title: "Forbidden",
            detail: expect.stringMatching(/TenantAdmin/),
        });
        expect(emu.snapshot()).toEqual(before);
    });

    it("refuses an admin removing TenantAdmin from themselves with 403, and allows removing it from another admin", async () => {
        const self = await patchUser(emu, emu.adminUserId, replaceRoles(["AuditAdmin"]));
        expect(self.status).toBe(403);
        expect(self.json.errors[0].detail).toMatch(/yourself/);
        expect(emu.userRoles(emu.adminUserId)).toEqual(["TenantAdmin"]);
        expect(
            (await patchUser(emu, emu.adminUserId, replaceRoles(["TenantAdmin", "AuditAdmin"]))).status,
        ).toBe(204);

        const bot = `qlikbot\\${emu.oauthClient.clientId}`;
        const botId = (
            await get(emu, "/api/v1/users", { query: { filter: `subject eq ${JSON.stringify(bot)}` } })
        ).json.data[0].id;
        expect((await patchUser(emu, botId, replaceRoles([]))).status).toBe(204);
        expect(emu.userRoles(bot)).toEqual([]);
    });

    it("takes effect at once when a caller loses TenantAdmin", async () => {
        emu.setUserRoles(emu.adminUserId, ["AuditAdmin"]);
        expect((await patchUser(emu, DOCUMENTED.userId, replaceRoles(["Steward"]))).status).toBe(403);
        expect((await get(emu, "/api/v1/users/me", {})).status).toBe(301);
    });

    it("rejects the API key of a deleted user with 401", async () => {
        emu.deleteUser("viewer@example.com");
        expect((await get(emu, "/api/v1/roles", { key: emu.nonAdminApiKey })).status).toBe(401);
    });

    it("redirects /users/me with 301 to the caller's own user resource, as an absolute URL", async () => {
        const res = await get(emu, "/api/v1/users/me");
        expect(res.status).toBe(301);
        expect(res.headers.get("location")).toBe(`${emu.url}/api/v1/users/${emu.adminUserId}`);
        const me = await get(emu, res.headers.get("location")!);
        expect(me.json).toMatchObject({ id: emu.adminUserId, subject: "admin@example.com" });
        expect((await get(emu, "/api/v1/users/me", { key: null })).status).toBe(401);
        expect((await call(emu, "PATCH", "/api/v1/users/me", { body: replaceRoles([]) })).status).toBe(405);
    });

    it("issues an OAuth token with the documented shape for client credentials", async () => {
        const res = await token({
            client_id: emu.oauthClient.clientId,
            client_secret: emu.oauthClient.clientSecret,
            grant_type: "client_credentials",
            scope: "admin_classic",
        });
        expect(res.status).toBe(200);
        expect(res.json).toEqual({
            access_token: expect.any(String),
            token_type: "bearer",
            expires_in: 1,
            expires_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        });
        expect(res.headers.get("cache-control")).toBe("no-store");
    });

    it("lets an admin_classic token act as the bot user qlikbot\\<clientId>, including role writes", async () => {
        const t = await adminToken();
        const me = await get(emu, "/api/v1/users/me", { key: t });
        const bot = await get(emu, me.headers.get("location")!, { key: t });
        expect(bot.json.subject).toBe(`qlikbot\\${emu.oauthClient.clientId}`);
        expect((await patchUser(emu, DOCUMENTED.userId, replaceRoles(["Steward"]), { key: t })).status).toBe(
            204,
        );
    });

    it("lets a token without scope (user_default) read roles but refuses its PATCH with 403", async () => {
        const res = await token({
            client_id: emu.oauthClient.clientId,
            client_secret: emu.oauthClient.clientSecret,
            grant_type: "client_credentials",
        });
        const t = res.json.access_token;
        const user = await get(emu, `/api/v1/users/${DOCUMENTED.userId}`, { key: t });
        expect(user.json.assignedRoles).toHaveLength(2);
        const patch = await patchUser(emu, DOCUMENTED.userId, replaceRoles(["Steward"]), { key: t });
        expect(patch.status).toBe(403);
        expect(patch.json.errors[0].detail).toMatch(/admin_classic/);
    });

    it("accepts a form-encoded token request as RFC 6749 describes", async () => {
        const body = new URLSearchParams({
            client_id: emu.oauthClient.clientId,
            client_secret: emu.oauthClient.clientSecret,
            grant_type: "client_credentials",
            scope: "admin_classic",
        }).toString();
        const res = await call(emu, "POST", "/oauth/token", {
            key: null,
            rawBody: body,
            contentType: "application/x-www-form-urlencoded",
        });
        expect(res.status).toBe(200);
    });

    it("answers a wrong secret with 401 invalid_client and a bad grant or scope with 400", async () => {
        const base = {
            client_id: emu.oauthClient.clientId,
            client_secret: emu.oauthClient.clientSecret,
            grant_type: "client_credentials",
        };
        const wrong = await token({ ...base, client_secret: "nope" });
        expect(wrong.status).toBe(401);
        expect(wrong.json).toMatchObject({
            error: "invalid_client",
            errors: [{ status: 401 }],
            traceId: expect.stringMatching(TRACE_ID),
        });
        expect((await token({ ...base, client_id: "unknown" })).status).toBe(401);
        expect((await token({ ...base, grant_type: "password" })).json.error).toBe("unsupported_grant_type");
        expect((await token({ ...base, grant_type: undefined })).json.error).toBe("invalid_request");
        expect((await token({ ...base, scope: "everything" })).json.error).toBe("invalid_scope");
        expect(
            (await call(emu, "POST", "/oauth/token", { key: null, rawBody: "x", contentType: "text/plain" }))
                .status,
        ).toBe(400);
        expect((await call(emu, "GET", "/oauth/token", { key: null })).status).toBe(405);
    });

    it("refuses an expired token with 401", async () => {
        const t = await adminToken();
        expect((await get(emu, "/api/v1/roles", { key: t })).status).toBe(200);
        await sleep(500);
        const res = await get(emu, "/api/v1/roles", { key: t });
        expect(res.status).toBe(401);
        expect(res.json.errors[0].detail).toMatch(/expired/);
    });

    it("refuses every issued token with 401 after revokeTokens(), while API keys keep working", async () => {
        const t = await adminToken();
        emu.revokeTokens();
        expect((await get(emu, "/api/v1/roles", { key: t })).status).toBe(401);
        expect((await get(emu, "/api/v1/roles")).status).toBe(200);
        expect((await get(emu, "/api/v1/roles", { key: await adminToken() })).status).toBe(200);
    });

    it("never records an API key, a client secret, an access token or the Authorization header in the request log", async () => {
        const t = await adminToken();
        await get(emu, "/api/v1/roles", { key: t });
        await get(emu, "/api/v1/roles", { key: emu.nonAdminApiKey });
        await call(emu, "POST", "/oauth/token?client_secret=leak", {
            key: null,
            body: { client_secret: emu.oauthClient.clientSecret },
        });
        const log = JSON.stringify(emu.requests);
        for (const secret of [
            emu.apiKey,
            emu.nonAdminApiKey,
            emu.oauthClient.clientSecret,
            t,
            "leak",
            "Bearer",
        ]) {
            expect(log).not.toContain(secret);
        }
        const tokenEntry = emu.requests.find((r) => r.path === "/oauth/token")!;
        expect(tokenEntry.body).toMatchObject({
            client_id: emu.oauthClient.clientId,
            client_secret: "[REDACTED]",
        });
        expect(tokenEntry).toMatchObject({ tier: 2, status: 200 });
        expect(tokenEntry.caller).not.toBe("anonymous");
    });
});
