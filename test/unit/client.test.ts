import { MockAgent } from "undici";
import { QlikClient, eq, parseTenantUrl, type RequestEvent } from "../../provider/client";
import { isFilterSafe, longestSafeRun } from "../../provider/client/filter";
import { tokenLifetimeMs } from "../../provider/client/auth";
import { nextRetryDelay } from "../../provider/client/retry-policy";

const ORIGIN = "https://acme.eu.qlikcloud.com";
const API_KEY = "qlik-key-SECRET-0123456789abcdef";

function setup(options: { credentials?: ConstructorParameters<typeof QlikClient>[0]["credentials"] } = {}) {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const pool = agent.get(ORIGIN);
    const events: RequestEvent[] = [];
    const client = new QlikClient({
        origin: ORIGIN,
        credentials: options.credentials ?? { apiKey: API_KEY },
        dispatcher: agent,
        rateLimits: false,
        retry: { baseDelayMs: 1, maxDelayMs: 5 },
        onRequest: (e) => events.push(e),
    });
    return { agent, pool, client, events };
}

const json = { headers: { "content-type": "application/json" } };
const user = (id: string, subject: string, roles: string[] = []) => ({
    id,
    subject,
    name: subject,
    status: "active",
    assignedRoles: roles.map((name) => ({ id: `r-${name}`, name, type: "default", level: "user" })),
});

