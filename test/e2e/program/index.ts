// The e2e tests' program: which resources exist comes from the stack config `assignments` (JSON), so a test
// changes the program's declarations with `pulumi config set` instead of editing code.
//   [{"name":"a","kind":"user","subject":"user1234","role":"ManagedSpaceCreator"}, ...]
// Kinds `userRoles` and `groupRoles` declare a principal's exact role set: {"kind":"userRoles","roles":[...]}.
// Kinds `space` and `spaceRoles` are a SpaceRoleAssignment and a SpaceRoles: {"kind":"space","spaceName":...}.
import * as fs from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import {
    GroupRoleAssignment,
    GroupRoles,
    SpaceRoleAssignment,
    SpaceRoles,
    UserRoleAssignment,
    UserRoles,
    type GroupRoleAssignmentArgs,
    type GroupRolesArgs,
    type SpaceRoleAssignmentArgs,
    type SpaceRolesArgs,
    type UserRoleAssignmentArgs,
    type UserRolesArgs,
} from "pulumi-qlik-roles";

interface Declared {
    name: string;
    kind: "user" | "group" | "userRoles" | "groupRoles" | "space" | "spaceRoles";
    spaceId?: string;
    spaceName?: string;
    role?: string;
    roles?: string[];
    allowEmpty?: boolean;
    userId?: string;
    subject?: string;
    email?: string;
    groupId?: string;
    groupName?: string;
    retainIfPreexisting?: boolean;
    /** The `import` resource option (which dynamic resources cannot use). */
    import?: string;
}

// `assignmentsFile` (a JSON file of the same list) for lists too long for a command line (the benchmark's).
const config = new pulumi.Config();
const file = config.get("assignmentsFile");
const declared: Declared[] = file
    ? (JSON.parse(fs.readFileSync(file, "utf8")) as Declared[])
    : config.requireObject<Declared[]>("assignments");
// Config data: the provider checks the one-selector rule the types cannot see here, hence the casts.
for (const { name, kind, import: id, ...args } of declared) {
    const opts = id === undefined ? undefined : { import: id };
    if (kind === "userRoles") new UserRoles(name, args as UserRolesArgs, opts);
    else if (kind === "groupRoles") new GroupRoles(name, args as GroupRolesArgs, opts);
    else if (kind === "space") new SpaceRoleAssignment(name, args as SpaceRoleAssignmentArgs, opts);
    else if (kind === "spaceRoles") new SpaceRoles(name, args as SpaceRolesArgs, opts);
    else if (kind === "user") new UserRoleAssignment(name, args as UserRoleAssignmentArgs, opts);
    else new GroupRoleAssignment(name, args as GroupRoleAssignmentArgs, opts);
}
export const count = declared.length;
