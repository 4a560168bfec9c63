// Lookups that fail: a role in the wrong case, a user and a group that do not exist, and a user named two ways.
// Stack config `failures` picks how many of them run (default all four).
import * as pulumi from "@pulumi/pulumi";
import { getGroup, getRoleHolders, getUser, type GetUserArgs } from "pulumi-qlik-roles";

const failures = [
    () => getRoleHolders({ role: "tenantadmin" }).users,
    () => getUser({ subject: "nobody-here" }).roles,
    () => getGroup({ groupName: "No Such Group" }).roles,
    // Args built from data compile (a literal naming two fails to); the lookup refuses them when it runs.
    () => getUser({ subject: "user1234", userId: "637390ec6541614d3a88d6c1" } as GetUserArgs).roles,
];
const count = Number(new pulumi.Config().get("failures") ?? failures.length);
export const answers = failures.slice(0, count).map((lookup) => lookup());
