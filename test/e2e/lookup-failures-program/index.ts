// Lookups that fail, as a new user's mistakes make them fail. Stack config `failures` picks how many of the first
// four run (default all four): a role in the wrong case, a user and a group that do not exist, and a user named two
// ways. With `exported` true, every lookup is exported instead, each as its own stack output (on a stack without
// qlik:tenantUrl, all of them fail at once).
import * as pulumi from "@pulumi/pulumi";
import {
    getEffectiveRoles,
    getGroup,
    getRoleHolders,
    getRoles,
    getSpace,
    getSpaceMembers,
    getUser,
    type GetUserArgs,
} from "pulumi-qlik-roles";

const config = new pulumi.Config();
const exported = config.getBoolean("exported") ?? false;

const failures = [
    () => getRoleHolders({ role: "tenantadmin" }).users,
    () => getUser({ subject: "nobody-here" }).roles,
    () => getGroup({ groupName: "No Such Group" }).roles,
    // Args built from data compile (a literal naming two fails to); the lookup refuses them when it runs.
    () => getUser({ subject: "user1234", userId: "637390ec6541614d3a88d6c1" } as GetUserArgs).roles,
];
const count = Number(config.get("failures") ?? failures.length);
export const answers = exported ? [] : failures.slice(0, count).map((lookup) => lookup());

// With `unexported` true, one lookup runs and nothing reads its answer: it must still fail the program.
if (config.getBoolean("unexported")) getEffectiveRoles({ subject: "user1234" });

const not = "not exported";
export const effective = exported ? getEffectiveRoles({ subject: "user1234" }) : not;
export const user = exported ? getUser({ subject: "user1234" }) : not;
export const group = exported ? getGroup({ groupName: "My Group" }) : not;
export const holders = exported ? getRoleHolders({ role: "TenantAdmin" }) : not;
export const roles = exported ? getRoles() : not;
export const space = exported ? getSpace({ spaceName: "Sales" }) : not;
export const members = exported ? getSpaceMembers({ spaceName: "Sales" }) : not;
