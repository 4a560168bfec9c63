/**
 * The client's answers when the connection, not Qlik, fails: no answer in time, a reset, a body cut off part-way,
 * an error no retry can cure, and a `retry-after` given as an HTTP date. Each is one line naming the request and
 * what to check; the ones a retry may cure are retried.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { MockAgent } from "undici";
import { QlikClient, type RequestEvent } from "../../provider/client";
import { isQlikError, type QlikError } from "../../provider/client/errors";
import { DEFAULT_RETRY_POLICY, parseRetryAfter } from "../../provider/client/retry-policy";
import { QlikHttp } from "../../provider/client/http";
import { ApiKeyAuthenticator } from "../../provider/client/auth";
import { QLIK_RATE_LIMITS, RateLimiter } from "../../provider/client/throttle";

const ORIGIN = "https://acme.eu.qlikcloud.com";
const json = { headers: { "content-type": "application/json" } };
const ROLES = "/api/v1/roles?limit=100";

function setup(maxAttempts: number) {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const events: RequestEvent[] = [];
    const client = new QlikClient({
        origin: ORIGIN,
        credentials: { apiKey: "k" },
        dispatcher: agent,
        rateLimits: false,
        requestTimeoutMs: 250,
        retry: { baseDelayMs: 1, maxDelayMs: 5, maxAttempts },
        onRequest: (e) => events.push(e),
    });
    return { pool: agent.get(ORIGIN), client, events };
}

const failure = (promise: Promise<unknown>) =>
    promise.then(
        () => {
            throw new Error("expected the call to fail");
        },
        (err: unknown) => err as QlikError,
    );

describe("the client's transport failures", () => {
    it("an answer that does not come in time is QLIK_TIMEOUT, naming the limit and the setting to raise", async () => {
        const { pool, client, events } = setup(1);
        pool.intercept({ path: ROLES, method: "GET" }).replyWithError(
            Object.assign(new Error("Headers Timeout Error"), { code: "UND_ERR_HEADERS_TIMEOUT" }),
        );
        const err = await failure(client.listRoles());
        expect(err.message).toBe(
            "GET /api/v1/roles: no answer within 250 ms; check the tenant URL and network, or raise qlik:requestTimeoutMs",
        );
        expect(err.code).toBe("QLIK_TIMEOUT");
        expect(err).toMatchObject({ method: "GET", path: "/api/v1/roles" });
        expect(events.map((e) => e.errorCode)).toEqual(["QLIK_TIMEOUT"]);
    });

    it("the request's own time limit (an aborted signal) is a timeout too, and retried", async () => {
        const { pool, client, events } = setup(2);
        pool.intercept({ path: ROLES, method: "GET" }).replyWithError(
            new DOMException("The operation was aborted due to timeout", "TimeoutError"),
        );
        pool.intercept({ path: ROLES, method: "GET" }).reply(200, { data: [] }, json);
        await expect(client.listRoles()).resolves.toEqual([]);
        expect(events.map((e) => e.errorCode)).toEqual(["QLIK_TIMEOUT", undefined]);
    });

    it("a refused connection named only in the error's cause is a network error, retried", async () => {
        const { pool, client, events } = setup(2);
        const refused = () => Object.assign(new Error(""), { cause: { code: "ECONNREFUSED" } });
        pool.intercept({ path: ROLES, method: "GET" }).replyWithError(refused());
        pool.intercept({ path: ROLES, method: "GET" }).replyWithError(refused());
        const err = await failure(client.listRoles());
        expect(err.message).toBe(
            "GET /api/v1/roles: network error ECONNREFUSED; check qlik:tenantUrl and connectivity (gave up after 2 attempts)",
        );
        expect(err).toMatchObject({ method: "GET", path: "/api/v1/roles" });
        expect(events.map((e) => e.errorCode)).toEqual(["QLIK_NETWORK_ERROR", "QLIK_NETWORK_ERROR"]);
    });

    it("an error no retry can cure fails at once, with its message and the request", async () => {
        const { pool, client, events } = setup(3);
        pool.intercept({ path: ROLES, method: "GET" }).replyWithError(new Error("invalid header value"));
        const err = await failure(client.listRoles());
        expect(err.message).toBe("GET /api/v1/roles: request failed: invalid header value");
        expect(isQlikError(err, "QLIK_NETWORK_ERROR")).toBe(true);
        expect(err).toMatchObject({ method: "GET", path: "/api/v1/roles" });
        expect(events).toHaveLength(1);
    });
});

describe("a response body cut off part-way", () => {
    let server: Server;
    let origin: string;
    let cutOff = 0;
    beforeAll(async () => {
        server = createServer((_req, res) => {
            const body = JSON.stringify({ data: [] });
            res.writeHead(200, {
                "content-type": "application/json",
                "content-length": String(body.length + 50),
            });
            if (cutOff > 0) {
                cutOff--;
                res.write(body.slice(0, 5));
                setTimeout(() => res.socket?.destroy(), 10);
            } else {
                res.end(body + " ".repeat(50));
            }
        });
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    const client = (maxAttempts: number, events: RequestEvent[]) =>
        new QlikClient({
            origin,
            credentials: { apiKey: "k" },
            rateLimits: false,
            retry: { baseDelayMs: 1, maxDelayMs: 5, maxAttempts },
            onRequest: (e) => events.push(e),
        });

    it("is a network error that says the body was cut off, and is retried", async () => {
        const events: RequestEvent[] = [];
        cutOff = 1;
        await expect(client(2, events).listRoles()).resolves.toEqual([]);
        expect(events.map((e) => [e.status, e.errorCode])).toEqual([
            [200, "QLIK_NETWORK_ERROR"],
            [200, undefined],
        ]);
        cutOff = 1;
        const err = await failure(client(1, []).listRoles());
        expect(err.message).toBe(
            "GET /api/v1/roles: network error ECONNRESET (the response body was cut off); check qlik:tenantUrl and connectivity",
        );
    });
});

describe("retry-after", () => {
    const now = Date.parse("2026-11-27T10:00:00Z");
    it("reads an HTTP date as the time left until it, never less than nothing", () => {
        expect(parseRetryAfter("Fri, 27 Nov 2026 10:00:30 GMT", now)).toBe(30_000);
        expect(parseRetryAfter("Fri, 27 Nov 2026 09:59:30 GMT", now)).toBe(0);
    });
    it("falls back when the value is neither seconds nor a date", () => {
        expect(parseRetryAfter("soon", now, 1234)).toBe(1234);
        expect(parseRetryAfter("-5", now, 1234)).toBe(1234);
        // Empty or blank is no value, not "0 seconds".
        expect(parseRetryAfter("", now, 1234)).toBe(1234);
        expect(parseRetryAfter("  ", now, 1234)).toBe(1234);
    });
});

describe("waiting between attempts", () => {
    function httpWithLimiter() {
        const agent = new MockAgent();
        agent.disableNetConnect();
        const sleeps: number[] = [];
        const http = new QlikHttp({
            origin: ORIGIN,
            auth: new ApiKeyAuthenticator("k"),
            retry: { ...DEFAULT_RETRY_POLICY, baseDelayMs: 40, maxDelayMs: 40 },
            limiter: new RateLimiter(QLIK_RATE_LIMITS),
            dispatcher: agent,
            sleep: async (ms) => void sleeps.push(ms),
            random: () => 0.5,
        });
        return { pool: agent.get(ORIGIN), http, sleeps };
    }

    it("a server failure is retried after the back-off, also when a rate limiter is in use", async () => {
        const { pool, http, sleeps } = httpWithLimiter();
        pool.intercept({ path: ROLES, method: "GET" }).reply(503, "");
        pool.intercept({ path: ROLES, method: "GET" }).reply(200, { data: [] }, json);
        await http.send("GET", ROLES, { tier: 1 });
        expect(sleeps).toHaveLength(1);
        expect(sleeps[0]).toBeGreaterThan(0);
    });

    it("a 429 is waited out in the rate limiter, not slept a second time", async () => {
        const { pool, http, sleeps } = httpWithLimiter();
        pool.intercept({ path: ROLES, method: "GET" }).reply(429, "", { headers: { "retry-after": "0" } });
        pool.intercept({ path: ROLES, method: "GET" }).reply(200, { data: [] }, json);
        await http.send("GET", ROLES, { tier: 1 });
        expect(sleeps).toEqual([]);
    });

    it("a failure no retry can cure on the first attempt says nothing of giving up", async () => {
        const { pool, http } = httpWithLimiter();
        pool.intercept({ path: ROLES, method: "GET" }).reply(
            400,
            { errors: [{ code: "X", title: "bad" }] },
            json,
        );
        const err = await failure(http.send("GET", ROLES, { tier: 1 }));
        expect(err.message).not.toMatch(/gave up/);
        expect(err.message).toMatch(/^GET \/api\/v1\/roles answered 400/);
    });

    it("a failure no retry can cure after a retried one says nothing of giving up either", async () => {
        const { pool, http } = httpWithLimiter();
        pool.intercept({ path: ROLES, method: "GET" }).reply(503, "");
        pool.intercept({ path: ROLES, method: "GET" }).reply(
            400,
            { errors: [{ code: "X", title: "bad" }] },
            json,
        );
        const err = await failure(http.send("GET", ROLES, { tier: 1 }));
        expect(err.message).toMatch(/^GET \/api\/v1\/roles answered 400/);
        expect(err.message).not.toMatch(/gave up/);
    });
});
