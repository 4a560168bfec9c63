/**
 * Compiled by `npm run typecheck`, never run: the shapes the resource args must accept, and (each under
 * `@ts-expect-error`, which fails the compile if the line compiles) the shapes the editor must refuse.
 */
import * as pulumi from "@pulumi/pulumi";
import { GroupRoleAssignment, UserRoleAssignment } from "../../provider";

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
