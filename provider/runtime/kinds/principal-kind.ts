/**
 * A principal is whoever holds a role list this package edits: a user, a group, or the system group Everyone
 * and a member of a space (./space-member.ts). A kind of principal is a small declaration of how to find one, read its roles
 * and write them; the lifecycles (../lifecycles) are written once over this interface. "Kind" means this and
 * nothing else in the provider: the resource type (`UserRoles`, ...) and its shape (one role, or the exact set)
 * are declared apart, in ../resource-types.ts.
 */
import { rolesHiddenError, type QlikClient, type RoleRef, type ThrottleSlot } from "../../client";

/** A principal as the lifecycle needs it. */
export interface Principal {
    id: string;
    /** For messages: `user "user1234"`, `group "My Group"`. */
    label: string;
    /** Direct roles; undefined when the credential may not read them. */
    roles?: RoleRef[];
    /** A user whose status is `disabled`: roles assigned to it take effect only once it is enabled. */
    disabled?: boolean;
    /** Output fields naming the principal (userId, subject, email / groupId, groupName). */
    fields: Record<string, string>;
    /** When Qlik last changed the principal, if it says (ISO 8601): `recover` dates a grant by it. */
    lastUpdatedAt?: string;
    /** For the TenantAdmin guard: ids of the groups a user belongs to, with their roles. */
    groups?: { id: string; roles: RoleRef[] }[];
}

/**
 * What a principal is called in messages, and in the `__provider` text stored in state
 * (`dynamicProvider("user", 1)`): that text is in users' state, so these names never change.
 */
type PrincipalNoun = "user" | "group" | "space member";

/**
 * The inputs that name a principal, as the program gave them: one input of each of its kind's selector groups,
 * e.g. `{ subject: "user1234" }` (a member of a space would be named by two: the space, and the user or group).
 */
export type Selector = Readonly<Record<string, string>>;

/**
 * How messages speak of a kind's roles: the words come from the kind, so a space member's missing role asks for a
 * space role and a user's for a tenant role, without the lifecycle knowing which is which.
 */
export interface RoleWords {
    /** "a tenant role", "a space role". */
    readonly what: string;
    /** A role name to show as an example, e.g. "ManagedSpaceCreator". */
    readonly example: string;
    /** Where the names come from, e.g. "GET /api/v1/roles". */
    readonly listedBy: string;
    /** Who holds the roles, ending "every role ...": "the principal holds", "the assignee holds in the space". */
    readonly heldBy: string;
}

/** The words of the tenant's roles (users, groups). */
export const TENANT_ROLE_WORDS: RoleWords = {
    what: "a tenant role",
    example: "ManagedSpaceCreator",
    listedBy: "GET /api/v1/roles",
    heldBy: "the principal holds",
};

/** Inputs of which a program gives exactly one, e.g. `userId`, `subject` or `email`. */
interface SelectorGroup {
    readonly keys: readonly string[];
    /** What they name, for messages: "the principal". */
    readonly names: string;
}

export interface PrincipalKind {
    readonly noun: PrincipalNoun;
    /** The ways to name the principal: exactly one input of each group is given. */
    readonly selectors: readonly SelectorGroup[];
    /** What each selector input holds, for messages. */
    readonly selectorHelp: Readonly<Record<string, string>>;
    /** How messages speak of the roles this kind holds. */
    readonly roleWords: RoleWords;
    /** The output holding the principal's id: delete and refresh reach the principal through it. */
    readonly idKey: string;
    /** The coordinator's key of a principal, which is also the path of resource ids: `users/<id>`. */
    keyOf(id: string): string;
    /** The principal a selector names; a QLIK_INVALID_INPUT error when it names none, or several. */
    resolve(client: QlikClient, selector: Selector): Promise<Principal>;
    /** The principal with this id, with its current roles; undefined when it no longer exists. */
    fetch(client: QlikClient, id: string): Promise<Principal | undefined>;
    /**
     * Replaces the principal's roles; false when it no longer exists. `slot`: a write place granted ahead
     * (QlikClient.reserveWrite); a write that cannot use it leaves it.
     */
    replaceRoles(
        client: QlikClient,
        id: string,
        roles: readonly RoleRef[],
        slot?: ThrottleSlot,
    ): Promise<boolean>;
    /**
     * The role a name means for this kind's principals; a QLIK_INVALID_INPUT error when there is none. Tenant roles
     * come from the tenant's role list; a kind whose roles depend on where they are held (a space's assignable
     * roles) looks in `selector`'s place.
     */
    findRole(lookup: RoleLookup, name: string, selector: Selector): Promise<RoleRef>;
    /** Whether two selector values name the same principal (emails ignore case). */
    sameValue(key: string, a: string, b: string): boolean;
    /** How messages name a principal known only from state: by its recorded name, else its id. */
    storedLabel(outputs: Readonly<Record<string, unknown>>): string;
}

/** What a kind may use to find a role: the client, and the tenant's role list read once per process. */
interface RoleLookup {
    readonly client: QlikClient;
    /** The tenant's roles by name (the role catalogue). */
    readonly roles: { find(name: string): Promise<RoleRef> };
}

/** Every selector input of a kind, in declaration order. */
export const selectorKeysOf = (kind: PrincipalKind): string[] => kind.selectors.flatMap((g) => g.keys);

/** The one input a selector of a single group gives, as the key and value a client lookup takes. */
export function onlyEntry(selector: Selector): [key: string, value: string] {
    const [entry] = Object.entries(selector);
    if (!entry) throw new Error("a selector names its principal by one input");
    return entry;
}

/**
 * The input a failure to find the principal is reported on: the one naming it. A principal named by several inputs
 * (a space and its member) may fail on any of them, and the line itself names which: no property then, or the CLI
 * would print "property subject value {user1234} has a problem" before a line about the space.
 */
export function principalProperty(selector: Selector): string {
    const keys = Object.keys(selector);
    return keys.length === 1 ? keys[0]! : "";
}

/** A selector for messages: `subject "user1234"`. */
export const describeSelector = (selector: Selector): string =>
    Object.entries(selector)
        .map(([k, v]) => `${k} "${v}"`)
        .join(", ");

/** Tenant roles, as users and groups hold them: by name, from the tenant's role list. */
export const findTenantRole = (lookup: RoleLookup, name: string) => lookup.roles.find(name);

/** What the provider's credential needs for Qlik to show principals' roles (see rolesHiddenError). */
export const CREDENTIAL_NEEDS_ADMIN = "qlik:apiKey (or qlik:clientId) must belong to a TenantAdmin";

/** The roles of a principal, or a clear error when the credential cannot see them. */
export function visibleRoles(principal: Principal): RoleRef[] {
    if (principal.roles) return principal.roles;
    throw rolesHiddenError(principal.label, CREDENTIAL_NEEDS_ADMIN);
}
