// The e2e tests' program: which resources exist comes from the stack config `assignments` (JSON), so a test
// changes the program's declarations with `pulumi config set` instead of editing code.
//   [{"name":"a","kind":"user","subject":"user1234","role":"ManagedSpaceCreator"}, ...]
// Kinds `userRoles` and `groupRoles` declare a principal's exact role set: {"kind":"userRoles","roles":[...]}.
import * as pulumi from "@pulumi/pulumi";
import { GroupRoleAssignment, GroupRoles, UserRoleAssignment, UserRoles } from "pulumi-qlik-roles";

interface Declared {
    name: string;
    kind: "user" | "group" | "userRoles" | "groupRoles";
    role?: string;
    roles?: string[];
    allowEmpty?: boolean;
    userId?: string;
    subject?: string;
    email?: string;
    groupId?: string;
    groupName?: string;
    retainIfPreexisting?: boolean;
}

const declared = new pulumi.Config().requireObject<Declared[]>("assignments");
for (const { name, kind, role, roles, allowEmpty, ...args } of declared) {
    if (kind === "userRoles") new UserRoles(name, { ...args, roles: roles!, allowEmpty });
    else if (kind === "groupRoles") new GroupRoles(name, { ...args, roles: roles!, allowEmpty });
    else if (kind === "user") new UserRoleAssignment(name, { ...args, role: role! });
    else new GroupRoleAssignment(name, { ...args, role: role! });
}
export const count = declared.length;
