/**
 * The Roles API's writes: create, change and delete a custom role (`POST /api/v1/roles`, `PATCH` and `DELETE
 * /api/v1/roles/{id}`), and read one role by id. Qlik allows them for `type: "custom"` roles only, to a TenantAdmin.
 * What Qlik documents and what we assume: docs/custom-roles-api.md.
 */
import { roleSchema, type Role } from "../schemas/qlik";
import { isQlikError } from "./errors";
import type { QlikHttp } from "./http";
import { parseBody } from "./parse";

/** What a custom role is made of, as a program declares it. Scopes are a set: their order means nothing. */
export interface CustomRoleSpec {
    readonly name: string;
    readonly description: string;
    readonly scopes: readonly string[];
}

/** One operation of the Roles API's JSON Patch (`PatchRole` in Qlik's spec); we send `replace` only. */
interface RolePatchOp {
    op: "replace";
    path: "/name" | "/description" | "/assignedScopes";
    value: string | string[];
}

/** Qlik's documented cap on custom roles per tenant. */
export const MAX_CUSTOM_ROLES = 500;

const rolesPath = "/api/v1/roles";
const rolePath = (id: string) => `${rolesPath}/${encodeURIComponent(id)}`;

/** Body of POST /api/v1/roles. */
export function createRoleBody(spec: CustomRoleSpec): {
    name: string;
    description: string;
    assignedScopes: string[];
} {
    return { name: spec.name, description: spec.description, assignedScopes: [...spec.scopes] };
}

/**
 * Body of PATCH /api/v1/roles/{id}: one `replace` per field that differs, nothing for the rest (empty when nothing
 * differs). Scopes are compared as sets and, when they differ, replaced whole: one operation whatever changed, and
 * the same result whatever the role held before (an `add` of a scope held already, or a `remove-value` of one gone,
 * is not documented).
 */
export function customRolePatch(from: CustomRoleSpec, to: CustomRoleSpec): RolePatchOp[] {
    const ops: RolePatchOp[] = [];
    if (from.name !== to.name) ops.push({ op: "replace", path: "/name", value: to.name });
    if (from.description !== to.description)
        ops.push({ op: "replace", path: "/description", value: to.description });
    if (!sameScopes(from.scopes, to.scopes))
        ops.push({ op: "replace", path: "/assignedScopes", value: [...to.scopes] });
    return ops;
}

/** Whether two scope lists hold the same scopes, whatever their order or repeats. */
export function sameScopes(a: readonly string[], b: readonly string[]): boolean {
    const left = new Set(a);
    const right = new Set(b);
    return left.size === right.size && [...left].every((s) => right.has(s));
}

/** POST /api/v1/roles: the new role as Qlik answers it (201). */
export async function createCustomRole(http: QlikHttp, spec: CustomRoleSpec): Promise<Role> {
    const res = await http.send("POST", rolesPath, { tier: 2, json: createRoleBody(spec), expect: [201] });
    return parseBody(roleSchema, res.body, "POST", rolesPath);
}

/** GET /api/v1/roles/{id}; undefined when no role has that id (404). */
export async function getRoleById(http: QlikHttp, id: string): Promise<Role | undefined> {
    try {
        const res = await http.send("GET", rolePath(id), { tier: 1 });
        return parseBody(roleSchema, res.body, "GET", rolePath(id));
    } catch (err) {
        if (isQlikError(err, "QLIK_NOT_FOUND")) return undefined;
        throw err;
    }
}

/** PATCH /api/v1/roles/{id} (204); false when the role is gone (404). Sends nothing for an empty patch. */
export async function patchCustomRole(
    http: QlikHttp,
    id: string,
    ops: readonly RolePatchOp[],
): Promise<boolean> {
    if (ops.length === 0) return true;
    return absentOn404(() =>
        http.send("PATCH", rolePath(id), { tier: 2, json: ops, expect: [200, 204], jsonBody: false }),
    );
}

/** DELETE /api/v1/roles/{id} (204); false when it was gone already (404). */
export async function deleteCustomRole(http: QlikHttp, id: string): Promise<boolean> {
    return absentOn404(() => http.send("DELETE", rolePath(id), { tier: 2, expect: [204], jsonBody: false }));
}

async function absentOn404(send: () => Promise<unknown>): Promise<boolean> {
    try {
        await send();
        return true;
    } catch (err) {
        if (isQlikError(err, "QLIK_NOT_FOUND")) return false;
        throw err;
    }
}
