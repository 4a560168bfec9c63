/**
 * Custom role writes (Qlik's Roles API): `POST /api/v1/roles` (201 with the role), `PATCH /api/v1/roles/{id}` (a JSON
 * Patch of `/name`, `/description`, `/assignedScopes`; 204) and `DELETE /api/v1/roles/{id}` (204). Documented: names
 * are unique, a tenant holds at most 500 custom roles, a TenantAdmin is needed, patch and delete apply to custom
 * roles only, and a role is deleted only once no user or group holds it.
 *
 * ASSUMPTIONS (the spec lists statuses, not which failure gives which):
 * - A taken name, the 501st role, a bad body and deleting a role still held are 400s (POST and DELETE list no 409).
 * - Patching or deleting a default role is a 403; an unknown id is a 404 (ROLES-7), for DELETE too.
 * - Names are compared exactly, as everywhere in the emulator; a name may not be empty or padded with spaces.
 * - `add /assignedScopes/-` of a scope held already and `remove-value` of one not held change nothing.
 */
import type { ApiCall, Reply } from "./context";
import { fail } from "./errors";
import { jsonBody } from "./patch";
import { rejectQuery } from "./query";
import { renderRole } from "./render";
import type { RoleRecord } from "./roles";

export const MAX_CUSTOM_ROLES = 500;

const PATHS = ["/name", "/description", "/assignedScopes", "/assignedScopes/-"];

export function createRole(call: ApiCall): Reply {
    rejectQuery(call);
    refuseNonAdmin(call);
    const { state } = call.ctx;
    const body = jsonBody(call);
    if (!isObject(body)) throw fail.badRequest("Invalid request body", "The body must be a JSON object");
    const name = validName(call, body.name, undefined);
    const description = optionalString(body.description, "description");
    const scopes = scopeList(body.assignedScopes ?? [], "assignedScopes");
    if (state.allRoles().filter((r) => r.type === "custom").length >= MAX_CUSTOM_ROLES) {
        throw fail.badRequest(
            "Too many custom roles",
            `A tenant holds at most ${MAX_CUSTOM_ROLES} custom roles`,
        );
    }
    const role = state.addCustomRole(name, now(call), scopes);
    const created: RoleRecord = { ...role, description: description ?? "" };
    state.replaceRole(created);
    return { status: 201, body: renderRole(call.ctx, created) };
}

export function patchRole(call: ApiCall): Reply {
    rejectQuery(call);
    refuseNonAdmin(call);
    const role = customRoleOf(call);
    const ops = jsonBody(call);
    if (!Array.isArray(ops) || ops.length === 0)
        throw fail.badRequest(
            "Invalid request body",
            "The body must be a non-empty JSON array of patch operations",
        );
    let next: RoleRecord = { ...role, assignedScopes: [...role.assignedScopes] };
    for (const [i, op] of ops.entries()) next = applyOp(call, next, op, i);
    call.ctx.state.replaceRole({ ...next, lastUpdatedAt: now(call) });
    return { status: 204 };
}

export function deleteRole(call: ApiCall): Reply {
    rejectQuery(call);
    refuseNonAdmin(call);
    const role = customRoleOf(call);
    const holders = call.ctx.state.holderCount(role.id);
    if (holders > 0) {
        throw fail.badRequest(
            "Role is assigned",
            `Role ${role.id} is assigned to ${holders} users or groups; unassign it from all of them first`,
        );
    }
    call.ctx.state.removeRole(role.id);
    return { status: 204 };
}

function applyOp(call: ApiCall, role: RoleRecord, op: unknown, i: number): RoleRecord {
    const pointer = { pointer: `/${i}` };
    if (!isObject(op) || typeof op.path !== "string" || !PATHS.includes(op.path))
        throw fail.badRequest("Invalid patch operation", `path must be one of ${PATHS.join(", ")}`, pointer);
    const key = `${String(op.op)} ${op.path}`;
    switch (key) {
        case "replace /name":
            return { ...role, name: validName(call, op.value, role.id) };
        case "replace /description":
            return { ...role, description: optionalString(op.value, "description") ?? "" };
        case "replace /assignedScopes":
            return { ...role, assignedScopes: scopeList(op.value, "value") };
        case "add /assignedScopes/-": {
            const [scope] = scopeList([op.value], "value");
            return role.assignedScopes.includes(scope!)
                ? role
                : { ...role, assignedScopes: [...role.assignedScopes, scope!] };
        }
        case "remove-value /assignedScopes": {
            const [scope] = scopeList([op.value], "value");
            return { ...role, assignedScopes: role.assignedScopes.filter((s) => s !== scope) };
        }
        default:
            throw fail.badRequest("Invalid patch operation", `${key} is not supported`, pointer);
    }
}

/** The custom role the path names: 404 when none has that id, 403 for a default role. */
function customRoleOf(call: ApiCall): RoleRecord {
    const role = call.ctx.state.role(call.params["id"]!);
    if (!role) throw fail.notFound("ROLES-7");
    if (role.type !== "custom")
        throw fail.forbidden(
            `Role ${role.name} is a default role; only custom roles can be changed or deleted`,
        );
    return role;
}

function refuseNonAdmin(call: ApiCall): void {
    if (!call.perms.canWriteRoles) throw fail.forbidden(call.perms.writeRefusal ?? "Forbidden");
}

/** A name no other role holds (`self`: the role being renamed). */
function validName(call: ApiCall, value: unknown, self: string | undefined): string {
    if (typeof value !== "string" || value.trim() === "" || value.trim() !== value)
        throw fail.badRequest(
            "Invalid role name",
            "name must be a non-empty string without surrounding spaces",
        );
    const holder = call.ctx.state.roleByName(value);
    if (holder && holder.id !== self)
        throw fail.badRequest("Role name taken", `A role named ${JSON.stringify(value)} exists already`);
    return value;
}

function optionalString(value: unknown, field: string): string | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== "string") throw fail.badRequest("Invalid request body", `${field} must be a string`);
    return value;
}

function scopeList(value: unknown, field: string): string[] {
    if (!Array.isArray(value) || value.some((s) => typeof s !== "string" || s === ""))
        throw fail.badRequest("Invalid request body", `${field} must be an array of scope names`);
    return [...new Set(value as string[])];
}

const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === "object" && v !== null && !Array.isArray(v);
const now = (call: ApiCall) => new Date(call.ctx.now()).toISOString();
