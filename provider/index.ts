/**
 * pulumi-qlik-roles: Qlik Cloud tenant role assignments, and exact role sets per principal, as Pulumi resources.
 *
 * ```ts
 * import { UserRoleAssignment, GroupRoleAssignment } from "pulumi-qlik-roles";
 * new UserRoleAssignment("user1234-msc", { subject: "user1234", role: "ManagedSpaceCreator" });
 * ```
 */
export { UserRoleAssignment, type UserRoleAssignmentArgs } from "./resources/user-role-assignment";
export { GroupRoleAssignment, type GroupRoleAssignmentArgs } from "./resources/group-role-assignment";
export { UserRoles, type UserRolesArgs } from "./resources/user-roles";
export { GroupRoles, type GroupRolesArgs } from "./resources/group-roles";
export { CustomRole, type CustomRoleArgs } from "./resources/custom-role";
export { SpaceRoleAssignment, type SpaceRoleAssignmentArgs } from "./resources/space-role-assignment";
export { SpaceRoles, type SpaceRolesArgs } from "./resources/space-roles";
export {
    getEffectiveRoles,
    getGroup,
    getRoleHolders,
    getRoles,
    getSpace,
    getSpaceMembers,
    getUser,
} from "./lookups";
export type {
    EffectiveRole,
    EffectiveRoles,
    GetGroupArgs,
    GetRoleHoldersArgs,
    GetSpaceArgs,
    GetUserArgs,
    GroupInfo,
    RoleHolders,
    RoleInfo,
    SpaceDetails,
    SpaceMember,
    SpaceMembers,
    UserInfo,
} from "./lookups";
