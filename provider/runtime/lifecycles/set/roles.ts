/** The declared roles of a set as the tenant knows them, and the TenantAdmin rule a set's write must keep. */
import { QlikError, TENANT_ADMIN, UNASSIGNABLE_ROLES, isQlikError, type RoleRef } from "../../../client";
import type { Principal, PrincipalKind } from "../../kinds/principal-kind";
import type { Services } from "../../services";
import type { CheckFailure } from "../inputs";
import type { RemovalDecision } from "../tenant-admin-guard";
import type { SetInputs } from "./inputs";

/** Resolves every declared role; unknown or unassignable names become failures on `roles`. */
export async function resolveRoles(
    kind: PrincipalKind,
    s: Services,
    inputs: SetInputs,
    failures: CheckFailure[],
): Promise<RoleRef[]> {
    const found: RoleRef[] = [];
    for (const name of inputs.roles) {
        try {
            const role = await kind.findRole(s, name, inputs.selector);
            if (UNASSIGNABLE_ROLES.has(role.name)) {
                failures.push({
                    property: "roles",
                    reason: `${role.name} is given to every user by Qlik and cannot be assigned or removed; remove it from roles`,
                });
            } else found.push(role);
        } catch (err) {
            if (!isQlikError(err, "QLIK_INVALID_INPUT")) throw err;
            failures.push({ property: "roles", reason: (err as Error).message });
        }
    }
    return found;
}

/**
 * Whether `remove` may go: refuses a removal of TenantAdmin that would lock the provider's own identity out, and
 * answers "keep" for the identity's own TenantAdmin, which the provider never removes.
 */
export async function adminDecision(
    kind: PrincipalKind,
    s: Services,
    principal: Principal,
    remove: readonly RoleRef[],
): Promise<RemovalDecision> {
    const admin = remove.find((r) => r.name === TENANT_ADMIN);
    return admin ? s.adminGuard.checkRemoval(kind, principal, admin) : "remove";
}

/** A write of the set must remove every role it leaves out: the identity's own TenantAdmin is refused. */
export async function guardAdmin(
    kind: PrincipalKind,
    s: Services,
    principal: Principal,
    remove: readonly RoleRef[],
): Promise<void> {
    if ((await adminDecision(kind, s, principal, remove)) === "keep") {
        throw new QlikError(
            "QLIK_INVALID_INPUT",
            `this set would remove role "TenantAdmin" from ${principal.label}, the identity this provider authenticates as, and the provider never removes that identity's TenantAdmin; add "TenantAdmin" to roles, or remove it with another admin's credential`,
        );
    }
}
