/**
 * The client's answers when Qlik's data is not what the caller hoped for: selectors that match no group or
 * several, group settings without the Everyone group or over Qlik's role limit, paging that never ends, and the
 * errors' own fields. Each message names what was wrong and what to do, in one line.
 */
import { MockAgent } from "undici";
import { QlikClient, MAX_GROUP_ROLES, groupsHoldingFilter, usersHoldingFilter } from "../../provider/client";
import {
    PartialCreateError,
    QlikError,
    errorFromResponse,
    isPartialCreateError,
    isQlikError,
} from "../../provider/client/errors";

const ORIGIN = "https://acme.eu.qlikcloud.com";
const json = { headers: { "content-type": "application/json" } };

function setup(credentials: ConstructorParameters<typeof QlikClient>[0]["credentials"] = { apiKey: "k" }) {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const pool = agent.get(ORIGIN);
    const requests: string[] = [];
    const client = new QlikClient({
        origin: ORIGIN,
        credentials,
        dispatcher: agent,
        rateLimits: false,
        retry: { baseDelayMs: 1, maxDelayMs: 5, maxAttempts: 1 },
        onRequest: (e) => requests.push(`${e.method} ${e.path}`),
    });
    return { agent, pool, client, requests };
}

const group = (id: string, name: string) => ({ id, name, assignedRoles: [] });

