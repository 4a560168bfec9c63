/**
 * `report --program`: the grants no stack manages, as the program `export` would print for them (the same
 * renderer), so adding it to a stack and running `pulumi up` adopts each one without a write. Grants on Everyone
 * are declared as a `GroupRoleAssignment` on its fixed id; custom roles no stack defines are adopted as they are,
 * before the grants that use them. Grants held through a group are the group's: the group's grant is declared.
 */
import { EVERYONE_GROUP_ID } from "../client";
import type { CatalogueRole, GrantRow, TenantAccess } from "../access/classify-access";
import type { AccessReport } from "./report-render";
import {
    byCodePoint,
    sortedGrants,
    type ExportedGroup,
    type ExportedUser,
    type TenantGrants,
} from "./export-grants";
import type { ExportedCustomRole } from "./export-custom-roles";
import type { ExportedSpaceMember } from "./export-spaces";
import { renderProgram } from "./render-program";

/** Appends `role` to the entry `key` names, made by `make` the first time. */
function collect<T extends { roles: string[] }>(
    into: Map<string, T>,
    key: string,
    make: () => T,
    role: string,
) {
    const entry = into.get(key) ?? make();
    if (!entry.roles.includes(role)) entry.roles.push(role);
    into.set(key, entry);
}

/** The unmanaged grants (and custom roles) of a report, as exported grants. */
export function unmanagedGrants(report: AccessReport, tenant: TenantAccess): TenantGrants {
    const users = new Map<string, ExportedUser>();
    const groups = new Map<string, ExportedGroup>();
    const members = new Map<string, ExportedSpaceMember>();
    const byId = new Map(tenant.users.map((u) => [u.id, u]));
    const unmanaged = report.grants.filter((r) => r.managedBy.length === 0);
    for (const r of unmanaged) addGrant(r, { users, groups, members, byId });
    const sorted = <T extends { roles: string[] }>(m: Map<string, T>) =>
        [...m.values()].map((e) => ({ ...e, roles: [...e.roles].sort(byCodePoint) }));
    const grants = sortedGrants(report.tenantUrl, sorted(users), sorted(groups), false);
    const spaceMembers = sorted(members);
    if (spaceMembers.length > 0) grants.spaceMembers = spaceMembers;
    const customRoles = report.customRoles
        .filter((c) => c.managedBy.length === 0)
        .map((c) => customRoleOf(tenant.roles.find((r) => r.id === c.id)!));
    if (customRoles.length > 0) grants.customRoles = customRoles;
    return grants;
}

interface Collected {
    users: Map<string, ExportedUser>;
    groups: Map<string, ExportedGroup>;
    members: Map<string, ExportedSpaceMember>;
    byId: Map<string, TenantAccess["users"][number]>;
}

function addGrant(r: GrantRow, into: Collected): void {
    if (r.space) {
        const type = r.principal.kind === "group" ? "group" : "user";
        const make = (): ExportedSpaceMember => ({
            spaceId: r.space!.id,
            spaceName: r.space!.name,
            type,
            assigneeId: r.principal.id,
            roles: [],
        });
        collect(into.members, `${r.space.id}/${type}/${r.principal.id}`, make, r.role);
        return;
    }
    // Held through a group: the group's own row declares it.
    if (r.via.kind !== "direct" && r.via.kind !== "everyone") return;
    if (r.principal.kind === "user") {
        const email = into.byId.get(r.principal.id)?.email;
        const make = (): ExportedUser => ({
            userId: r.principal.id,
            subject: r.principal.name,
            ...(email ? { email } : {}),
            ...(r.principal.status ? { status: r.principal.status } : {}),
            roles: [],
        });
        collect(into.users, r.principal.id, make, r.role);
        return;
    }
    const everyone = r.principal.kind === "everyone";
    const groupId = everyone ? EVERYONE_GROUP_ID : r.principal.id;
    const make = (): ExportedGroup => ({
        groupId,
        groupName: r.principal.name,
        ...(r.principal.status ? { status: r.principal.status } : {}),
        roles: [],
    });
    collect(into.groups, groupId, make, r.role);
}

const customRoleOf = (r: CatalogueRole): ExportedCustomRole => ({
    roleId: r.id,
    name: r.name,
    description: r.description ?? "",
    scopes: [...(r.assignedScopes ?? [])].sort(byCodePoint),
});

/** The program adopting the report's unmanaged grants. */
export function renderAdoptionProgram(report: AccessReport, tenant: TenantAccess, args: string[]): string {
    return renderProgram(unmanagedGrants(report, tenant), { args, command: "report" });
}
