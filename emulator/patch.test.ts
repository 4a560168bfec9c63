/// <reference types="jest" />
// PATCH validation: only a well-formed replace of assignedRoles changes anything.
import { DOCUMENTED, startEmulator, type TenantEmulator } from "./index";
import { TRACE_ID, call, get, patchGroup, patchUser, replaceRoles } from "./test-http";

describe("PATCH of role assignments", () => {
    let emu: TenantEmulator;
    beforeAll(async () => {
        emu = await startEmulator();
    });
    afterAll(() => emu.close());
    beforeEach(() => emu.reset());

    /** Asserts a 4xx with a Qlik error body and that the tenant did not change. */
    async function expectRefused(
        send: () => Promise<{ status: number; json: any }>,
        status: number,
        detail?: RegExp,
    ) {
        const before = emu.snapshot();
        const res = await send();
        expect(res.status).toBe(status);
        expect(res.json.traceId).toMatch(TRACE_ID);
        if (detail) expect(res.json.errors[0].detail).toMatch(detail);
        expect(emu.snapshot()).toEqual(before);
        return res;
    }

    const rawPatch = (body: string, contentType = "application/json") =>
        call(emu, "PATCH", `/api/v1/users/${DOCUMENTED.userId}`, { rawBody: body, contentType });

    it("refuses a body that is not a JSON array, an empty array or invalid JSON with 400", async () => {
        await expectRefused(
            () => patchUser(emu, DOCUMENTED.userId, { op: "replace", path: "/assignedRoles", value: [] }),
            400,
            /array/,
        );
        await expectRefused(() => patchUser(emu, DOCUMENTED.userId, []), 400, /at least one/);
        await expectRefused(() => rawPatch("[{"), 400, /not valid JSON/);
    });

    it("refuses a body that is not declared as application/json with 415", async () => {
        await expectRefused(() => rawPatch(JSON.stringify(replaceRoles(["Steward"])), "text/plain"), 415);
        await expectRefused(
            () => call(emu, "PATCH", `/api/v1/users/${DOCUMENTED.userId}`, { rawBody: "[]" }),
            415,
        );
    });

    it("accepts application/json with a charset parameter", async () => {
        const res = await rawPatch(
            JSON.stringify(replaceRoles(["Steward"])),
            "application/json; charset=utf-8",
        );
        expect(res.status).toBe(204);
        expect(emu.userRoles("user1234")).toEqual(["Steward"]);
    });

    it.each(["add", "remove", "remove-value", "Replace", undefined])(
        "refuses op %p with 400 pointing at the op",
        async (op) => {
            const res = await expectRefused(
                () =>
                    patchUser(emu, DOCUMENTED.userId, [
                        { op, path: "/assignedRoles", value: [{ name: "Steward" }] },
                    ]),
                400,
                /only "replace"/,
            );
            expect(res.json.errors[0].source).toEqual({ pointer: "/0/op" });
        },
    );

    it("refuses other paths on users, including assignedRoles without its slash", async () => {
        for (const path of ["/name", "/assignedRoles/-", "assignedRoles", "/assignedroles"]) {
            await expectRefused(
                () => patchUser(emu, DOCUMENTED.userId, replaceRoles(["Steward"], path)),
                400,
                /Unsupported path/,
            );
        }
    });

    it("accepts assignedRoles with and without the slash on groups", async () => {
        expect(
            (await patchGroup(emu, DOCUMENTED.groupId, replaceRoles(["Steward"], "assignedRoles"))).status,
        ).toBe(204);
        expect(
            (await patchGroup(emu, DOCUMENTED.groupId, replaceRoles(["DataAdmin"], "/assignedRoles"))).status,
        ).toBe(204);
        expect(emu.groupRoles("My Group")).toEqual(["DataAdmin"]);
        await expectRefused(
            () => patchGroup(emu, DOCUMENTED.groupId, replaceRoles(["Steward"], "/name")),
            400,
        );
    });

    it("refuses an unknown role name or id with a 400 naming it and pointing at it", async () => {
        const res = await expectRefused(
            () => patchUser(emu, DOCUMENTED.userId, replaceRoles(["AuditAdmin", "NoSuchRole"])),
            400,
            /Unknown role "NoSuchRole"/,
        );
        expect(res.json.errors[0]).toMatchObject({
            title: "Invalid role",
            source: { pointer: "/0/value/1" },
        });
        await expectRefused(
            () =>
                patchUser(emu, DOCUMENTED.userId, [
                    { op: "replace", path: "/assignedRoles", value: [{ id: "000000000000000000000bad" }] },
                ]),
            400,
            /Unknown role id/,
        );
        await expectRefused(
            () => patchUser(emu, DOCUMENTED.userId, replaceRoles(["tenantadmin"])),
            400,
            /Unknown role/,
        );
    });

    it("refuses UserDefault, by name or by id", async () => {
        await expectRefused(
            () => patchUser(emu, DOCUMENTED.userId, replaceRoles(["AuditAdmin", "UserDefault"])),
            400,
            /UserDefault/,
        );
        const roles = await get(emu, "/api/v1/roles", { query: { filter: "name eq 'UserDefault'" } });
        const id = roles.json.data[0].id;
        await expectRefused(
            () =>
                patchUser(emu, DOCUMENTED.userId, [
                    { op: "replace", path: "/assignedRoles", value: [{ id }] },
                ]),
            400,
            /UserDefault/,
        );
    });

    it("refuses malformed role references", async () => {
        for (const value of [
            ["Steward"],
            [{}],
            [{ name: 7 }],
            [null],
            { name: "Steward" },
            [{ id: "608050f7634644db3678b1a2", name: "Steward" }],
        ]) {
            await expectRefused(
                () => patchUser(emu, DOCUMENTED.userId, [{ op: "replace", path: "/assignedRoles", value }]),
                400,
            );
        }
    });

    it("accepts roles by id, by name, or by id with type and level echoed, and collapses duplicates", async () => {
        const res = await patchUser(emu, DOCUMENTED.userId, [
            {
                op: "replace",
                path: "/assignedRoles",
                value: [
                    { id: "608050f7634644db3678b1a2" },
                    {
                        id: "605a1c2151382ffc836af862",
                        type: "default",
                        level: "user",
                    },
                    { name: "Data Steward EU" },
                    { name: "AuditAdmin" },
                ],
            },
        ]);
        expect(res.status).toBe(204);
        const user = await get(emu, `/api/v1/users/${DOCUMENTED.userId}`);
        expect(user.json.assignedRoles.map((r: { name: string }) => r.name)).toEqual([
            "AuditAdmin",
            "SharedSpaceCreator",
            "Data Steward EU",
        ]);
    });

    it("applies several replace operations in order, the last one winning", async () => {
        const res = await patchUser(emu, DOCUMENTED.userId, [
            ...replaceRoles(["Steward"]),
            ...replaceRoles(["DataAdmin"]),
        ]);
        expect(res.status).toBe(204);
        expect(emu.userRoles("user1234")).toEqual(["DataAdmin"]);
    });

    it("accepts an empty role list, removing every direct role", async () => {
        expect((await patchUser(emu, DOCUMENTED.userId, replaceRoles([]))).status).toBe(204);
        expect(emu.userRoles("user1234")).toEqual([]);
    });

    it("refuses more than 100 roles on a group and accepts exactly 100", async () => {
        const names = Array.from({ length: 101 }, (_, i) => `Bulk role ${String(i).padStart(3, "0")}`);
        names.forEach((n) => emu.addCustomRole(n));
        await expectRefused(
            () => patchGroup(emu, DOCUMENTED.groupId, replaceRoles(names)),
            400,
            /at most 100/,
        );
        expect((await patchGroup(emu, DOCUMENTED.groupId, replaceRoles(names.slice(0, 100)))).status).toBe(
            204,
        );
        expect(emu.groupRoles("My Group")).toHaveLength(100);
    });

    it("answers an unknown user with the documented USERS-7 body and a trace id matching x-request-id", async () => {
        for (const res of [
            await patchUser(emu, "000000000000000000000404", replaceRoles(["Steward"])),
            await get(emu, "/api/v1/users/000000000000000000000404"),
        ]) {
            expect(res.status).toBe(404);
            expect(res.json).toEqual({
                errors: [{ code: "USERS-7", status: 404, title: "Not found" }],
                traceId: expect.stringMatching(TRACE_ID),
            });
            expect(res.headers.get("x-request-id")).toBe(res.json.traceId);
        }
    });

    it("answers an unknown group with GROUPS-7 and an unknown role with ROLES-7", async () => {
        const group = await patchGroup(emu, "000000000000000000000404", replaceRoles(["Steward"]));
        expect(group.json.errors).toEqual([{ code: "GROUPS-7", status: 404, title: "Not found" }]);
        expect((await get(emu, "/api/v1/groups/nope")).json.errors[0].code).toBe("GROUPS-7");
        expect((await get(emu, "/api/v1/roles/nope")).json.errors[0].code).toBe("ROLES-7");
    });

    it("refuses query parameters on a PATCH", async () => {
        await expectRefused(
            () =>
                call(emu, "PATCH", `/api/v1/users/${DOCUMENTED.userId}`, {
                    body: replaceRoles(["Steward"]),
                    query: { dryRun: "true" },
                }),
            400,
        );
    });

    it("updates lastUpdatedAt on a successful PATCH", async () => {
        const before = (await get(emu, `/api/v1/groups/${DOCUMENTED.groupId}`)).json.lastUpdatedAt;
        await patchGroup(emu, DOCUMENTED.groupId, replaceRoles(["Steward"]));
        const after = (await get(emu, `/api/v1/groups/${DOCUMENTED.groupId}`)).json.lastUpdatedAt;
        expect(Date.parse(after)).toBeGreaterThan(Date.parse(before));
    });
});
