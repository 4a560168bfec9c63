/**
 * A 207 from a group PATCH is a failure, exactly as for users: Qlik applied the change only in part (or not at
 * all), so reporting success would record a role the group may not hold.
 */
import { MockAgent } from "undici";
import { QlikClient } from "../../provider/client";

const ORIGIN = "https://acme.eu.qlikcloud.com";
const json = { headers: { "content-type": "application/json" } };

function client() {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const qlik = new QlikClient({
        origin: ORIGIN,
        credentials: { apiKey: "qlik-key-0123456789abcdef" },
        dispatcher: agent,
        rateLimits: false,
        retry: { baseDelayMs: 1, maxDelayMs: 5 },
    });
    return { pool: agent.get(ORIGIN), qlik };
}

describe("group role writes", () => {
    it("a 207 answer to a group PATCH is a QLIK_PARTIAL_FAILURE carrying Qlik's error and traceId", async () => {
        const { pool, qlik } = client();
        pool.intercept({ path: "/api/v1/groups/g1", method: "PATCH" }).reply(
            207,
            {
                errors: [
                    { code: "GROUPS-9", title: "Partial failure", detail: "role X not applied", status: 400 },
                ],
                traceId: "trace-207",
            },
            json,
        );
        const err = await qlik.replaceGroupRoles("g1", [{ id: "1", name: "X" }]).catch((e: unknown) => e);
        expect(err).toMatchObject({
            code: "QLIK_PARTIAL_FAILURE",
            message: expect.stringMatching(
                /PATCH \/api\/v1\/groups\/g1 answered 207: GROUPS-9 Partial failure \(role X not applied\).*trace-207/,
            ),
        });
    });

    it("a 204 answer to a group PATCH is success", async () => {
        const { pool, qlik } = client();
        pool.intercept({ path: "/api/v1/groups/g1", method: "PATCH" }).reply(204, "");
        await expect(qlik.replaceGroupRoles("g1", [{ id: "1", name: "X" }])).resolves.toBe(true);
    });

    it("a 404 answer to a group PATCH means the group is gone: false, not an error", async () => {
        const { pool, qlik } = client();
        pool.intercept({ path: "/api/v1/groups/gone", method: "PATCH" }).reply(
            404,
            { errors: [{ code: "GROUPS-7", title: "Not found", status: 404 }] },
            json,
        );
        await expect(qlik.replaceGroupRoles("gone", [])).resolves.toBe(false);
    });
});
