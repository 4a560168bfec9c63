import { parseExportArgs } from "../../provider/cli/export";
import { selectCustomRoles } from "../../provider/cli/export-custom-roles";
import type { TenantGrants } from "../../provider/cli/export-grants";
import { renderProgram } from "../../provider/cli/render-program";
import type { Role } from "../../provider/schemas/qlik";

const ROLES: Role[] = [
    { id: "r-admin", name: "TenantAdmin", type: "default", level: "admin" },
    {
        id: "r-pub",
        name: 'Publisher "EU"',
        type: "custom",
        description: "publishes",
        assignedScopes: ["b:y", "a:x"],
    },
    { id: "r-aud", name: "Auditors", type: "custom" },
];

const grants = (customRoles?: TenantGrants["customRoles"]): TenantGrants => ({
    tenantUrl: "https://acme.eu.qlikcloud.com",
    retainIfPreexisting: true,
    users: [{ userId: "u-1", subject: "alice", roles: ["Auditors", "TenantAdmin"] }],
    groups: [],
    ...(customRoles ? { customRoles } : {}),
});

describe("export --custom-roles", () => {
    it("is a flag of its own", () => {
        expect(parseExportArgs(["--custom-roles"])).toMatchObject({ customRoles: true });
        expect(parseExportArgs([])).toMatchObject({ customRoles: false });
    });

    it("selects the custom roles only (those --role names, when given), sorted by name, scopes sorted", () => {
        expect(selectCustomRoles(ROLES, [])).toEqual([
            { roleId: "r-aud", name: "Auditors", description: "", scopes: [] },
            { roleId: "r-pub", name: 'Publisher "EU"', description: "publishes", scopes: ["a:x", "b:y"] },
        ]);
        expect(selectCustomRoles(ROLES, ["Auditors", "TenantAdmin"]).map((r) => r.name)).toEqual([
            "Auditors",
        ]);
    });

    it("declares each role, adopted, before the assignments, which name it through its resource", () => {
        const text = renderProgram(grants(selectCustomRoles(ROLES, [])), { args: ["--custom-roles"] });
        expect(text).toContain(
            'import { CustomRole, GroupRoleAssignment, UserRoleAssignment } from "pulumi-qlik-roles";',
        );
        expect(text).toContain(
            '    { roleId: "r-pub", name: "Publisher \\"EU\\"", description: "publishes", scopes: ["a:x", "b:y"] },',
        );
        expect(text).toContain(
            "new CustomRole(`role-${roleId}`, { ...role, adopt: true, deleteAdoptedOnDestroy: false }),",
        );
        expect(text.indexOf("new CustomRole(")).toBeLessThan(text.indexOf("new UserRoleAssignment("));
        expect(text).toContain("            role: roleOf(role),\n");
    });

    it("without the flag, the program is as before: no CustomRole, roles by name", () => {
        const text = renderProgram(grants(), { args: [] });
        expect(text).not.toContain("CustomRole");
        expect(text).toContain("            role,\n");
    });
});
