/**
 * Validation of role PATCH bodies (Qlik's API reference): a JSON array of
 * `{"op":"replace","path":"/assignedRoles","value":[{"name":"A"} | {"id":"..."}]}`.
 *
 * ASSUMPTIONS (Qlik documents only the happy path):
 * - The content type must be application/json (else 415); an unparseable or non-array body is a 400, as is an
 *   empty array.
 * - Only `replace` is accepted. The users reference also lists `add /assignedRoles/-` and `remove-value`, but the
 *   guide says "The Users API only supports replacement of roles" and this project's contract is replace, so
 *   the emulator catches any client that drifts to other ops. Other user paths (/status, /name...) are refused:
 *   this emulator only models roles.
 * - Users take the path `/assignedRoles`; groups take `assignedRoles` (the spec's enum) or `/assignedRoles`
 *   (every example).
 * - A role reference is `{name}` or `{id}`, never both: Qlik's types make it one of `RefIDs` / `RefNames`, and a
 *   tenant refuses a reference holding both (400). Other fields (`type`, `level`) are ignored. Names match
 *   exactly. Duplicates collapse to one.
 * - An unknown role name or id is a 400 naming it (Qlik does not document the status; 400 is the likeliest); `UserDefault` is a 400 (it
 *   "cannot be assigned or removed"). Groups take at most 100 roles (documented); users have no documented cap.
 * - Several replace ops are applied in order; the last one wins.
 */
import type { ApiCall } from "./context";
import { fail } from "./errors";
import { USER_DEFAULT } from "./roles";
import type { PrincipalKind } from "./state";

export const MAX_GROUP_ROLES = 100;

/** A PATCH body as JSON: 415 unless it is declared `application/json`, 400 unless it parses. */
export function jsonBody(call: ApiCall): unknown {
    const mediaType = call.contentType?.split(";")[0]?.trim().toLowerCase();
    if (mediaType !== "application/json") {
        throw fail.unsupportedMediaType(
            `Content-Type must be application/json, got ${JSON.stringify(call.contentType ?? "")}`,
        );
    }
    let ops: unknown;
    try {
        ops = JSON.parse(call.body.toString("utf8"));
    } catch {
        throw fail.badRequest("Invalid request body", "The body is not valid JSON");
    }
    return ops;
}

/** The role ids the PATCH body asks for, or a thrown 4xx. */
export function requestedRoleIds(call: ApiCall, kind: PrincipalKind): string[] {
    const ops = jsonBody(call);
    if (!Array.isArray(ops))
        throw fail.badRequest("Invalid request body", "The body must be a JSON array of patch operations");
    if (ops.length === 0)
        throw fail.badRequest("Invalid request body", "The body must contain at least one operation");

    let result: string[] = [];
    ops.forEach((op, i) => {
        result = roleIdsOfOp(call, kind, op, i);
    });
    if (kind === "group" && result.length > MAX_GROUP_ROLES) {
        throw fail.badRequest(
            "Too many roles",
            `A group can hold at most ${MAX_GROUP_ROLES} roles; the request assigns ${result.length}`,
            { pointer: "/0/value" },
        );
    }
    return result;
}

function roleIdsOfOp(call: ApiCall, kind: PrincipalKind, op: unknown, i: number): string[] {
    const bad = (detail: string, pointer = `/${i}`) =>
        fail.badRequest("Invalid patch operation", detail, { pointer });
    if (typeof op !== "object" || op === null || Array.isArray(op))
        throw bad(`Operation ${i} must be an object`);
    const { op: verb, path, value } = op as Record<string, unknown>;
    if (verb !== "replace") {
        throw bad(
            `Unsupported op ${JSON.stringify(verb)}: only "replace" is supported for role assignments`,
            `/${i}/op`,
        );
    }
    const paths = kind === "user" ? ["/assignedRoles"] : ["/assignedRoles", "assignedRoles"];
    if (typeof path !== "string" || !paths.includes(path)) {
        throw bad(
            `Unsupported path ${JSON.stringify(path)}: use ${paths.map((p) => JSON.stringify(p)).join(" or ")}`,
            `/${i}/path`,
        );
    }
    if (!Array.isArray(value))
        throw bad("value must be an array of role references {name} or {id}", `/${i}/value`);

    const ids: string[] = [];
    value.forEach((ref: unknown, j) => {
        const id = resolveRoleRef(call, ref, `/${i}/value/${j}`);
        if (!ids.includes(id)) ids.push(id);
    });
    return ids;
}

/** The role id a `{name}` / `{id}` reference names, or a thrown 400 pointing at it. */
export function resolveRoleRef(call: ApiCall, ref: unknown, pointer: string): string {
    const state = call.ctx.state;
    const invalid = (detail: string) => fail.badRequest("Invalid role", detail, { pointer });
    if (typeof ref !== "object" || ref === null || Array.isArray(ref)) {
        throw invalid("Each role must be an object with a name or an id");
    }
    const { id, name } = ref as Record<string, unknown>;
    if (id !== undefined && typeof id !== "string") throw invalid("Role id must be a string");
    if (name !== undefined && typeof name !== "string") throw invalid("Role name must be a string");
    if (id === undefined && name === undefined) throw invalid("Each role must have a name or an id");
    if (id !== undefined && name !== undefined)
        throw invalid("A role reference holds either an id or a name, not both");

    const byId = id !== undefined ? state.role(id) : undefined;
    if (id !== undefined && !byId) throw invalid(`Unknown role id ${JSON.stringify(id)}`);
    const byName = name !== undefined ? state.roleByName(name) : undefined;
    if (name !== undefined && !byName) throw invalid(`Unknown role ${JSON.stringify(name)}`);
    const role = (byId ?? byName)!;
    if (role.name === USER_DEFAULT) throw invalid(`${USER_DEFAULT} is implicit and cannot be assigned`);
    return role.id;
}
