/**
 * The Groups API: find, get and replace the `assignedRoles` of a group.
 * https://qlik.dev/apis/rest/groups/
 */
import { groupSchema, type Group } from "../schemas/qlik";
import { QlikError, isQlikError } from "./errors";
import { eq } from "./filter";
import type { QlikHttp } from "./http";
import { listAll } from "./paging";
import { parseBody } from "./parse";
import { groupRolesPatch } from "./role-patches";
import type { RoleRef } from "./roles";

export type GroupSelector = { groupId: string } | { groupName: string };

/** Qlik refuses more than 100 roles on one group. */
export const MAX_GROUP_ROLES = 100;

const groupsPath = "/api/v1/groups";

export function groupPath(id: string): string {
    return `${groupsPath}/${encodeURIComponent(id)}`;
}

/** GET /groups/{id}; `undefined` when the group does not exist (404). */
export async function getGroup(http: QlikHttp, id: string): Promise<Group | undefined> {
    try {
        const res = await http.send("GET", groupPath(id), { tier: 1 });
        return parseBody(groupSchema, res.body, "GET", groupPath(id));
    } catch (err) {
        if (isQlikError(err, "QLIK_NOT_FOUND")) return undefined;
        throw err;
    }
}

/** Every group matching a SCIM filter, across all pages. System groups (Everyone) are hidden by Qlik here. */
export async function findGroups(http: QlikHttp, filter: string): Promise<Group[]> {
    const query = new URLSearchParams({ limit: "100", filter }).toString();
    return listAll(http, `${groupsPath}?${query}`, groupSchema);
}

export function describeGroup(selector: GroupSelector): string {
    return "groupId" in selector
        ? `groupId ${JSON.stringify(selector.groupId)}`
        : `groupName ${JSON.stringify(selector.groupName)}`;
}

/** The one group a selector names; names match exactly. None or several is a QLIK_INVALID_INPUT error. */
export async function resolveGroup(http: QlikHttp, selector: GroupSelector): Promise<Group> {
    let matches: Group[];
    if ("groupId" in selector) {
        const group = await getGroup(http, selector.groupId);
        matches = group ? [group] : [];
    } else {
        matches = (await findGroups(http, eq("name", selector.groupName))).filter(
            (g) => g.name === selector.groupName,
        );
    }
    if (matches.length === 1) return matches[0]!;
    if (matches.length === 0) {
        throw new QlikError(
            "QLIK_INVALID_INPUT",
            `no group with ${describeGroup(selector)} exists in the tenant; check the value (names match exactly)`,
        );
    }
    throw new QlikError(
        "QLIK_INVALID_INPUT",
        `${matches.length} groups have ${describeGroup(selector)} (ids ${matches.map((g) => g.id).join(", ")}); name the group by groupId instead`,
    );
}

/**
 * Replaces the group's whole `assignedRoles` list. The Groups spec's path enum says `assignedRoles` while every
 * example sends `/assignedRoles`; we send the documented example's form. Returns false when the group is gone.
 */
export async function replaceGroupRoles(
    http: QlikHttp,
    id: string,
    roles: readonly RoleRef[],
): Promise<boolean> {
    if (roles.length > MAX_GROUP_ROLES) {
        throw new QlikError(
            "QLIK_INVALID_INPUT",
            `group ${id} would hold ${roles.length} roles; Qlik allows at most ${MAX_GROUP_ROLES} per group`,
        );
    }
    const body = groupRolesPatch(roles);
    try {
        await http.send("PATCH", groupPath(id), { tier: 2, json: body, expect: [200, 204] });
        return true;
    } catch (err) {
        if (isQlikError(err, "QLIK_NOT_FOUND")) return false;
        throw err;
    }
}
