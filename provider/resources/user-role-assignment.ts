import * as pulumi from "@pulumi/pulumi";
import { dynamicType, providerText } from "./provider-shell";
import { refuseImport, warnPlaintextCredentials } from "./program-checks";
import type { UserSelectorArgs } from "./selectors";

const USER_PROVIDER_TEXT = providerText("user");

/** What every `UserRoleAssignment` takes besides the user. */
interface UserRoleAssignmentCommonArgs {
    /** The role's name as listed by GET /api/v1/roles, e.g. `ManagedSpaceCreator` (case-sensitive). */
    role: pulumi.Input<string>;
    /** When the user already held the role at create, leave it on destroy. Default false. */
    retainIfPreexisting?: pulumi.Input<boolean>;
}

/**
 * Inputs of a `UserRoleAssignment`: the role, and the user named by exactly one of `userId`, `subject` or `email`
 * (the type refuses none or two; the provider checks it again for JavaScript programs).
 */
export type UserRoleAssignmentArgs = UserRoleAssignmentCommonArgs & UserSelectorArgs;

/**
 * Grants one tenant role to one Qlik user, leaving every other role of the user alone.
 * Type token `pulumi-nodejs:dynamic/qlik:UserRoleAssignment`.
 */
export class UserRoleAssignment extends pulumi.CustomResource {
    declare readonly userId: pulumi.Output<string>;
    declare readonly subject: pulumi.Output<string>;
    declare readonly email: pulumi.Output<string | undefined>;
    declare readonly role: pulumi.Output<string>;
    declare readonly roleId: pulumi.Output<string>;
    /** The user already held the role when this resource was created (it was adopted, not granted). */
    declare readonly preexisting: pulumi.Output<boolean>;
    declare readonly retainIfPreexisting: pulumi.Output<boolean>;
    declare readonly tenantUrl: pulumi.Output<string>;

    constructor(name: string, args: UserRoleAssignmentArgs, opts?: pulumi.CustomResourceOptions) {
        refuseImport("UserRoleAssignment", name, opts);
        warnPlaintextCredentials();
        super(
            dynamicType("UserRoleAssignment"),
            name,
            {
                userId: args.userId,
                subject: args.subject,
                email: args.email,
                role: args.role,
                retainIfPreexisting: args.retainIfPreexisting,
                // Lets the provider report two resources declaring the same (user, role) pair by name.
                resourceName: name,
                roleId: undefined,
                preexisting: undefined,
                tenantUrl: undefined,
                __provider: USER_PROVIDER_TEXT,
            },
            opts,
        );
    }
}
