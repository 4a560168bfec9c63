/**
 * The spaces client against answers the emulator never gives: a filter Qlik ignored, two assignments for one
 * assignee, a 409 with nothing to read back, a space without meta, an error body with only top-level fields.
 */
import { MockAgent } from "undici";
import { QlikClient } from "../../provider/client";

const ORIGIN = "https://acme.eu.qlikcloud.com";
const json = { headers: { "content-type": "application/json" } };
const user = { type: "user" as const, assigneeId: "u1" };
const assignment = (id: string, type: string, assigneeId: string, roles: string[]) => ({
    id,
    type,
    assigneeId,
    roles,
    spaceId: "s1",
});

function setup() {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const pool = agent.get(ORIGIN);
    const client = new QlikClient({
        origin: ORIGIN,
        credentials: { apiKey: "k" },
        dispatcher: agent,
        rateLimits: false,
        retry: { baseDelayMs: 1, maxDelayMs: 5, maxAttempts: 1 },
    });
    return { pool, client };
}
const assignments = (p: string) => p.startsWith("/api/v1/spaces/s1/assignments?");

describe("the spaces client", () => {
    it("keeps only the asked assignee's assignment when Qlik's answer holds others", async () => {
        const { pool, client } = setup();
        pool.intercept({ path: assignments, method: "GET" }).reply(
            200,
            {
                data: [
                    assignment("a1", "group", "u1", ["consumer"]),
                    assignment("a2", "user", "u2", ["producer"]),
                ],
            },
            json,
        );
        await expect(client.getSpaceAssignment("s1", user)).resolves.toBeUndefined();
    });

    it("two assignments for one assignee is QLIK_INVALID_RESPONSE naming both", async () => {
        const { pool, client } = setup();
        pool.intercept({ path: assignments, method: "GET" }).reply(
            200,
            {
                data: [
                    assignment("a1", "user", "u1", ["consumer"]),
                    assignment("a2", "user", "u1", ["producer"]),
                ],
            },
            json,
        );
        await expect(client.getSpaceAssignment("s1", user)).rejects.toMatchObject({
            code: "QLIK_INVALID_RESPONSE",
            message: expect.stringContaining("2 assignments for user u1 (ids a1, a2), where Qlik allows one"),
        });
    });

    it("a 409 whose assignment is never there when read back ends as QLIK_CONFLICT after three tries", async () => {
        const { pool, client } = setup();
        const conflict = { code: "SPACES-409", title: "Conflict", detail: "Assignment already exists" };
        pool.intercept({ path: "/api/v1/spaces/s1/assignments", method: "POST" })
            .reply(409, conflict, json)
            .times(3);
        pool.intercept({ path: assignments, method: "GET" }).reply(200, { data: [] }, json).times(3);
        await expect(client.createSpaceAssignment("s1", user, ["consumer"])).rejects.toMatchObject({
            code: "QLIK_CONFLICT",
            message: expect.stringMatching(/answered 409 .* 3 times, yet none was there when read back/),
        });
    });

    it("a space without type or meta reads as personal with no assignable roles", async () => {
        const { pool, client } = setup();
        pool.intercept({ path: "/api/v1/spaces/p1", method: "GET" }).reply(200, { id: "p1", name: "" }, json);
        await expect(client.getSpace("p1")).resolves.toEqual({
            id: "p1",
            name: "",
            type: "personal",
            assignableRoles: [],
        });
    });

    it("a refusal whose body has only the top-level fields still says what Qlik said, in one line", async () => {
        const { pool, client } = setup();
        const body = {
            code: "SPACES-403",
            title: "Forbidden",
            detail: "Assignment create operation denied",
            traceId: "t1",
        };
        pool.intercept({ path: "/api/v1/spaces/s1/assignments", method: "POST" }).reply(403, body, json);
        await expect(client.createSpaceAssignment("s1", user, ["consumer"])).rejects.toMatchObject({
            code: "QLIK_FORBIDDEN",
            message: expect.stringMatching(
                /^POST \/api\/v1\/spaces\/s1\/assignments answered 403: SPACES-403 Forbidden \(Assignment create operation denied\): .* \[traceId t1\]$/,
            ),
        });
    });

    it("a PUT or DELETE of an assignment that is gone is undefined or false, not an error", async () => {
        const { pool, client } = setup();
        const gone = { errors: [{ code: "HTTP-404", title: "Not found" }] };
        pool.intercept({ path: "/api/v1/spaces/s1/assignments/a1", method: "PUT" }).reply(404, gone, json);
        pool.intercept({ path: "/api/v1/spaces/s1/assignments/a1", method: "DELETE" }).reply(404, gone, json);
        await expect(client.replaceSpaceAssignmentRoles("s1", "a1", ["consumer"])).resolves.toBeUndefined();
        await expect(client.deleteSpaceAssignment("s1", "a1")).resolves.toBe(false);
    });
});
