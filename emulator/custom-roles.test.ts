/// <reference types="jest" />
// POST /api/v1/roles, PATCH and DELETE /api/v1/roles/{id}: custom roles, strict per Qlik's Roles API.
import { startEmulator, type TenantEmulator } from "./index";
import { call, get } from "./test-http";
import { MAX_CUSTOM_ROLES } from "./custom-roles-api";

describe("custom roles", () => {
    let emu: TenantEmulator;
    beforeAll(async () => {
        emu = await startEmulator({ extraUsers: 0, extraGroups: 0 });
    });
    afterAll(() => emu.close());
    beforeEach(() => emu.reset());

    const create = (body: unknown, key?: string) => call(emu, "POST", "/api/v1/roles", { body, key });
    const patch = (id: string, body: unknown, key?: string) =>
        call(emu, "PATCH", `/api/v1/roles/${id}`, { body, key });
    const remove = (id: string, key?: string) => call(emu, "DELETE", `/api/v1/roles/${id}`, { key });

    it("seeds two custom roles, each with a scope, shown by GET /roles with canEdit and canDelete", async () => {
        const res = await get(emu, "/api/v1/roles", { query: { filter: 'type eq "custom"' } });
        expect(res.json.data.map((r: { name: string }) => r.name).sort()).toEqual([
            "CustomAnalyst",
            "Data Steward EU",
        ]);
        expect(res.json.data[0]).toEqual(
            expect.objectContaining({ canEdit: true, canDelete: true, assignedScopes: expect.any(Array) }),
        );
    });

    it("creates a role (201 with the role) that GET /roles/{id} then shows, and a user can be given", async () => {
        const res = await create({
            name: "Publisher",
            description: "d",
            assignedScopes: ["apps.image:export"],
        });
        expect(res.status).toBe(201);
        expect(res.json).toEqual(
            expect.objectContaining({
                name: "Publisher",
                description: "d",
                type: "custom",
                assignedScopes: ["apps.image:export"],
            }),
        );
        expect((await get(emu, `/api/v1/roles/${res.json.id}`)).json.name).toBe("Publisher");
        emu.setUserRoles("user1234", ["Publisher"]);
        expect(emu.userRoles("user1234")).toEqual(["Publisher"]);
    });

    it("refuses a taken name, a default role's name, an empty name and a non-admin caller", async () => {
        expect((await create({ name: "CustomAnalyst" })).status).toBe(400);
        expect((await create({ name: "TenantAdmin" })).status).toBe(400);
        expect((await create({ name: "" })).status).toBe(400);
        expect((await create({ name: "X" }, emu.nonAdminApiKey)).status).toBe(403);
    });

    it("refuses the 501st custom role", async () => {
        // The seed holds two: 497 more make 499.
        for (let i = 3; i < MAX_CUSTOM_ROLES; i++) emu.addCustomRole(`r${i}`);
        expect((await create({ name: "the 500th" })).status).toBe(201);
        const over = await create({ name: "the 501st" });
        expect(over.status).toBe(400);
        expect(over.json.errors[0].detail).toContain("500");
    });

    it("patches name, description and scopes with replace, add and remove-value (204), keeping the id", async () => {
        const { id } = emu.addCustomRole("Auditors");
        const res = await patch(id, [
            { op: "replace", path: "/name", value: "Auditors EU" },
            { op: "replace", path: "/description", value: "EU" },
            { op: "replace", path: "/assignedScopes", value: ["a:x", "b:y"] },
            { op: "add", path: "/assignedScopes/-", value: "c:z" },
            { op: "remove-value", path: "/assignedScopes", value: "a:x" },
        ]);
        expect(res.status).toBe(204);
        expect(emu.roleNamed("Auditors EU")).toEqual({ id, description: "EU", scopes: ["b:y", "c:z"] });
    });

    it("refuses a patch of a default role (403), of an unknown id (404), to a taken name and with another path (400)", async () => {
        const admin = emu.roleNamed("TenantAdmin")!.id;
        const { id } = emu.addCustomRole("Auditors");
        expect((await patch(admin, [{ op: "replace", path: "/name", value: "x" }])).status).toBe(403);
        expect((await patch("0".repeat(24), [{ op: "replace", path: "/name", value: "x" }])).status).toBe(
            404,
        );
        expect((await patch(id, [{ op: "replace", path: "/name", value: "CustomAnalyst" }])).status).toBe(
            400,
        );
        expect((await patch(id, [{ op: "replace", path: "/level", value: "admin" }])).status).toBe(400);
        expect(emu.roleNamed("Auditors")?.id).toBe(id);
    });

    it("deletes a role nobody holds (204), refuses one still held (400) and a default role (403)", async () => {
        const { id } = emu.addCustomRole("Auditors");
        emu.setGroupRoles("My Group", ["Auditors"]);
        const held = await remove(id);
        expect(held.status).toBe(400);
        expect(held.json.errors[0].detail).toContain("unassign");
        emu.setGroupRoles("My Group", []);
        expect((await remove(id)).status).toBe(204);
        expect(emu.roleNamed("Auditors")).toBeUndefined();
        expect((await remove(emu.roleNamed("TenantAdmin")!.id)).status).toBe(403);
    });
});
