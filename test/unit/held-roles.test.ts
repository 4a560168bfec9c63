import { describeVia, heldRoles, promotesToFull } from "../../provider/access/held-roles";

const ADMIN = { id: "r1", name: "TenantAdmin" };
const STEWARD = { id: "r2", name: "Steward" };

describe("heldRoles", () => {
    it("lists direct roles, then each group's, then Everyone's, keeping a role held two ways twice", () => {
        const held = heldRoles({
            direct: [ADMIN],
            groups: [{ id: "g1", name: "Sales", roles: [STEWARD, ADMIN] }],
            everyone: [STEWARD],
        });
        expect(held).toEqual([
            { role: ADMIN, via: { kind: "direct" } },
            { role: STEWARD, via: { kind: "group", groupId: "g1", groupName: "Sales" } },
            { role: ADMIN, via: { kind: "group", groupId: "g1", groupName: "Sales" } },
            { role: STEWARD, via: { kind: "everyone" } },
        ]);
    });

    it("reads roles hidden from the credential (undefined) as none held", () => {
        expect(
            heldRoles({
                direct: undefined,
                groups: [{ id: "g", name: "G", roles: undefined }],
                everyone: undefined,
            }),
        ).toEqual([]);
    });
});

describe("promotesToFull", () => {
    it.each([
        [{ userEntitlementType: "fullUser" }, true],
        [{ fullUser: true }, true],
        [{ userEntitlementType: "basicUser", fullUser: true }, true],
        [{ userEntitlementType: "basicUser" }, false],
        [{ fullUser: false }, false],
        [{}, false],
    ])("%j promotes: %s", (role, expected) => {
        expect(promotesToFull(role)).toBe(expected);
    });
});

describe("describeVia", () => {
    it("names each source", () => {
        expect(describeVia({ kind: "direct" })).toBe("direct");
        expect(describeVia({ kind: "group", groupId: "g", groupName: "Sales" })).toBe(
            'through group "Sales"',
        );
        expect(describeVia({ kind: "everyone" })).toBe("through Everyone");
    });
});
