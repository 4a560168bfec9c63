/**
 * How a space resource names its member: exactly one space selector and exactly one assignee selector (a user or a
 * group). As unions, so the editor refuses none or two of either; the provider checks the same rules at preview.
 */
import type * as pulumi from "@pulumi/pulumi";

declare const secondSpaceSelector: unique symbol;
/** The type of a second space selector: no value has it (see selectors.ts). */
export type GiveExactlyOneOfSpaceIdOrSpaceName = string & {
    readonly [secondSpaceSelector]: "spaceId|spaceName";
};
declare const secondAssignee: unique symbol;
/** The type of a second assignee selector. */
export type GiveExactlyOneAssignee = string & {
    readonly [secondAssignee]: "userId|subject|email|groupId|groupName";
};

/** The space, named by exactly one of `spaceId` or `spaceName`. */
export type SpaceSelectorArgs =
    | {
          /** The Qlik space id. */
          spaceId: pulumi.Input<string>;
          /** Give exactly one of spaceId or spaceName. */
          spaceName?: GiveExactlyOneOfSpaceIdOrSpaceName;
      }
    | {
          /** The space's exact name, case included, e.g. `Finance Analytics`. */
          spaceName: pulumi.Input<string>;
          /** Give exactly one of spaceId or spaceName. */
          spaceId?: GiveExactlyOneOfSpaceIdOrSpaceName;
      };

type AssigneeKey = "userId" | "subject" | "email" | "groupId" | "groupName";
/** One assignee input set, every other one refused by type. */
type Only<K extends AssigneeKey> = { [P in K]: pulumi.Input<string> } & {
    [P in Exclude<AssigneeKey, K>]?: GiveExactlyOneAssignee;
};

/**
 * The assignee, named by exactly one of `userId`, `subject`, `email` (a user; email ignores case) or `groupId`,
 * `groupName` (a group). The system group Everyone is refused.
 */
export type SpaceAssigneeArgs =
    Only<"userId"> | Only<"subject"> | Only<"email"> | Only<"groupId"> | Only<"groupName">;

/** Every selector input of a space resource, for the constructor to pass on. */
export function spaceSelectorInputs(args: SpaceSelectorArgs & SpaceAssigneeArgs) {
    return {
        spaceId: args.spaceId,
        spaceName: args.spaceName,
        userId: args.userId,
        subject: args.subject,
        email: args.email,
        groupId: args.groupId,
        groupName: args.groupName,
    };
}
