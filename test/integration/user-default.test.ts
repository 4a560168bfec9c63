/**
 * A tenant that lists the implicit role UserDefault in users' `assignedRoles` but refuses it in a PATCH (Qlik: it
 * cannot be assigned or removed). The provider's read-modify-write must never send it back, never remove it, and
 * never count it as a change it manages: assignments and sets work as on any tenant, and nothing drifts.
 */
import { providerFor } from "../../provider/runtime";
import { inputs, patchedNames, patches, reconfigure, startTenant, type Tenant } from "../support/harness";

let t: Tenant;
const userRoles = providerFor("userRoles", 1);
let spy: jest.SpyInstance;

beforeAll(async () => {
    t = await startTenant({ extraUsers: 0, extraGroups: 0, variants: { userDefault: "listed" } });
});
afterAll(() => t.emu.close());
beforeEach(async () => {
    t.emu.reset();
    await reconfigure(t.config);
    spy = jest.spyOn(console, "error").mockImplementation(() => undefined);
});
afterEach(() => spy.mockRestore());

const sentUserDefault = () => patches(t.emu.requests).filter((p) => patchedNames(p).includes("UserDefault"));

describe("a tenant that lists UserDefault and refuses it in a PATCH", () => {
    it("an assignment is created, refreshed and deleted without ever writing UserDefault", async () => {
        t.emu.setUserRoles("user1234", ["AuditAdmin"]);
        const news = inputs({ subject: "user1234", role: "Steward", resourceName: "a" });
        const checked = await t.user.check({}, news);
        expect(checked.failures ?? []).toEqual([]);
        const { id, outs } = await t.user.create(checked.inputs ?? news);
        expect(outs).toMatchObject({ role: "Steward", preexisting: false });
        expect(t.emu.userRoles("user1234")).toEqual(["AuditAdmin", "Steward"]);
        expect((await t.user.read(id, outs)).id).toBe(id);
        await t.user.delete(id, outs);
        expect(t.emu.userRoles("user1234")).toEqual(["AuditAdmin"]);
        expect(patches(t.emu.requests).map((p) => p.status)).toEqual([204, 204]);
        expect(sentUserDefault()).toEqual([]);
    });

    it("a set resource neither removes UserDefault nor shows it as drift, and destroys cleanly", async () => {
        const set = inputs({ subject: "user1234", roles: ["Steward"], resourceName: "s" });
        const { id, outs } = await userRoles.create(set);
        expect(outs).toMatchObject({ roles: ["Steward"] });
        const read = await userRoles.read(id, outs);
        expect(read.props).toMatchObject({ roles: ["Steward"] });
        expect(await userRoles.diff(id, read.props!, set)).toMatchObject({ changes: false });
        await userRoles.delete(id, read.props!);
        expect(t.emu.userRoles("user1234")).toEqual([]);
        expect(patches(t.emu.requests).map((p) => p.status)).toEqual([204, 204]);
        expect(sentUserDefault()).toEqual([]);
    });
});
