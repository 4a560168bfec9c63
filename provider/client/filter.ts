/**
 * SCIM filter expressions (RFC 7644 §3.4.2.2), the syntax of Qlik's `filter` list parameter.
 *
 * Values are always written as JSON strings (double quotes, `\"` and `\\` escaped), which is what RFC 7644
 * specifies for compValue. A subject or group name containing quotes therefore cannot end the string early and
 * inject another condition. Qlik documents no escaping rules of its own [U], so callers also re-check every
 * returned item for an exact match instead of trusting the server's matching.
 */

/** Attributes we filter on. Qlik rejects unknown attributes, so the set is closed. */
export type FilterAttribute = "id" | "subject" | "email" | "name" | "assignedRoles.name";

/** `attribute eq "value"` with the value safely quoted. */
export function eq(attribute: FilterAttribute, value: string): string {
    return `${attribute} eq ${quote(value)}`;
}

/** Quotes a value as a SCIM/JSON string literal. */
export function quote(value: string): string {
    return JSON.stringify(value);
}
