/**
 * `check` of a set: strict inputs, then the principal and every declared role against the tenant. The removals are
 * shown here, at preview: the principal's current roles are read and the line says which roles `up` would add and
 * remove.
 */
import { isQlikError, TENANT_ADMIN, type RoleRef } from "../../../client";
import { holds, setDelta } from "../../../core/role-set";
import {
    principalProperty,
    visibleRoles,
    type Principal,
    type PrincipalKind,
} from "../../kinds/principal-kind";
import { warnIfEveryoneAdmin } from "../../notices/everyone-warning";
import { checkPromotions, returnToBasic } from "../../notices/promotion-warning";
import { noteOnce, warnOnce } from "../../notices/notices";
import type { ResourceType } from "../../resource-types";
import type { Services } from "../../services";
import { containsUnknown, withFlagDefault, type CheckFailure, type Props } from "../inputs";
import type { MethodRunner } from "../lifecycle";
import { ownAdminNotice } from "../../notices/admin-notices";
import { validateSetInputs, type SetInputs } from "./inputs";
import { guardAdmin, resolveRoles } from "./roles";
import { describePlan } from "./state";

export async function checkSet(
    run: MethodRunner,
    resource: ResourceType,
    olds: Props,
    raw: Props,
): Promise<{ inputs: Props; failures: CheckFailure[] }> {
    const { kind } = resource;
    const news = withFlagDefault(raw, "allowEmpty");
    const { failures, inputs } = validateSetInputs(news, kind);
    if (failures.length > 0 || !inputs) return { inputs: news, failures };
    if (containsUnknown([inputs.selector, inputs.roles])) return { inputs: news, failures };
    return run("check", news, async (s) => {
        let principal: Principal | undefined;
        try {
            principal = await s.principals.resolve(kind, inputs.selector);
        } catch (err) {
            if (!isQlikError(err, "QLIK_INVALID_INPUT")) throw err;
            failures.push({ property: principalProperty(inputs.selector), reason: (err as Error).message });
        }
        const roles = await resolveRoles(kind, s, inputs, failures);
        if (failures.length > 0 || !principal) return { inputs: news, failures };
        const failure = await checkAgainst(resource, s, olds, inputs, principal, roles);
        return { inputs: news, failures: failure ? [failure] : [] };
    });
}

/**
 * The set against what the principal holds now: refused when another resource declares the principal, or when it
 * would take away the identity's own TenantAdmin; otherwise the plan is said (a warning when it removes roles).
 */
async function checkAgainst(
    resource: ResourceType,
    s: Services,
    olds: Props,
    inputs: SetInputs,
    principal: Principal,
    roles: readonly RoleRef[],
): Promise<CheckFailure | undefined> {
    const { kind } = resource;
    const current = visibleRoles(principal);
    const other = s.claims.claim(kind.keyOf(principal.id), "set", inputs.resourceName);
    if (other !== undefined) {
        return {
            property: principalProperty(inputs.selector),
            reason: `${principal.label} is declared both by the set resource "${inputs.resourceName}" and by resource "${other}"; a set owns all the principal's roles: move "${other}"'s role into this roles list and remove "${other}"`,
        };
    }
    const { add, remove } = setDelta(current, roles);
    try {
        await guardAdmin(kind, s, principal, remove);
    } catch (err) {
        if (!isQlikError(err, "QLIK_INVALID_INPUT")) throw err;
        return { property: "roles", reason: (err as Error).message };
    }
    // A removal is what the user must not miss: only then a warning. Adding is said plainly.
    const what = describePlan(add, remove);
    const plan = `${resource.name} "${inputs.resourceName ?? "?"}" on ${principal.label}: ${what ?? ""}`;
    if (remove.length > 0) {
        const basic = await returnToBasic(s, kind, principal, remove);
        warnOnce(`${plan}${basic ? `; ${basic}` : ""}`);
    } else if (add.length > 0) noteOnce(plan);
    await noteOwnAdmin(kind, s, olds, principal, roles, current);
    for (const role of add) await warnIfEveryoneAdmin(s.roles, principal, role);
    const refusal = await checkPromotions(s, kind, principal, add);
    return refusal ? { property: "roles", reason: refusal } : undefined;
}

/** A set that newly declares TenantAdmin for the provider's own identity: destroy will keep it, and says why. */
async function noteOwnAdmin(
    kind: PrincipalKind,
    s: Services,
    olds: Props,
    principal: Principal,
    roles: readonly RoleRef[],
    current: readonly RoleRef[],
): Promise<void> {
    const admin = roles.find((r) => r.name === TENANT_ADMIN);
    const wasDeclared = Array.isArray(olds.roles) && olds.roles.includes(TENANT_ADMIN);
    if (admin && !wasDeclared && (await s.adminGuard.isOwnIdentity(kind, principal.id))) {
        warnOnce(ownAdminNotice(principal.label, holds(current, admin)));
    }
}
