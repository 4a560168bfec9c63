/**
 * The Everyone group's roles, which Qlik keeps in the tenant's group settings rather than on the group:
 * `GET /api/v1/groups/settings` (Tier 1) and `PATCH /api/v1/groups/settings` (Tier 2, 204) with a `replace` of
 * `/systemGroups/000000000000000000000001/assignedRoles`. Only that one path is ever sent, so
 * `autoCreateGroups` and `syncIdpGroups` are never written.
 * https://qlik.dev/apis/rest/groups/ (Get group settings, Update group settings)
 */
import { EVERYONE_GROUP_ID, groupSettingsSchema, type GroupSettings } from "../schemas/group-settings";
import type { AssignedRole } from "../schemas/qlik";
import { MAX_GROUP_ROLES } from "./groups";
import type { QlikHttp } from "./http";
import { parseBody } from "./parse";
import { QlikError } from "./errors";
import { everyoneRolesPatch } from "./role-patches";
import type { RoleRef } from "./roles";

const SETTINGS_PATH = "/api/v1/groups/settings";

export async function getGroupSettings(http: QlikHttp): Promise<GroupSettings> {
    const res = await http.send("GET", SETTINGS_PATH, { tier: 1 });
    return parseBody(groupSettingsSchema, res.body, "GET", SETTINGS_PATH);
}

/** The Everyone group's roles; undefined when the credential may not read role assignments. */
export async function getEveryoneRoles(http: QlikHttp): Promise<AssignedRole[] | undefined> {
    const settings = await getGroupSettings(http);
    const everyone = settings.systemGroups?.[EVERYONE_GROUP_ID];
    if (!everyone) {
        throw new QlikError(
            "QLIK_INVALID_RESPONSE",
            `GET ${SETTINGS_PATH}: Qlik's answer lists no system group ${EVERYONE_GROUP_ID} (Everyone); re-run, and report it if it persists`,
        );
    }
    return everyone.assignedRoles;
}

/** Replaces the Everyone group's whole role list. Everyone always exists, so this returns true. */
export async function replaceEveryoneRoles(http: QlikHttp, roles: readonly RoleRef[]): Promise<boolean> {
    if (roles.length > MAX_GROUP_ROLES) {
        throw new QlikError(
            "QLIK_INVALID_INPUT",
            `the Everyone group would hold ${roles.length} roles; Qlik allows at most ${MAX_GROUP_ROLES} per group`,
        );
    }
    await http.send("PATCH", SETTINGS_PATH, {
        tier: 2,
        json: everyoneRolesPatch(roles),
        expect: [200, 204],
        jsonBody: false,
    });
    return true;
}
