/**
 * Read-only lookups for Pulumi programs: who holds a role, a user, a group, the tenant's roles. They use the same
 * `qlik:*` stack config and `QLIK_*` environment as the resources, send GETs only (so they are safe in
 * `pulumi preview`, where they run too), page through large tenants, and fail the program with one line.
 *
 * ```ts
 * const admins = getRoleHolders({ role: "TenantAdmin" });
 * export const adminSubjects = admins.users.apply((users) => users.map((u) => u.subject));
 * ```
 */
import * as pulumi from "@pulumi/pulumi";
import { lookupFailure, withLookupClient } from "./client";
import {
    findGroup,
    findRoleHolders,
    findUser,
    listRoles,
    type GroupInfo,
    type RoleHolders,
    type RoleInfo,
    type UserInfo,
} from "./queries";
import { findSpace, findSpaceMembers, type SpaceDetails, type SpaceMembers } from "./space-queries";
import { findEffectiveRoles, type EffectiveRoles } from "./effective-roles";
import type { GroupSelector, QlikClient, SpaceSelector, UserSelector } from "../client";
import type { GroupSelectorArgs, UserSelectorArgs } from "../resources/selectors";
import type { SpaceSelectorArgs } from "../resources/space-selectors";

export type { GroupInfo, RoleHolders, RoleInfo, UserInfo } from "./queries";
export type { SpaceDetails, SpaceMember, SpaceMembers } from "./space-queries";
export type { EffectiveRole, EffectiveRoles } from "./effective-roles";

/**
 * Name a user with exactly one of `userId`, `subject` (exact) or `email` (ignoring case): the resources' selector
 * type, so none or two fail to compile with a message naming the rule. JavaScript programs and args built from data
 * get the same rule as one line when the lookup runs.
 */
export type GetUserArgs = UserSelectorArgs;

/** Name a group with exactly one of `groupId` or `groupName` (exact), as the resources do. */
export type GetGroupArgs = GroupSelectorArgs;

/** Name a space with exactly one of `spaceId` or `spaceName` (exact, case included), as the resources do. */
export type GetSpaceArgs = SpaceSelectorArgs;

export interface GetRoleHoldersArgs {
    /** The role's exact name, e.g. `TenantAdmin`. */
    role: pulumi.Input<string>;
}

const lookup = withLookupClient;

/** The one selector of a lookup's args, or its one-line failure naming the thing to name (exported for tests). */
export function exactlyOne<K extends string>(
    fn: string,
    args: Partial<Record<K, string>>,
    keys: readonly K[],
): { key: K; value: string } {
    const given = keys.filter((k) => args[k] !== undefined && args[k] !== null);
    // The thing named, from its id key: userId -> user, groupId -> group, spaceId -> space.
    const noun = keys[0]!.replace(/Id$/, "");
    if (given.length !== 1) {
        throw lookupFailure(
            `${fn}: name the ${noun} with exactly one of ${keys.slice(0, -1).join(", ")} or ${keys.at(-1)}; got ${given.length === 0 ? "none" : given.join(" and ")}`,
        );
    }
    const key = given[0]!;
    const value = args[key]!;
    if (typeof value !== "string" || value.trim() === "")
        throw lookupFailure(`${fn}: ${key} must be a non-empty string`);
    return { key, value };
}

/** Every role of the tenant (default and custom), sorted by name; `assignable` is false for UserDefault. */
export function getRoles(): pulumi.Output<RoleInfo[]> {
    return lookup("getRoles()", listRoles);
}

/** A user and its direct roles, named by exactly one of `userId`, `subject` or `email`. */
export function getUser(args: GetUserArgs): pulumi.Output<UserInfo> {
    return pulumi.output(args).apply((a) => {
        const { key, value } = exactlyOne(
            "getUser",
            a as Record<string, string>,
            ["userId", "subject", "email"] as const,
        );
        return lookup(`getUser(${key} ${JSON.stringify(value)})`, (client) =>
            findUser(client, { [key]: value } as UserSelector),
        );
    });
}

/**
 * Every role a user holds, with its source: directly, through each of its groups, through Everyone; and whether each
 * promotes a Basic user to Full. Named like `getUser`, by exactly one of `userId`, `subject` or `email`.
 */
export function getEffectiveRoles(args: GetUserArgs): pulumi.Output<EffectiveRoles> {
    return pulumi.output(args).apply((a) => {
        const { key, value } = exactlyOne(
            "getEffectiveRoles",
            a as Record<string, string>,
            ["userId", "subject", "email"] as const,
        );
        return lookup(`getEffectiveRoles(${key} ${JSON.stringify(value)})`, (client) =>
            findEffectiveRoles(client, { [key]: value } as UserSelector),
        );
    });
}

/** A group and its roles, named by exactly one of `groupId` or `groupName`. */
export function getGroup(args: GetGroupArgs): pulumi.Output<GroupInfo> {
    return pulumi.output(args).apply((a) => {
        const { key, value } = exactlyOne(
            "getGroup",
            a as Record<string, string>,
            ["groupId", "groupName"] as const,
        );
        return lookup(`getGroup(${key} ${JSON.stringify(value)})`, (client) =>
            findGroup(client, { [key]: value } as GroupSelector),
        );
    });
}

/** The users and groups holding `role` directly (not through a group), sorted. An unknown role is an error. */
export function getRoleHolders(args: GetRoleHoldersArgs): pulumi.Output<RoleHolders> {
    return pulumi
        .output(args.role)
        .apply((role) =>
            lookup(`getRoleHolders(role ${JSON.stringify(role)})`, (client) => findRoleHolders(client, role)),
        );
}

/** A space named by exactly one of `spaceId` or `spaceName`: its type, owner, and the roles it accepts. */
export function getSpace(args: GetSpaceArgs): pulumi.Output<SpaceDetails> {
    return spaceLookup("getSpace", args, findSpace);
}

/** A space and its members (users and groups with an assignment, by name), each with its roles there. */
export function getSpaceMembers(args: GetSpaceArgs): pulumi.Output<SpaceMembers> {
    return spaceLookup("getSpaceMembers", args, findSpaceMembers);
}

function spaceLookup<T>(
    fn: string,
    args: GetSpaceArgs,
    query: (client: QlikClient, selector: SpaceSelector) => Promise<T>,
): pulumi.Output<T> {
    return pulumi.output(args).apply((a) => {
        const { key, value } = exactlyOne(fn, a as Record<string, string>, ["spaceId", "spaceName"] as const);
        return lookup(`${fn}(${key} ${JSON.stringify(value)})`, (client) =>
            query(client, { [key]: value } as SpaceSelector),
        );
    });
}
