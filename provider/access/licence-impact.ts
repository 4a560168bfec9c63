/**
 * What a grant costs in licences, decided from data already read (no requests here). On a capacity-based
 * subscription a role whose `userEntitlementType` is "fullUser" makes a Basic user Full; a user is Full already when
 * it holds such a role directly, through one of its groups or through Everyone. The preview warning, its `refuse`
 * twin and the set's removal line are worded here. docs/licence-impact.md says what Qlik documents.
 */
import type { RoleRef } from "../client/roles";
import { heldRoles, holdsPromotingRole, type UserRoleSources } from "./held-roles";

/** How many Basic users a preview names before it stops ("e.g. a, b, c"). */
export const NAMED_MEMBERS = 3;

/** A user as the decision needs it: a name for messages, and every source of its roles. */
export interface MemberSources {
    readonly name: string;
    readonly sources: UserRoleSources;
}

/** Who receives the role: one user, or the members of a group (Everyone: every user of the tenant). */
export type Grantee =
    | { readonly kind: "user"; readonly label: string; readonly user: MemberSources }
    | { readonly kind: "group"; readonly label: string; readonly members: readonly MemberSources[] };

/** A grant that makes at least one Basic user Full. */
export interface Promotion {
    readonly role: string;
    readonly label: string;
    /** Members of the group (1 for a user). */
    readonly members: number;
    /** Of those, the ones holding no promoting role today. */
    readonly basic: number;
    /** The first few Basic members' names, sorted. */
    readonly named: readonly string[];
    readonly kind: "user" | "group";
}

/**
 * The promotion a grant of `role` to `grantee` causes, or undefined: a role that does not promote, or a grantee
 * whose every user is Full already.
 */
export function promotionOf(
    role: RoleRef,
    grantee: Grantee,
    promotes: (role: RoleRef) => boolean,
): Promotion | undefined {
    if (!promotes(role)) return undefined;
    const members = grantee.kind === "user" ? [grantee.user] : grantee.members;
    const basic = members.filter((m) => !isFull(m.sources, promotes));
    if (basic.length === 0) return undefined;
    return {
        role: role.name,
        label: grantee.label,
        members: members.length,
        basic: basic.length,
        named: basic
            .map((m) => m.name)
            .sort()
            .slice(0, NAMED_MEMBERS),
        kind: grantee.kind,
    };
}

/** Whether the user is Full today: it holds a promoting role directly, through a group or through Everyone. */
export function isFull(sources: UserRoleSources, promotes: (role: RoleRef) => boolean): boolean {
    return holdsPromotingRole(heldRoles(sources), promotes);
}

/**
 * The one line a preview prints (after `warning: `) or fails with, e.g. `role "Steward" promotes Basic users to
 * Full on capacity-based subscriptions: group "Sales" has 230 members, 212 of them Basic today (e.g. "ada", ...)`.
 */
export function promotionLine(p: Promotion): string {
    const head = `role "${p.role}" promotes Basic users to Full on capacity-based subscriptions: `;
    if (p.kind === "user") return `${head}${p.label} is Basic today and becomes Full`;
    const named = p.named.map((n) => JSON.stringify(n)).join(", ");
    const more = p.basic > p.named.length ? ", ..." : "";
    return `${head}${p.label} has ${p.members} members, ${p.basic} of them Basic today (e.g. ${named}${more})`;
}

/** Where a set's removals are taken from: the user's own roles, one group's, or Everyone's. */
export type RemovedFrom = { kind: "direct" } | { kind: "group"; groupId: string } | { kind: "everyone" };

/**
 * Whether taking `removed` away from one source of a user's roles leaves it without any promoting role, when it held
 * one before: Qlik may then return it to Basic.
 */
export function losesLastPromotion(
    sources: UserRoleSources,
    removed: readonly RoleRef[],
    from: RemovedFrom,
    promotes: (role: RoleRef) => boolean,
): boolean {
    if (!removed.some(promotes) || !isFull(sources, promotes)) return false;
    const gone = new Set(removed.map((r) => r.id));
    const keep = (roles: readonly RoleRef[] | undefined) => roles?.filter((r) => !gone.has(r.id));
    const after: UserRoleSources = {
        direct: from.kind === "direct" ? keep(sources.direct) : sources.direct,
        groups: sources.groups.map((g) =>
            from.kind === "group" && g.id === from.groupId ? { ...g, roles: keep(g.roles) } : g,
        ),
        everyone: from.kind === "everyone" ? keep(sources.everyone) : sources.everyone,
    };
    return !isFull(after, promotes);
}

/**
 * What a set's removal line adds when users lose their last promoting role: the user itself, or how many members of
 * the group. Qlik decides: its docs say it assigns entitlements from a user's access, not when a Full user goes back.
 */
export function returnToBasicNote(who: { user: string } | { members: number; losing: number }): string {
    const tail =
        "on a capacity-based subscription Qlik may return them to Basic (Qlik assigns entitlements from access and decides when)";
    if ("user" in who)
        return `${who.user} then holds no role that promotes to Full: ${tail.replace("them", "it")}`;
    return `${who.losing} of its ${who.members} members then hold no role that promotes to Full: ${tail}`;
}