describe("the client's failure paths", () => {
    it("finds a group by id, and names the id it could not find", async () => {
        const { pool, client } = setup();
        pool.intercept({ path: "/api/v1/groups/g1", method: "GET" }).reply(200, group("g1", "Sales"), json);
        await expect(client.resolveGroup({ groupId: "g1" })).resolves.toMatchObject({ id: "g1" });
        pool.intercept({ path: "/api/v1/groups/g2", method: "GET" }).reply(404, { errors: [] }, json);
        await expect(client.resolveGroup({ groupId: "g2" })).rejects.toThrow(
            'no group with groupId "g2" exists in the tenant; check the value (names match exactly)',
        );
    });

    it("refuses a group name that several groups have, listing their ids", async () => {
        const { pool, client } = setup();
        pool.intercept({ path: (p) => p.startsWith("/api/v1/groups?"), method: "GET" }).reply(
            200,
            { data: [group("g1", "Sales"), group("g2", "Sales")], links: {} },
            json,
        );
        const err = await client.resolveGroup({ groupName: "Sales" }).catch((e: unknown) => e);
        expect(isQlikError(err, "QLIK_INVALID_INPUT")).toBe(true);
        expect((err as Error).message).toBe(
            '2 groups have groupName "Sales" (ids g1, g2); name the group by groupId instead',
        );
    });

    it("names the spelling the tenant has when a group name matches only ignoring case", async () => {
        const { pool, client } = setup();
        pool.intercept({ path: (p) => p.startsWith("/api/v1/groups?"), method: "GET" }).reply(
            200,
            { data: [group("g1", "sales"), group("g2", "Marketing")], links: {} },
            json,
        );
        await expect(client.resolveGroup({ groupName: "Sales" })).rejects.toThrow(
            'no group with groupName "Sales" exists in the tenant; names match exactly, and the tenant has "sales": use that spelling or the groupId',
        );
    });

    it("refuses to give a group more roles than Qlik allows, before sending anything", async () => {
        const { client } = setup();
        const roles = Array.from({ length: MAX_GROUP_ROLES + 1 }, (_, i) => ({ id: `r${i}`, name: `R${i}` }));
        await expect(client.replaceGroupRoles("g1", roles)).rejects.toThrow(
            `group g1 would hold ${MAX_GROUP_ROLES + 1} roles; Qlik allows at most ${MAX_GROUP_ROLES} per group`,
        );
    });

    it("sends a group exactly as many roles as Qlik allows", async () => {
        const { pool, client } = setup();
        const roles = Array.from({ length: MAX_GROUP_ROLES }, (_, i) => ({ id: `r${i}`, name: `R${i}` }));
        pool.intercept({ path: "/api/v1/groups/g1", method: "PATCH" }).reply(204, "");
        await expect(client.replaceGroupRoles("g1", roles)).resolves.toBe(true);
    });

    it("names the user id it could not find", async () => {
        const { pool, client } = setup();
        pool.intercept({ path: "/api/v1/users/u9", method: "GET" }).reply(404, { errors: [] }, json);
        await expect(client.resolveUser({ userId: "u9" })).rejects.toThrow('userId "u9"');
    });

    it("says which field of Qlik's answer it could not read, or that the whole body was wrong", async () => {
        const { pool, client } = setup();
        pool.intercept({ path: "/api/v1/groups/g1", method: "GET" }).reply(200, { id: "g1" }, json);
        await expect(client.getGroup("g1")).rejects.toThrow(
            /^GET \/api\/v1\/groups\/g1: unexpected answer from Qlik: name: /,
        );
        pool.intercept({ path: "/api/v1/groups/g2", method: "GET" }).reply(200, "[1]", json);
        await expect(client.getGroup("g2")).rejects.toThrow(/unexpected answer from Qlik: body: /);
    });

    it("says so when Qlik's group settings list no Everyone group", async () => {
        const { pool, client } = setup();
        pool.intercept({ path: "/api/v1/groups/settings", method: "GET" }).reply(
            200,
            { systemGroups: {} },
            json,
        );
        const err = await client.getEveryoneRoles().catch((e: unknown) => e);
        expect(isQlikError(err, "QLIK_INVALID_RESPONSE")).toBe(true);
        expect((err as Error).message).toMatch(
            /^GET \/api\/v1\/groups\/settings: Qlik's answer lists no system group/,
        );
    });

    it("names the request whose group settings answer it cannot read", async () => {
        const { pool, client } = setup();
        pool.intercept({ path: "/api/v1/groups/settings", method: "GET" }).reply(
            200,
            { systemGroups: 7 },
            json,
        );
        await expect(client.getEveryoneRoles()).rejects.toThrow(/^GET \/api\/v1\/groups\/settings/);
    });

    it("refuses to give the Everyone group more roles than Qlik allows a group, before sending anything", async () => {
        const { client } = setup(); // no interceptor: a request would fail with a different error
        const roles = Array.from({ length: MAX_GROUP_ROLES + 1 }, (_, i) => ({ id: `r${i}`, name: `R${i}` }));
        const err = await client.replaceEveryoneRoles(roles).catch((e: unknown) => e);
        expect(isQlikError(err, "QLIK_INVALID_INPUT")).toBe(true);
        expect((err as Error).message).toBe(
            `the Everyone group would hold ${MAX_GROUP_ROLES + 1} roles; Qlik allows at most ${MAX_GROUP_ROLES} per group`,
        );
    });

    it("stops paging when Qlik's next link leads back to a page it has read", async () => {
        const { pool, client } = setup();
        const page = {
            data: [group("g1", "Sales")],
            links: { next: { href: `${ORIGIN}/api/v1/groups?limit=100&next=c1` } },
        };
        pool.intercept({ path: (p) => p.startsWith("/api/v1/groups?"), method: "GET" })
            .reply(200, page, json)
            .persist();
        await expect(client.listGroups()).rejects.toThrow(
            "GET /api/v1/groups: paging stopped after 2 pages and 1 item: Qlik's next link leads back to a page already read; re-run, and report it to Qlik if it persists",
        );
    });

    it("a group read that fails for any reason but 404 fails, instead of saying the group does not exist", async () => {
        const { pool, client } = setup();
        pool.intercept({ path: "/api/v1/groups/g1", method: "GET" }).reply(403, { errors: [] }, json);
        await expect(client.resolveGroup({ groupId: "g1" })).rejects.toMatchObject({
            code: "QLIK_FORBIDDEN",
        });
    });

    it("lists the tenant's spellings of a group name in a stable order", async () => {
        const { pool, client } = setup();
        pool.intercept({ path: (p) => p.startsWith("/api/v1/groups?"), method: "GET" }).reply(
            200,
            { data: [group("g1", "sales"), group("g2", "SALES")], links: {} },
            json,
        );
        await expect(client.resolveGroup({ groupName: "Sales" })).rejects.toThrow(
            'the tenant has "SALES", "sales": use that spelling or the groupId',
        );
    });

    it("takes a write's 200 as done whatever its body holds, since Qlik documents no body for it", async () => {
        const { pool, client } = setup();
        const text = { headers: { "content-type": "text/plain" } };
        for (const path of ["/api/v1/users/u1", "/api/v1/groups/g1", "/api/v1/groups/settings"])
            pool.intercept({ path, method: "PATCH" }).reply(200, "OK", text);
        const roles = [{ id: "r1", name: "Steward" }];
        await expect(client.replaceUserRoles("u1", roles)).resolves.toBe(true);
        await expect(client.replaceGroupRoles("g1", roles)).resolves.toBe(true);
        await expect(client.replaceEveryoneRoles(roles)).resolves.toBe(true);
    });

    it("searches a subject it cannot quote by its longest safe run, not by listing every user", async () => {
        const { pool, client } = setup();
        const filterOf = (p: string) => new URLSearchParams(p.split("?")[1]).get("filter");
        pool.intercept({
            path: (p) => p.startsWith("/api/v1/users?") && filterOf(p) === 'subject co "12345"',
            method: "GET",
        }).reply(200, { data: [{ id: "u1", subject: "foo\\12345", assignedRoles: [] }], links: {} }, json);
        await expect(client.resolveUser({ subject: "foo\\12345" })).resolves.toMatchObject({ id: "u1" });
    });

    it("stops a group lookup whose next link leads back to the page it has read", async () => {
        const { pool, client } = setup();
        pool.intercept({ path: (p) => p.startsWith("/api/v1/groups?"), method: "GET" })
            .reply((req) => ({
                statusCode: 200,
                data: JSON.stringify({ data: [], links: { next: { href: `${ORIGIN}${req.path}` } } }),
                responseOptions: json,
            }))
            .persist();
        await expect(client.resolveGroup({ groupName: "Sales" })).rejects.toThrow(
            "GET /api/v1/groups: paging stopped after 1 page and 0 items: Qlik's next link leads back to a page already read",
        );
    });

    it("names /users/me when its answer cannot be read or its redirect leads nowhere", async () => {
        const { pool, client } = setup();
        pool.intercept({ path: "/api/v1/users/me", method: "GET" }).reply(200, { subject: "x" }, json);
        await expect(client.getMe()).rejects.toThrow(
            /^GET \/api\/v1\/users\/me: unexpected answer from Qlik: id:/,
        );
        pool.intercept({ path: "/api/v1/users/me", method: "GET" }).reply(301, "");
        await expect(client.getMe()).rejects.toThrow(
            "GET /api/v1/users/me answered 301 without a Location header",
        );
        // The user the redirect leads to is named by its own path.
        pool.intercept({ path: "/api/v1/users/me", method: "GET" }).reply(301, "", {
            headers: { location: "/api/v1/users/u7" },
        });
        pool.intercept({ path: "/api/v1/users/u7", method: "GET" }).reply(200, { subject: "x" }, json);
        await expect(client.getMe()).rejects.toThrow(
            /^GET \/api\/v1\/users\/u7: unexpected answer from Qlik: id:/,
        );
    });

    it("names the token endpoint when its answer holds no token", async () => {
        const { pool, client } = setup({ clientId: "c", clientSecret: "s" });
        pool.intercept({ path: "/oauth/token", method: "POST" }).reply(200, { token_type: "Bearer" }, json);
        await expect(client.listRoles()).rejects.toThrow(
            /^POST \/oauth\/token: unexpected answer from Qlik: access_token:/,
        );
    });

    it("lists every user for a subject with no part it can put in a filter, and still matches exactly", async () => {
        const { pool, client } = setup();
        const filterOf = (p: string) => new URLSearchParams(p.split("?")[1]).get("filter");
        pool.intercept({
            path: (p) => p.startsWith("/api/v1/users?") && filterOf(p) === null,
            method: "GET",
        }).reply(
            200,
            {
                data: [
                    { id: "u1", subject: "x", assignedRoles: [] },
                    { id: "u2", subject: '\\"', assignedRoles: [] },
                ],
                links: {},
            },
            json,
        );
        await expect(client.resolveUser({ subject: '\\"' })).resolves.toMatchObject({ id: "u2" });
    });

    it("gives the Everyone group exactly as many roles as Qlik allows a group", async () => {
        const { pool, client } = setup();
        pool.intercept({ path: "/api/v1/groups/settings", method: "PATCH" }).reply(204, "");
        const roles = Array.from({ length: MAX_GROUP_ROLES }, (_, i) => ({ id: `r${i}`, name: `R${i}` }));
        await expect(client.replaceEveryoneRoles(roles)).resolves.toBe(true);
    });

    it("reads with GET: each read names its method in the request events", async () => {
        const { pool, client, requests: methods } = setup();
        const user = { id: "u1", subject: "s", assignedRoles: [] };
        pool.intercept({ path: "/api/v1/users/u1", method: "GET" }).reply(200, user, json);
        pool.intercept({ path: (p) => p.startsWith("/api/v1/users?"), method: "GET" }).reply(
            200,
            { data: [user], links: {} },
            json,
        );
        pool.intercept({ path: "/api/v1/groups/settings", method: "GET" }).reply(
            200,
            { systemGroups: { "000000000000000000000001": { assignedRoles: [] } } },
            json,
        );
        await client.getUser("u1");
        await client.resolveUser({ subject: "s" });
        await client.getEveryoneRoles();
        pool.intercept({ path: (p) => p.startsWith("/api/v1/users?"), method: "GET" }).reply(
            200,
            { data: [user], links: {} },
            json,
        );
        await client.listUsers();
        expect(methods).toEqual([
            "GET /api/v1/users/u1",
            "GET /api/v1/users",
            "GET /api/v1/groups/settings",
            "GET /api/v1/users",
        ]);
    });

    it("a lookup's listing stops after 10 pages in a row of ever-new cursors that bring nothing new", async () => {
        const { pool, client } = setup();
        let pages = 0;
        pool.intercept({ path: (p) => p.startsWith("/api/v1/roles?"), method: "GET" })
            .reply(() => {
                const next = `${ORIGIN}/api/v1/roles?limit=100&next=c${++pages}`;
                return {
                    statusCode: 200,
                    data: JSON.stringify({ data: [], links: { next: { href: next } } }),
                    responseOptions: json,
                };
            })
            .persist();
        await expect(client.listRoles()).rejects.toThrow(
            "GET /api/v1/roles: paging stopped after 10 pages and 0 items: 10 pages in a row brought no new item",
        );
        expect(pages).toBe(10);
    });

    it("lists a directory with its filter, by GET, and stops after 10 pages of ever-new cursors bringing nothing", async () => {
        const { pool, client } = setup();
        const paths: string[] = [];
        let cursor = 0;
        pool.intercept({ path: (p) => p.startsWith("/api/v1/groups?"), method: "GET" })
            .reply((req) => {
                paths.push(req.path);
                const next = `${ORIGIN}/api/v1/groups?limit=100&next=c${++cursor}`;
                return {
                    statusCode: 200,
                    data: JSON.stringify({ data: [], links: { next: { href: next } } }),
                    responseOptions: json,
                };
            })
            .persist();
        await expect(client.listGroups({ filter: 'name eq "Sales"' })).rejects.toThrow(
            "GET /api/v1/groups: paging stopped after 10 pages and 0 items: 10 pages in a row brought no new item",
        );
        expect(paths).toHaveLength(10);
        expect(new URLSearchParams(paths[0]!.split("?")[1]).get("filter")).toBe('name eq "Sales"');
    });

    it("names the directory page whose answer it cannot read", async () => {
        const { pool, client } = setup();
        pool.intercept({ path: (p) => p.startsWith("/api/v1/users?"), method: "GET" }).reply(
            200,
            { data: 7 },
            json,
        );
        await expect(client.listUsers()).rejects.toThrow(
            /^GET \/api\/v1\/users: unexpected answer from Qlik: data:/,
        );
        // A field deep inside is named by its whole path.
        pool.intercept({ path: (p) => p.startsWith("/api/v1/users?"), method: "GET" }).reply(
            200,
            { data: [{ subject: "x" }] },
            json,
        );
        await expect(client.listUsers()).rejects.toThrow(/: unexpected answer from Qlik: data\.0\.id:/);
    });

    it("passes over a deleted user with the same subject, and looks groups up 100 at a time", async () => {
        const { pool, client } = setup();
        pool.intercept({ path: (p) => p.startsWith("/api/v1/users?"), method: "GET" }).reply(
            200,
            {
                data: [
                    { id: "old", subject: "s", status: "deleted", assignedRoles: [] },
                    { id: "new", subject: "s", status: "active", assignedRoles: [] },
                ],
                links: {},
            },
            json,
        );
        await expect(client.resolveUser({ subject: "s" })).resolves.toMatchObject({ id: "new" });
        pool.intercept({
            path: (p) =>
                p.startsWith("/api/v1/groups?") &&
                new URLSearchParams(p.split("?")[1]).get("limit") === "100",
            method: "GET",
        }).reply(200, { data: [group("g1", "Sales")], links: {} }, json);
        await expect(client.resolveGroup({ groupName: "Sales" })).resolves.toMatchObject({ id: "g1" });
    });

    it("filters users holding any of some roles by role id, groups by a name that needs no quoting, or not at all", () => {
        const admin = { id: "6a1f00000000000000000001", name: "TenantAdmin" };
        const steward = { id: "6a1f00000000000000000002", name: "Steward" };
        const quoted = { id: "6a1f00000000000000000003", name: `Data "EU" O'Brien\\` };
        expect(usersHoldingFilter([])).toBeUndefined();
        expect(groupsHoldingFilter([])).toBeUndefined();
        expect(usersHoldingFilter([admin, steward])).toBe(
            'assignedRoles.id eq "6a1f00000000000000000001" or assignedRoles.id eq "6a1f00000000000000000002"',
        );
        expect(usersHoldingFilter([quoted])).toBe('assignedRoles.id eq "6a1f00000000000000000003"');
        expect(groupsHoldingFilter([admin, steward])).toBe(
            'assignedRoles.name eq "TenantAdmin" or assignedRoles.name eq "Steward"',
        );
        expect(groupsHoldingFilter([admin, quoted])).toBeUndefined();
        expect(usersHoldingFilter([{ id: 'not"hex', name: "X" }])).toBeUndefined();
        expect(usersHoldingFilter([admin, { id: 'not"hex', name: "X" }])).toBeUndefined();
    });

    it("a 401 from the token endpoint says which settings to check", async () => {
        const { pool, client } = setup({ clientId: "id", clientSecret: "secret" });
        pool.intercept({ path: "/oauth/token", method: "POST" }).reply(401, { errors: [] }, json);
        await expect(client.listRoles()).rejects.toThrow("check qlik:clientId and qlik:clientSecret");
    });
});

