/**
 * Compiled by `npm run typecheck`, never run: the shapes the resource args must accept, and (each under
 * `@ts-expect-error`, which fails the compile if the line compiles) the shapes the editor must refuse.
 */
import * as pulumi from "@pulumi/pulumi";
import {
    GroupRoleAssignment,
    SpaceRoleAssignment,
    SpaceRoles,
    UserRoleAssignment,
    type GroupRoleAssignmentArgs,
    type UserRoleAssignmentArgs,
} from "../../provider";

export function shapes(subject: pulumi.Output<string>): void {
    new UserRoleAssignment("by-subject", { subject: "user1234", role: "ManagedSpaceCreator" });
    new UserRoleAssignment("by-id", { userId: "637390ec6541614d3a88d6c1", role: "ManagedSpaceCreator" });
    new UserRoleAssignment("by-email", {
        email: "a@example.com",
        role: "Steward",
        retainIfPreexisting: true,
    });
    new UserRoleAssignment("by-output", { subject, role: "Steward" });
    new GroupRoleAssignment("by-name", { groupName: "My Group", role: "ManagedSpaceCreator" });
    new GroupRoleAssignment("by-group-id", { groupId: "6425d62641d2b80a9a0f92c3", role: "Steward" });

    // @ts-expect-error two selectors name the user
    new UserRoleAssignment("two", {
        subject: "user1234",
        userId: "637390ec6541614d3a88d6c1",
        role: "Steward",
    });
    // @ts-expect-error no selector names the user
    new UserRoleAssignment("none", { role: "Steward" });
    // @ts-expect-error the role is required
    new UserRoleAssignment("no-role", { subject: "user1234" });
    // @ts-expect-error two selectors name the group
    new GroupRoleAssignment("two-groups", {
        groupId: "6425d62641d2b80a9a0f92c3",
        groupName: "My Group",
        role: "Steward",
    });
    // @ts-expect-error no selector names the group
    new GroupRoleAssignment("no-group", { role: "Steward" });
}

/** The README's advice for args built from data ("Args built from data"), exactly as it stands there. */
export function fromData(): void {
    interface Grant {
        role: string;
        userId?: string;
        subject?: string;
        email?: string;
    }
    const grants: Grant[] = [{ subject: "user1234", role: "Steward" }];
    for (const g of grants) {
        new UserRoleAssignment(`${g.userId ?? g.subject ?? g.email}-${g.role}`, g as UserRoleAssignmentArgs);
    }
    const row = { role: "Steward", subject: "user1234", userId: "637390ec6541614d3a88d6c1" };
    // An object literal from data compiles too; `pulumi preview` refuses it when it names two selectors.
    new UserRoleAssignment("row", {
        role: row.role,
        subject: row.subject,
        userId: row.userId,
    } as UserRoleAssignmentArgs);
    const group = { role: "Steward", groupName: "My Group", groupId: undefined as string | undefined };
    new GroupRoleAssignment("group-row", { ...group } as GroupRoleAssignmentArgs);
}

export function outputs(user: UserRoleAssignment, group: GroupRoleAssignment): pulumi.Output<unknown>[] {
    // Every output the README lists.
    return [
        user.role,
        user.roleId,
        user.preexisting,
        user.retainIfPreexisting,
        user.tenantUrl,
        user.userId,
        user.subject,
        user.email,
        group.groupId,
        group.groupName,
        group.role,
        group.roleId,
        group.preexisting,
        group.tenantUrl,
    ];
}

/** Every output the README's "Space access" lists, per resource. */
export function spaceOutputs(one: SpaceRoleAssignment, set: SpaceRoles): pulumi.Output<unknown>[] {
    const both = (r: SpaceRoleAssignment | SpaceRoles) => [
        r.spaceId,
        r.spaceName,
        r.userId,
        r.subject,
        r.email,
        r.groupId,
        r.groupName,
        r.spaceMemberId,
        r.tenantUrl,
    ];
    // @ts-expect-error a set owns the whole list, so it records no `preexisting` (as UserRoles and GroupRoles)
    void set.preexisting;
    return [
        ...both(one),
        one.role,
        one.preexisting,
        one.retainIfPreexisting,
        ...both(set),
        set.roles,
        set.allowEmpty,
    ];
}

/** The space resources: one space selector and one assignee selector, each exactly once. */
export function spaceShapes(): void {
    new SpaceRoleAssignment("by-name", {
        spaceName: "Finance Analytics",
        subject: "user1234",
        role: "consumer",
    });
    new SpaceRoleAssignment("by-ids", {
        spaceId: "0123",
        groupId: "6425d62641d2b80a9a0f92c3",
        role: "producer",
    });
    new SpaceRoles("set", { spaceName: "Sales Reporting", email: "a@example.com", roles: ["consumer"] });

    // @ts-expect-error two selectors name the space
    new SpaceRoleAssignment("two-spaces", {
        spaceId: "0123",
        spaceName: "X",
        subject: "user1234",
        role: "consumer",
    });
    // @ts-expect-error a user and a group name the assignee
    new SpaceRoleAssignment("two-assignees", {
        spaceId: "0123",
        subject: "u",
        groupName: "g",
        role: "consumer",
    });
    // @ts-expect-error no assignee
    new SpaceRoleAssignment("no-assignee", { spaceId: "0123", role: "consumer" });
    // @ts-expect-error no space
    new SpaceRoles("no-space", { subject: "user1234", roles: ["consumer"] });
}
