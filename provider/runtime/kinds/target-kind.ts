/**
 * What differs between users and groups, behind one interface, so the lifecycle is written once.
 */
import { QlikError, writableRoles, type QlikClient, type RoleRef, type ThrottleSlot } from "../../client";
import type { Group, User } from "../../schemas/qlik";
import { fetchEveryone, isEveryone, namesEveryone, resolveEveryone } from "./everyone";

/** A user or group as the lifecycle needs it. */
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
export type PrincipalNoun = "user" | "group";

/**
 * A kind of principal (user or group): everything the lifecycle does differently for it. "Kind" means this and
 * nothing else in the provider; a new kind (e.g. the tenant's Everyone group) is one more object of this shape.
 */
export interface PrincipalKind {
    /** Resource type name, as in the type token `pulumi-nodejs:dynamic/qlik:<type>`. */
    readonly type: "UserRoleAssignment" | "GroupRoleAssignment" | "UserRoles" | "GroupRoles";
    readonly noun: PrincipalNoun;
    /** Path segment in ids and coordinator keys. */
    readonly collection: "users" | "groups";
    /** The ways to name the principal; exactly one is given. */
    readonly selectorKeys: readonly string[];
    readonly selectorHelp: Record<string, string>;
    /** Output holding the principal id. */
    readonly idKey: "userId" | "groupId";
    resolve(client: QlikClient, key: string, value: string): Promise<Principal>;
    fetch(client: QlikClient, id: string): Promise<Principal | undefined>;
    /** `slot`: a write place granted ahead (QlikClient.reserveWrite); a write that cannot use it leaves it. */
    replaceRoles(
        client: QlikClient,
        id: string,
        roles: readonly RoleRef[],
        slot?: ThrottleSlot,
    ): Promise<boolean>;
    /** Whether two selector values name the same thing (emails ignore case). */
    sameValue(key: string, a: string, b: string): boolean;
}

function fromUser(user: User): Principal {
    const fields: Record<string, string> = { userId: user.id, subject: user.subject };
    if (user.email) fields.email = user.email;
    return {
        id: user.id,
        label: `user "${user.subject || user.id}"`,
        roles: writableRoles(user.assignedRoles),
        disabled: user.status === "disabled",
        fields,
        ...(user.lastUpdatedAt ? { lastUpdatedAt: user.lastUpdatedAt } : {}),
        groups: user.assignedGroups?.map((g) => ({
            id: g.id,
            roles: writableRoles(g.assignedRoles ?? [])!,
        })),
    };
}

function fromGroup(group: Group): Principal {
    return {
        id: group.id,
        label: `group "${group.name}"`,
        roles: writableRoles(group.assignedRoles),
        fields: { groupId: group.id, groupName: group.name },
        ...(group.lastUpdatedAt ? { lastUpdatedAt: group.lastUpdatedAt } : {}),
    };
}

export const USER: PrincipalKind = {
    type: "UserRoleAssignment",
    noun: "user",
    collection: "users",
    selectorKeys: ["userId", "subject", "email"],
    selectorHelp: {
        userId: "a Qlik user id",
        subject: 'the user\'s subject, e.g. "user1234"',
        email: "the user's email address",
    },
    idKey: "userId",
    async resolve(client, key, value) {
        const selector =
            key === "userId" ? { userId: value } : key === "subject" ? { subject: value } : { email: value };
        return fromUser(await client.resolveUser(selector));
    },
    async fetch(client, id) {
        const user = await client.getUser(id);
        return user && fromUser(user);
    },
    replaceRoles: (client, id, roles, slot) => client.replaceUserRoles(id, roles, slot),
    sameValue: (key, a, b) => (key === "email" ? a.toLowerCase() === b.toLowerCase() : a === b),
};

export const GROUP: PrincipalKind = {
    type: "GroupRoleAssignment",
    noun: "group",
    collection: "groups",
    selectorKeys: ["groupId", "groupName"],
    selectorHelp: { groupId: "a Qlik group id", groupName: 'the group\'s exact name, e.g. "My Group"' },
    idKey: "groupId",
    async resolve(client, key, value) {
        // Everyone's roles live in the group settings, not on the group (everyone.ts).
        if (namesEveryone(key, value)) return resolveEveryone(client, key, value);
        return fromGroup(
            await client.resolveGroup(key === "groupId" ? { groupId: value } : { groupName: value }),
        );
    },
    async fetch(client, id) {
        if (isEveryone(id)) return fetchEveryone(client);
        const group = await client.getGroup(id);
        return group && fromGroup(group);
    },
    // Everyone's write goes to the group settings and queues for its own place; the coordinator gives `slot` back.
    replaceRoles: (client, id, roles, slot) =>
        isEveryone(id) ? client.replaceEveryoneRoles(roles) : client.replaceGroupRoles(id, roles, slot),
    sameValue: (_key, a, b) => a === b,
};

/** The coordinator's key of a principal: `users/<id>` or `groups/<id>`. */
export function principalKey(kind: PrincipalKind, id: string): string {
    return `${kind.collection}/${id}`;
}

/** The roles of a principal, or a clear error when the credential cannot see them. */
export function visibleRoles(principal: Principal): RoleRef[] {
    if (principal.roles) return principal.roles;
    throw new QlikError(
        "QLIK_FORBIDDEN",
        `Qlik did not show the assigned roles of ${principal.label}; the credential needs the TenantAdmin role (OAuth: scope admin_classic)`,
    );
}

/** The user kind as the set resource `UserRoles` names it in messages. */
export const USER_ROLES: PrincipalKind = { ...USER, type: "UserRoles" };
/** The group kind as the set resource `GroupRoles` names it in messages. */
export const GROUP_ROLES: PrincipalKind = { ...GROUP, type: "GroupRoles" };
