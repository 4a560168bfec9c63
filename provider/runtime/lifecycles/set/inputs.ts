/**
 * Strict validation of the inputs of a set resource (`UserRoles`, `GroupRoles`): one principal selector, the
 * exact list of roles, and the opt-in an empty list needs.
 */
import type { PrincipalKind, Selector } from "../../kinds/principal-kind";
import {
    booleanFailure,
    isUnknown,
    resourceNameOf,
    unknownInputs,
    validateSelector,
    type CheckFailure,
    type Props,
} from "../inputs";

export interface SetInputs {
    selector: Selector;
    roles: string[];
    allowEmpty: boolean;
    resourceName?: string;
}

/** Validates raw inputs. Unknown values (computed by other resources) pass, and leave `inputs` undefined. */
export function validateSetInputs(
    news: Props,
    kind: PrincipalKind,
): { failures: CheckFailure[]; inputs?: SetInputs } {
    const failures: CheckFailure[] = [];
    const selector = validateSelector(news, kind, failures);
    failures.push(...unknownInputs(news, kind, ["roles", "allowEmpty"]));
    const allowEmpty = news.allowEmpty;
    const allowFailure = booleanFailure(news, "allowEmpty");
    if (allowFailure) failures.push(allowFailure);
    const roles = news.roles;
    if (isUnknown(roles)) return { failures };
    if (!Array.isArray(roles)) {
        failures.push({
            property: "roles",
            reason: `roles is required: the list of role names ${kind.roleWords.heldBy}, e.g. ["${kind.roleWords.example}"]`,
        });
        return { failures };
    }
    const unknownRole = roleListFailures(roles, failures);
    if (roles.length === 0 && allowEmpty !== true && !isUnknown(allowEmpty)) {
        failures.push({
            property: "roles",
            reason: `roles is empty, which removes every role ${kind.roleWords.heldBy}; set allowEmpty: true if that is intended`,
        });
    }
    if (failures.length > 0 || unknownRole || !selector || isUnknown(allowEmpty)) return { failures };
    return {
        failures,
        inputs: {
            selector,
            roles: roles as string[],
            allowEmpty: allowEmpty === true,
            resourceName: resourceNameOf(news),
        },
    };
}

/** Adds a failure for each blank, padded or repeated role name; true when some name is not known yet. */
function roleListFailures(roles: readonly unknown[], failures: CheckFailure[]): boolean {
    const seen = new Set<string>();
    let unknownRole = false;
    roles.forEach((role, i) => {
        if (isUnknown(role)) {
            unknownRole = true;
        } else if (typeof role !== "string" || role === "" || role.trim() !== role) {
            failures.push({
                property: "roles",
                reason: `roles[${i}] must be a role name without surrounding spaces; got ${JSON.stringify(role)}`,
            });
        } else if (seen.has(role)) {
            failures.push({
                property: "roles",
                reason: `role "${role}" is listed twice in roles; list each role once`,
            });
        } else seen.add(role);
    });
    return unknownRole;
}
