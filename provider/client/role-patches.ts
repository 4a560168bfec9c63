/**
 * The request bodies of role writes: one `replace` of a principal's whole `assignedRoles` list, each role named by
 * its id. Qlik documents `{id}` and `{name}` references alike (the Users and Groups references; the "Manage roles"
 * guide's examples use names); an id cannot go stale when a custom role is renamed mid-run, a name can
 * (docs/architecture.md, "Roles are written by id"). A reference never holds both: Qlik refuses that.
 *
 * They are built here, apart from the HTTP calls, so that test/types can hold each body against the request type
 * Qlik publishes in `@qlik/api` (a devDependency: nothing here imports it).
 */
import { UNASSIGNABLE_ROLES, type RoleRef } from "./roles";

/** A role reference by id: `{id}` is one of the two forms every role-writing endpoint accepts. */
interface RoleIdRef {
    id: string;
}

/** One JSON Patch operation that replaces a whole role list at `path`. */
export interface RolesReplace<Path extends string> {
    op: "replace";
    path: Path;
    value: RoleIdRef[];
}

import { EVERYONE_GROUP_ID } from "../schemas/group-settings";

export { EVERYONE_GROUP_ID };

/** Where the group settings hold Everyone's roles. */
export const EVERYONE_ROLES_PATH = `/systemGroups/${EVERYONE_GROUP_ID}/assignedRoles` as const;

/** The references to send: by id, never a role the tenant lists but refuses in a write (UserDefault). */
function ids(roles: readonly RoleRef[]): RoleIdRef[] {
    return roles.filter((r) => !UNASSIGNABLE_ROLES.has(r.name)).map((r) => ({ id: r.id }));
}

/** Body of PATCH /api/v1/users/{id}. */
export function userRolesPatch(roles: readonly RoleRef[]): [RolesReplace<"/assignedRoles">] {
    return [{ op: "replace", path: "/assignedRoles", value: ids(roles) }];
}

/**
 * Body of PATCH /api/v1/groups/{id}. The Groups spec's path enum says `assignedRoles` while every example and
 * guide sends `/assignedRoles`; we send the examples' form (emulator/README.md, "Qlik's published types ...").
 */
export function groupRolesPatch(roles: readonly RoleRef[]): [RolesReplace<"/assignedRoles">] {
    return [{ op: "replace", path: "/assignedRoles", value: ids(roles) }];
}

/**
 * Body of PATCH /api/v1/groups/settings that replaces the Everyone group's roles and touches no other setting.
 * Qlik's spec writes the path as the template `/systemGroups/{id}/assignedRoles`; the id is filled in here.
 */
export function everyoneRolesPatch(roles: readonly RoleRef[]): [RolesReplace<typeof EVERYONE_ROLES_PATH>] {
    return [{ op: "replace", path: EVERYONE_ROLES_PATH, value: ids(roles) }];
}
