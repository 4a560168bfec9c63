import { QlikError, type QlikClient, type RoleRef } from "../../client";
import type { Role } from "../../schemas/qlik";
import { promotesToFull } from "../../access/held-roles";
import { nearestName } from "./nearest-name";

/**
 * The tenant's roles, listed once per process and shared by every assignment. A name that is missing triggers one
 * fresh listing (shared by everyone missing at that moment), since a role may have been created meanwhile.
 */
export class RoleCatalog {
    private roles?: Promise<Role[]>;
    private refreshing?: Promise<Role[]>;
    constructor(private readonly client: QlikClient) {}

    private list(): Promise<Role[]> {
        if (!this.roles) {
            this.roles = this.client.listRoles();
            this.roles.catch(() => (this.roles = undefined));
        }
        return this.roles;
    }

    private refresh(): Promise<Role[]> {
        this.refreshing ??= this.client.listRoles().finally(() => (this.refreshing = undefined));
        this.roles = this.refreshing;
        this.roles.catch(() => (this.roles = undefined));
        return this.refreshing;
    }

    /** Whether the role is admin-level (`level: "admin"` in the tenant's role list). */
    async isAdminLevel(role: RoleRef): Promise<boolean> {
        const roles = await this.list();
        return roles.find((r) => r.id === role.id)?.level === "admin";
    }

    /**
     * Whether each role promotes a Basic user to Full, as the tenant's role list says (`userEntitlementType` or the
     * deprecated `fullUser`); a role the list does not hold does not.
     */
    async promotion(): Promise<(role: RoleRef) => boolean> {
        const promoting = new Set((await this.list()).filter(promotesToFull).map((r) => r.id));
        return (role) => promoting.has(role.id);
    }

    /** The role of that exact name; otherwise a QLIK_INVALID_INPUT error with a suggestion. */
    async find(name: string): Promise<RoleRef> {
        let roles = await this.list();
        let role = roles.find((r) => r.name === name);
        if (!role) {
            roles = await this.refresh();
            role = roles.find((r) => r.name === name);
        }
        if (role) return { id: role.id, name: role.name };
        throw unknownRoleError(
            name,
            roles.map((r) => r.name),
        );
    }
}

/**
 * The one-line error for a role name the tenant does not have, with the spelling it most likely meant; shared by
 * the resources, the lookups and `export --role`. `listedBy` says where the tenant's roles can be seen.
 */
export function unknownRoleError(
    name: string,
    roles: readonly string[],
    listedBy = "GET /api/v1/roles",
): QlikError {
    const sameExceptCase = roles.find((r) => r.toLowerCase() === name.toLowerCase());
    const nearest = nearestName(name, roles);
    const hint = sameExceptCase
        ? `; role names are case-sensitive: did you mean "${sameExceptCase}"?`
        : nearest
          ? `; did you mean "${nearest}"? (the tenant's roles are listed by ${listedBy})`
          : `; the tenant's roles are listed by ${listedBy} (e.g. ${roles.slice(0, 4).join(", ")})`;
    return new QlikError("QLIK_INVALID_INPUT", `role "${name}" does not exist in the tenant${hint}`);
}
