/**
 * Role PATCHes name roles by id. A custom role renamed while a run is under way (and its old name given to another
 * role) cannot make the provider write a role other than the one it resolved and recorded.
 */
import { inputs, patches, startTenant, type Tenant } from "../support/harness";

let t: Tenant;
let spy: jest.SpyInstance;
beforeAll(async () => {
    t = await startTenant({ extraUsers: 0, extraGroups: 0 });
    spy = jest.spyOn(console, "warn").mockImplementation(() => undefined);
});
afterAll(async () => {
    spy.mockRestore();
    await t.emu.close();
});

describe("roles named by id in PATCH bodies", () => {
    it("a custom role renamed between check and create, its name then reused, is still the role written", async () => {
        const { id: roleId } = t.emu.addCustomRole("Auditors");
        t.emu.setUserRoles("user1234", ["AuditAdmin"]);
        const news = inputs({ subject: "user1234", role: "Auditors", resourceName: "a" });
        const checked = await t.user.check({}, news);
        expect(checked.failures ?? []).toEqual([]);

        t.emu.renameCustomRole("Auditors", "Auditors 2025");
        t.emu.addCustomRole("Auditors");

        const { id, outs } = await t.user.create(checked.inputs ?? news);
        expect(outs.roleId).toBe(roleId);
        expect(t.emu.userRoles("user1234")).toEqual(["AuditAdmin", "Auditors 2025"]);
        const [patch] = patches(t.emu.requests);
        expect((patch!.body as { value: unknown[] }[])[0]!.value).toContainEqual({ id: roleId });
        await t.user.delete(id, outs);
        expect(t.emu.userRoles("user1234")).toEqual(["AuditAdmin"]);
    });
});
