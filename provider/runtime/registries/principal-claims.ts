/**
 * Which resources declare each principal, and how: a set resource (`UserRoles`, `GroupRoles`) owns a principal's
 * whole role list, so it cannot share the principal with assignment resources (each would undo the other on every
 * `up`), nor with another set resource. `check` records every declaration here and refuses the second style.
 */
type ClaimStyle = "set" | "assignment";

export class PrincipalClaims {
    /** principal key -> resource names by style. */
    private readonly claims = new Map<string, { set: Set<string>; assignment: Set<string> }>();

    /**
     * Records that `resourceName` declares the principal `key` in `style`; returns the name of a resource that
     * conflicts with it (another style, or a second set resource), or undefined.
     */
    claim(key: string, style: ClaimStyle, resourceName: string | undefined): string | undefined {
        if (!resourceName) return undefined;
        let entry = this.claims.get(key);
        if (!entry) this.claims.set(key, (entry = { set: new Set(), assignment: new Set() }));
        const other = style === "set" ? "assignment" : "set";
        // Look for the clash before recording, but record in any case: the other side's check names this one too.
        // A resource of the other style clashes, and so does a second set (for an assignment, the sets are `other`).
        const clash = [...entry[other]][0] ?? [...entry.set].find((n) => n !== resourceName);
        entry[style].add(resourceName);
        return clash;
    }
}
