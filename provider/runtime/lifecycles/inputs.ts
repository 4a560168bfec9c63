/**
 * Strict validation of resource inputs, shared by `check` (which reports failures per property, at preview time)
 * and the other methods (which refuse to act on invalid inputs).
 */

/** What Pulumi sends for a value that is not known yet (preview of a computed input). */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Inputs or outputs as Pulumi hands them over: each shape parses them into its typed state at the edge. */
export type Props = Record<string, unknown>;

/** A validation failure `check` reports on its property. */
export interface CheckFailure {
    property: string;
    reason: string;
}

/** Inputs after validation. Exactly one selector key is set. */
export interface AssignmentInputs {
    selectorKey: string;
    selectorValue: string;
    role: string;
    retainIfPreexisting: boolean;
    resourceName?: string;
}

/** Keys every assignment accepts besides its selectors. `resourceName` is set by the resource class itself. */
const COMMON_KEYS = ["role", "retainIfPreexisting", "resourceName", "__provider"];

export function isUnknown(value: unknown): boolean {
    return value === UNKNOWN;
}

/** True when the value, or anything inside it, is not known yet. */
export function containsUnknown(value: unknown): boolean {
    if (value === UNKNOWN) return true;
    if (value && typeof value === "object") return Object.values(value).some(containsUnknown);
    return false;
}

/**
 * `news` with the boolean input `flag` recorded as false when the program leaves it out. `read` (refresh) hands
 * back every flag as a boolean, so an input the program omits would otherwise show as a spurious `-flag: false`
 * in the next update's diff.
 */
export function withFlagDefault(news: Record<string, unknown>, flag: string): Record<string, unknown> {
    return news[flag] === undefined || news[flag] === null ? { ...news, [flag]: false } : news;
}

function stringFailure(property: string, value: unknown, what: string): CheckFailure | undefined {
    if (isUnknown(value)) return undefined;
    if (typeof value !== "string")
        return { property, reason: `${property} must be a string (${what}); got ${describe(value)}` };
    if (value.trim() === "") return { property, reason: `${property} must not be empty; set it to ${what}` };
    if (value.trim() !== value) {
        return {
            property,
            reason: `${property} ${JSON.stringify(value)} has leading or trailing whitespace; remove it (Qlik matches values exactly)`,
        };
    }
    return undefined;
}

/** A wrong value for a message (never null: callers treat null as unset). */
function describe(value: unknown): string {
    if (Array.isArray(value)) return "an array";
    return typeof value === "string" ? JSON.stringify(value) : `${typeof value} ${JSON.stringify(value)}`;
}

/**
 * Validates raw inputs.
 * @param selectorKeys the ways to name the principal, e.g. `["userId", "subject", "email"]`
 * @param selectorHelp what each selector should hold, for messages
 */
export function validateInputs(
    news: Record<string, unknown>,
    selectorKeys: readonly string[],
    selectorHelp: Record<string, string>,
): { failures: CheckFailure[]; inputs?: AssignmentInputs } {
    const failures: CheckFailure[] = [];
    for (const key of Object.keys(news)) {
        if (!COMMON_KEYS.includes(key) && !selectorKeys.includes(key)) {
            failures.push({
                property: key,
                reason: `unknown input "${key}"; the inputs are ${[...selectorKeys, "role", "retainIfPreexisting"].join(", ")}`,
            });
        }
    }

    const roleFailure =
        news.role === undefined || news.role === null
            ? {
                  property: "role",
                  reason: 'role is required: the name of a tenant role, e.g. "ManagedSpaceCreator"',
              }
            : stringFailure("role", news.role, "a role name as listed by GET /api/v1/roles");
    if (roleFailure) failures.push(roleFailure);

    const given = selectorKeys.filter((k) => news[k] !== undefined && news[k] !== null);
    const choices = selectorKeys.join(", ").replace(/, ([^,]*)$/, " or $1");
    if (given.length === 0) {
        // No property: the CLI would otherwise print "property userId value {<nil>}" before the reason.
        failures.push({
            property: "",
            reason: `set exactly one of ${choices} to name the principal`,
        });
    } else if (given.length > 1) {
        failures.push({
            property: given[1]!,
            reason: `set only one of ${choices}; got ${given.join(" and ")}`,
        });
    }
    for (const key of given) {
        const f = stringFailure(key, news[key], selectorHelp[key] ?? key);
        if (f) failures.push(f);
        else if (key === "email" && !isUnknown(news[key]) && !String(news[key]).includes("@")) {
            failures.push({ property: key, reason: `email "${String(news[key])}" is not an email address` });
        }
    }

    const retain = news.retainIfPreexisting;
    if (retain !== undefined && retain !== null && !isUnknown(retain) && typeof retain !== "boolean") {
        failures.push({
            property: "retainIfPreexisting",
            reason: `retainIfPreexisting must be true or false; got ${describe(retain)}`,
        });
    }

    // Exactly one selector is given here: none or several is a failure above.
    if (failures.length > 0) return { failures };
    return {
        failures,
        inputs: {
            selectorKey: given[0]!,
            selectorValue: news[given[0]!] as string,
            role: news.role as string,
            retainIfPreexisting: retain === true,
            resourceName: typeof news.resourceName === "string" ? news.resourceName : undefined,
        },
    };
}
