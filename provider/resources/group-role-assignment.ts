import * as pulumi from "@pulumi/pulumi";
import { providerShell } from "./provider-shell";

/**
 * One provider object for every resource of this type: Pulumi caches the serialized text per provider object, so
 * a program with 2,000 assignments serializes it once instead of 2,000 times (and registers them in order).
 */
const GROUP_PROVIDER = providerShell("group");

/** Inputs of a `GroupRoleAssignment`. Name the group with exactly one of `groupId` or `groupName`. */
export interface GroupRoleAssignmentArgs {
    /** The Qlik group id, e.g. `6425d62641d2b80a9a0f92c3`. */
    groupId?: pulumi.Input<string>;
    /** The group's exact name, e.g. `My Group`. */
    groupName?: pulumi.Input<string>;
    /** The role's name as listed by GET /api/v1/roles, e.g. `DataSpaceCreator` (case-sensitive). */
    role: pulumi.Input<string>;
    /** When the group already held the role at create, leave it on destroy. Default false. */
    retainIfPreexisting?: pulumi.Input<boolean>;
}

/**
 * Grants one tenant role to one Qlik group, leaving every other role of the group alone.
 * Type token `pulumi-nodejs:dynamic/qlik:GroupRoleAssignment`.
 */
export class GroupRoleAssignment extends pulumi.dynamic.Resource {
    declare readonly groupId: pulumi.Output<string>;
    declare readonly groupName: pulumi.Output<string>;
    declare readonly role: pulumi.Output<string>;
    declare readonly roleId: pulumi.Output<string>;
    /** The group already held the role when this resource was created (it was adopted, not granted). */
    declare readonly preexisting: pulumi.Output<boolean>;
    declare readonly retainIfPreexisting: pulumi.Output<boolean>;
    declare readonly tenantUrl: pulumi.Output<string>;

    constructor(name: string, args: GroupRoleAssignmentArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            GROUP_PROVIDER,
            name,
            {
                groupId: args.groupId,
                groupName: args.groupName,
                role: args.role,
                retainIfPreexisting: args.retainIfPreexisting,
                resourceName: name,
                roleId: undefined,
                preexisting: undefined,
                tenantUrl: undefined,
            },
            opts,
            "qlik",
            "GroupRoleAssignment",
        );
    }
}
