/**
 * Strict validation of resource inputs, shared by `check` (which reports failures per property, at preview time)
 * and the other methods (which refuse to act on invalid inputs).
 */
import { selectorKeysOf, type PrincipalKind, type Selector } from "../kinds/principal-kind";

/** What Pulumi sends for a value that is not known yet (preview of a computed input). */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Inputs or outputs as Pulumi hands them over: each shape parses them into its typed state at the edge. */
export type Props = Record<string, unknown>;

/** A validation failure `check` reports on its property. */
export interface CheckFailure {
    property: string;
    reason: string;
}

/** An assignment's inputs after validation. */
export interface AssignmentInputs {
    selector: Selector;
    role: string;
    retainIfPreexisting: boolean;
    resourceName?: string;
}

/** Inputs every resource has that no program sets: its name (set by the resource class) and the provider text. */
const INTERNAL_KEYS = ["resourceName", "__provider"];

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
 * Failures for every input that is neither a selector of `kind` nor one of `ownKeys` (the resource's other inputs,
 * listed in the message after the selectors).
 */
export function unknownInputs(news: Props, kind: PrincipalKind, ownKeys: readonly string[]): CheckFailure[] {
    const selectorKeys = selectorKeysOf(kind);
    return Object.keys(news)
        .filter(
            (key) => !selectorKeys.includes(key) && !ownKeys.includes(key) && !INTERNAL_KEYS.includes(key),
        )
        .map((key) => ({
            property: key,
            reason: `unknown input "${key}"; the inputs are ${[...selectorKeys, ...ownKeys].join(", ")}`,
        }));
}

/**
 * The selector the inputs give: exactly one input of each of the kind's selector groups, each a clean string (or
 * a value not known yet). What is wrong is added to `failures`; the selector is undefined then.
 */
export function validateSelector(
    news: Props,
    kind: PrincipalKind,
    failures: CheckFailure[],
): Selector | undefined {
    const before = failures.length;
    const selector: Record<string, string> = {};
    for (const group of kind.selectors) {
        const given = group.keys.filter((k) => news[k] !== undefined && news[k] !== null);
        const choices = group.keys.join(", ").replace(/, ([^,]*)$/, " or $1");
        if (given.length === 0) {
            // No property: the CLI would otherwise print "property userId value {<nil>}" before the reason.
            failures.push({ property: "", reason: `set exactly one of ${choices} to name ${group.names}` });
        } else if (given.length > 1) {
            failures.push({
                property: given[1]!,
                reason: `set only one of ${choices}; got ${given.join(" and ")}`,
            });
        }
        for (const key of given) {
            const f = stringFailure(key, news[key], kind.selectorHelp[key] ?? key);
            if (f) failures.push(f);
            else if (key === "email" && !isUnknown(news[key]) && !String(news[key]).includes("@")) {
                failures.push({
                    property: key,
                    reason: `email "${String(news[key])}" is not an email address`,
                });
            }
        }
        if (given.length === 1) selector[given[0]!] = news[given[0]!] as string;
    }
    return failures.length > before ? undefined : selector;
}

/** A boolean input's failure when it is set to something else (unset, or not known yet, is fine). */
export function booleanFailure(news: Props, flag: string): CheckFailure | undefined {
    const value = news[flag];
    if (value === undefined || value === null || isUnknown(value) || typeof value === "boolean")
        return undefined;
    return { property: flag, reason: `${flag} must be true or false; got ${describe(value)}` };
}

/** `resourceName`, which the resource class sets to its Pulumi name (never the program). */
export const resourceNameOf = (news: Props): string | undefined =>
    typeof news.resourceName === "string" ? news.resourceName : undefined;

/**
 * Validates an assignment's raw inputs: one selector, one role, and the retain flag.
 */
export function validateInputs(
    news: Props,
    kind: PrincipalKind,
): { failures: CheckFailure[]; inputs?: AssignmentInputs } {
    const failures = unknownInputs(news, kind, ["role", "retainIfPreexisting"]);
    const roleFailure =
        news.role === undefined || news.role === null
            ? {
                  property: "role",
                  reason: `role is required: the name of ${kind.roleWords.what}, e.g. "${kind.roleWords.example}"`,
              }
            : stringFailure("role", news.role, `a role name as listed by ${kind.roleWords.listedBy}`);
    if (roleFailure) failures.push(roleFailure);
    const selector = validateSelector(news, kind, failures);
    const retainFailure = booleanFailure(news, "retainIfPreexisting");
    if (retainFailure) failures.push(retainFailure);
    if (failures.length > 0 || !selector) return { failures };
    return {
        failures,
        inputs: {
            selector,
            role: news.role as string,
            retainIfPreexisting: news.retainIfPreexisting === true,
            resourceName: resourceNameOf(news),
        },
    };
}