describe("the client's error values", () => {
    it("gives a status Qlik does not document its own code", () => {
        expect(errorFromResponse("GET", "/api/v1/roles", 418, undefined).code).toBe("QLIK_UNEXPECTED_STATUS");
    });

    it("describes Qlik's errors once each: a detail that repeats the title, or an empty error, adds nothing", () => {
        const body = {
            errors: [
                { code: "HTTP-400", title: "Bad Request", detail: "Bad Request" },
                {},
                { title: "Role unknown" },
            ],
        };
        expect(errorFromResponse("PATCH", "/api/v1/users/u1", 400, body).message).toBe(
            "PATCH /api/v1/users/u1 answered 400: HTTP-400 Bad Request; Role unknown",
        );
    });

    it("reads the Spaces API's top-level code, title and detail when its errors list is missing or empty", () => {
        const top = { code: "SPACES-1", title: "Conflict", detail: "Assignment already exists" };
        for (const body of [top, { ...top, errors: [] }]) {
            const err = errorFromResponse("POST", "/api/v1/spaces/s1/assignments", 409, body);
            expect(err.message).toBe(
                "POST /api/v1/spaces/s1/assignments answered 409: SPACES-1 Conflict (Assignment already exists)",
            );
            expect(err.qlikErrors).toEqual([top]);
        }
        const both = { ...top, errors: [{ code: "SPACES-2", title: "Item", detail: "from errors" }] };
        expect(errorFromResponse("POST", "/x", 400, both).message).toBe(
            "POST /x answered 400: SPACES-2 Item (from errors)",
        );
    });

    it("keeps the cause it was given", () => {
        const cause = new Error("socket hang up");
        expect(new QlikError("QLIK_NETWORK_ERROR", "GET /x failed", { cause }).cause).toBe(cause);
    });

    it("a partial create keeps the failure's details and shows its message as the reason", () => {
        const failure = new QlikError("QLIK_PARTIAL_FAILURE", "PATCH /api/v1/users/u1 answered 207", {
            status: 207,
            method: "PATCH",
            path: "/api/v1/users/u1",
            traceId: "t-1",
        });
        const err = new PartialCreateError(failure, { id: "x", properties: {} });
        expect(err).toMatchObject({
            code: "QLIK_PARTIAL_FAILURE",
            status: 207,
            method: "PATCH",
            traceId: "t-1",
        });
        expect(err.reasons).toEqual(["PATCH /api/v1/users/u1 answered 207"]);
    });

    it("a partial create is recognised by its id and properties, not by its id alone", () => {
        expect(isPartialCreateError({ code: "QLIK_PARTIAL_FAILURE", id: "x" })).toBe(false);
        expect(isPartialCreateError({ code: "QLIK_PARTIAL_FAILURE", id: "x", properties: {} })).toBe(true);
    });

    it("is told apart from values that only look like it", () => {
        expect(isQlikError("QLIK_NOT_FOUND")).toBe(false);
        expect(isQlikError(null)).toBe(false);
        expect(isQlikError({ code: "QLIK_NOT_FOUND" }, "QLIK_NOT_FOUND")).toBe(true);
    });
});
