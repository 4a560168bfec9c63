/// <reference types="jest" />
// Tier rate limits: 429 with the documented body and a time-scaled retry-after.
import { DOCUMENTED, startEmulator, type TenantEmulator } from "./index";
import { RateLimiter } from "./rate-limit";
import { TRACE_ID, call, get, patchUser, replaceRoles } from "./test-http";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("rate limits over HTTP", () => {
    let emu: TenantEmulator;
    afterEach(() => emu.close());

    it("refuses the call past perMinute x 5 in the window with 429, the documented body and retry-after", async () => {
        emu = await startEmulator({ rateLimits: { tier1PerMinute: 2, tier2PerMinute: 1 }, timeScale: 60 });
        for (let i = 0; i < 10; i++) expect((await get(emu, "/api/v1/roles")).status).toBe(200);
        const res = await get(emu, "/api/v1/roles");
        expect(res.status).toBe(429);
        const seconds = Number(res.headers.get("retry-after"));
        expect(Number.isInteger(seconds)).toBe(true);
        expect(seconds).toBeGreaterThanOrEqual(1);
        expect(seconds).toBeLessThanOrEqual(5); // 5 minutes / 60
        expect(res.json).toEqual({
            errors: [
                {
                    code: "HTTP-429",
                    title: "API rate limit reached.",
                    detail: `You need to wait ${seconds} seconds until limit is lifted.`,
                },
            ],
            traceId: expect.stringMatching(TRACE_ID),
        });
        expect(emu.requests.at(-1)).toMatchObject({ status: 429, tier: 1 });
    });

    it("reports retry-after in unscaled seconds when timeScale is 1", async () => {
        emu = await startEmulator({ rateLimits: { tier1PerMinute: 1, tier2PerMinute: 1 } });
        for (let i = 0; i < 5; i++) await get(emu, "/api/v1/roles");
        const seconds = Number((await get(emu, "/api/v1/roles")).headers.get("retry-after"));
        expect(seconds).toBeGreaterThanOrEqual(299);
        expect(seconds).toBeLessThanOrEqual(300);
    });

    it("refuses every call of the blocked tier from that caller only, until the window ends", async () => {
        emu = await startEmulator({ rateLimits: { tier1PerMinute: 1, tier2PerMinute: 1 }, timeScale: 600 });
        for (let i = 0; i < 5; i++) await get(emu, "/api/v1/roles");
        expect((await get(emu, `/api/v1/users/${DOCUMENTED.userId}`)).status).toBe(429);
        // Tier 2 and other callers have their own budgets.
        expect((await patchUser(emu, DOCUMENTED.userId, replaceRoles(["Steward"]))).status).toBe(204);
        expect((await get(emu, "/api/v1/roles", { key: emu.nonAdminApiKey })).status).toBe(200);
        await sleep(600); // the 5-minute window lasts 500 ms at timeScale 600
        expect((await get(emu, "/api/v1/roles")).status).toBe(200);
    });

    it("counts PATCH against Tier 2", async () => {
        emu = await startEmulator({ rateLimits: { tier1PerMinute: 100, tier2PerMinute: 1 }, timeScale: 60 });
        for (let i = 0; i < 5; i++)
            expect((await patchUser(emu, DOCUMENTED.userId, replaceRoles(["Steward"]))).status).toBe(204);
        const res = await patchUser(emu, DOCUMENTED.userId, replaceRoles(["DataAdmin"]));
        expect(res.status).toBe(429);
        expect(emu.userRoles("user1234")).toEqual(["Steward"]);
        expect((await get(emu, "/api/v1/roles")).status).toBe(200);
    });

    it("rate-limits POST /oauth/token as Tier 2 per client", async () => {
        emu = await startEmulator({ rateLimits: { tier1PerMinute: 1, tier2PerMinute: 1 }, timeScale: 60 });
        const body = {
            client_id: emu.oauthClient.clientId,
            client_secret: emu.oauthClient.clientSecret,
            grant_type: "client_credentials",
        };
        for (let i = 0; i < 5; i++)
            expect((await call(emu, "POST", "/oauth/token", { key: null, body })).status).toBe(200);
        const res = await call(emu, "POST", "/oauth/token", { key: null, body });
        expect(res.status).toBe(429);
        expect(res.headers.get("retry-after")).toMatch(/^[1-5]$/);
    });

    it("never answers 429 when rate limits are disabled", async () => {
        emu = await startEmulator({ rateLimits: false });
        for (let i = 0; i < 30; i++) expect((await get(emu, "/api/v1/roles")).status).toBe(200);
    });

    it("forgets rate-limit counters on reset()", async () => {
        emu = await startEmulator({ rateLimits: { tier1PerMinute: 1, tier2PerMinute: 1 } });
        for (let i = 0; i < 5; i++) await get(emu, "/api/v1/roles");
        expect((await get(emu, "/api/v1/roles")).status).toBe(429);
        emu.reset();
        expect((await get(emu, "/api/v1/roles")).status).toBe(200);
    });
});

describe("the rate limiter", () => {
    it("opens a fresh window after the old one ends and rounds retry-after up to at least 1 s", () => {
        let now = 0;
        const limiter = new RateLimiter({ tier1PerMinute: 1, tier2PerMinute: 1, windowMs: 1500 }, () => now);
        for (let i = 0; i < 5; i++) expect(limiter.check("u", 1)).toEqual({ ok: true });
        expect(limiter.check("u", 1)).toEqual({ ok: false, retryAfterSeconds: 2 });
        now = 1400;
        expect(limiter.check("u", 1)).toEqual({ ok: false, retryAfterSeconds: 1 });
        now = 1500;
        expect(limiter.check("u", 1)).toEqual({ ok: true });
    });
});
