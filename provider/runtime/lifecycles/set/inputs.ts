/**
 * Strict validation of the inputs of a set resource (`UserRoles`, `GroupRoles`): one principal selector, the
 * exact list of roles, and the opt-in an empty list needs.
 */
import { isUnknown, validateInputs, type CheckFailure } from "../inputs";

export interface SetInputs {
    selectorKey: string;
    selectorValue: string;
    roles: string[];
    allowEmpty: boolean;
    resourceName?: string;
}

const SET_KEYS = ["roles", "allowEmpty", "resourceName", "__provider"];

/**
 * Validates raw inputs. Unknown values (computed by other resources) pass, and leave `inputs` undefined.
 * @param selectorKeys the ways to name the principal, e.g. `["userId", "subject", "email"]`
 */
export function validateSetInputs(
    news: Record<string, unknown>,
    selectorKeys: readonly string[],
    selectorHelp: Record<string, string>,
): { failures: CheckFailure[]; inputs?: SetInputs } {
    // The selector rules are the assignments' own: validate them with a stand-in role.
    const selectorOnly = Object.fromEntries(Object.entries(news).filter(([k]) => selectorKeys.includes(k)));
    const selector = validateInputs({ ...selectorOnly, role: "-" }, selectorKeys, selectorHelp);
    const failures: CheckFailure[] = [...selector.failures];
    for (const key of Object.keys(news)) {
        if (!SET_KEYS.includes(key) && !selectorKeys.includes(key)) {
            failures.push({
                property: key,
                reason: `unknown input "${key}"; the inputs are ${[...selectorKeys, "roles", "allowEmpty"].join(", ")}`,
            });
        }
    }
    const allowEmpty = news.allowEmpty;
    if (
        allowEmpty !== undefined &&
        allowEmpty !== null &&
        !isUnknown(allowEmpty) &&
        typeof allowEmpty !== "boolean"
    ) {
        failures.push({
            property: "allowEmpty",
            reason: `allowEmpty must be true or false; got ${JSON.stringify(allowEmpty)}`,
        });
    }
    const roles = news.roles;
    if (isUnknown(roles)) return { failures };
    if (!Array.isArray(roles)) {
        failures.push({
            property: "roles",
            reason: 'roles is required: the list of role names the principal holds, e.g. ["SharedSpaceCreator"]',
        });
        return { failures };
    }
    const seen = new Set<string>();
    let unknownRole = false;
    roles.forEach((role: unknown, i) => {
        if (isUnknown(role)) {
            unknownRole = true;
            return;
        }
        if (typeof role !== "string" || role === "" || role.trim() !== role) {
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
    if (roles.length === 0 && allowEmpty !== true && !isUnknown(allowEmpty)) {
        failures.push({
            property: "roles",
            reason: "roles is empty, which removes every role the principal holds; set allowEmpty: true if that is intended",
        });
    }
    if (failures.length > 0 || unknownRole || !selector.inputs || isUnknown(allowEmpty)) return { failures };
    return {
        failures,
        inputs: {
            selectorKey: selector.inputs.selectorKey,
            selectorValue: selector.inputs.selectorValue,
            roles: roles as string[],
            allowEmpty: allowEmpty === true,
            resourceName: typeof news.resourceName === "string" ? news.resourceName : undefined,
        },
    };
}
