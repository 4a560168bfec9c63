/**
 * The Groups API: find, get and replace the `assignedRoles` of a group.
 * https://qlik.dev/apis/rest/groups/
 */
import { groupSchema, type Group } from "../schemas/qlik";
import { QlikError, isQlikError } from "./errors";
import { answeredUnlessGone } from "./answers";
import { eq, isFilterSafe } from "./filter";
import type { QlikHttp } from "./http";
import { listGroups } from "./directory";
import { parseBody } from "./parse";
import { groupRolesPatch } from "./role-patches";
import type { RoleRef } from "./roles";
import type { ThrottleSlot } from "./throttle";

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

/**
 * Every group matching a SCIM filter (or every group, without one), across all pages. System groups (Everyone)
 * are hidden by Qlik here.
 */
export function findGroups(http: QlikHttp, filter?: string): Promise<Group[]> {
    return listGroups(http, { filter });
}

function describeGroup(selector: GroupSelector): string {
    return "groupId" in selector
        ? `groupId ${JSON.stringify(selector.groupId)}`
        : `groupName ${JSON.stringify(selector.groupName)}`;
}

/**
 * The one group a selector names; names match exactly (Qlik's filter ignores case, so `Analysts` and `analysts`
 * both come back and the exact one is chosen here). A name Qlik could read differently inside a filter (quotes,
 * backslashes) is found by listing every group, since Qlik documents no escaping rule. None or several is a
 * QLIK_INVALID_INPUT error.
 */
export async function resolveGroup(http: QlikHttp, selector: GroupSelector): Promise<Group> {
    let matches: Group[];
    let sameButCase: Group[] = [];
    if ("groupId" in selector) {
        const group = await getGroup(http, selector.groupId);
        matches = group ? [group] : [];
    } else {
        const name = selector.groupName;
        const candidates = await findGroups(http, isFilterSafe(name) ? eq("name", name) : undefined);
        matches = candidates.filter((g) => g.name === name);
        // Read only when no name matches exactly, so every group here is spelled differently.
        sameButCase = candidates.filter((g) => g.name.toLowerCase() === name.toLowerCase());
    }
    if (matches.length === 1) return matches[0]!;
    if (matches.length === 0) {
        const near = sameButCase
            .map((g) => JSON.stringify(g.name))
            .sort()
            .join(", ");
        throw new QlikError(
            "QLIK_INVALID_INPUT",
            near
                ? `no group with ${describeGroup(selector)} exists in the tenant; names match exactly, and the tenant has ${near}: use that spelling or the groupId`
                : `no group with ${describeGroup(selector)} exists in the tenant; check the value (names match exactly)`,
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
    slot?: ThrottleSlot,
): Promise<boolean> {
    if (roles.length > MAX_GROUP_ROLES) {
        throw new QlikError(
            "QLIK_INVALID_INPUT",
            `group ${id} would hold ${roles.length} roles; Qlik allows at most ${MAX_GROUP_ROLES} per group`,
        );
    }
    const body = groupRolesPatch(roles);
    return answeredUnlessGone(
        http.send("PATCH", groupPath(id), { tier: 2, json: body, expect: [200, 204], jsonBody: false, slot }),
    );
}
