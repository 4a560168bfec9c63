/**
 * GET and PATCH /api/v1/groups/settings (Qlik's Groups API reference, "Get group settings" and "Update group
 * settings"): the tenant's `autoCreateGroups` and `syncIdpGroups` flags, and the roles of the system group
 * Everyone, the only documented way to change them. GET is Tier 1 and answers 200 `GroupSettings`; PATCH is
 * Tier 2 and answers 204, or 400/401/403/429/500 with an Errors body (no 404 is documented).
 *
 * ASSUMPTIONS (Qlik documents only the happy path):
 * - The body is a non-empty JSON array of `{op: "replace", path, value}`; `path` is one of `/autoCreateGroups`,
 *   `/syncIdpGroups` (boolean values) or `/systemGroups/{id}/assignedRoles` (an array of `{name}` / `{id}`).
 *   `{id}` must be the Everyone group's id, the only system group documented; anything else is a 400.
 * - Every operation is validated before any is applied: a 400 changes nothing.
 * - Writing needs the same rights as writing a group's roles (TenantAdmin), else 403; `assignedRoles` is shown
 *   only to callers who may read role assignments, as for groups.
 * - Everyone takes at most 100 roles, like every group, and its roles count for every user in the TenantAdmin
 *   rules (no one removes their own TenantAdmin; the tenant keeps one admin), as for any group.
 *   The 207 and outside-writer faults are not modelled here.
 */
import type { ApiCall, Reply } from "./context";
import { guardTenantAdmins } from "./commit";
import { fail } from "./errors";
import { MAX_GROUP_ROLES, jsonBody, resolveRoleRef } from "./patch";
import { rejectQuery } from "./query";
import { EVERYONE_GROUP_ID } from "./seed";

const SETTINGS_PATH = "/api/v1/groups/settings";
const EVERYONE_ROLES_PATH = `/systemGroups/${EVERYONE_GROUP_ID}/assignedRoles`;
const SYSTEM_ROLES_PATH = /^\/systemGroups\/([^/]+)\/assignedRoles$/;

/** The Everyone group as the group settings show it. */
export interface SystemGroupJson {
    id: typeof EVERYONE_GROUP_ID;
    name: "com.qlik.Everyone";
    enabled: true;
    createdAt: string;
    lastUpdatedAt: string;
    /** Only for callers who may read role assignments. */
    assignedRoles?: { id: string; name: string; type: "default" | "custom"; level: "admin" | "user" }[];
}

/** The answer of GET /api/v1/groups/settings (Qlik's `GroupSettings`). */
export interface GroupSettingsJson {
    autoCreateGroups: boolean;
    syncIdpGroups: boolean;
    systemGroups: { [EVERYONE_GROUP_ID]: SystemGroupJson };
    tenantId: string;
    links: { self: { href: string } };
}

export function getGroupSettings(call: ApiCall): Reply {
    rejectQuery(call);
    return { status: 200, body: renderGroupSettings(call) };
}

export function renderGroupSettings(call: ApiCall): GroupSettingsJson {
    const { ctx } = call;
    const everyone = ctx.state.group(EVERYONE_GROUP_ID);
    if (!everyone) throw fail.internal("the Everyone group is missing from the tenant");
    const system: SystemGroupJson = {
        id: EVERYONE_GROUP_ID,
        name: "com.qlik.Everyone",
        enabled: true,
        createdAt: everyone.createdAt,
        lastUpdatedAt: everyone.lastUpdatedAt,
    };
    if (call.perms.canReadRoles) {
        system.assignedRoles = ctx.state
            .rolesOf(everyone.roleIds)
            .map((r) => ({ id: r.id, name: r.name, type: r.type, level: r.level }));
    }
    return {
        autoCreateGroups: ctx.state.groupSettings.autoCreateGroups,
        syncIdpGroups: ctx.state.groupSettings.syncIdpGroups,
        systemGroups: { [EVERYONE_GROUP_ID]: system },
        tenantId: ctx.tenantId,
        links: { self: { href: `${ctx.url}${SETTINGS_PATH}` } },
    };
}

type Change =
    | { field: "autoCreateGroups" | "syncIdpGroups"; value: boolean }
    | { field: "everyoneRoles"; roleIds: string[] };

export function patchGroupSettings(call: ApiCall): Reply {
    rejectQuery(call);
    if (!call.perms.canWriteRoles) throw fail.forbidden(call.perms.writeRefusal ?? "Forbidden");
    const changes = parseSettingsPatch(call);
    for (const change of changes) {
        if (change.field === "everyoneRoles")
            guardTenantAdmins(call, "group", EVERYONE_GROUP_ID, change.roleIds);
    }
    const { state } = call.ctx;
    const now = new Date(call.ctx.now()).toISOString();
    for (const change of changes) {
        if (change.field === "everyoneRoles") state.setRoles("group", EVERYONE_GROUP_ID, change.roleIds, now);
        else state.groupSettings[change.field] = change.value;
    }
    return { status: 204 };
}

function parseSettingsPatch(call: ApiCall): Change[] {
    const ops = jsonBody(call);
    if (!Array.isArray(ops) || ops.length === 0) {
        throw fail.badRequest(
            "Invalid request body",
            "The body must be a non-empty JSON array of patch operations",
        );
    }
    return ops.map((op, i) => parseOp(call, op, i));
}

function parseOp(call: ApiCall, op: unknown, i: number): Change {
    const bad = (detail: string, pointer = `/${i}`) =>
        fail.badRequest("Invalid patch operation", detail, { pointer });
    if (typeof op !== "object" || op === null || Array.isArray(op))
        throw bad(`Operation ${i} must be an object`);
    const { op: verb, path, value } = op as Record<string, unknown>;
    if (verb !== "replace")
        throw bad(`Unsupported op ${JSON.stringify(verb)}: only "replace" is supported`, `/${i}/op`);
    if (path === "/autoCreateGroups" || path === "/syncIdpGroups") {
        if (typeof value !== "boolean") throw bad(`${path} takes true or false`, `/${i}/value`);
        return { field: path.slice(1) as "autoCreateGroups" | "syncIdpGroups", value };
    }
    const system = typeof path === "string" ? SYSTEM_ROLES_PATH.exec(path) : null;
    if (!system) {
        throw bad(
            `Unsupported path ${JSON.stringify(path)}: use "/autoCreateGroups", "/syncIdpGroups" or "${EVERYONE_ROLES_PATH}"`,
            `/${i}/path`,
        );
    }
    if (system[1] !== EVERYONE_GROUP_ID) {
        throw bad(
            `Unknown system group ${JSON.stringify(system[1])}: the only one is ${EVERYONE_GROUP_ID}`,
            `/${i}/path`,
        );
    }
    if (!Array.isArray(value))
        throw bad("value must be an array of role references {name} or {id}", `/${i}/value`);
    const roleIds: string[] = [];
    value.forEach((ref: unknown, j) => {
        const id = resolveRoleRef(call, ref, `/${i}/value/${j}`);
        if (!roleIds.includes(id)) roleIds.push(id);
    });
    if (roleIds.length > MAX_GROUP_ROLES) {
        throw bad(
            `A group can hold at most ${MAX_GROUP_ROLES} roles; the request assigns ${roleIds.length}`,
            `/${i}/value`,
        );
    }
    return { field: "everyoneRoles", roleIds };
}