describe("QlikClient (unit, MockAgent)", () => {
    it("finds the documented user by subject with a safely quoted filter and sends the API key as Bearer", async () => {
        const { pool, client } = setup();
        pool.intercept({
            path: (p) =>
                p.startsWith("/api/v1/users?") &&
                new URL(p, ORIGIN).searchParams.get("filter") === 'subject eq "user1234"',
            method: "GET",
            headers: { authorization: `Bearer ${API_KEY}` },
        }).reply(
            200,
            {
                data: [user("637390ec6541614d3a88d6c1", "user1234", ["AuditAdmin", "SharedSpaceCreator"])],
                links: {},
            },
            json,
        );
        const found = await client.resolveUser({ subject: "user1234" });
        expect(found.id).toBe("637390ec6541614d3a88d6c1");
        expect(found.assignedRoles?.map((r) => r.name)).toEqual(["AuditAdmin", "SharedSpaceCreator"]);
    });

    it("never writes a quote or backslash into a filter, since Qlik documents no escaping rule", () => {
        expect(eq("subject", "user1234")).toBe(`subject eq "user1234"`);
        expect(() => eq("name", `Sales "EMEA" 'North'`)).toThrow(/cannot be written safely/);
        expect(() => eq("subject", `x" or subject co "`)).toThrow(/cannot be written safely/);
        expect(() => eq("subject", "foo\\12345")).toThrow(/cannot be written safely/);
        expect(isFilterSafe("foo\\12345")).toBe(false);
        expect(longestSafeRun("foo\\12345")).toBe("12345");
        expect(longestSafeRun(`qlikbot\\abc"d`)).toBe("qlikbot");
        expect(longestSafeRun(`\\"'`)).toBe("");
    });

    it("re-checks matches itself: a lenient server answer with another subject is not taken", async () => {
        const { pool, client } = setup();
        pool.intercept({ path: (p) => p.startsWith("/api/v1/users?"), method: "GET" }).reply(
            200,
            { data: [user("1", "USER1234")] },
            json,
        );
        await expect(client.resolveUser({ subject: "user1234" })).rejects.toMatchObject({
            code: "QLIK_INVALID_INPUT",
        });
    });

    it("picks the email that matches exactly, and says which input to change when only case-insensitive matches remain", async () => {
        const { pool, client } = setup();
        const twoEmails = {
            data: [
                { ...user("1", "a"), email: "x@y.com" },
                { ...user("2", "b"), email: "X@y.com" },
            ],
        };
        pool.intercept({ path: (p) => p.startsWith("/api/v1/users?"), method: "GET" })
            .reply(200, twoEmails, json)
            .times(2);
        await expect(client.resolveUser({ email: "X@y.com" })).resolves.toMatchObject({ id: "2" });
        await expect(client.resolveUser({ email: "x@Y.COM" })).rejects.toThrow(
            /2 users have email "x@Y.COM" \(ids 1, 2\); name the user by userId/,
        );
    });

    it("takes no deleted user for an email, and falls back to another case only for that email", async () => {
        const { pool, client } = setup();
        const candidates = {
            data: [
                { ...user("1", "a"), email: "x@y.com", status: "deleted" },
                { ...user("2", "b"), email: "x@y.com" },
                { ...user("3", "c"), email: "other@y.com" },
                { ...user("4", "d"), email: "Z@Y.COM" },
            ],
        };
        pool.intercept({ path: (p) => p.startsWith("/api/v1/users?"), method: "GET" })
            .reply(200, candidates, json)
            .times(2);
        await expect(client.resolveUser({ email: "x@y.com" })).resolves.toMatchObject({ id: "2" });
        await expect(client.resolveUser({ email: "z@y.com" })).resolves.toMatchObject({ id: "4" });
    });

    it("follows every links.next page (absolute URLs) against the configured origin only", async () => {
        const { pool, client, events } = setup();
        const all = Array.from({ length: 250 }, (_, i) => user(`u${i}`, `s${i}`));
        for (let page = 0; page < 3; page++) {
            const next =
                page < 2
                    ? { href: `https://evil.example.com/api/v1/users?limit=100&next=cursor${page + 1}` }
                    : undefined;
            pool.intercept({
                path: (p) => {
                    const q = new URL(p, ORIGIN).searchParams;
                    return page === 0
                        ? q.get("filter") === 'status eq "active"'
                        : q.get("next") === `cursor${page}`;
                },
                method: "GET",
            }).reply(
                200,
                {
                    data: all.slice(page * 100, page * 100 + 100),
                    links: { self: { href: "x" }, next, prev: { href: null } },
                },
                json,
            );
        }
        const users = await client.findUsers('status eq "active"');
        expect(users).toHaveLength(250);
        expect(events.map((e) => e.status)).toEqual([200, 200, 200]);
    });

    it("replaces assigned roles with one PATCH of the documented shape, roles by id, 204 meaning success", async () => {
        const { pool, client } = setup();
        let body: unknown;
        pool.intercept({ path: "/api/v1/users/u1", method: "PATCH" }).reply(204, (opts) => {
            body = JSON.parse(String(opts.body));
            return "";
        });
        await expect(
            client.replaceUserRoles("u1", [
                { id: "1", name: "AuditAdmin" },
                { id: "2", name: "SharedSpaceCreator" },
                { id: "3", name: "ManagedSpaceCreator" },
            ]),
        ).resolves.toBe(true);
        expect(body).toEqual([
            {
                op: "replace",
                path: "/assignedRoles",
                value: [{ id: "1" }, { id: "2" }, { id: "3" }],
            },
        ]);
    });

    it("treats 207 as a failure carrying Qlik's errors and traceId", async () => {
        const { pool, client } = setup();
        pool.intercept({ path: "/api/v1/users/u1", method: "PATCH" }).reply(
            207,
            {
                errors: [
                    { code: "USERS-12", title: "Partial failure", detail: "role X not applied", status: 400 },
                ],
                traceId: "abc123",
            },
            json,
        );
        const err = await client.replaceUserRoles("u1", [{ id: "1", name: "X" }]).catch((e) => e);
        expect(err.code).toBe("QLIK_PARTIAL_FAILURE");
        expect(err.message).toMatch(
            /PATCH \/api\/v1\/users\/u1 answered 207: USERS-12 Partial failure \(role X not applied\).*\[traceId abc123\]/,
        );
        expect(err.message).not.toMatch(/\n/);
    });

    it("returns false from a PATCH of a deleted user (404), so a delete can succeed", async () => {
        const { pool, client } = setup();
        pool.intercept({ path: "/api/v1/users/gone", method: "PATCH" }).reply(
            404,
            { errors: [{ code: "USERS-7", status: 404, title: "Not found" }], traceId: "t" },
            json,
        );
        await expect(client.replaceUserRoles("gone", [])).resolves.toBe(false);
    });

    it("waits retry-after on 429 and then succeeds", async () => {
        const { pool, client, events } = setup();
        pool.intercept({ path: "/api/v1/roles?limit=100", method: "GET" }).reply(
            429,
            {
                errors: [
                    {
                        code: "HTTP-429",
                        title: "API rate limit reached.",
                        detail: "You need to wait 1 seconds until limit is lifted.",
                    },
                ],
            },
            {
                headers: { "retry-after": "1", "content-type": "application/json" },
            },
        );
        pool.intercept({ path: "/api/v1/roles?limit=100", method: "GET" }).reply(
            200,
            { data: [{ id: "r1", name: "TenantAdmin" }] },
            json,
        );
        const t0 = Date.now();
        await expect(client.listRoles()).resolves.toHaveLength(1);
        expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
        expect(events.map((e) => e.status)).toEqual([429, 200]);
    });

    it("gives up on a 429 whose retry-after lies beyond the deadline, saying how long to wait", async () => {
        const agent = new MockAgent();
        agent.disableNetConnect();
        const client = new QlikClient({
            origin: ORIGIN,
            credentials: { apiKey: API_KEY },
            dispatcher: agent,
            rateLimits: false,
            retry: { deadlineMs: 5000 },
        });
        agent
            .get(ORIGIN)
            .intercept({ path: "/api/v1/roles?limit=100", method: "GET" })
            .reply(
                429,
                { errors: [{ code: "HTTP-429", title: "API rate limit reached." }] },
                { headers: { "retry-after": "60" } },
            );
        await expect(client.listRoles()).rejects.toThrow(
            /answered 429: HTTP-429 API rate limit reached\.: retry-after 60s.*: Qlik's rate limit was reached; wait and re-run, or lower qlik:writesPerMinute/,
        );
    });

    it("retries 5xx with backoff and then succeeds", async () => {
        const { pool, client, events } = setup();
        pool.intercept({ path: "/api/v1/roles?limit=100", method: "GET" }).reply(503, "unavailable");
        pool.intercept({ path: "/api/v1/roles?limit=100", method: "GET" }).reply(502, "bad gateway");
        pool.intercept({ path: "/api/v1/roles?limit=100", method: "GET" }).reply(200, { data: [] }, json);
        await expect(client.listRoles()).resolves.toEqual([]);
        expect(events.map((e) => e.status)).toEqual([503, 502, 200]);
    });

    it("time queued in the client-side throttle does not use up the retry deadline", async () => {
        const agent = new MockAgent();
        agent.disableNetConnect();
        const pool = agent.get(ORIGIN);
        const client = new QlikClient({
            origin: ORIGIN,
            credentials: { apiKey: API_KEY },
            dispatcher: agent,
            rateLimits: { readsPerMinute: 1000, writesPerMinute: 100, windowMs: 600 }, // 1 write per ~0.7 s
            privateLimiter: true,
            retry: { deadlineMs: 300, baseDelayMs: 1, maxDelayMs: 5 },
        });
        pool.intercept({ path: "/api/v1/users/a", method: "PATCH" }).reply(204, "");
        pool.intercept({ path: "/api/v1/users/b", method: "PATCH" }).reply(503, "");
        pool.intercept({ path: "/api/v1/users/b", method: "PATCH" }).reply(204, "");
        await client.replaceUserRoles("a", []);
        await expect(client.replaceUserRoles("b", [])).resolves.toBe(true); // waited ~0.7 s in the throttle, then retried the 503
    });

    it("stops retrying 5xx after maxAttempts with a message that counts the attempts", async () => {
        const { pool, client } = setup();
        pool.intercept({ path: "/api/v1/roles?limit=100", method: "GET" })
            .reply(500, { errors: [{ code: "HTTP-500", title: "Internal" }], traceId: "t1" }, json)
            .times(6);
        await expect(client.listRoles()).rejects.toThrow(
            /answered 500: HTTP-500 Internal.*gave up after 6 attempts/,
        );
    });

    it("does not retry a 401 for an API key and explains what to check, without the key", async () => {
        const { pool, client, events } = setup();
        pool.intercept({ path: "/api/v1/roles?limit=100", method: "GET" }).reply(
            401,
            { errors: [{ code: "HTTP-401", title: `Invalid token ${API_KEY}` }] },
            json,
        );
        const err = await client.listRoles().catch((e) => e);
        expect(err.code).toBe("QLIK_UNAUTHORIZED");
        expect(err.message).toMatch(/check the credential \(qlik:apiKey/);
        expect(err.message).not.toContain(API_KEY);
        expect(err.message).toContain("[redacted]");
        expect(events).toHaveLength(1);
    });

    it("explains a 403 as missing TenantAdmin", async () => {
        const { pool, client } = setup();
        pool.intercept({ path: "/api/v1/users/u1", method: "PATCH" }).reply(
            403,
            { errors: [{ code: "HTTP-403", title: "Forbidden" }] },
            json,
        );
        await expect(client.replaceUserRoles("u1", [])).rejects.toThrow(/needs the TenantAdmin role/);
    });

    it("gets an OAuth token once, renews it before expiry and once after a 401", async () => {
        let now = 1_000_000;
        const realNow = Date.now;
        const agent = new MockAgent();
        agent.disableNetConnect();
        const pool = agent.get(ORIGIN);
        const tokenBodies: unknown[] = [];
        let issued = 0;
        pool.intercept({ path: "/oauth/token", method: "POST" })
            .reply(
                200,
                (opts) => {
                    tokenBodies.push(JSON.parse(String(opts.body)));
                    issued++;
                    return { access_token: `tok${issued}`, token_type: "bearer", expires_in: 21600 };
                },
                json,
            )
            .persist();
        const seen: string[] = [];
        pool.intercept({ path: "/api/v1/roles?limit=100", method: "GET" })
            .reply((opts) => {
                const auth = String((opts.headers as Record<string, string>).authorization);
                seen.push(auth);
                return auth === "Bearer tok3" && seen.length === 4
                    ? { statusCode: 401, data: "" }
                    : { statusCode: 200, data: { data: [] } };
            })
            .persist();
        try {
            Date.now = () => now;
            const client = new QlikClient({
                origin: ORIGIN,
                credentials: { clientId: "cid", clientSecret: "very-secret-value" },
                dispatcher: agent,
                rateLimits: false,
            });
            await Promise.all([client.listRoles(), client.listRoles()]); // one token for both
            expect(issued).toBe(1);
            now += 21600_000 - 60_000; // inside the renewal margin
            await client.listRoles();
            expect(issued).toBe(2);
            now += 21600_000;
            await client.listRoles(); // tok3, then 401 -> tok4
            await client.listRoles();
            expect(issued).toBe(4);
            expect(seen.slice(-3)).toEqual(["Bearer tok3", "Bearer tok4", "Bearer tok4"]);
            expect(tokenBodies[0]).toEqual({
                client_id: "cid",
                client_secret: "very-secret-value",
                grant_type: "client_credentials",
                scope: "admin_classic",
            });
        } finally {
            Date.now = realNow;
        }
    });

    it("maps a connection reset to a retried network error", async () => {
        const { pool, client, events } = setup();
        pool.intercept({ path: "/api/v1/roles?limit=100", method: "GET" }).replyWithError(
            Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }),
        );
        pool.intercept({ path: "/api/v1/roles?limit=100", method: "GET" }).reply(200, { data: [] }, json);
        await expect(client.listRoles()).resolves.toEqual([]);
        expect(events[0]!.errorCode).toBe("QLIK_NETWORK_ERROR");
    });

    it("reports a body missing required fields as QLIK_INVALID_RESPONSE naming the field", async () => {
        const { pool, client } = setup();
        pool.intercept({ path: "/api/v1/users/u1", method: "GET" }).reply(200, { subject: "x" }, json);
        await expect(client.getUser("u1")).rejects.toThrow(
            /^GET \/api\/v1\/users\/u1: unexpected answer from Qlik: id:/,
        );
    });

    it("follows the 301 of /users/me to the caller's own user, asking by GET both times", async () => {
        const { pool, client, events } = setup();
        pool.intercept({ path: "/api/v1/users/me", method: "GET" }).reply(301, "", {
            headers: { location: `${ORIGIN}/api/v1/users/me-id` },
        });
        pool.intercept({ path: "/api/v1/users/me-id", method: "GET" }).reply(
            200,
            user("me-id", "admin"),
            json,
        );
        await expect(client.getMe()).resolves.toMatchObject({ id: "me-id" });
        expect(events.map((e) => `${e.method} ${e.path}`)).toEqual([
            "GET /api/v1/users/me",
            "GET /api/v1/users/me-id",
        ]);
    });

    it("lists the ids of several users with one email in order", async () => {
        const { pool, client } = setup();
        pool.intercept({ path: (p) => p.startsWith("/api/v1/users?"), method: "GET" }).reply(
            200,
            {
                data: [
                    { ...user("9", "b"), email: "x@y.com" },
                    { ...user("10", "a"), email: "x@y.com" },
                ],
            },
            json,
        );
        await expect(client.resolveUser({ email: "x@y.com" })).rejects.toThrow(/\(ids 10, 9\)/);
    });
});

