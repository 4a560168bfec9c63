import * as pulumi from "@pulumi/pulumi";
import { dynamicType, providerText } from "./provider-shell";

const USER_ROLES_PROVIDER_TEXT = providerText("userRoles");

/** Inputs of `UserRoles`. Name the user with exactly one of `userId`, `subject` or `email`. */
export interface UserRolesArgs {
    /** The Qlik user id, e.g. `637390ec6541614d3a88d6c1`. */
    userId?: pulumi.Input<string>;
    /** The user's subject, e.g. `user1234` (matched exactly). */
    subject?: pulumi.Input<string>;
    /** The user's email (matched ignoring case; must name exactly one user). */
    email?: pulumi.Input<string>;
    /** Exactly the roles the user holds directly, by name (case-sensitive); each once. */
    roles: pulumi.Input<pulumi.Input<string>[]>;
    /** Allow `roles: []`, which removes every direct role of the user. Default false. */
    allowEmpty?: pulumi.Input<boolean>;
}

/**
 * The exact set of one Qlik user's direct roles: `up` adds the missing ones and removes every other, in one
 * write. Destroy removes the declared roles and leaves the rest. Do not combine with `UserRoleAssignment` on the
 * same user. Type token `pulumi-nodejs:dynamic/qlik:UserRoles`.
 */
export class UserRoles extends pulumi.CustomResource {
    declare readonly userId: pulumi.Output<string>;
    declare readonly subject: pulumi.Output<string>;
    declare readonly email: pulumi.Output<string | undefined>;
    declare readonly roles: pulumi.Output<string[]>;
    declare readonly roleIds: pulumi.Output<string[]>;
    declare readonly allowEmpty: pulumi.Output<boolean>;
    declare readonly tenantUrl: pulumi.Output<string>;

    constructor(name: string, args: UserRolesArgs, opts?: pulumi.CustomResourceOptions) {
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
