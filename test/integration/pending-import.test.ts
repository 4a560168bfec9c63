/**
 * `read` as `pulumi refresh --import-pending-creates <URN> <ID>` calls it after an interrupted `up`: with the id and
 * the inputs the interrupted create was started with (no stored outputs).
 */
import { patches, reconfigure, startTenant, type Tenant } from "../support/harness";

const DOC_USER = "637390ec6541614d3a88d6c1";
const DOC_GROUP = "6425d62641d2b80a9a0f92c3";

let t: Tenant;
let host: string;
beforeAll(async () => {
    t = await startTenant();
    host = new URL(t.emu.url).host;
});
afterAll(() => t.emu.close());
beforeEach(async () => {
    t.emu.reset();
    await reconfigure(t.config);
});

const pendingInputs = {
    subject: "user1234",
    role: "ManagedSpaceCreator",
    resourceName: "doc-user",
    __provider: "exports.handler = () => ({})",
};

describe("importing a pending create", () => {
    it("a grant found held is recorded with the outputs a finished create stores, as held before: an adopting create wrote nothing, so the grant may be one the user had before the stack", async () => {
        // The interrupted create's PATCH landed; the engine never saw its answer.
        t.emu.setUserRoles("user1234", ["AuditAdmin", "SharedSpaceCreator", "ManagedSpaceCreator"]);
        const id = `${host}/users/${DOC_USER}/roles/ManagedSpaceCreator`;
        const r = await t.user.read(id, pendingInputs);
        expect(r.id).toBe(id);
        expect(r.props).toMatchObject({
            userId: DOC_USER,
            subject: "user1234",
            role: "ManagedSpaceCreator",
            preexisting: true,
            tenantUrl: t.emu.url,
            principalSelector: "subject",
            resourceName: "doc-user",
        });
        expect(typeof r.props!.roleId).toBe("string");
        expect(typeof r.props!.instance).toBe("string");
        expect(r.inputs).toEqual({
            subject: "user1234",
            role: "ManagedSpaceCreator",
            retainIfPreexisting: false,
            resourceName: "doc-user",
        });
        // The recorded outputs then serve delete like any created assignment's.
        await t.user.delete(id, r.props!);
        expect(t.emu.userRoles("user1234")).toEqual(["AuditAdmin", "SharedSpaceCreator"]);
    });

    it("inputs that name the user by userId are still completed into outputs", async () => {
        t.emu.setUserRoles("user1234", ["ManagedSpaceCreator"]);
        const id = `${host}/users/${DOC_USER}/roles/ManagedSpaceCreator`;
        const r = await t.user.read(id, { userId: DOC_USER, role: "ManagedSpaceCreator", __provider: "x" });
        expect(r.props).toMatchObject({
            userId: DOC_USER,
            principalSelector: "userId",
            tenantUrl: t.emu.url,
        });
        expect(typeof r.props!.roleId).toBe("string");
    });

    it("works for groups too, and reads only", async () => {
        t.emu.setGroupRoles("My Group", ["AuditAdmin", "SharedSpaceCreator", "Steward"]);
        const id = `${host}/groups/${DOC_GROUP}/roles/Steward`;
        const r = await t.group.read(id, { groupName: "My Group", role: "Steward", __provider: "x" });
        expect(r.props).toMatchObject({ groupId: DOC_GROUP, role: "Steward", preexisting: true });
        expect(patches(t.emu.requests)).toHaveLength(0);
    });

    it("a grant that never landed is not imported: read finds nothing", async () => {
        const id = `${host}/users/${DOC_USER}/roles/ManagedSpaceCreator`;
        expect(await t.user.read(id, pendingInputs)).toEqual({});
    });

    it("an id naming another principal or role than the inputs fails with the id to use", async () => {
        const wrong = `${host}/users/${DOC_USER}/roles/Steward`;
        await expect(t.user.read(wrong, pendingInputs)).rejects.toThrow(
            new RegExp(
                `cannot import ${wrong}: this resource's inputs name ${host}/users/${DOC_USER}/roles/ManagedSpaceCreator`,
            ),
        );
    });
});
