/// <reference types="jest" />
// List endpoints: limit, cursors with absolute links, sort, totalResults, unknown parameters, system groups.
import { EVERYONE_GROUP_ID, startEmulator, type TenantEmulator } from "./index";
import { TRACE_ID, get, listAll, listWhere } from "./test-http";

describe("list endpoints", () => {
    let emu: TenantEmulator;
    beforeAll(async () => {
        emu = await startEmulator();
    });
    afterAll(() => emu.close());
    beforeEach(() => emu.reset());

    const userCount = () => Object.keys(emu.snapshot().users).length;

    it("pages over more than 100 users with absolute links.next until every user was seen once, sorted by name", async () => {
        expect(userCount()).toBeGreaterThan(150);
        const first = await get(emu, "/api/v1/users", { query: { limit: "100" } });
        expect(first.json.data).toHaveLength(100);
        expect(first.json.links.prev).toBeUndefined();
        expect(first.json.links.next.href.startsWith(`${emu.url}/api/v1/users?limit=100&next=`)).toBe(true);

        const all = await listAll(emu, `${emu.url}/api/v1/users?limit=100`);
        const ids = all.map((u) => u.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids.length).toBe(userCount());
        const names = all.map((u) => u.name.toLowerCase());
        expect(names).toEqual([...names].sort());
    });

    it("returns 20 items by default", async () => {
        const res = await get(emu, "/api/v1/users");
        expect(res.json.data).toHaveLength(20);
    });

    it("issues opaque, signed cursors: no offset to guess, and a tampered cursor is a 400", async () => {
        const first = await get(emu, "/api/v1/users", { query: { limit: "5" } });
        const cursor = new URL(first.json.links.next.href).searchParams.get("next")!;
        expect(cursor).not.toMatch(/^\d+$/);
        const tampered = cursor.slice(0, -2) + (cursor.endsWith("AA") ? "BB" : "AA");
        const res = await get(emu, "/api/v1/users", { query: { limit: "5", next: tampered } });
        expect(res.status).toBe(400);
        expect(res.json.errors[0]).toMatchObject({ code: "HTTP-400", source: { parameter: "next" } });
        for (const guess of ["5", "page=2", ""]) {
            expect((await get(emu, "/api/v1/users", { query: { next: guess } })).status).toBe(400);
        }
    });

    it("binds a cursor to its filter: reusing it with another filter or without the filter is a 400", async () => {
        const first = await listWhere(emu, "users", "name co 'extra'", { query: { limit: "10" } });
        const next = new URL(first.json.links.next.href);
        expect(next.searchParams.get("filter")).toBe("name co 'extra'");
        const cursor = next.searchParams.get("next")!;
        expect((await get(emu, "/api/v1/users", { query: { next: cursor, limit: "10" } })).status).toBe(400);
        expect((await listWhere(emu, "users", "name co 'user'", { query: { next: cursor } })).status).toBe(
            400,
        );
        expect(
            (
                await get(emu, "/api/v1/users", {
                    query: { next: cursor, sort: "-name", filter: "name co 'extra'" },
                })
            ).status,
        ).toBe(400);
        expect((await get(emu, next.href)).status).toBe(200);
    });

    it("follows links.prev back to the previous page", async () => {
        const first = await get(emu, "/api/v1/users", { query: { limit: "7" } });
        const second = await get(emu, first.json.links.next.href);
        expect(second.json.links.prev.href.startsWith(`${emu.url}/api/v1/users?`)).toBe(true);
        const back = await get(emu, second.json.links.prev.href);
        expect(back.json.data.map((u: { id: string }) => u.id)).toEqual(
            first.json.data.map((u: { id: string }) => u.id),
        );
    });

    it("neither skips nor repeats survivors when a user of an earlier page is deleted between pages", async () => {
        const first = await get(emu, "/api/v1/users", { query: { limit: "10" } });
        emu.deleteUser(first.json.data[3].id);
        const rest = await listAll(emu, first.json.links.next.href);
        const seen = [...first.json.data, ...rest].map((u) => u.id);
        expect(new Set(seen).size).toBe(seen.length);
        expect(seen.length).toBe(userCount() + 1);
    });

    it.each(["0", "101", "abc", "-1", "1.5", "", "1e2"])(
        "refuses limit=%p with a 400 Qlik error body",
        async (limit) => {
            const res = await get(emu, "/api/v1/users", { query: { limit } });
            expect(res.status).toBe(400);
            expect(res.json).toEqual({
                errors: [
                    expect.objectContaining({
                        code: "HTTP-400",
                        status: 400,
                        source: { parameter: "limit" },
                    }),
                ],
                traceId: expect.stringMatching(TRACE_ID),
            });
        },
    );

    it("accepts limit=1 and limit=100", async () => {
        expect((await get(emu, "/api/v1/users", { query: { limit: "1" } })).json.data).toHaveLength(1);
        expect((await get(emu, "/api/v1/users", { query: { limit: "100" } })).json.data).toHaveLength(100);
    });

    it("refuses unknown, misspelled and repeated query parameters", async () => {
        expect((await get(emu, "/api/v1/users", { query: { limt: "10" } })).status).toBe(400);
        expect((await get(emu, "/api/v1/users?limit=1&limit=2")).status).toBe(400);
        expect((await get(emu, "/api/v1/roles", { query: { systemGroups: "true" } })).status).toBe(400);
        expect((await get(emu, "/api/v1/users/me", { query: { x: "1" } })).status).toBe(400);
    });

    it("adds totalResults only when totalResults=true", async () => {
        const withTotal = await listWhere(emu, "users", "email eq 'shared@example.com'", {
            query: { totalResults: "true" },
        });
        expect(withTotal.json.totalResults).toBe(2);
        const without = await get(emu, "/api/v1/users", { query: { totalResults: "false" } });
        expect(without.json.totalResults).toBeUndefined();
        expect((await get(emu, "/api/v1/users", { query: { totalResults: "yes" } })).status).toBe(400);
    });

    it("sorts by -name, by %2Bsubject, by a raw + that decoded to a space, and refuses unsupported sorts", async () => {
        const desc = await get(emu, "/api/v1/users", { query: { sort: "-name", limit: "100" } });
        const names = desc.json.data.map((u: { name: string }) => u.name.toLowerCase());
        expect(names).toEqual([...names].sort().reverse());
        const bySubject = await get(emu, "/api/v1/users?sort=%2Bsubject&limit=3");
        expect(bySubject.status).toBe(200);
        expect((await get(emu, "/api/v1/users?sort=+subject")).status).toBe(200);
        for (const sort of ["+password", "name,subject", "++name"]) {
            expect((await get(emu, "/api/v1/users", { query: { sort } })).status).toBe(400);
        }
    });

    it("hides the Everyone system group unless systemGroups=true", async () => {
        const groups = await listAll(emu, `${emu.url}/api/v1/groups?limit=100`);
        expect(groups.map((g) => g.id)).not.toContain(EVERYONE_GROUP_ID);
        const system = await get(emu, "/api/v1/groups", { query: { systemGroups: "true" } });
        expect(system.status).toBe(200);
        expect(system.json.data).toEqual([
            expect.objectContaining({ id: EVERYONE_GROUP_ID, name: "com.qlik.Everyone" }),
        ]);
        const byId = await get(emu, `/api/v1/groups/${EVERYONE_GROUP_ID}`);
        expect(byId.json.name).toBe("com.qlik.Everyone");
    });

    it("refuses systemGroups=true combined with any other parameter", async () => {
        const extras: Record<string, string>[] = [
            { limit: "10" },
            { filter: "name eq 'x'" },
            { totalResults: "true" },
        ];
        for (const extra of extras) {
            const res = await get(emu, "/api/v1/groups", { query: { systemGroups: "true", ...extra } });
            expect(res.status).toBe(400);
            expect(res.json.errors[0].source).toEqual({ parameter: "systemGroups" });
        }
        expect(
            (await get(emu, "/api/v1/groups", { query: { systemGroups: "false", limit: "3" } })).status,
        ).toBe(200);
        expect((await get(emu, "/api/v1/groups", { query: { systemGroups: "1" } })).status).toBe(400);
    });

    it("pages groups and roles too, with absolute hrefs", async () => {
        const groups = await listAll(emu, `${emu.url}/api/v1/groups?limit=7`);
        expect(groups.length).toBe(Object.keys(emu.snapshot().groups).length - 1); // minus Everyone
        const roles = await get(emu, "/api/v1/roles", { query: { limit: "5" } });
        expect(roles.json.links.next.href.startsWith(`${emu.url}/api/v1/roles?limit=5&next=`)).toBe(true);
    });
});
