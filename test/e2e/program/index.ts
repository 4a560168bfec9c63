// The e2e tests' program: which assignments exist comes from the stack config `assignments` (JSON), so a test
// changes the program's declarations with `pulumi config set` instead of editing code.
//   [{"name":"a","kind":"user","subject":"user1234","role":"ManagedSpaceCreator"}, ...]
import * as pulumi from "@pulumi/pulumi";
import {
    GroupRoleAssignment,
    UserRoleAssignment,
    type GroupRoleAssignmentArgs,
    type UserRoleAssignmentArgs,
} from "pulumi-qlik-roles";

interface Declared {
    name: string;
    kind: "user" | "group";
    role: string;
    userId?: string;
    subject?: string;
    email?: string;
    groupId?: string;
    groupName?: string;
    retainIfPreexisting?: boolean;
    /** The `import` resource option (which dynamic resources cannot use). */
    import?: string;
}

const declared = new pulumi.Config().requireObject<Declared[]>("assignments");
for (const { name, kind, import: id, ...args } of declared) {
    const opts = id === undefined ? undefined : { import: id };
    if (kind === "user")
        // Config data: the provider checks the one-selector rule the types cannot see here.
        new UserRoleAssignment(name, args as UserRoleAssignmentArgs, opts);
    else new GroupRoleAssignment(name, args as GroupRoleAssignmentArgs, opts);
}
export const count = declared.length;
