/** Filterable attributes per resource, as listed by Qlik's API reference (Qlik's API reference). */
import type { FilterCatalog } from "./filter";
import type { RoleRecord } from "./roles";
import type { GroupRecord, TenantState, UserRecord } from "./state";

export function userCatalog(state: TenantState): FilterCatalog<UserRecord> {
    const roleNames = (ids: string[]) => state.rolesOf(ids).map((r) => r.name);
    return {
        resource: "users",
        andOnly: ["status"],
        attributes: [
            { name: "id", ops: ["eq"], values: (u) => [u.id] },
            { name: "subject", ops: ["eq", "co"], values: (u) => [u.subject] },
            { name: "name", ops: ["eq", "co"], values: (u) => [u.name] },
            { name: "email", ops: ["eq", "co"], values: (u) => [u.email] },
            { name: "status", ops: ["eq"], values: (u) => [u.status] },
            { name: "clientId", ops: ["eq"], values: (u) => [u.clientId] },
            { name: "assignedRoles.id", ops: ["eq"], values: (u) => u.roleIds },
            { name: "assignedRoles.name", ops: ["eq"], values: (u) => roleNames(u.roleIds) },
            { name: "assignedGroups.id", ops: ["eq"], values: (u) => u.groupIds },
            // Documented for `eq`; the emulator models no scopes, so it matches nobody.
            { name: "assignedScopes", ops: ["eq"], values: () => [] },
            {
                // Roles held through groups; User.assignedRoles lists direct roles only (Qlik's API reference).
                name: "assignedGroupsAssignedRoles.name",
                ops: ["eq"],
                values: (u) => state.groupsOf(u).flatMap((g) => roleNames(g.roleIds)),
            },
        ],
    };
}

export function groupCatalog(state: TenantState): FilterCatalog<GroupRecord> {
    return {
        resource: "groups",
        attributes: [
            { name: "id", ops: ["eq"], values: (g) => [g.id] },
            { name: "name", ops: ["eq"], values: (g) => [g.name] },
            { name: "status", ops: ["eq"], values: (g) => [g.status] },
            { name: "providerType", ops: ["eq"], values: (g) => [g.providerType] },
            { name: "createdAt", ops: ["eq"], values: (g) => [g.createdAt] },
            { name: "lastUpdatedAt", ops: ["eq"], values: (g) => [g.lastUpdatedAt] },
            // Not in the reference's list, but the "Manage roles" guide uses it, so it works.
            {
                name: "assignedRoles.name",
                ops: ["eq"],
                values: (g) => state.rolesOf(g.roleIds).map((r) => r.name),
            },
        ],
    };
}

export const roleCatalog: FilterCatalog<RoleRecord> = {
    resource: "roles",
    attributes: [
        { name: "id", ops: ["eq"], values: (r) => [r.id] },
        { name: "name", ops: ["eq"], values: (r) => [r.name] },
        { name: "type", ops: ["eq"], values: (r) => [r.type] },
        { name: "level", ops: ["eq"], values: (r) => [r.level] },
    ],
};
