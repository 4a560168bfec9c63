/// <reference types="jest" />
// What Qlik documents for its lists, both ways: `fields`, the Users list's enum of sort fields (and nothing else),
// any group field for groups, every documented filter attribute, and next links that carry only the cursor.
import { startEmulator, type TenantEmulator } from "./index";
import { USER_SORT } from "./users";
import { get, listWhere } from "./test-http";

describe("list parameters as Qlik documents them", () => {
    let emu: TenantEmulator;
    let cursorOnly: TenantEmulator;
    beforeAll(async () => {
        [emu, cursorOnly] = await Promise.all([
            startEmulator(),
            startEmulator({ variants: { nextLinks: "cursor" } }),
        ]);
    });
    afterAll(() => Promise.all([emu.close(), cursorOnly.close()]));

    it("answers only the requested fields of each user (and its id), on the list and on one user", async () => {
        const page = await get(emu, "/api/v1/users", {
            query: { limit: "3", fields: "subject,assignedRoles" },
        });
        expect(page.status).toBe(200);
        for (const u of page.json.data)
            expect(Object.keys(u).sort()).toEqual(["assignedRoles", "id", "subject"]);
        // `fields` stays on the next link, so every page has the same shape.
        expect(new URL(page.json.links.next.href).searchParams.get("fields")).toBe("subject,assignedRoles");
        const id = page.json.data[0].id;
        const one = await get(emu, `/api/v1/users/${id}`, { query: { fields: "groups" } });
        expect(one.status).toBe(200);
        expect(Object.keys(one.json).sort()).toEqual(["groups", "id"]);
        for (const bad of ["", "subject,nope"]) {
            const res = await get(emu, "/api/v1/users", { query: { fields: bad } });
            expect(res.status).toBe(400);
            expect(res.json.errors[0].source).toEqual({ parameter: "fields" });
        }
        expect((await get(emu, `/api/v1/users/${id}`, { query: { sort: "name" } })).status).toBe(400);
        // /users/me takes them too (Qlik's changelog), and hands them on with its redirect.
        const me = await get(emu, "/api/v1/users/me", { query: { fields: "groups" } });
        expect(me.status).toBe(301);
        expect(new URL(me.headers.get("location")!).searchParams.get("fields")).toBe("groups");
    });

    it("sorts users by every field of Qlik's enum, _id included, and by nothing else", async () => {
        for (const field of USER_SORT)
            for (const sort of [field, `+${field}`, `-${field}`])
                expect([sort, (await get(emu, "/api/v1/users", { query: { sort } })).status]).toEqual([
                    sort,
                    200,
                ]);
        const byId = await get(emu, "/api/v1/users", { query: { sort: "_id", limit: "50" } });
        const ids = byId.json.data.map((u: { id: string }) => u.id);
        expect(ids).toEqual([...ids].sort());
        for (const sort of ["lastUpdatedAt", "assignedRoles", "name,email"])
            expect([sort, (await get(emu, "/api/v1/users", { query: { sort } })).status]).toEqual([
                sort,
                400,
            ]);
    });

    it("sorts groups by any plain field of a group, id included", async () => {
        const res = await get(emu, "/api/v1/groups", { query: { sort: "-id", limit: "20" } });
        expect(res.status).toBe(200);
        const ids = res.json.data.map((g: { id: string }) => g.id);
        expect(ids).toEqual([...ids].sort().reverse());
        expect((await get(emu, "/api/v1/groups", { query: { sort: "assignedRoles" } })).status).toBe(400);
    });

    it("takes every filter attribute Qlik documents for users, assignedScopes and assignedRoles.id included", async () => {
        const admin = (await listWhere(emu, "users", 'subject eq "user1234"')).json.data[0];
        const roleId = admin.assignedRoles[0].id;
        const byRole = await listWhere(emu, "users", `assignedRoles.id eq "${roleId}"`, {
            query: { limit: "100" },
        });
        expect(byRole.status).toBe(200);
        expect(byRole.json.data.map((u: { id: string }) => u.id)).toContain(admin.id);
        expect((await listWhere(emu, "users", 'assignedScopes eq "user_default"')).status).toBe(200);
    });

    it("with nextLinks: cursor, a next link carries only the cursor: 20 a page as is, 100 with limit added", async () => {
        const filter = 'name co "extra"';
        const first = await listWhere(cursorOnly, "users", filter, { query: { limit: "100", sort: "id" } });
        const next = new URL(first.json.links.next.href);
        expect([...next.searchParams.keys()]).toEqual(["next"]);
        const asIs = await get(cursorOnly, next.href);
        expect(asIs.json.data).toHaveLength(20);
        const withLimit = await get(cursorOnly, `${next.href}&limit=100`);
        expect(withLimit.json.data).toHaveLength(50);
        // The filter and the sort came with the cursor.
        const ids = [...first.json.data, ...withLimit.json.data].map(
            (u: { id: string; name: string }) => u.id,
        );
        expect(ids).toEqual([...ids].sort());
        expect(withLimit.json.data.every((u: { name: string }) => u.name.includes("Extra"))).toBe(true);
        // Giving another filter than the cursor's is still refused.
        const other = await get(cursorOnly, `${next.href}&filter=${encodeURIComponent('name co "user"')}`);
        expect(other.status).toBe(400);
    });
});
