/**
 * Role PATCH bodies name roles by id and never carry UserDefault, which a tenant may list among a principal's
 * roles but refuses in a write; `writableRoles` drops it from what a principal is read with.
 */
import { writableRoles } from "../../provider/client/roles";
import { everyoneRolesPatch, groupRolesPatch, userRolesPatch } from "../../provider/client/role-patches";

const held = [
    { id: "r1", name: "Steward" },
    { id: "ud", name: "UserDefault" },
    { id: "r2", name: "Auditors" },
];

describe("role PATCH bodies", () => {
    it.each([
        ["user", userRolesPatch, "/assignedRoles"],
        ["group", groupRolesPatch, "/assignedRoles"],
        ["Everyone", everyoneRolesPatch, "/systemGroups/000000000000000000000001/assignedRoles"],
    ] as const)("a %s body names each role by id alone, UserDefault left out", (_kind, build, path) => {
        expect(build(held)).toEqual([{ op: "replace", path, value: [{ id: "r1" }, { id: "r2" }] }]);
    });
});

describe("writableRoles", () => {
    it("keeps every role but UserDefault, as id and name only, in order", () => {
        const listed = held.map((r) => ({ ...r, type: "default", level: "user" }));
        expect(writableRoles(listed)).toEqual([
            { id: "r1", name: "Steward" },
            { id: "r2", name: "Auditors" },
        ]);
    });

    it("leaves roles hidden from the credential hidden", () => {
        expect(writableRoles(undefined)).toBeUndefined();
    });
});
