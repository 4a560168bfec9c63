import * as pulumi from "@pulumi/pulumi";
import { dynamicType, providerText } from "./provider-shell";
import { warnPlaintextCredentials } from "./program-checks";

const CUSTOM_ROLE_PROVIDER_TEXT = providerText("customRole");

/** Inputs of a `CustomRole`. */
export interface CustomRoleArgs {
    /** The role's name, unique in the tenant (case-sensitive). A change renames the role: its id stays. */
    name: pulumi.Input<string>;
    description?: pulumi.Input<string>;
    /** The role's scopes, e.g. `["apps.image:export"]`: a set, their order is ignored. Default none. */
    scopes?: pulumi.Input<pulumi.Input<string>[]>;
    /** Manage the role of that name when the tenant has one already, instead of refusing the name. Default false. */
    adopt?: pulumi.Input<boolean>;
    /** Delete an adopted role at destroy too; by default destroy keeps a role this stack did not create. */
    deleteAdoptedOnDestroy?: pulumi.Input<boolean>;
}

/**
 * A custom role of the tenant (`POST /api/v1/roles`), defined by the program: name, description and scopes. Assign
 * it with `role: customRole.name`; Pulumi then removes those assignments before it deletes the role at destroy.
 * Type token `pulumi-nodejs:dynamic/qlik:CustomRole`.
 */
export class CustomRole extends pulumi.CustomResource {
    declare readonly roleId: pulumi.Output<string>;
    /**
     * The role's name once the tenant holds it under that name: unknown at a preview that creates or renames the
     * role, so that an assignment of it is checked once the role exists.
     */
    declare readonly name: pulumi.Output<string>;
    declare readonly description: pulumi.Output<string>;
    declare readonly scopes: pulumi.Output<string[]>;
    /** `admin` or `user`, as Qlik classifies the role. */
    declare readonly level: pulumi.Output<string>;
    declare readonly permissions: pulumi.Output<string[]>;
    /** Whether holding the role makes a user a full user on a capacity-based subscription (Qlik's value). */
    declare readonly userEntitlementType: pulumi.Output<string>;
    /** The role existed before this stack and was adopted: destroy keeps it unless `deleteAdoptedOnDestroy`. */
    declare readonly preexisting: pulumi.Output<boolean>;
    declare readonly tenantUrl: pulumi.Output<string>;
    declare private readonly currentName: pulumi.Output<string>;

    constructor(name: string, args: CustomRoleArgs, opts?: pulumi.CustomResourceOptions) {
        if (opts?.import !== undefined) {
            throw new Error(
                `CustomRole "${name}": the import option cannot work (Pulumi cannot import dynamic resources); remove it and set adopt: true to manage the existing role`,
            );
        }
        warnPlaintextCredentials();
        super(
            dynamicType("CustomRole"),
            name,
            {
                name: args.name,
                description: args.description,
                scopes: args.scopes,
                adopt: args.adopt,
                deleteAdoptedOnDestroy: args.deleteAdoptedOnDestroy,
                // Lets the provider name this resource when another declares the same role name.
                resourceName: name,
                currentName: undefined,
                roleId: undefined,
                level: undefined,
                permissions: undefined,
                userEntitlementType: undefined,
                preexisting: undefined,
                tenantUrl: undefined,
                __provider: CUSTOM_ROLE_PROVIDER_TEXT,
            },
            opts,
        );
        // At preview Pulumi shows a resource's inputs as its outputs; `currentName` is known there only when the role
        // holds that name already (the provider's check says so).
        (this as { name: pulumi.Output<string> }).name = this.currentName;
    }
}
