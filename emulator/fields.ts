/**
 * `fields` on the Users API (list and single user): "a comma-delimited string of the requested fields per entity. If
 * the 'links' value is omitted, then the entity HATEOAS link will also be omitted" (Qlik's API reference). Qlik's
 * changelog shows `fields=groups` answering `{id, groups: [<group names>]}`, system groups left out.
 *
 * ASSUMPTION: `id` is always returned (the changelog's example has it without asking); a name that is not a field
 * of Qlik's `User` type (nor `clientId`, which Qlik sends beyond its types, nor `groups`) is a 400, as other unknown
 * parameters are; an empty list is a 400.
 */
import type { EmulatorContext } from "./context";
import { fail } from "./errors";
import type { UserJson } from "./render";
import type { UserRecord } from "./state";

/** The fields of Qlik's `User` type (`@qlik/api` users.d.ts), plus `clientId` and the changelog's `groups`. */
export const USER_FIELDS: readonly string[] = [
    "assignedGroups",
    "assignedRoles",
    "assignedScopes",
    "clientId",
    "createdAt",
    "email",
    "groups",
    "id",
    "inviteExpiry",
    "lastUpdatedAt",
    "links",
    "locale",
    "name",
    "picture",
    "preferredLocale",
    "preferredZoneinfo",
    "status",
    "subject",
    "tenantId",
    "zoneinfo",
];

/** The requested fields, or undefined when `fields` is absent (every field). */
export function parseFields(query: URLSearchParams): ReadonlySet<string> | undefined {
    const raw = query.get("fields");
    if (raw === null) return undefined;
    const names = raw.split(",").map((f) => f.trim());
    const unknown = names.filter((f) => !USER_FIELDS.includes(f));
    if (names.every((f) => f === "") || unknown.length > 0) {
        throw fail.invalidParameter(
            "fields",
            `fields must be a comma-delimited list of ${USER_FIELDS.join(", ")}; got ${JSON.stringify(raw)}`,
        );
    }
    return new Set([...names, "id"]);
}

/** A user answer with only the requested fields. */
export type UserFieldsJson = Partial<UserJson> & { groups?: string[] };

export function pickFields(
    ctx: EmulatorContext,
    user: UserRecord,
    full: UserJson,
    fields: ReadonlySet<string> | undefined,
): UserJson | UserFieldsJson {
    if (fields === undefined) return full;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(full)) if (fields.has(k)) out[k] = v;
    if (fields.has("groups")) out["groups"] = ctx.state.groupsOf(user).map((g) => g.name);
    return out as UserFieldsJson;
}
