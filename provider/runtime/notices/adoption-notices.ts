/**
 * Warnings `check` gives when a create or a role change will do something the user may not expect: adopt a role
 * the principal already holds (so destroy takes away a role it had before Pulumi), or grant one to a disabled user.
 * `check` runs in `pulumi preview` and again in `up`, so the user sees them before anything is written.
 */
import type { RoleRef } from "../../client";
import type { AssignmentInputs } from "../lifecycles/inputs";
import { warnOnce } from "./notices";
import { ownAdminNotice } from "./admin-notices";
import type { Principal } from "../kinds/principal-kind";

/**
 * @param olds the resource's previous inputs (empty for a new resource)
 * @param principal as resolved just now, with its current roles
 * @param ownAdmin `role` is TenantAdmin and `principal` the identity the provider authenticates as
 */
export function adoptionNotices(
    olds: Record<string, unknown>,
    inputs: AssignmentInputs,
    principal: Principal,
    role: RoleRef,
    ownAdmin = false,
): void {
    // Only a grant warns: a new resource (no old role) or a change of role, not an update keeping the role.
    if (olds.role === role.name) return;
    if (principal.disabled) {
        warnOnce(
            `${principal.label} is disabled in Qlik: role "${role.name}" is assigned, but has no effect until the user is enabled again`,
        );
    }
    const held = principal.roles?.some((r) => r.id === role.id) === true;
    if (ownAdmin) {
        // Destroy keeps it whatever the inputs say: say so, instead of the usual "destroy will remove it".
        if (!(held && inputs.retainIfPreexisting)) warnOnce(ownAdminNotice(principal.label, held));
    } else if (!inputs.retainIfPreexisting && held) {
        warnOnce(
            `${principal.label} already holds role "${role.name}": this resource adopts it, and destroy will remove it; set retainIfPreexisting: true to keep it`,
        );
    }
}
