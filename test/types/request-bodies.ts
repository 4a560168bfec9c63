/**
 * Every request body the client sends is a value of the request type Qlik publishes for that endpoint.
 *
 * Two paths are written differently in Qlik's types and in its examples; our bodies follow the examples, and each
 * such case carries a tripwire (`@ts-expect-error` against the type as published) that stops compiling once a
 * Qlik release changes the type, so the choice is looked at again. The cases are listed in emulator/README.md.
 */
import type * as QlikGroups from "@qlik/api/groups";
import type * as QlikSpaces from "@qlik/api/spaces";
import type * as QlikUsers from "@qlik/api/users";
import type {
    EVERYONE_GROUP_ID,
    everyoneRolesPatch,
    groupRolesPatch,
    userRolesPatch,
} from "../../provider/client/role-patches";
import type { SORT_BY_ID, USER_ROLE_FIELDS } from "../../provider/client/directory";
import type { USER_ACCESS_FIELDS } from "../../provider/cli/report-tenant";
import type { PAGE_LIMIT } from "../../provider/client/paging";
import type {
    AssigneeType,
    createAssignmentBody,
    replaceAssignmentBody,
} from "../../provider/client/space-assignments";
import type { Equals, Expect, Fits } from "./contract";

type UserRolesBody = ReturnType<typeof userRolesPatch>;
type GroupRolesBody = ReturnType<typeof groupRolesPatch>;
type EveryoneRolesBody = ReturnType<typeof everyoneRolesPatch>;

/** PATCH /api/v1/users/{id}: our body against `JSONPatchArray`, as published. */
export type UserRolesPatch_fits_JSONPatchArray = Fits<QlikUsers.JSONPatchArray, UserRolesBody>;
/** `JSONPatch.value` also allows any array (`unknown[]`), so the roles are held to the id reference type we send. */
export type UserRolesValue_fits_RefIDs = Fits<QlikUsers.RefIDs, UserRolesBody[0]["value"]>;

/**
 * PATCH /api/v1/groups/{id}. `GroupPatch.path` lists `assignedRoles` without the leading slash that Qlik's examples
 * send and a JSON Pointer (RFC 6901) has; we send `/assignedRoles`, and hold the rest of the body to the type.
 */
type GroupPatchAsExamplesSendIt = Omit<QlikGroups.GroupPatch, "path"> & {
    path: QlikGroups.GroupPatch["path"] | `/${QlikGroups.GroupPatch["path"]}`;
};
export type GroupRolesPatch_fits_GroupPatchSchema = Fits<GroupPatchAsExamplesSendIt[], GroupRolesBody>;
// @ts-expect-error tripwire: the published path enum has no leading slash (see above)
export type GroupRolesPatch_vs_AsPublished = Fits<QlikGroups.GroupPatchSchema, GroupRolesBody>;

/**
 * PATCH /api/v1/groups/settings. `SettingsPatch.path` holds the template `/systemGroups/{id}/assignedRoles` as a
 * literal string; the request carries the Everyone group's id in its place.
 */
type FillId<Path, Id extends string> = Path extends `${infer Head}{id}${infer Tail}`
    ? `${Head}${Id}${Tail}`
    : Path;
type SettingsPatchAsSent = Omit<QlikGroups.SettingsPatch, "path"> & {
    path: FillId<QlikGroups.SettingsPatch["path"], typeof EVERYONE_GROUP_ID>;
};
export type EveryoneRolesPatch_fits_SettingsPatchSchema = Fits<SettingsPatchAsSent[], EveryoneRolesBody>;
// @ts-expect-error tripwire: the published path is a template with `{id}` in it (see above)
export type EveryoneRolesPatch_vs_AsPublished = Fits<QlikGroups.SettingsPatchSchema, EveryoneRolesBody>;

/**
 * GET /api/v1/users and /api/v1/groups as the client's pager sends them (directory.ts): every parameter is one of
 * `getUsers`' / `getGroups`' query parameters with a value of its type (the sort is in the Users enum), and each
 * requested field is a field of Qlik's `User`.
 */
type UsersListQuery = {
    limit: typeof PAGE_LIMIT;
    fields: typeof USER_ROLE_FIELDS;
    filter: string;
    sort: typeof SORT_BY_ID;
    next: string;
};
export type UsersListQuery_fits_getUsers = Fits<Parameters<typeof QlikUsers.getUsers>[0], UsersListQuery>;
type GroupsListQuery = { limit: typeof PAGE_LIMIT; filter: string; sort: typeof SORT_BY_ID; next: string };
export type GroupsListQuery_fits_getGroups = Fits<
    Parameters<typeof QlikGroups.getGroups>[0],
    GroupsListQuery
>;
type Split<S extends string> = S extends `${infer Head},${infer Tail}` ? Head | Split<Tail> : S;
export type UserRoleFields_are_User_fields = Fits<keyof QlikUsers.User, Split<typeof USER_ROLE_FIELDS>>;
/** `report` also asks for each user's groups: `assignedGroups` is a field of Qlik's `User` too. */
export type UserAccessFields_are_User_fields = Fits<keyof QlikUsers.User, Split<typeof USER_ACCESS_FIELDS>>;

/**
 * POST and PUT /api/v1/spaces/{id}/assignments[/{assignmentId}]. The client passes roles through as strings (so a PUT
 * keeps roles it does not know); given Qlik's role names, each body is exactly Qlik's request type, no field more.
 */
type CreateBody = ReturnType<typeof createAssignmentBody<QlikSpaces.RoleType>>;
type ReplaceBody = ReturnType<typeof replaceAssignmentBody<QlikSpaces.RoleType>>;
export type CreateAssignmentBody_fits_AssignmentCreate = Fits<QlikSpaces.AssignmentCreate, CreateBody>;
export type CreateAssignmentBody_has_its_fields = Expect<
    Equals<keyof CreateBody, keyof QlikSpaces.AssignmentCreate>
>;
export type ReplaceAssignmentBody_fits_AssignmentUpdate = Fits<QlikSpaces.AssignmentUpdate, ReplaceBody>;
export type ReplaceAssignmentBody_has_its_fields = Expect<
    Equals<keyof ReplaceBody, keyof QlikSpaces.AssignmentUpdate>
>;

/** GET /api/v1/spaces (a name search) and its assignments (one assignee) as the pager sends them. */
type SpacesListQuery = { limit: typeof PAGE_LIMIT; name: string; next: string };
export type SpacesListQuery_fits_getSpaces = Fits<
    Parameters<typeof QlikSpaces.getSpaces>[0],
    SpacesListQuery
>;
type AssignmentsListQuery = {
    limit: typeof PAGE_LIMIT;
    assigneeId: string;
    type: AssigneeType;
    next: string;
};
export type AssignmentsListQuery_fits_getSpaceAssignments = Fits<
    Parameters<typeof QlikSpaces.getSpaceAssignments>[1],
    AssignmentsListQuery
>;

// Custom roles: POST /api/v1/roles and PATCH /api/v1/roles/{id}, as Qlik's Roles API types them.
export type CreateRoleBody_fits_CreateRole = Fits<
    import("@qlik/api/roles").CreateRole,
    ReturnType<typeof import("../../provider/client/custom-roles").createRoleBody>
>;
export type CustomRolePatch_fits_PatchRoles = Fits<
    import("@qlik/api/roles").PatchRoles,
    ReturnType<typeof import("../../provider/client/custom-roles").customRolePatch>
>;
