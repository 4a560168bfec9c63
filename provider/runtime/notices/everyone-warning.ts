import type { RoleRef } from "../../client";
import { isEveryone } from "../kinds/everyone";
import type { Principal } from "../kinds/principal-kind";
import { warnOnce } from "./notices";
import type { RoleCatalog } from "../registries/role-catalog";

/**
 * A role given to Everyone is held by every user of the tenant: when it is admin-level (`level: "admin"` in the
 * tenant's role list), say so at preview, before anyone gets it.
 */
export async function warnIfEveryoneAdmin(
    roles: RoleCatalog,
    principal: Principal,
    role: RoleRef,
): Promise<void> {
    if (!isEveryone(principal.id)) return;
    if (!(await roles.isAdminLevel(role))) return;
    warnOnce(
        `admin-level role "${role.name}" granted to group "Everyone" gives it to every user of the tenant; grant it to a smaller group unless that is intended`,
    );
}
