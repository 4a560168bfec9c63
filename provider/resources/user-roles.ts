import * as pulumi from "@pulumi/pulumi";
import { dynamicType, providerText } from "./provider-shell";
import { refuseImport, warnPlaintextCredentials } from "./program-checks";
import type { UserSelectorArgs } from "./selectors";

const USER_ROLES_PROVIDER_TEXT = providerText("userRoles");

/** What every `UserRoles` takes besides the principal. */
interface UserRolesCommonArgs {
    /** Exactly the roles the user holds directly, by name (case-sensitive); each once. */
    roles: pulumi.Input<pulumi.Input<string>[]>;
    /** Allow `roles: []`, which removes every direct role of the user. Default false. */
    allowEmpty?: pulumi.Input<boolean>;
}

/** Inputs of `UserRoles`. Name the user with exactly one of `userId`, `subject` or `email`. */
export type UserRolesArgs = UserRolesCommonArgs & UserSelectorArgs;

/**
 * The exact set of one Qlik user's direct roles: `up` adds the missing ones and removes every other, in one
 * write. Destroy removes the declared roles and leaves the rest. Do not combine with `UserRoleAssignment` on the
 * same user. Type token `pulumi-nodejs:dynamic/qlik:UserRoles`.
 */
export class UserRoles extends pulumi.CustomResource {
    declare readonly userId: pulumi.Output<string>;
    declare readonly subject: pulumi.Output<string>;
    declare readonly email: pulumi.Output<string | undefined>;
    /** The declared roles; after a `pulumi refresh`, every role the principal holds (drift shows here). */
    declare readonly roles: pulumi.Output<string[]>;
    /** The ids of the declared roles (after a refresh, of those still held): what destroy removes. */
    declare readonly roleIds: pulumi.Output<string[]>;
    declare readonly allowEmpty: pulumi.Output<boolean>;
    declare readonly tenantUrl: pulumi.Output<string>;

    constructor(name: string, args: UserRolesArgs, opts?: pulumi.CustomResourceOptions) {
        refuseImport("UserRoles", name, opts);
        warnPlaintextCredentials();
        super(
            dynamicType("UserRoles"),
            name,
            {
                userId: args.userId,
                subject: args.subject,
                email: args.email,
                roles: args.roles,
                allowEmpty: args.allowEmpty,
                // Lets the provider name this resource when another declares the same user.
                resourceName: name,
                roleIds: undefined,
                tenantUrl: undefined,
                __provider: USER_ROLES_PROVIDER_TEXT,
            },
            opts,
        );
    }
}
