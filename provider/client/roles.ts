/**
 * The Roles API: the tenant's role catalogue. Role names are unique per tenant and are what users write; ids can
 * differ between tenants, so we always resolve names here. https://qlik.dev/apis/rest/roles/
 */
import { roleSchema, type Role } from "../schemas/qlik";
import type { QlikHttp } from "./http";
import { listAll } from "./paging";

/** A role as we hold it: id for identity (names of custom roles can change), name for writing and messages. */
export interface RoleRef {
    readonly id: string;
    readonly name: string;
}

/** Roles that `/roles` lists but that cannot be assigned or removed. */
export const UNASSIGNABLE_ROLES: ReadonlySet<string> = new Set(["UserDefault"]);

export const TENANT_ADMIN = "TenantAdmin";

/**
 * The roles of an `assignedRoles` list that can be written: a tenant may list UserDefault among a user's roles and
 * refuse it in a PATCH, so a read-modify-write never sends it back, never removes it, and never counts it as a
 * change. Undefined stays undefined (roles hidden from the credential).
 */
export function writableRoles(roles: readonly RoleRef[] | undefined): RoleRef[] | undefined {
    return roles?.filter((r) => !UNASSIGNABLE_ROLES.has(r.name)).map((r) => ({ id: r.id, name: r.name }));
}

/** Every role of the tenant (default and custom), across all pages. */
export async function listRoles(http: QlikHttp): Promise<Role[]> {
    return listAll(http, { path: "/api/v1/roles" }, roleSchema);
}
