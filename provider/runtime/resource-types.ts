/**
 * The resource types this package serves, each one shape of grant on one kind of principal:
 * - an assignment (`UserRoleAssignment`, `GroupRoleAssignment`): one role, leaving every other role alone;
 * - a set (`UserRoles`, `GroupRoles`): the principal's exact role list.
 * Adding a kind of principal adds entries here and a resource class in ../resources; no lifecycle changes.
 * Besides the grants, `STANDALONE_TYPES`: resources that are no grant on a principal (`CustomRole`), each with a
 * lifecycle of its own.
 */
import { GROUP } from "./kinds/group";
import type { PrincipalKind } from "./kinds/principal-kind";
import { SPACE_MEMBER } from "./kinds/space-member";
import { USER } from "./kinds/user";

/** Type names, as in the type token `pulumi-nodejs:dynamic/qlik:<type>`: in users' state, so they never change. */
export type ResourceTypeName =
    | "UserRoleAssignment"
    | "GroupRoleAssignment"
    | "UserRoles"
    | "GroupRoles"
    | "SpaceRoleAssignment"
    | "SpaceRoles"
    | "CustomRole";

type Shape = "assignment" | "set";

/** What a lifecycle serves: a resource type, and the kind of principal it names. */
export interface ResourceType {
    readonly name: ResourceTypeName;
    readonly shape: Shape;
    readonly kind: PrincipalKind;
}

/**
 * The name a `__provider` text gives (`dynamicProvider("user", 1)`): the assignments' names since 0.1.0 are their
 * principal's noun. In users' state, so they never change.
 */
export type ProviderName = GrantProviderName | StandaloneProviderName;

type GrantProviderName = "user" | "group" | "userRoles" | "groupRoles" | "spaceMember" | "spaceMemberRoles";

export const RESOURCE_TYPES: Readonly<Record<GrantProviderName, ResourceType>> = {
    user: { name: "UserRoleAssignment", shape: "assignment", kind: USER },
    group: { name: "GroupRoleAssignment", shape: "assignment", kind: GROUP },
    userRoles: { name: "UserRoles", shape: "set", kind: USER },
    groupRoles: { name: "GroupRoles", shape: "set", kind: GROUP },
    spaceMember: { name: "SpaceRoleAssignment", shape: "assignment", kind: SPACE_MEMBER },
    spaceMemberRoles: { name: "SpaceRoles", shape: "set", kind: SPACE_MEMBER },
};

/** A resource type that is no grant on a principal: no shape, no kind; its noun names it in traces. */
export interface StandaloneType {
    readonly name: ResourceTypeName;
    readonly noun: string;
}

type StandaloneProviderName = "customRole";

export const STANDALONE_TYPES: Readonly<Record<StandaloneProviderName, StandaloneType>> = {
    customRole: { name: "CustomRole", noun: "custom role" },
};
