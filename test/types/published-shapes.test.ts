/**
 * Answers that Qlik's published types allow and the client once refused, now taken at run time (unit tier:
 * undici's MockAgent, no sockets). Each answer is typed with Qlik's own type, so it stays one Qlik may send.
 */
import type * as QlikGroups from "@qlik/api/groups";
import type * as QlikRoles from "@qlik/api/roles";
import type * as QlikUsers from "@qlik/api/users";
import { MockAgent } from "undici";
import { QlikClient } from "../../provider/client";

const ORIGIN = "https://acme.eu.qlikcloud.com";
const json = { headers: { "content-type": "application/json" } };

function setup() {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const client = new QlikClient({
        origin: ORIGIN,
        credentials: { apiKey: "qlik-key-0123456789abcdef" },
        dispatcher: agent,
        rateLimits: false,
        retry: { baseDelayMs: 1, maxDelayMs: 5 },
    });
    return { pool: agent.get(ORIGIN), client };
}

describe("list pages without `data` (optional in Qlik's Users and Groups types) read as empty", () => {
    it("a user lookup that matches nobody says so, instead of calling Qlik's answer invalid", async () => {
        const { pool, client } = setup();
        const noMatch: QlikUsers.Users = { links: { self: { href: `${ORIGIN}/api/v1/users` } } };
        pool.intercept({ path: (p) => p.startsWith("/api/v1/users?"), method: "GET" }).reply(
            200,
            noMatch,
            json,
        );
        await expect(client.resolveUser({ subject: "nobody" })).rejects.toMatchObject({
            code: "QLIK_INVALID_INPUT",
            message: expect.stringContaining('no user with subject "nobody" exists in the tenant'),
        });
    });

    it("a group lookup that matches nobody says so too", async () => {
        const { pool, client } = setup();
        const noMatch: QlikGroups.Groups = { links: { self: { href: `${ORIGIN}/api/v1/groups` } } };
        pool.intercept({ path: (p) => p.startsWith("/api/v1/groups?"), method: "GET" }).reply(
            200,
            noMatch,
            json,
        );
        await expect(client.resolveGroup({ groupName: "Nobody" })).rejects.toMatchObject({
            code: "QLIK_INVALID_INPUT",
            message: expect.stringContaining('no group with groupName "Nobody" exists in the tenant'),
        });
    });

    it("a page with `data` still yields its items, and roles without `level` (optional) are kept", async () => {
        const { pool, client } = setup();
        const page: QlikRoles.ListRolesResult = {
            data: [
                {
                    id: "r1",
                    name: "Steward",
                    type: "default",
                    description: "",
                    tenantId: "t1",
                    createdAt: "2026-01-01T00:00:00Z",
                    lastUpdatedAt: "2026-01-01T00:00:00Z",
                    links: { self: { href: `${ORIGIN}/api/v1/roles/r1` } },
                },
            ],
            links: { self: { href: `${ORIGIN}/api/v1/roles` } },
        };
        pool.intercept({ path: (p) => p.startsWith("/api/v1/roles?"), method: "GET" }).reply(200, page, json);
        await expect(client.listRoles()).resolves.toEqual([
            { id: "r1", name: "Steward", type: "default", description: "", tenantId: "t1" },
        ]);
    });
});
