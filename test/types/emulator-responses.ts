/**
 * Every JSON body the tenant emulator answers with is a value of Qlik's published response type for that endpoint,
 * so a test that passes against the emulator was not passed with a shape a real tenant cannot send. (Type-only
 * imports: the emulator itself never loads `@qlik/api`.)
 */
import type * as QlikGroups from "@qlik/api/groups";
import type * as QlikRoles from "@qlik/api/roles";
import type * as QlikSpaces from "@qlik/api/spaces";
import type * as QlikUsers from "@qlik/api/users";
import type { errorBody, partialFailureBody } from "../../emulator/errors";
import type { renderGroupSettings } from "../../emulator/group-settings";
import type { ListBody } from "../../emulator/paging";
import type { renderGroup, renderRole, renderUser } from "../../emulator/render";
import type { UserStatus } from "../../emulator/types";
import type { SpacesErrorJson } from "../../emulator/spaces-errors";
import type {
    AssignmentsPageJson,
    SpacesPageJson,
    renderAssignment,
    renderSpace,
} from "../../emulator/spaces-render";
import type { ASSIGNABLE_ROLES, SpaceRole, SpaceType } from "../../emulator/spaces-state";
import type { Equals, Expect, Fits } from "./contract";

type EmulatorUser = ReturnType<typeof renderUser>;
type EmulatorGroup = ReturnType<typeof renderGroup>;
type EmulatorRole = ReturnType<typeof renderRole>;
type EmulatorError = ReturnType<typeof errorBody>;
/** A list page as `paginate` builds it, with the items its caller renders. */
type Page<Item> = Omit<ListBody, "data"> & { data: Item[] };

// Users: GET /users/{id} (and the user /users/me leads to), GET /users.
export type EmulatorUser_fits_User = Fits<QlikUsers.User, EmulatorUser>;
export type EmulatorUserPage_fits_Users = Fits<QlikUsers.Users, Page<EmulatorUser>>;
/** The emulator can hold a user in every status Qlik lists, and in no other. */
export type EmulatorUserStatus_equals_UserStatus = Expect<
    Equals<UserStatus, NonNullable<QlikUsers.User["status"]>>
>;

// Groups: GET /groups/{id}, GET /groups.
export type EmulatorGroup_fits_Group = Fits<QlikGroups.Group, EmulatorGroup>;
export type EmulatorGroupPage_fits_Groups = Fits<QlikGroups.Groups, Page<EmulatorGroup>>;

// Group settings: GET /groups/settings (the Everyone group's roles live there).
export type EmulatorGroupSettings_fits_GroupSettings = Fits<
    QlikGroups.GroupSettings,
    ReturnType<typeof renderGroupSettings>
>;

// Roles: GET /roles/{id}, GET /roles.
export type EmulatorRole_fits_Role = Fits<QlikRoles.Role, EmulatorRole>;
export type EmulatorRolePage_fits_ListRolesResult = Fits<QlikRoles.ListRolesResult, Page<EmulatorRole>>;
/** POST /roles answers 201 with the role, rendered as GET shows it. */
export type EmulatorCreatedRole_fits_CreateRoleResponse = Fits<
    QlikRoles.CreateRoleHttpResponse["data"],
    EmulatorRole
>;

// Errors: every 4xx/5xx body (404 USERS-7 / GROUPS-7, 400, 401, 403, 429 HTTP-429, ...), per API.
export type EmulatorError_fits_UsersErrors = Fits<QlikUsers.Errors, EmulatorError>;
export type EmulatorError_fits_GroupsErrors = Fits<QlikGroups.Errors, EmulatorError>;
export type EmulatorError_fits_RolesErrors = Fits<QlikRoles.Errors, EmulatorError>;

// 207 on PATCH /users/{id}: Qlik's type for that answer's body.
export type Emulator207_fits_PatchUser207 = Fits<
    QlikUsers.PatchUser207HttpResponse["data"],
    ReturnType<typeof partialFailureBody>
>;

// Spaces: GET /spaces/{id}, GET /spaces, and the assignments' GET, POST (201) and PUT (200) answers and list.
export type EmulatorSpace_fits_Space = Fits<QlikSpaces.Space, ReturnType<typeof renderSpace>>;
export type EmulatorSpacePage_fits_Spaces = Fits<QlikSpaces.Spaces, SpacesPageJson>;
export type EmulatorAssignment_fits_Assignment = Fits<
    QlikSpaces.Assignment,
    ReturnType<typeof renderAssignment>
>;
export type EmulatorAssignmentPage_fits_Assignments = Fits<QlikSpaces.Assignments, AssignmentsPageJson>;
/** The emulator knows exactly Qlik's space roles, and every space type Qlik lists (plus its own `personal`). */
export type EmulatorSpaceRole_equals_RoleType = Expect<Equals<SpaceRole, QlikSpaces.RoleType>>;
export type EmulatorSpaceTypes_equal_SpaceType = Expect<
    Equals<Exclude<SpaceType, "personal">, QlikSpaces.SpaceType>
>;
/** Each type's assignable roles are Qlik's roles. */
export type EmulatorAssignableRoles_fit_RoleType = Fits<
    readonly QlikSpaces.RoleType[],
    (typeof ASSIGNABLE_ROLES)[SpaceType]
>;
// Errors of the spaces endpoints: the Spaces API's own shape (items without `status`, deprecated top-level fields).
export type EmulatorSpacesError_fits_SpacesErrors = Fits<
    QlikSpaces.Errors,
    SpacesErrorJson & { traceId: string }
>;
/** 401 and 429 answered before a spaces handler runs keep the common body; it still fits the spaces type. */
export type EmulatorError_fits_SpacesErrors = Fits<QlikSpaces.Errors, EmulatorError>;
