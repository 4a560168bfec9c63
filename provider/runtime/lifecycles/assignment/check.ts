/**
 * `check` of an assignment: strict inputs first, then, once every input is known, the principal and the role
 * against the tenant. Problems with the inputs become failures on their property (the CLI points at it); API
 * failures are thrown. What the grant will do that the user may not expect is said here, before anything is written.
 */
import {
    isQlikError,
    rolesHiddenError,
    TENANT_ADMIN,
    UNASSIGNABLE_ROLES,
    type RoleRef,
} from "../../../client";
import {
    CREDENTIAL_NEEDS_ADMIN,
    principalProperty,
    type Principal,
    type PrincipalKind,
} from "../../kinds/principal-kind";
import { adoptionNotices } from "../../notices/adoption-notices";
import { warnIfEveryoneAdmin } from "../../notices/everyone-warning";
import { checkPromotions } from "../../notices/promotion-warning";
import type { Services } from "../../services";
import {
    containsUnknown,
    validateInputs,
    withFlagDefault,
    type AssignmentInputs,
    type CheckFailure,
    type Props,
} from "../inputs";
import type { MethodRunner } from "../lifecycle";
import { pairKey } from "./state";

export async function checkAssignment(
    run: MethodRunner,
    kind: PrincipalKind,
    olds: Props,
    raw: Props,
): Promise<{ inputs: Props; failures: CheckFailure[] }> {
    const news = withFlagDefault(raw, "retainIfPreexisting");
    const { failures, inputs } = validateInputs(news, kind);
    if (failures.length > 0 || !inputs) return { inputs: news, failures };
    // Unknown values (computed by other resources) are checked when they are known, during `up`.
    if (containsUnknown([inputs.selector, inputs.role])) return { inputs: news, failures };
    return run("check", news, async (s) => {
        const found = await resolveBoth(kind, s, inputs, failures);
        if (failures.length === 0 && found) {
            const { principal, role } = found;
            const clash = declare(kind, s, olds, inputs, principal, role);
            if (clash) failures.push(clash);
            else {
                const ownAdmin =
                    role.name === TENANT_ADMIN && (await s.adminGuard.isOwnIdentity(kind, principal.id));
                adoptionNotices(olds, inputs, principal, role, ownAdmin);
                await warnIfEveryoneAdmin(s.roles, principal, role);
                const refusal = await checkPromotions(s, kind, principal, [role]);
                if (refusal) failures.push({ property: "role", reason: refusal });
            }
        }
        return { inputs: news, failures };
    });
}

/** The principal and the role, both looked up at once; what the inputs get wrong is added to `failures`. */
async function resolveBoth(
    kind: PrincipalKind,
    s: Services,
    inputs: AssignmentInputs,
    failures: CheckFailure[],
): Promise<{ principal: Principal; role: RoleRef } | undefined> {
    const [principal, role] = await Promise.allSettled([
        s.principals.resolve(kind, inputs.selector),
        kind.findRole(s, inputs.role, inputs.selector),
    ]);
    for (const [property, result] of [
        [principalProperty(inputs.selector), principal],
        ["role", role],
    ] as const) {
        if (result.status === "rejected") {
            if (!isQlikError(result.reason, "QLIK_INVALID_INPUT")) throw result.reason;
            failures.push({ property, reason: (result.reason as Error).message });
        }
    }
    if (principal.status === "fulfilled" && principal.value.roles === undefined) {
        throw rolesHiddenError(principal.value.label, CREDENTIAL_NEEDS_ADMIN);
    }
    if (role.status === "fulfilled" && UNASSIGNABLE_ROLES.has(role.value.name)) {
        failures.push({
            property: "role",
            reason: `${role.value.name} is given to every user by Qlik and cannot be assigned or removed; remove this resource`,
        });
    }
    if (principal.status === "rejected" || role.status === "rejected") return undefined;
    return { principal: principal.value, role: role.value };
}

/**
 * Records that this resource declares the pair, and the principal in the assignment style; the failure when
 * another resource declared the same pair, or a set resource owns the principal. A new resource announces its
 * create to the coordinator, so that a batch on this principal may wait for it.
 */
function declare(
    kind: PrincipalKind,
    s: Services,
    olds: Props,
    inputs: AssignmentInputs,
    principal: Principal,
    role: RoleRef,
): CheckFailure | undefined {
    const other = s.pairs.declare(pairKey(kind, principal.id, role.id), inputs.resourceName);
    const setOwner = s.claims.claim(kind.keyOf(principal.id), "assignment", inputs.resourceName);
    if (other !== undefined) {
        return {
            property: "role",
            reason: `role "${role.name}" on ${principal.label} is also declared by resource "${other}"; declare each (principal, role) pair once`,
        };
    }
    if (setOwner !== undefined) {
        return {
            property: principalProperty(inputs.selector),
            reason: `${principal.label} is declared both by this assignment "${inputs.resourceName}" and by the set resource "${setOwner}", which owns all its roles; move role "${role.name}" into "${setOwner}"'s roles and remove this resource`,
        };
    }
    if (Object.keys(olds).length === 0) s.coordinator.announce(kind.keyOf(principal.id));
    return undefined;
}
