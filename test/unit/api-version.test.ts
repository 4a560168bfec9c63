/**
 * Qlik's quarterly API versions: every request names the release the client was built against, and a deprecation
 * or sunset that Qlik announces in a response header becomes one warning per run, naming the request and what to
 * do, never a credential.
 */
import { MockAgent } from "undici";
import { DeprecationNotice, QLIK_API_VERSION, QlikClient } from "../../provider/client";

const ORIGIN = "https://acme.eu.qlikcloud.com";
const json = { headers: { "content-type": "application/json" } };
const ROLES = "/api/v1/roles?limit=100";

function setup(
    credentials: { apiKey: string } | { clientId: string; clientSecret: string } = { apiKey: "key-123456" },
) {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const lines: string[] = [];
    const client = new QlikClient({
        origin: ORIGIN,
        credentials,
        dispatcher: agent,
        rateLimits: false,
        retry: { baseDelayMs: 1, maxDelayMs: 5, maxAttempts: 2 },
        deprecation: new DeprecationNotice((line) => lines.push(line)),
    });
    return { pool: agent.get(ORIGIN), client, lines };
}

describe("the qlik-api-version header", () => {
    it("is the release the client was built against, in Qlik's YYYY-MM form", () => {
        expect(QLIK_API_VERSION).toMatch(/^\d{4}-(02|05|08|11)$/);
    });

    it("is sent on every request, the token request included", async () => {
        const { pool, client } = setup({ clientId: "c", clientSecret: "s" });
        const versioned = { "qlik-api-version": QLIK_API_VERSION };
        pool.intercept({ path: "/oauth/token", method: "POST", headers: versioned }).reply(
            200,
            { access_token: "t", token_type: "bearer", expires_in: 3600 },
            json,
        );
        pool.intercept({ path: ROLES, method: "GET", headers: versioned }).reply(200, { data: [] }, json);
        pool.intercept({ path: "/api/v1/users/u1", method: "PATCH", headers: versioned }).reply(204, "");
        await expect(client.listRoles()).resolves.toEqual([]);
        await expect(client.replaceUserRoles("u1", [{ id: "r1", name: "Steward" }])).resolves.toBe(true);
    });
});

describe("a deprecation announced by Qlik", () => {
    it("is one warning for the run, naming the request, the announced dates and the upgrade", async () => {
        const { pool, client, lines } = setup();
        const announced = {
            headers: {
                "content-type": "application/json",
                deprecation: "@1798761600",
                sunset: "Sat, 01 May 2027 00:00:00 GMT",
            },
        };
        pool.intercept({ path: ROLES, method: "GET" }).reply(200, { data: [] }, announced).times(3);
        await client.listRoles();
        await client.listRoles();
        await client.listRoles();
        expect(lines).toEqual([
            `warning: Qlik announced that GET /api/v1/roles is deprecated (deprecation: "@1798761600", sunset: "Sat, 01 May 2027 00:00:00 GMT"; this client sends qlik-api-version ${QLIK_API_VERSION}); upgrade pulumi-qlik-roles to a release built for a newer Qlik API version before that date`,
        ]);
    });

    it("is reported from a sunset alone, and from an error answer too", async () => {
        const { pool, client, lines } = setup();
        pool.intercept({ path: "/api/v1/users/u1", method: "GET" }).reply(
            404,
            { errors: [{ code: "USERS-1", title: "Not found" }] },
            { headers: { "content-type": "application/json", sunset: "Sat, 01 May 2027 00:00:00 GMT" } },
        );
        await expect(client.getUser("u1")).resolves.toBeUndefined();
        expect(lines).toHaveLength(1);
        expect(lines[0]).toContain(
            'GET /api/v1/users/u1 is deprecated (sunset: "Sat, 01 May 2027 00:00:00 GMT";',
        );
    });

    it("never quotes the credential, a control character or a long value", async () => {
        const { pool, client, lines } = setup();
        pool.intercept({ path: ROLES, method: "GET" }).reply(
            200,
            { data: [] },
            {
                headers: {
                    "content-type": "application/json",
                    deprecation: `key-123456\u0007${"x".repeat(200)}`,
                },
            },
        );
        await client.listRoles();
        expect(lines).toHaveLength(1);
        expect(lines[0]).not.toContain("key-123456");
        expect(lines[0]).toContain('deprecation: "[redacted] xxx');
        expect(lines[0]).not.toMatch(/x{60}/);
    });

    it.each([
        ["\u0007@1798761600\u0007", "@1798761600"],
        ["a\u0007\u0007\r\nb", "a b"],
        ["x".repeat(60), "x".repeat(60)],
        ["x".repeat(61), `${"x".repeat(59)}…`],
    ])(
        "quotes %j as %j: control characters become one space, at most 60 characters",
        async (value, shown) => {
            const { pool, client, lines } = setup();
            pool.intercept({ path: ROLES, method: "GET" }).reply(
                200,
                { data: [] },
                { headers: { "content-type": "application/json", deprecation: value } },
            );
            await client.listRoles();
            expect(lines[0]).toContain(`(deprecation: ${JSON.stringify(shown)};`);
        },
    );

    it("prints nothing when no answer announces one", async () => {
        const { pool, client, lines } = setup();
        pool.intercept({ path: ROLES, method: "GET" }).reply(200, { data: [] }, json);
        await client.listRoles();
        expect(lines).toEqual([]);
    });
});
