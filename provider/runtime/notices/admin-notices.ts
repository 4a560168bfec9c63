/**
 * What the provider says when a resource touches TenantAdmin of the identity it authenticates as: that role is
 * never removed (see lifecycles/tenant-admin-guard.ts), so the user is told at preview and when a removal is skipped.
 */
import { warnOnce } from "./notices";

const WHY_KEPT =
    "it is the identity this provider authenticates as, and the provider never removes that identity's TenantAdmin";

/** The line `check` prints for a resource that declares the TenantAdmin role of the provider's own identity. */
export function ownAdminNotice(label: string, held: boolean): string {
    return held
        ? `${label} already holds role "TenantAdmin": this resource adopts it, and destroy keeps it: ${WHY_KEPT}`
        : `${label} gets role "TenantAdmin" from this resource, and destroy keeps it: ${WHY_KEPT}`;
}

/** Says, once, that a delete or a role change left the identity's own TenantAdmin in place. */
export function warnKeptOwnAdmin(label: string): void {
    warnOnce(
        `kept role "TenantAdmin" on ${label}: ${WHY_KEPT}; this stack no longer manages it (remove it with another admin's credential if intended)`,
    );
}
