/**
 * Compiled by `npm run typecheck`, never run: the lookups name their user, group or space with exactly one selector,
 * as the resources do. Each refused shape sits under `@ts-expect-error`, which fails the compile if the line compiles.
 */
import * as pulumi from "@pulumi/pulumi";
import {
    getEffectiveRoles,
    getGroup,
    getSpace,
    getSpaceMembers,
    getUser,
    type GetGroupArgs,
    type GetUserArgs,
} from "../../provider";

export function accepted(subject: pulumi.Output<string>): pulumi.Output<unknown>[] {
    return [
        getUser({ subject: "user1234" }),
        getUser({ userId: "637390ec6541614d3a88d6c1" }),
        getUser({ email: "a@example.com" }),
        getEffectiveRoles({ subject }),
        getGroup({ groupName: "My Group" }),
        getGroup({ groupId: "6425d62641d2b80a9a0f92c3" }),
        getSpace({ spaceName: "Sales" }),
        getSpaceMembers({ spaceId: "64b7f0b1e3a7c6a1b2c3d4e5" }),
        // Args built from data: the lookup checks the rule when it runs (one line).
        getUser({ subject: "user1234", email: undefined } as GetUserArgs),
        getGroup({ groupName: "My Group" } as GetGroupArgs),
    ];
}

export function refused(): void {
    // @ts-expect-error no selector names the user
    getUser({});
    // @ts-expect-error no selector names the user
    getEffectiveRoles({});
    // @ts-expect-error two selectors name the user
    getEffectiveRoles({ subject: "user1234", email: "a@example.com" });
    // @ts-expect-error two selectors name the user
    getUser({ subject: "user1234", userId: "637390ec6541614d3a88d6c1" });
    // @ts-expect-error no selector names the group
    getGroup({});
    // @ts-expect-error two selectors name the group
    getGroup({ groupId: "6425d62641d2b80a9a0f92c3", groupName: "My Group" });
    // @ts-expect-error no selector names the space
    getSpace({});
    // @ts-expect-error two selectors name the space
    getSpaceMembers({ spaceId: "64b7f0b1e3a7c6a1b2c3d4e5", spaceName: "Sales" });
}
