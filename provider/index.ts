/**
 * pulumi-qlik-roles: Qlik Cloud tenant role assignments as Pulumi resources.
 *
 * ```ts
 * import { UserRoleAssignment, GroupRoleAssignment } from "pulumi-qlik-roles";
 * new UserRoleAssignment("user1234-msc", { subject: "user1234", role: "ManagedSpaceCreator" });
 * ```
 */
export { UserRoleAssignment, type UserRoleAssignmentArgs } from "./resources/user-role-assignment";
export { GroupRoleAssignment, type GroupRoleAssignmentArgs } from "./resources/group-role-assignment";
export { getGroup, getRoleHolders, getRoles, getUser } from "./lookups";
export type {
    GetGroupArgs,
    GetRoleHoldersArgs,
    GetUserArgs,
    GroupInfo,
    RoleHolders,
    RoleInfo,
    UserInfo,
} from "./lookups";
