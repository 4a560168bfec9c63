// Every lookup, as a program uses them: assert who holds a role, grant a second role to everyone holding a first
// one, and look up a user, a group and the role catalogue. The first role comes from stack config `holdersOf`
// (default AuditAdmin).
import * as pulumi from "@pulumi/pulumi";
import { GroupRoleAssignment, getGroup, getRoleHolders, getRoles, getUser } from "pulumi-qlik-roles";

const role = new pulumi.Config().get("holdersOf") ?? "AuditAdmin";
const holders = getRoleHolders({ role });

// Everyone holding the first role directly as a group also gets Steward.
holders.groups.apply((groups) =>
    groups.map(
        (g) => new GroupRoleAssignment(`steward-${g.groupId}`, { groupId: g.groupId, role: "Steward" }),
    ),
);

const user = getUser({ subject: "user1234" });
const group = getGroup({ groupName: "My Group" });
const roles = getRoles();

export const holderSubjects = holders.users.apply((users) => users.map((u) => u.subject));
export const holderGroups = holders.groups.apply((groups) => groups.map((g) => g.groupName));
export const userRoles = user.roles;
export const userGroups = user.groups.apply((groups) => groups.map((g) => g.groupName));
export const groupId = group.groupId;
export const groupRoles = group.roles;
export const assignableRoles = roles.apply((all) => all.filter((r) => r.assignable).map((r) => r.name));
