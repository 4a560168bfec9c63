// A realistic program: teams and their roles declared as data (teams.ts), expanded into one assignment per
// (principal, role). A principal in several teams gets each role once, since declaring a pair twice is an error.
//
//   pulumi config set qlik:tenantUrl https://<tenant>.<region>.qlikcloud.com
//   pulumi config set --secret qlik:apiKey <a TenantAdmin's API key>
//   pulumi up
import { GroupRoleAssignment, UserRoleAssignment } from "pulumi-qlik-roles";
import { teams } from "./teams";

const userRoles = new Map<string, Set<string>>();
const groupRoles = new Map<string, Set<string>>();
for (const team of Object.values(teams)) {
    for (const subject of team.members) for (const role of team.roles) addTo(userRoles, subject, role);
    for (const group of team.groups ?? []) for (const role of team.roles) addTo(groupRoles, group, role);
}

// Resource names are stable keys built from the data, so reordering teams.ts changes nothing in the tenant.
// Grants people already had before this program managed them are adopted, and kept if the program is destroyed
// (retainIfPreexisting): taking this program down never revokes access it did not give.
for (const [subject, roles] of userRoles) {
    for (const role of roles)
        new UserRoleAssignment(`user:${subject}:${role}`, { subject, role, retainIfPreexisting: true });
}
for (const [groupName, roles] of groupRoles) {
    for (const role of roles)
        new GroupRoleAssignment(`group:${groupName}:${role}`, { groupName, role, retainIfPreexisting: true });
}

export const assignments = [...userRoles.values(), ...groupRoles.values()].reduce(
    (n, roles) => n + roles.size,
    0,
);

function addTo(map: Map<string, Set<string>>, key: string, role: string): void {
    if (!map.has(key)) map.set(key, new Set());
    map.get(key)!.add(role);
}
