/**
 * The client's response schemas accept every value Qlik's published types allow: a field Qlik marks optional is
 * optional in our schema, an enum is not narrower than Qlik's, a type is not narrower than Qlik's. Checked on the
 * schemas' input types (what `parse` takes), so unknown fields (stripped at run time) never matter.
 *
 * What the types cannot see: `.min(1)` on ids and names refuses an empty string that `string` would allow. That is
 * deliberate (an empty id would make every later request wrong); such an answer is QLIK_INVALID_RESPONSE.
 */
import type * as QlikGroups from "@qlik/api/groups";
import type * as QlikRoles from "@qlik/api/roles";
import type * as QlikSpaces from "@qlik/api/spaces";
import type * as QlikUsers from "@qlik/api/users";
import type {
    assignedRoleSchema,
    errorBodySchema,
    groupSchema,
    pageSchema,
    roleSchema,
    userSchema,
} from "../../provider/schemas/qlik";
import type { groupSettingsSchema } from "../../provider/schemas/group-settings";
import type { assignmentSchema, spaceSchema } from "../../provider/schemas/spaces";
import type { Accepts } from "./contract";

type PageOf<Item extends Parameters<typeof pageSchema>[0]> = ReturnType<typeof pageSchema<Item>>;

// Users
export type UserSchema_accepts_User = Accepts<typeof userSchema, QlikUsers.User>;
export type UserPageSchema_accepts_Users = Accepts<PageOf<typeof userSchema>, QlikUsers.Users>;
export type AssignedRoleSchema_accepts_UsersAssignedRole = Accepts<
    typeof assignedRoleSchema,
    QlikUsers.AssignedRoles[number]
>;

// Groups
export type GroupSchema_accepts_Group = Accepts<typeof groupSchema, QlikGroups.Group>;
export type GroupPageSchema_accepts_Groups = Accepts<PageOf<typeof groupSchema>, QlikGroups.Groups>;
export type AssignedRoleSchema_accepts_GroupsAssignedRole = Accepts<
    typeof assignedRoleSchema,
    QlikGroups.AssignedRoles[number]
>;

// Roles
export type RoleSchema_accepts_Role = Accepts<typeof roleSchema, QlikRoles.Role>;
export type RolePageSchema_accepts_ListRolesResult = Accepts<
    PageOf<typeof roleSchema>,
    QlikRoles.ListRolesResult
>;

// Errors, as each API publishes them
export type ErrorBodySchema_accepts_UsersErrors = Accepts<typeof errorBodySchema, QlikUsers.Errors>;
export type ErrorBodySchema_accepts_GroupsErrors = Accepts<typeof errorBodySchema, QlikGroups.Errors>;
export type ErrorBodySchema_accepts_RolesErrors = Accepts<typeof errorBodySchema, QlikRoles.Errors>;
export type ErrorBodySchema_accepts_PatchUser207 = Accepts<
    typeof errorBodySchema,
    QlikUsers.PatchUser207HttpResponse["data"]
>;

// Group settings (the Everyone group's roles)
export type GroupSettingsSchema_accepts_GroupSettings = Accepts<
    typeof groupSettingsSchema,
    QlikGroups.GroupSettings
>;

// Spaces and their assignments
export type SpaceSchema_accepts_Space = Accepts<typeof spaceSchema, QlikSpaces.Space>;
export type SpacePageSchema_accepts_Spaces = Accepts<PageOf<typeof spaceSchema>, QlikSpaces.Spaces>;
export type AssignmentSchema_accepts_Assignment = Accepts<typeof assignmentSchema, QlikSpaces.Assignment>;
export type AssignmentPageSchema_accepts_Assignments = Accepts<
    PageOf<typeof assignmentSchema>,
    QlikSpaces.Assignments
>;
export type ErrorBodySchema_accepts_SpacesErrors = Accepts<typeof errorBodySchema, QlikSpaces.Errors>;
