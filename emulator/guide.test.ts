/// <reference types="jest" />
// The curl calls of Qlik's "Manage roles" guide (shared/seeds/000_cb80700712a7a637.txt), answered as documented.
import { DOCUMENTED, startEmulator, type TenantEmulator } from "./index";
import { call, get, listWhere, patchGroup, patchUser, replaceRoles } from "./test-http";

const AUDIT_ADMIN = { id: "608050f7634644db3678b1a2", name: "AuditAdmin", type: "default", level: "admin" };
const SHARED_SPACE_CREATOR = {
    id: "605a1c2151382ffc836af862",
    name: "SharedSpaceCreator",
    type: "default",
    level: "user",
};

describe("the Manage roles guide", () => {
    let emu: TenantEmulator;
    beforeAll(async () => {
        emu = await startEmulator();
    });
    afterAll(() => emu.close());
    beforeEach(() => emu.reset());

    it("lists the documented user with its two roles for filter subject eq 'user1234'", async () => {
        const res = await listWhere(emu, "users", "subject eq 'user1234'", {
            headers: { "content-type": "application/json", accept: "application/json" },
        });
        expect(res.status).toBe(200);
        expect(res.json.data).toHaveLength(1);
        expect(res.json.data[0]).toMatchObject({
            id: DOCUMENTED.userId,
            tenantId: DOCUMENTED.tenantId,
            clientId: DOCUMENTED.clientId,
            status: "active",
            subject: "user1234",
            assignedRoles: [AUDIT_ADMIN, SHARED_SPACE_CREATOR],
            links: { self: { href: `${emu.url}/api/v1/users/${DOCUMENTED.userId}` } },
        });
        expect(res.json.links.self.href).toBe(`${emu.url}/api/v1/users?filter=subject%20eq%20'user1234'`);
    });

    it("answers the PATCH with the three role names with 204 and no content, and the user then holds them", async () => {
        const res = await patchUser(
            emu,
            DOCUMENTED.userId,
            replaceRoles(["AuditAdmin", "SharedSpaceCreator", "ManagedSpaceCreator"]),
        );
        expect(res.status).toBe(204);
        expect(res.text).toBe("");
        const user = await get(emu, `/api/v1/users/${DOCUMENTED.userId}`);
        expect(user.json.assignedRoles.map((r: { name: string }) => r.name)).toEqual([
            "AuditAdmin",
            "SharedSpaceCreator",
            "ManagedSpaceCreator",
        ]);
        expect(emu.userRoles("user1234")).toEqual([
            "AuditAdmin",
            "ManagedSpaceCreator",
            "SharedSpaceCreator",
        ]);
    });

    it("finds users by assignedRoles.name eq 'ManagedSpaceCreator', and the patched user among them", async () => {
        await patchUser(
            emu,
            DOCUMENTED.userId,
            replaceRoles(["AuditAdmin", "SharedSpaceCreator", "ManagedSpaceCreator"]),
        );
        const res = await listWhere(emu, "users", "assignedRoles.name eq 'ManagedSpaceCreator'", {
            query: { limit: "100" },
        });
        expect(res.status).toBe(200);
        const subjects = res.json.data.map((u: { subject: string }) => u.subject);
        expect(subjects).toContain("user1234");
        for (const u of res.json.data) {
            expect(u.assignedRoles.map((r: { name: string }) => r.name)).toContain("ManagedSpaceCreator");
        }
    });

    it("lists the documented group for filter name eq 'My Group'", async () => {
        const res = await listWhere(emu, "groups", "name eq 'My Group'");
        expect(res.status).toBe(200);
        expect(res.json.data).toEqual([
            {
                id: DOCUMENTED.groupId,
                tenantId: DOCUMENTED.tenantId,
                createdAt: "2023-03-30T18:34:14.006Z",
                lastUpdatedAt: "2023-03-30T18:34:14.006Z",
                name: "My Group",
                status: "active",
                idpId: DOCUMENTED.idpId,
                providerType: "idp",
                assignedRoles: [AUDIT_ADMIN, SHARED_SPACE_CREATOR],
                links: { self: { href: `${emu.url}/api/v1/groups/${DOCUMENTED.groupId}` } },
            },
        ]);
    });

    it("answers the group PATCH with 204, and the group is then found by assignedRoles.name", async () => {
        const res = await patchGroup(
            emu,
            DOCUMENTED.groupId,
            replaceRoles(["AuditAdmin", "SharedSpaceCreator", "ManagedSpaceCreator"]),
        );
        expect(res.status).toBe(204);
        expect(emu.groupRoles("My Group")).toEqual([
            "AuditAdmin",
            "ManagedSpaceCreator",
            "SharedSpaceCreator",
        ]);
        const found = await listWhere(emu, "groups", "assignedRoles.name eq 'ManagedSpaceCreator'");
        expect(found.json.data.map((g: { name: string }) => g.name)).toEqual(["My Group"]);
    });

    it("lists every default role, UserDefault and the custom roles under GET /roles", async () => {
        const res = await get(emu, "/api/v1/roles", { query: { limit: "100" } });
        expect(res.status).toBe(200);
        const names = res.json.data.map((r: { name: string }) => r.name);
        for (const n of [
            "TenantAdmin",
            "ManagedSpaceCreator",
            "Steward",
            "UserDefault",
            "CustomAnalyst",
            "Data Steward EU",
        ]) {
            expect(names).toContain(n);
        }
        expect(names).not.toContain("Developer");
        expect(res.json.data.find((r: { name: string }) => r.name === "AuditAdmin")).toMatchObject({
            ...AUDIT_ADMIN,
            tenantId: DOCUMENTED.tenantId,
            links: { self: { href: `${emu.url}/api/v1/roles/${AUDIT_ADMIN.id}` } },
        });
        const one = await get(emu, `/api/v1/roles/${SHARED_SPACE_CREATOR.id}`);
        expect(one.json).toMatchObject(SHARED_SPACE_CREATOR);
    });

    it("shows roles held through groups under assignedGroups, not under the user's assignedRoles", async () => {
        await patchGroup(emu, DOCUMENTED.groupId, replaceRoles(["DataAdmin"]));
        const user = await get(emu, `/api/v1/users/${DOCUMENTED.userId}`);
        expect(user.json.assignedRoles.map((r: { name: string }) => r.name)).not.toContain("DataAdmin");
        expect(user.json.assignedGroups).toEqual([
            {
                id: DOCUMENTED.groupId,
                name: "My Group",
                assignedRoles: [expect.objectContaining({ name: "DataAdmin" })],
            },
        ]);
    });

    it("answers a guide-style request sent with the documented headers and an Accept header alike", async () => {
        const res = await call(emu, "GET", `/api/v1/groups/${DOCUMENTED.groupId}`, {
            headers: { accept: "application/json" },
        });
        expect(res.status).toBe(200);
        expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    });
});
