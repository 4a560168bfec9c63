/**
 * Who holds a role, and how. A user holds a tenant role directly (its `assignedRoles`), through each group it belongs
 * to (the group's `assignedRoles`), or through Everyone (the group settings). The licence-impact warning, the
 * `getEffectiveRoles` lookup and the `report` command all reason about that same union; this is where it is computed,
 * from data already read (no requests here).
 */
import type { RoleRef } from "../client/roles";

/** How a user holds a role: on the user itself, through one group, or through Everyone. */
export type HeldVia =
    { kind: "direct" } | { kind: "group"; groupId: string; groupName: string } | { kind: "everyone" };

export interface HeldRole {
    readonly role: RoleRef;
    readonly via: HeldVia;
}

/** A group a user belongs to, with the roles the group holds (undefined: hidden from the credential). */
export interface MemberGroup {
    readonly id: string;
    readonly name: string;
    readonly roles: readonly RoleRef[] | undefined;
}

export interface UserRoleSources {
    readonly direct: readonly RoleRef[] | undefined;
    readonly groups: readonly MemberGroup[];
    readonly everyone: readonly RoleRef[] | undefined;
}

/**
 * Every (role, source) pair a user holds, direct first, then groups in the order given, then Everyone. A role held
 * two ways appears twice: each source is a separate grant, and taking one away leaves the other.
 */
export function heldRoles(sources: UserRoleSources): HeldRole[] {
    const held: HeldRole[] = (sources.direct ?? []).map((role) => ({ role, via: { kind: "direct" } }));
    for (const group of sources.groups) {
        for (const role of group.roles ?? []) {
            held.push({ role, via: { kind: "group", groupId: group.id, groupName: group.name } });
        }
    }
    for (const role of sources.everyone ?? []) held.push({ role, via: { kind: "everyone" } });
    return held;
}

/** What the Roles API says of one role's licence effect. */
export interface RoleEntitlement {
    readonly userEntitlementType?: string;
    readonly fullUser?: boolean;
}

/**
 * Whether holding the role promotes a Basic user to Full on a capacity-based subscription. Qlik says so per role in
 * `userEntitlementType` ("fullUser"); the deprecated boolean `fullUser` says the same, and either is enough.
 */
export function promotesToFull(role: RoleEntitlement): boolean {
    return role.userEntitlementType === "fullUser" || role.fullUser === true;
}

/** The words for a source, as messages and reports print them. */
export function describeVia(via: HeldVia): string {
    switch (via.kind) {
        case "direct":
            return "direct";
        case "group":
            return `through group "${via.groupName}"`;
        case "everyone":
            return "through Everyone";
    }
}

/** Whether any of the held roles promotes to Full; `promotes` answers for one role (from the tenant's role list). */
export function holdsPromotingRole(held: readonly HeldRole[], promotes: (role: RoleRef) => boolean): boolean {
    return held.some((h) => promotes(h.role));
}

/** The `assignedRoles` and `assignedGroups` of a Users API answer, as this module reads them. */
export interface UserAnswer {
    readonly assignedRoles?: readonly RoleRef[];
    readonly assignedGroups?: readonly {
        readonly id: string;
        readonly name?: string;
        readonly assignedRoles?: readonly RoleRef[];
    }[];
}

/**
 * A user's role sources from one Users API answer (its direct roles, and each group with the group's roles, both in
 * that answer) and Everyone's roles, read apart from the group settings.
 */
export function sourcesFromUserAnswer(
    user: UserAnswer,
    everyone: readonly RoleRef[] | undefined,
): UserRoleSources {
    return {
        direct: user.assignedRoles,
        groups: (user.assignedGroups ?? []).map((g) => ({
            id: g.id,
            name: g.name ?? g.id,
            roles: g.assignedRoles,
        })),
        everyone,
    };
}
