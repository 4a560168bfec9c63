/**
 * A `CustomRole`'s inputs, validated strictly once where a method receives them. `check` reports each problem on its
 * property; the other methods refuse invalid inputs (`validOrThrow`).
 */
import { isUnknown, type CheckFailure, type Props } from "../inputs";

/** A custom role as the program declares it. */
export interface CustomRoleInputs {
    readonly name: string;
    readonly description: string;
    /** Without repeats, in the order given (Qlik keeps no order that matters: compared as a set). */
    readonly scopes: readonly string[];
    /** Manage a role of that name that exists already instead of refusing it. */
    readonly adopt: boolean;
    /** Delete an adopted role at destroy too (by default destroy keeps a role the stack did not create). */
    readonly deleteAdoptedOnDestroy: boolean;
    readonly resourceName?: string;
}

/**
 * `currentName` is not the program's: `check` sets it to the name when the role already exists under it (see
 * check.ts), so that `name`, read from it, is unknown at a preview that creates or renames the role.
 */
const KEYS = [
    "name",
    "description",
    "scopes",
    "adopt",
    "deleteAdoptedOnDestroy",
    "resourceName",
    "currentName",
    "__provider",
];

const FLAGS = ["adopt", "deleteAdoptedOnDestroy"] as const;

export function validateCustomRoleInputs(news: Props): {
    failures: CheckFailure[];
    inputs?: CustomRoleInputs;
} {
    const failures: CheckFailure[] = [];
    for (const key of Object.keys(news)) {
        if (!KEYS.includes(key))
            failures.push({
                property: key,
                reason: `unknown input "${key}"; the inputs are name, description, scopes, adopt, deleteAdoptedOnDestroy`,
            });
    }
    const name = nameFailure(news.name);
    if (name) failures.push(name);
    const { description, scopes } = news;
    if (
        description !== undefined &&
        description !== null &&
        !isUnknown(description) &&
        typeof description !== "string"
    )
        failures.push({ property: "description", reason: "description must be a string" });
    failures.push(...scopeFailures(scopes));
    for (const flag of FLAGS) {
        const v = news[flag];
        if (v !== undefined && v !== null && !isUnknown(v) && typeof v !== "boolean")
            failures.push({
                property: flag,
                reason: `${flag} must be true or false; got ${JSON.stringify(v)}`,
            });
    }
    if (failures.length > 0) return { failures };
    return {
        failures,
        inputs: {
            name: news.name as string,
            description: typeof description === "string" ? description : "",
            scopes: Array.isArray(scopes) ? [...new Set(scopes as string[])] : [],
            adopt: news.adopt === true,
            deleteAdoptedOnDestroy: news.deleteAdoptedOnDestroy === true,
            resourceName: typeof news.resourceName === "string" ? news.resourceName : undefined,
        },
    };
}

function nameFailure(name: unknown): CheckFailure | undefined {
    if (isUnknown(name)) return undefined;
    if (typeof name !== "string")
        return {
            property: "name",
            reason: 'name is required: the custom role\'s name, e.g. "Analytics Publisher"',
        };
    if (name.trim() === "")
        return { property: "name", reason: "name must not be empty; give the role a name" };
    if (name.trim() !== name)
        return {
            property: "name",
            reason: `name ${JSON.stringify(name)} has leading or trailing whitespace; remove it (Qlik matches role names exactly)`,
        };
    return undefined;
}

function scopeFailures(scopes: unknown): CheckFailure[] {
    if (scopes === undefined || scopes === null || isUnknown(scopes)) return [];
    if (!Array.isArray(scopes))
        return [
            {
                property: "scopes",
                reason: 'scopes must be a list of scope names, e.g. ["apps.image:export"]',
            },
        ];
    return scopes.flatMap((s, i): CheckFailure[] => {
        if (isUnknown(s)) return [];
        if (typeof s !== "string" || s.trim() === "" || s.trim() !== s)
            return [
                {
                    property: `scopes[${i}]`,
                    reason: `scopes[${i}] must be a scope name without spaces around it; got ${JSON.stringify(s)}`,
                },
            ];
        return [];
    });
}