const html = { headers: { "content-type": "text/html" } };
const nginxPage = (title: string) =>
    `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;

describe("QlikClient: answers are classified by status before their body is read", () => {
    it("an HTML 401 from a gateway keeps its status, is not retried, and says what to check in one line", async () => {
        const { pool, client, events } = setup();
        pool.intercept({ path: "/api/v1/roles?limit=100", method: "GET" }).reply(
            401,
            nginxPage("401 Authorization Required"),
            html,
        );
        const err = await client.listRoles().catch((e) => e);
        expect(err).toMatchObject({ code: "QLIK_UNAUTHORIZED", status: 401 });
        expect(err.message).toBe(
            'GET /api/v1/roles answered 401 with an HTML page "401 Authorization Required": check the credential (qlik:apiKey, or qlik:clientId and qlik:clientSecret) and that it belongs to this tenant',
        );
        expect(events).toHaveLength(1);
    });

    it("never shows a credential an HTML page echoes, not even a piece of it cut off by the excerpt", async () => {
        const { pool, client } = setup();
        const page = `<html><body><p>${"x".repeat(66)} Bearer ${API_KEY} was refused</p></body></html>`;
        pool.intercept({ path: "/api/v1/roles?limit=100", method: "GET" }).reply(401, page, html);
        const err = await client.listRoles().catch((e) => e);
        expect(err.message).toMatch(/answered 401 with an HTML page "x+ Bearer \[reda…"/);
        expect(err.message).not.toMatch(/qlik-key/);
    });

    it("an empty 403 keeps its status and code, and says the credential needs TenantAdmin", async () => {
        const { pool, client } = setup();
        pool.intercept({ path: "/api/v1/users/u1", method: "PATCH" }).reply(403, "");
        await expect(client.replaceUserRoles("u1", [])).rejects.toMatchObject({
            code: "QLIK_FORBIDDEN",
            status: 403,
            message:
                "PATCH /api/v1/users/u1 answered 403 with an empty body: the credential's user needs the TenantAdmin role (OAuth clients need scope admin_classic)",
        });
    });

    it("an HTML 502 page is retried, keeps its status, and ends in one line", async () => {
        const { pool, client, events } = setup();
        pool.intercept({ path: "/api/v1/roles?limit=100", method: "GET" })
            .reply(502, nginxPage("502 Bad Gateway"), html)
            .times(6);
        const err = await client.listRoles().catch((e) => e);
        expect(err).toMatchObject({ code: "QLIK_SERVER_ERROR", status: 502 });
        expect(err.message).toBe(
            'GET /api/v1/roles answered 502 with an HTML page "502 Bad Gateway": Qlik is failing; re-run later (gave up after 6 attempts)',
        );
        expect(events.map((e) => e.status)).toEqual([502, 502, 502, 502, 502, 502]);
    });

    it("only a 2xx that promised JSON and is not JSON is QLIK_INVALID_RESPONSE", async () => {
        const { pool, client } = setup();
        pool.intercept({ path: "/api/v1/roles?limit=100", method: "GET" })
            .reply(200, nginxPage("Welcome"), html)
            .times(6);
        await expect(client.listRoles()).rejects.toMatchObject({
            code: "QLIK_INVALID_RESPONSE",
            message: expect.stringMatching(/GET \/api\/v1\/roles: the answer is not valid JSON/),
        });
        // A write's success body is never parsed: whatever a gateway puts there cannot fail it.
        pool.intercept({ path: "/api/v1/users/u1", method: "PATCH" }).reply(200, "<html>ok</html>", html);
        await expect(client.replaceUserRoles("u1", [])).resolves.toBe(true);
    });

    it("follows the documented 301 of /users/me whose body is an HTML page", async () => {
        const { pool, client } = setup();
        pool.intercept({ path: "/api/v1/users/me", method: "GET" }).reply(
            301,
            nginxPage("301 Moved Permanently"),
            {
                headers: { "content-type": "text/html", location: `${ORIGIN}/api/v1/users/me-id` },
            },
        );
        pool.intercept({ path: "/api/v1/users/me-id", method: "GET" }).reply(
            200,
            user("me-id", "admin"),
            json,
        );
        await expect(client.getMe()).resolves.toMatchObject({ id: "me-id" });
    });

    it("a 207 with Qlik's errors body is a partial failure, never retried, in one line", async () => {
        const { pool, client, events } = setup();
        pool.intercept({ path: "/api/v1/users/u1", method: "PATCH" }).reply(
            207,
            {
                errors: [
                    {
                        code: "HTTP-500",
                        title: "Operation failed",
                        detail: "replace /assignedRoles could not be applied",
                        status: 500,
                        source: { pointer: "/0" },
                    },
                ],
                traceId: "7c2a",
            },
            json,
        );
        const err = await client.replaceUserRoles("u1", [{ id: "r1", name: "Steward" }]).catch((e) => e);
        expect(err).toMatchObject({ code: "QLIK_PARTIAL_FAILURE", status: 207, traceId: "7c2a" });
        expect(err.message).toBe(
            "PATCH /api/v1/users/u1 answered 207: HTTP-500 Operation failed (replace /assignedRoles could not be applied): Qlik reports the change as partially successful: part of it may have landed; re-run to converge [traceId 7c2a]",
        );
        expect(events).toHaveLength(1);
    });
});

describe("QlikClient: rate limits are waited out, not counted as failures", () => {
    it("429 answers do not use up the attempts for failures; the deadline alone bounds them", async () => {
        const agent = new MockAgent();
        agent.disableNetConnect();
        const pool = agent.get(ORIGIN);
        const events: RequestEvent[] = [];
        const client = new QlikClient({
            origin: ORIGIN,
            credentials: { apiKey: API_KEY },
            dispatcher: agent,
            rateLimits: false,
            retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5, deadlineMs: 5_000 },
            onRequest: (e) => events.push(e),
        });
        const limited = { headers: { "retry-after": "0", "content-type": "application/json" } };
        const busy = { errors: [{ code: "HTTP-429", title: "API rate limit reached." }] };
        const path = "/api/v1/users/u1";
        pool.intercept({ path, method: "PATCH" }).reply(429, busy, limited).times(4);
        pool.intercept({ path, method: "PATCH" }).reply(503, "");
        pool.intercept({ path, method: "PATCH" }).reply(429, busy, limited);
        pool.intercept({ path, method: "PATCH" }).reply(204, "");
        await expect(client.replaceUserRoles("u1", [])).resolves.toBe(true);
        expect(events.map((e) => e.status)).toEqual([429, 429, 429, 429, 503, 429, 204]);

        pool.intercept({ path, method: "PATCH" }).reply(503, "").times(2);
        pool.intercept({ path, method: "PATCH" }).reply(429, busy, limited);
        await expect(client.replaceUserRoles("u1", [])).rejects.toThrow(
            /answered 503 with an empty body.*gave up after 2 attempts\)$/,
        );
    });

    it("says how many of the attempts were rate-limited waits when it gives up", async () => {
        const { pool, client } = setup();
        const limited = { headers: { "retry-after": "0", "content-type": "application/json" } };
        pool.intercept({ path: "/api/v1/roles?limit=100", method: "GET" }).reply(429, {}, limited).times(2);
        pool.intercept({ path: "/api/v1/roles?limit=100", method: "GET" }).reply(500, "").times(6);
        await expect(client.listRoles()).rejects.toThrow(
            /answered 500 with an empty body: Qlik is failing; re-run later \(gave up after 8 attempts, 2 of them rate-limited waits\)/,
        );
    });
});

describe("nextRetryDelay", () => {
    const policy = { maxAttempts: 3, baseDelayMs: 250, maxDelayMs: 10_000, deadlineMs: 60_000 };
    const half = () => 0.5;
    it("bounds failures by tries and deadline, 429s by the deadline alone, and never spins on retry-after 0", () => {
        expect(nextRetryDelay(policy, 3, 0, { kind: "server", status: 503 }, half)).toBeUndefined();
        expect(nextRetryDelay(policy, 2, 0, { kind: "server", status: 503 }, half)).toBe(250);
        expect(nextRetryDelay(policy, 50, 0, { kind: "rate-limited", retryAfterMs: 2000 }, half)).toBe(2125);
        expect(
            nextRetryDelay(policy, 0, 59_000, { kind: "rate-limited", retryAfterMs: 2000 }, half),
        ).toBeUndefined();
        expect(nextRetryDelay(policy, 0, 0, { kind: "rate-limited", retryAfterMs: 0 }, half)).toBe(287);
        expect(nextRetryDelay(policy, 1, 0, { kind: "final" }, half)).toBeUndefined();
    });
});

describe("QlikClient: OAuth token answers", () => {
    function oauthSetup(tokenAnswer: () => { status: number; body: unknown }) {
        const agent = new MockAgent();
        agent.disableNetConnect();
        const pool = agent.get(ORIGIN);
        let issued = 0;
        pool.intercept({ path: "/oauth/token", method: "POST" })
            .reply(() => {
                issued++;
                const { status, body } = tokenAnswer();
                return { statusCode: status, data: JSON.stringify(body), responseOptions: json };
            })
            .persist();
        const client = new QlikClient({
            origin: ORIGIN,
            credentials: { clientId: "cid", clientSecret: "very-secret-value" },
            dispatcher: agent,
            rateLimits: false,
            retry: { baseDelayMs: 1, maxDelayMs: 5 },
        });
        return { pool, client, issued: () => issued };
    }

    it("reads the lifetime from expires_at when expires_in is absent (Qlik's API reference)", async () => {
        let now = 1_000_000;
        const realNow = Date.now;
        Date.now = () => now;
        try {
            const { pool, client, issued } = oauthSetup(() => ({
                status: 200,
                body: {
                    access_token: `tok`,
                    token_type: "bearer",
                    expires_at: new Date(now + 3_600_000).toISOString(),
                },
            }));
            pool.intercept({ path: "/api/v1/roles?limit=100", method: "GET" })
                .reply(200, { data: [] }, json)
                .persist();
            await client.listRoles();
            now += 3_000_000; // 50 min: still valid
            await client.listRoles();
            expect(issued()).toBe(1);
            now += 300_000; // 55 min: within the renewal margin of a 1-hour token
            await client.listRoles();
            expect(issued()).toBe(2);
        } finally {
            Date.now = realNow;
        }
    });

    it("a 401 that a fresh token does not cure fails after one renewal, without fetching tokens in a loop", async () => {
        let n = 0;
        const { pool, client, issued } = oauthSetup(() => ({
            status: 200,
            body: { access_token: `tok${n++}`, token_type: "bearer", expires_in: 3600 },
        }));
        let calls = 0;
        pool.intercept({ path: "/api/v1/roles?limit=100", method: "GET" })
            .reply(() => {
                calls++;
                return { statusCode: 401, data: "" };
            })
            .persist();
        await expect(client.listRoles()).rejects.toMatchObject({ code: "QLIK_UNAUTHORIZED", status: 401 });
        expect({ calls, issued: issued() }).toEqual({ calls: 2, issued: 2 });
    });

    it("accepts a token answer with neither expiry field, saying so in one line, and assumes a short lifetime", async () => {
        const lines: string[] = [];
        const spy = jest.spyOn(process.stderr, "write").mockImplementation((chunk) => {
            lines.push(String(chunk));
            return true;
        });
        try {
            const { pool, client, issued } = oauthSetup(() => ({
                status: 200,
                body: { access_token: "tok", token_type: "bearer" },
            }));
            pool.intercept({ path: "/api/v1/roles?limit=100", method: "GET" })
                .reply(200, { data: [] }, json)
                .persist();
            await client.listRoles();
            await client.listRoles();
            expect(issued()).toBe(1);
        } finally {
            spy.mockRestore();
        }
        expect(lines).toEqual([
            "qlik: POST /oauth/token answered a token without expires_in or expires_at; assuming it lives 30 minutes and renewing it early on a 401\n",
        ]);
        expect(tokenLifetimeMs({ access_token: "t" }, 0)).toBeUndefined();
        expect(tokenLifetimeMs({ access_token: "t", expires_at: 7200 }, 3_600_000)).toBe(3_600_000);
        // An expiry no clock can reach (a number too large for JSON, read as Infinity) or no date at all: none.
        expect(
            tokenLifetimeMs({ access_token: "t", expires_at: JSON.parse("1e400") as number }, 0),
        ).toBeUndefined();
        expect(tokenLifetimeMs({ access_token: "t", expires_at: "soon" }, 0)).toBeUndefined();
        // A clock skewed against Qlik's: an expiry already reached is no lifetime (renewing on every call would be).
        expect(tokenLifetimeMs({ access_token: "t", expires_at: 3600 }, 3_600_000)).toBeUndefined();
        expect(tokenLifetimeMs({ access_token: "t", expires_at: 1800 }, 3_600_000)).toBeUndefined();
    });

    it("explains Qlik's 403 from the token endpoint: a disabled user or too many tokens, not a missing role", async () => {
        const { client } = oauthSetup(() => ({
            status: 403,
            body: {
                errors: [
                    {
                        code: "HTTP-403",
                        title: "access_denied",
                        detail: "The user is disabled or has reached the maximum number of tokens",
                    },
                ],
            },
        }));
        const err = await client.listRoles().catch((e) => e);
        expect(err.code).toBe("QLIK_FORBIDDEN");
        expect(err.message).toBe(
            "POST /oauth/token answered 403: HTTP-403 access_denied (The user is disabled or has reached the maximum number of tokens): Qlik refused to issue a token: the OAuth client's user is disabled or has reached the maximum number of tokens; enable it or revoke unused tokens in the management console",
        );
        expect(err.message).not.toMatch(/TenantAdmin/);
    });
});

describe("parseTenantUrl", () => {
    it("accepts an https tenant and returns its origin", () => {
        expect(parseTenantUrl("https://acme.eu.qlikcloud.com/")).toBe("https://acme.eu.qlikcloud.com");
    });
    it("names the setting in its message: qlik:tenantUrl unless told another", () => {
        expect(() => parseTenantUrl("acme")).toThrow(
            'qlik:tenantUrl "acme" is not a URL; set it to https://<tenant>.<region>.qlikcloud.com',
        );
        expect(() => parseTenantUrl("acme", "--tenant")).toThrow(/^--tenant "acme" is not a URL/);
    });
    it("refuses plain http except for loopback hosts", () => {
        expect(() => parseTenantUrl("http://acme.eu.qlikcloud.com")).toThrow(/must use https:\/\//);
        expect(parseTenantUrl("http://127.0.0.1:8089")).toBe("http://127.0.0.1:8089");
        expect(parseTenantUrl("http://localhost:1")).toBe("http://localhost:1");
        expect(() => parseTenantUrl("ftp://localhost")).toThrow(/must use https:\/\//);
    });
    it("refuses a path, credentials or garbage", () => {
        expect(() => parseTenantUrl("https://acme.eu.qlikcloud.com/api/v1")).toThrow(/without a path/);
        expect(() => parseTenantUrl("https://u:p@acme.eu.qlikcloud.com")).toThrow(
            /without a path, query or credentials/,
        );
        expect(() => parseTenantUrl("not a url")).toThrow(/is not a URL/);
    });
});
