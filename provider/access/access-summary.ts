/**
 * The summary under a report: how many users are Full and which role made each Full, the unmanaged grants by
 * role, and who holds TenantAdmin and how. Pure, from the classified rows and the users read.
 */
import { TENANT_ADMIN } from "../client";
import {
    isSourceGrant,
    userLabel,
    type Classified,
    type GrantRow,
    type TenantAccess,
} from "./classify-access";
import { describeVia, type HeldVia } from "./held-roles";

export interface FullUser {
    user: string;
    /** The role that makes the user Full: the first promoting one held directly, then through a group, then Everyone. */
    role: string;
    via: string;
}

export interface AccessSummary {
    /** Users counted (every user listed but deleted and disabled ones: a disabled user's roles take effect only once enabled). */
    users: number;
    fullUsers: FullUser[];
    /** Unmanaged grants (direct, on a group, on Everyone, in a space) by role, most first. */
    unmanagedByRole: { role: string; count: number }[];
    tenantAdmins: { principal: string; via: string }[];
    /** Grants counted as one: the managed, adopted-and-retained and unmanaged source grants, and the drift. */
    counts: { grants: number; managed: number; retained: number; unmanaged: number; drift: number };
}

const counted = (status: string | undefined) => status !== "deleted" && status !== "disabled";

export function summarize(tenant: TenantAccess, report: Classified): AccessSummary {
    const everyoneFull = report.grants.find((r) => r.principal.kind === "everyone" && r.promotesToFull);
    const firstPromoting = new Map<string, GrantRow>();
    for (const row of report.grants)
        if (row.principal.kind === "user" && row.via.kind !== "space" && row.promotesToFull)
            if (!firstPromoting.has(row.principal.id)) firstPromoting.set(row.principal.id, row);
    const users = tenant.users.filter((u) => counted(u.status));
    const fullUsers: FullUser[] = [];
    for (const u of [...users].sort((a, b) => (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0))) {
        const row = firstPromoting.get(u.id) ?? everyoneFull;
        if (row) fullUsers.push({ user: userLabel(u), role: row.role, via: describeVia(row.via as HeldVia) });
    }

    const sources = report.grants.filter(isSourceGrant);
    const unmanaged = sources.filter((r) => r.managedBy.length === 0);
    const byRole = new Map<string, number>();
    for (const r of unmanaged) byRole.set(r.role, (byRole.get(r.role) ?? 0) + 1);
    const unmanagedByRole = [...byRole]
        .map(([role, count]) => ({ role, count }))
        .sort((a, b) => b.count - a.count || (a.role < b.role ? -1 : a.role > b.role ? 1 : 0));

    const tenantAdmins = report.grants
        .filter((r) => r.role === TENANT_ADMIN && r.via.kind !== "space" && r.principal.kind !== "group")
        .map((r) => ({
            principal: r.principal.kind === "everyone" ? "every user" : r.principal.label,
            via: describeVia(r.via as HeldVia),
        }));

    const managed = sources.filter((r) => r.managedBy.length > 0);
    return {
        users: users.length,
        fullUsers,
        unmanagedByRole,
        tenantAdmins,
        counts: {
            grants: sources.length,
            managed: managed.length,
            retained: managed.filter((r) => r.managedBy.every((m) => m.retained)).length,
            unmanaged: unmanaged.length,
            drift: report.drift.length,
        },
    };
}
