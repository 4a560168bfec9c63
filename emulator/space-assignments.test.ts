/// <reference types="jest" />
// /api/v1/spaces/{id}/assignments: list filters and paging, POST/PUT/DELETE, and every refusal.
import { DOCUMENTED, SEED_SPACES, SEED_SPACE_IDS, startEmulator, type TenantEmulator } from "./index";
import { call, get, listAll } from "./test-http";

describe("space assignments", () => {
    let emu: TenantEmulator;
    beforeAll(async () => {
        emu = await startEmulator();
    });
    afterAll(() => emu.close());
    beforeEach(() => emu.reset());

    const path = (space: string) => `/api/v1/spaces/${emu.spaces.spaceId(space)}/assignments`;
    const post = (space: string, body: unknown, key?: string) =>
        call(emu, "POST", path(space), { body, key });
    /** The non-admin viewer's id, from where /users/me leads its key. */
    let viewer = "";
    beforeAll(async () => {
        const me = await get(emu, "/api/v1/users/me", { key: emu.nonAdminApiKey });
        viewer = me.headers.get("location")!.split("/").pop()!;
    });

    it("lists a space's assignments with meta.count, never the owner's, filtered by assigneeId and type", async () => {
        const all = await get(emu, path(SEED_SPACES.finance));
        expect(all.status).toBe(200);
        expect(all.json.meta.count).toBe(2);
        expect(all.json.data.map((a: { assigneeId: string }) => a.assigneeId)).not.toContain(
            DOCUMENTED.userId,
        );
        const groups = await get(emu, path(SEED_SPACES.finance), { query: { type: "group" } });
        expect(groups.json.data).toEqual([
            expect.objectContaining({ type: "group", assigneeId: DOCUMENTED.groupId, roles: ["consumer"] }),
        ]);
        const one = await get(emu, path(SEED_SPACES.finance), {
            query: { assigneeId: viewer, type: "user" },
        });
        expect(one.json.data.map((a: { roles: string[] }) => a.roles)).toEqual([
            ["consumer", "dataconsumer"],
        ]);
        expect((await get(emu, path(SEED_SPACES.finance), { query: { type: "bot" } })).json.data).toEqual([]);
        for (const query of <Record<string, string>[]>[
            { type: "robot" },
            { assigneeId: "" },
            { sort: "+id" },
            { filter: "x" },
        ])
            expect((await get(emu, path(SEED_SPACES.finance), { query })).status).toBe(400);
    });

    it("pages 10 assignments at a time by default", async () => {
        const first = await get(emu, path(SEED_SPACES.companyWide));
        expect(first.json.data).toHaveLength(10);
        expect(first.json.meta.count).toBe(25);
        expect(await listAll(emu, first.json.links.next.href)).toHaveLength(15);
    });

    it("creates an assignment (201, Tier 2) that GET then returns by id", async () => {
        const created = await post(SEED_SPACES.dataLake, {
            type: "user",
            assigneeId: viewer,
            roles: ["consumer", "datapreview"],
        });
        expect(created.status).toBe(201);
        expect(created.json).toMatchObject({
            type: "user",
            assigneeId: viewer,
            roles: ["consumer", "datapreview"],
        });
        expect(emu.requests.at(-1)).toMatchObject({
            tier: 2,
            body: { type: "user", roles: ["consumer", "datapreview"] },
        });
        const read = await get(emu, created.json.links.self.href);
        expect(read.json).toEqual(created.json);
    });

    it("answers 409 to a second assignment for the same assignee, and changes nothing", async () => {
        const res = await post(SEED_SPACES.finance, {
            type: "group",
            assigneeId: DOCUMENTED.groupId,
            roles: ["producer"],
        });
        expect(res.status).toBe(409);
        expect(res.json.errors[0]).toMatchObject({ code: "HTTP-409" });
        expect(emu.spaces.assignment(SEED_SPACES.finance, DOCUMENTED.groupId)?.roles).toEqual(["consumer"]);
    });

    it("refuses a role the space's type does not accept, a wrong-case role, an empty or repeated list", async () => {
        for (const roles of [["publisher"], ["Consumer"], [], ["consumer", "consumer"], "consumer", [1]]) {
            const res = await post(SEED_SPACES.finance, { type: "user", assigneeId: viewer, roles });
            expect(res.status).toBe(400);
        }
        const operator = await post(SEED_SPACES.sales, {
            type: "user",
            assigneeId: viewer,
            roles: ["operator"],
        });
        expect(operator.json.detail).toMatch(
            /cannot be assigned in a managed space; assignable: basicconsumer/,
        );
        expect(operator.json.errors[0].meta).toEqual({ source: { pointer: "/roles/0" } });
    });

    it("refuses unknown fields, missing fields, wrong types and a body that is not JSON", async () => {
        const ok = { type: "user", assigneeId: "x", roles: ["consumer"] };
        for (const body of [
            { ...ok, extra: 1 },
            { type: "user", roles: ["consumer"] },
            { ...ok, type: "User" },
            { ...ok, assigneeId: 5 },
            [ok],
        ])
            expect((await post(SEED_SPACES.finance, body)).status).toBe(400);
        const text = await call(emu, "POST", path(SEED_SPACES.finance), {
            rawBody: "{",
            contentType: "application/json",
        });
        expect(text.status).toBe(400);
        const form = await call(emu, "POST", path(SEED_SPACES.finance), {
            rawBody: "a=b",
            contentType: "text/plain",
        });
        expect(form.status).toBe(415);
    });

    it("an unknown assignee is a 404 naming the assignee, not the space; a bot assignee is always unknown", async () => {
        for (const type of ["user", "group", "bot"]) {
            const res = await post(SEED_SPACES.finance, {
                type,
                assigneeId: "000000000000000000000000",
                roles: ["consumer"],
            });
            expect(res.status).toBe(404);
            expect(res.json.code).toBe("SPACES-ASSIGNEE-NOT-FOUND");
        }
    });

    it("refuses an assignment for the owner, in a personal space, in a space the caller cannot see", async () => {
        const owner = await post(SEED_SPACES.finance, {
            type: "user",
            assigneeId: DOCUMENTED.userId,
            roles: ["consumer"],
        });
        expect(owner.status).toBe(400);
        expect(owner.json.detail).toMatch(/owns this space and already holds every role/);
        const personal = await call(
            emu,
            "POST",
            `/api/v1/spaces/${SEED_SPACE_IDS.adminPersonal}/assignments`,
            {
                body: { type: "user", assigneeId: viewer, roles: ["consumer"] },
            },
        );
        expect(personal.status).toBe(403);
        const hidden = await call(
            emu,
            "POST",
            `/api/v1/spaces/${SEED_SPACE_IDS.user1234Personal}/assignments`,
            {
                body: { type: "user", assigneeId: viewer, roles: ["consumer"] },
            },
        );
        expect(hidden.status).toBe(404);
    });

    it("lets a non-admin change assignments only where it owns the space or holds facilitator", async () => {
        const body = { type: "group", assigneeId: DOCUMENTED.groupId, roles: ["consumer"] };
        expect((await post(SEED_SPACES.finance, body, emu.nonAdminApiKey)).status).toBe(403);
        expect((await post(SEED_SPACES.viewerTeam, body, emu.nonAdminApiKey)).status).toBe(201);
        emu.spaces.setAssignment(SEED_SPACES.finance, "user", viewer, ["facilitator"]);
        expect(
            (
                await post(
                    SEED_SPACES.finance,
                    { type: "user", assigneeId: emu.adminUserId, roles: ["consumer"] },
                    emu.nonAdminApiKey,
                )
            ).status,
        ).toBe(201);
    });

    it("PUT replaces the whole role list and answers 200 with the assignment", async () => {
        const a = emu.spaces.assignment(SEED_SPACES.sales, DOCUMENTED.userId)!;
        const url = `${path(SEED_SPACES.sales)}/${a.id}`;
        const res = await call(emu, "PUT", url, { body: { roles: ["contributor"] } });
        expect(res.status).toBe(200);
        expect(res.json).toMatchObject({ id: a.id, roles: ["contributor"], updatedBy: emu.adminUserId });
        expect(emu.spaces.assignment(SEED_SPACES.sales, DOCUMENTED.userId)?.roles).toEqual(["contributor"]);
        expect(emu.requests.at(-1)).toMatchObject({
            method: "PUT",
            tier: 2,
            body: { roles: ["contributor"] },
        });
        for (const body of [
            {},
            { roles: [] },
            { roles: ["producer"] },
            { roles: ["consumer"], type: "user" },
        ])
            expect((await call(emu, "PUT", url, { body })).status).toBe(400);
        expect(
            (
                await call(emu, "PUT", `${path(SEED_SPACES.sales)}/000000000000000000000000`, {
                    body: { roles: ["consumer"] },
                })
            ).status,
        ).toBe(404);
    });

    it("DELETE answers 204 and the assignment is gone; a second DELETE is a 404", async () => {
        const a = emu.spaces.assignment(SEED_SPACES.dataLake, DOCUMENTED.groupId)!;
        const url = `${path(SEED_SPACES.dataLake)}/${a.id}`;
        const res = await call(emu, "DELETE", url);
        expect(res.status).toBe(204);
        expect(res.text).toBe("");
        expect(emu.requests.at(-1)?.tier).toBe(2);
        expect(emu.spaces.assignment(SEED_SPACES.dataLake, DOCUMENTED.groupId)).toBeUndefined();
        expect((await call(emu, "DELETE", url)).status).toBe(404);
        expect((await get(emu, url)).status).toBe(404);
    });

    it("an assignment is read only under its own space", async () => {
        const a = emu.spaces.assignment(SEED_SPACES.dataLake, DOCUMENTED.groupId)!;
        expect((await get(emu, `${path(SEED_SPACES.finance)}/${a.id}`)).status).toBe(404);
        expect((await call(emu, "PATCH", `${path(SEED_SPACES.dataLake)}/${a.id}`, { body: {} })).status).toBe(
            405,
        );
    });

    it("writes count against Tier 2: past the limit the next write is a 429", async () => {
        const limited = await startEmulator({ rateLimits: { tier1PerMinute: 1000, tier2PerMinute: 1 } });
        try {
            const a = limited.spaces.assignment(SEED_SPACES.sales, DOCUMENTED.userId)!;
            const url = `/api/v1/spaces/${limited.spaces.spaceId(SEED_SPACES.sales)}/assignments/${a.id}`;
            for (let i = 0; i < 5; i++)
                expect((await call(limited, "PUT", url, { body: { roles: ["consumer"] } })).status).toBe(200);
            expect((await call(limited, "PUT", url, { body: { roles: ["consumer"] } })).status).toBe(429);
            expect((await get(limited, url)).status).toBe(200);
        } finally {
            await limited.close();
        }
    });

    it("reset() restores the seeded assignments", async () => {
        const before = emu.spaces.snapshot();
        emu.spaces.deleteAssignment(SEED_SPACES.finance, DOCUMENTED.groupId);
        expect(emu.spaces.snapshot()).not.toEqual(before);
        emu.reset();
        expect(emu.spaces.snapshot()).toEqual(before);
    });
});
