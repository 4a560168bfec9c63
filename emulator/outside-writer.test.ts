/// <reference types="jest" />
// The outside writer: another admin racing with the client's read-modify-write (Qlik has no ETag).
import { DOCUMENTED, startEmulator, type TenantEmulator } from "./index";
import { get, patchGroup, patchUser, replaceRoles } from "./test-http";

describe("the outside writer", () => {
    let emu: TenantEmulator;
    beforeAll(async () => {
        emu = await startEmulator();
    });
    afterAll(() => emu.close());
    beforeEach(() => emu.reset());

    /** The client's side of the race: read the roles, PATCH them back with one role added. */
    async function addRole(role: string): Promise<number> {
        const user = await get(emu, `/api/v1/users/${DOCUMENTED.userId}`);
        const names = user.json.assignedRoles.map((r: { name: string }) => r.name);
        return (await patchUser(emu, DOCUMENTED.userId, replaceRoles([...names, role]))).status;
    }

    it("is disabled by default", async () => {
        expect(emu.faults.outsideWriter).toEqual({
            enabled: false,
            mode: "before-write",
            rate: 1,
            role: "Steward",
        });
        expect(await addRole("ManagedSpaceCreator")).toBe(204);
        expect(emu.faults.outsideWriterEvents).toEqual([]);
    });

    it("before-write: its role lands just before the client's stale PATCH, which silently drops it", async () => {
        Object.assign(emu.faults.outsideWriter, { enabled: true, mode: "before-write" });
        expect(await addRole("ManagedSpaceCreator")).toBe(204);
        expect(emu.userRoles("user1234")).toEqual([
            "AuditAdmin",
            "ManagedSpaceCreator",
            "SharedSpaceCreator",
        ]);
        expect(emu.faults.outsideWriterEvents).toEqual([
            { at: expect.any(Number), principal: DOCUMENTED.userId, action: "before-write: added Steward" },
        ]);
        expect(emu.requests.at(-1)).toMatchObject({
            method: "PATCH",
            status: 204,
            fault: "outside-writer:before-write",
        });
    });

    it("after-write: its stale write-back plus its role lands right after the client's PATCH, losing the client's role", async () => {
        emu.faults.outsideWriter = { enabled: true, mode: "after-write", rate: 1, role: "DataAdmin" };
        expect(await addRole("ManagedSpaceCreator")).toBe(204);
        expect(emu.userRoles("user1234")).toEqual(["AuditAdmin", "DataAdmin", "SharedSpaceCreator"]);
        expect(emu.faults.outsideWriterEvents).toEqual([
            {
                at: expect.any(Number),
                principal: DOCUMENTED.userId,
                action: "after-write: wrote back [AuditAdmin, DataAdmin, SharedSpaceCreator]",
            },
        ]);
    });

    it("after-write: a client that verifies and re-applies ends with both changes", async () => {
        emu.faults.outsideWriter = { enabled: true, mode: "after-write", rate: 1, role: "Steward" };
        await addRole("ManagedSpaceCreator");
        emu.faults.outsideWriter.enabled = false;
        const check = await get(emu, `/api/v1/users/${DOCUMENTED.userId}`);
        expect(check.json.assignedRoles.map((r: { name: string }) => r.name)).not.toContain(
            "ManagedSpaceCreator",
        );
        await addRole("ManagedSpaceCreator");
        expect(emu.userRoles("user1234")).toEqual([
            "AuditAdmin",
            "ManagedSpaceCreator",
            "SharedSpaceCreator",
            "Steward",
        ]);
    });

    it("races group PATCHes too", async () => {
        Object.assign(emu.faults.outsideWriter, { enabled: true, mode: "after-write" });
        expect(
            (
                await patchGroup(
                    emu,
                    DOCUMENTED.groupId,
                    replaceRoles(["AuditAdmin", "SharedSpaceCreator", "DataAdmin"]),
                )
            ).status,
        ).toBe(204);
        expect(emu.groupRoles("My Group")).toEqual(["AuditAdmin", "SharedSpaceCreator", "Steward"]);
        expect(emu.faults.outsideWriterEvents[0]!.principal).toBe(DOCUMENTED.groupId);
    });

    it("fires with probability rate, so rate 0 never fires", async () => {
        Object.assign(emu.faults.outsideWriter, { enabled: true, mode: "after-write", rate: 0 });
        for (let i = 0; i < 5; i++) expect(await addRole("ManagedSpaceCreator")).toBe(204);
        expect(emu.faults.outsideWriterEvents).toEqual([]);
    });

    it("fires at most `times` times, counting down in place", async () => {
        emu.faults.outsideWriter = { enabled: true, mode: "after-write", rate: 1, role: "Steward", times: 1 };
        for (let i = 0; i < 3; i++) expect(await addRole("ManagedSpaceCreator")).toBe(204);
        expect(emu.faults.outsideWriterEvents).toHaveLength(1);
        expect(emu.faults.outsideWriter.times).toBe(0);
        expect(emu.userRoles("user1234")).toEqual([
            "AuditAdmin",
            "ManagedSpaceCreator",
            "SharedSpaceCreator",
            "Steward",
        ]);
    });

    it("does not fire on a refused PATCH", async () => {
        Object.assign(emu.faults.outsideWriter, { enabled: true, mode: "before-write" });
        expect((await patchUser(emu, DOCUMENTED.userId, replaceRoles(["NoSuchRole"]))).status).toBe(400);
        expect(emu.faults.outsideWriterEvents).toEqual([]);
        expect(emu.userRoles("user1234")).toEqual(["AuditAdmin", "SharedSpaceCreator"]);
    });

    it("is disabled again and its events forgotten after faults.clear()", async () => {
        Object.assign(emu.faults.outsideWriter, { enabled: true });
        await addRole("ManagedSpaceCreator");
        emu.faults.clear();
        expect(emu.faults.outsideWriter.enabled).toBe(false);
        expect(emu.faults.outsideWriterEvents).toEqual([]);
    });
});
