/**
 * What the custom role lifecycle knows of the tenant within one provider process: the role list (read once, read
 * again after each of our writes), the names each resource declares, and the roles this run will create, so that
 * two resources cannot claim one name and the 500-role cap counts the creates still to come.
 */
import { listRoles } from "../../../client/roles";
import type { Role } from "../../../schemas/qlik";
import type { Services } from "../../services";

interface Known {
    roles?: Promise<Role[]>;
    /** name -> the resource declaring it */
    declared: Map<string, string>;
    /** names of roles check found missing, that create will make */
    creating: Set<string>;
}

const known = new WeakMap<Services, Known>();

function of(s: Services): Known {
    let k = known.get(s);
    if (!k) known.set(s, (k = { declared: new Map(), creating: new Set() }));
    return k;
}

/** Every role of the tenant, listed once per process (and again after one of our writes). */
export function tenantRoles(s: Services): Promise<Role[]> {
    const k = of(s);
    if (!k.roles) {
        k.roles = listRoles(s.client.http);
        k.roles.catch(() => (k.roles = undefined));
    }
    return k.roles;
}

/** After a write of ours: the next question reads the list again, which counts a role made as made. */
export function forgetTenantRoles(s: Services, created?: string): void {
    const k = of(s);
    k.roles = undefined;
    if (created !== undefined) k.creating.delete(created);
}

/** Records that `resource` declares `name`; the other resource when one declared it already. */
export function declareName(s: Services, name: string, resource: string): string | undefined {
    const { declared } = of(s);
    const other = declared.get(name);
    if (other !== undefined && other !== resource) return other;
    declared.set(name, resource);
    return undefined;
}

/** Counts a role this run will create; how many are counted so far. */
export function announceCreate(s: Services, name: string): number {
    const { creating } = of(s);
    creating.add(name);
    return creating.size;
}

/**
 * The scopes the tenant shows: Qlik publishes no endpoint listing every scope, so these are the scopes any role
 * carries (custom roles' `assignedScopes`, and every role's `permissions`).
 */
export function knownScopes(roles: readonly Role[]): Set<string> {
    return new Set(roles.flatMap((r) => [...(r.assignedScopes ?? []), ...(r.permissions ?? [])]));
}
