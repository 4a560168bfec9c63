/**
 * How a resource names its principal: exactly one selector. As unions, so the editor refuses none or two; the
 * provider checks the same rule again at preview for JavaScript programs and data-driven declarations.
 */
import type * as pulumi from "@pulumi/pulumi";

declare const secondSelector: unique symbol;
/**
 * The type of a second selector: no value has it, so giving two selectors fails to compile with a message that
 * names the rule ("not assignable to type 'GiveExactlyOneOfUserIdSubjectOrEmail'", see UserSelectorArgs); leaving it out, or
 * `undefined`, is fine.
 */
export type GiveExactlyOneOfUserIdSubjectOrEmail = string & {
    readonly [secondSelector]: "userId|subject|email";
};
/** As above, for groups. */
export type GiveExactlyOneOfGroupIdOrGroupName = string & { readonly [secondSelector]: "groupId|groupName" };

/**
 * The user, named by exactly one of `userId`, `subject` or `email`. The subject form comes last: when two selectors
 * are given, tsc reports against the last form, so every pair with `subject` (the usual one) names the rule; only
 * `{ userId, email }` reads "Property 'subject' is missing" (README says so; test/types/selector-messages.test.ts).
 */
export type UserSelectorArgs =
    | {
          /** The user's email (matched ignoring case; must name exactly one user). */
          email: pulumi.Input<string>;
          /** Give exactly one of userId, subject or email. */
          userId?: GiveExactlyOneOfUserIdSubjectOrEmail;
          /** Give exactly one of userId, subject or email. */
          subject?: GiveExactlyOneOfUserIdSubjectOrEmail;
      }
    | {
          /** The Qlik user id, e.g. `637390ec6541614d3a88d6c1`. */
          userId: pulumi.Input<string>;
          /** Give exactly one of userId, subject or email. */
          subject?: GiveExactlyOneOfUserIdSubjectOrEmail;
          /** Give exactly one of userId, subject or email. */
          email?: GiveExactlyOneOfUserIdSubjectOrEmail;
      }
    | {
          /** The user's subject, e.g. `user1234` (matched exactly). */
          subject: pulumi.Input<string>;
          /** Give exactly one of userId, subject or email. */
          userId?: GiveExactlyOneOfUserIdSubjectOrEmail;
          /** Give exactly one of userId, subject or email. */
          email?: GiveExactlyOneOfUserIdSubjectOrEmail;
      };

/**
 * The group, named by exactly one of `groupId` or `groupName`; the system group Everyone is
 * `groupName: "Everyone"` or `groupId: "000000000000000000000001"`.
 */
export type GroupSelectorArgs =
    | {
          /** The Qlik group id, e.g. `6425d62641d2b80a9a0f92c3`. */
          groupId: pulumi.Input<string>;
          /** Give exactly one of groupId or groupName. */
          groupName?: GiveExactlyOneOfGroupIdOrGroupName;
      }
    | {
          /** The group's exact name, e.g. `My Group`. */
          groupName: pulumi.Input<string>;
          /** Give exactly one of groupId or groupName. */
          groupId?: GiveExactlyOneOfGroupIdOrGroupName;
      };
