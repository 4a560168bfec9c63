/**
 * Every request body the client sends is a value of the request type Qlik publishes for that endpoint.
 *
 * Two paths are written differently in Qlik's types and in its examples; our bodies follow the examples, and each
 * such case carries a tripwire (`@ts-expect-error` against the type as published) that stops compiling once a
 * Qlik release changes the type, so the choice is looked at again. The cases are listed in emulator/README.md.
 */
import type * as QlikGroups from "@qlik/api/groups";
import type * as QlikUsers from "@qlik/api/users";
import type {
    EVERYONE_GROUP_ID,
    everyoneRolesPatch,
    groupRolesPatch,
    userRolesPatch,
} from "../../provider/client/role-patches";
import type { Fits } from "./contract";

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
