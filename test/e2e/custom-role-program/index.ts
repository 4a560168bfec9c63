// The custom role e2e program: custom roles from the stack config `customRoles`, and assignments from `grants`,
// which name a custom role by its resource name (`customRole`) and then assign `role: customRole.name`.
//   customRoles: [{"name":"publisher","roleName":"Analytics Publisher","scopes":["apps.image:export"]}]
//   grants: [{"name":"alice","kind":"user","subject":"user1234","customRole":"publisher"}]
import * as pulumi from "@pulumi/pulumi";
import { CustomRole, GroupRoleAssignment, UserRoleAssignment } from "pulumi-qlik-roles";

interface RoleDecl {
    name: string;
    roleName: string;
    description?: string;
    scopes?: string[];
    adopt?: boolean;
}

interface GrantDecl {
    name: string;
    kind: "user" | "group";
    subject?: string;
    groupName?: string;
    customRole: string;
}

const config = new pulumi.Config();
const roles = new Map(
    config
        .requireObject<RoleDecl[]>("customRoles")
        .map(({ name, roleName, ...rest }) => [name, new CustomRole(name, { name: roleName, ...rest })]),
);
for (const grant of config.getObject<GrantDecl[]>("grants") ?? []) {
    const role = roles.get(grant.customRole)!.name;
    if (grant.kind === "user") new UserRoleAssignment(grant.name, { subject: grant.subject!, role });
    else new GroupRoleAssignment(grant.name, { groupName: grant.groupName!, role });
}
export const roleIds = Object.fromEntries([...roles].map(([name, r]) => [name, r.roleId]));
