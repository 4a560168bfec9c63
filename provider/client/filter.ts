/**
 * SCIM filter expressions (RFC 7644 §3.4.2.2), the syntax of Qlik's `filter` list parameter.
 *
 * Qlik documents its filter attributes and that every comparison ignores case, but no escaping rule for values:
 * its examples quote with both `'...'` and `"..."`, and real subjects hold backslashes (Qlik's own example subject
 * is `foo\12345`; bot users are `qlikbot\<clientId>`). So a value is only ever written into a filter when it
 * holds no character whose escaping is undocumented (quotes, backslashes, control characters); for anything else
 * the callers search by a safe part of the value, or list, and compare exactly themselves. Matches are always
 * re-checked in the client, since the server's matching ignores case.
 */

/** Attributes we filter on. Qlik rejects unknown attributes, so the set is closed. */
export type FilterAttribute =
    "id" | "subject" | "email" | "name" | "assignedRoles.id" | "assignedRoles.name" | "assignedGroups.id";

/** Characters whose meaning inside a quoted filter value Qlik does not document. */
const UNDOCUMENTED = /["'\\\u0000-\u001f\u007f]/;

/** True when `value` can be written into a filter without relying on an undocumented escaping rule. */
export function isFilterSafe(value: string): boolean {
    return value.length > 0 && !UNDOCUMENTED.test(value);
}

/**
 * The longest run of `value` free of such characters (the first of equal length), e.g. `12345` for
 * `foo\12345`; empty when there is none.
 */
export function longestSafeRun(value: string): string {
    let best = "";
    for (const run of value.split(new RegExp(UNDOCUMENTED.source, "g")))
        if (run.length > best.length) best = run;
    return best;
}

/** `attribute eq "value"` for a filter-safe value (see `isFilterSafe`); throws for any other value. */
export function eq(attribute: FilterAttribute, value: string): string {
    return `${attribute} eq ${quote(value)}`;
}

/** `attribute co "value"` (contains, ignoring case) for a filter-safe value; throws for any other value. */
export function co(attribute: FilterAttribute, value: string): string {
    return `${attribute} co ${quote(value)}`;
}

/**
 * Quotes a filter-safe value. Values holding quotes or backslashes are refused rather than escaped by a rule Qlik
 * may not follow (an escape Qlik ignores would search for the wrong value; one it reads differently could end the
 * string early).
 */
export function quote(value: string): string {
    if (!isFilterSafe(value))
        throw new RangeError(
            `a filter value with quotes, backslashes or control characters cannot be written safely: ${JSON.stringify(value)}`,
        );
    return `"${value}"`;
}
