import * as pulumi from "@pulumi/pulumi";
import { dynamicType, providerText } from "./provider-shell";
import { refuseImport, warnPlaintextCredentials } from "./program-checks";
import type { GroupSelectorArgs } from "./selectors";

const GROUP_PROVIDER_TEXT = providerText("group");

/** What every `GroupRoleAssignment` takes besides the group. */
interface GroupRoleAssignmentCommonArgs {
    /** The role's name as listed by GET /api/v1/roles, e.g. `DataSpaceCreator` (case-sensitive). */
    role: pulumi.Input<string>;
    /** When the group already held the role at create, leave it on destroy. Default false. */
    retainIfPreexisting?: pulumi.Input<boolean>;
}

/**
 * Inputs of a `GroupRoleAssignment`: the role, and the group named by exactly one of `groupId` or `groupName`
 * (the type refuses none or both; the provider checks it again for JavaScript programs).
 */
export type GroupRoleAssignmentArgs = GroupRoleAssignmentCommonArgs & GroupSelectorArgs;

/**
 * Grants one tenant role to one Qlik group, leaving every other role of the group alone.
 * Type token `pulumi-nodejs:dynamic/qlik:GroupRoleAssignment`.
 */
export class GroupRoleAssignment extends pulumi.CustomResource {
    declare readonly groupId: pulumi.Output<string>;
    declare readonly groupName: pulumi.Output<string>;
    declare readonly role: pulumi.Output<string>;
    declare readonly roleId: pulumi.Output<string>;
    /** The group already held the role when this resource was created (it was adopted, not granted). */
    declare readonly preexisting: pulumi.Output<boolean>;
    declare readonly retainIfPreexisting: pulumi.Output<boolean>;
    declare readonly tenantUrl: pulumi.Output<string>;

    constructor(name: string, args: GroupRoleAssignmentArgs, opts?: pulumi.CustomResourceOptions) {
        refuseImport("GroupRoleAssignment", name, opts);
        warnPlaintextCredentials();
        super(
            dynamicType("GroupRoleAssignment"),
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
                __provider: GROUP_PROVIDER_TEXT,
            },
            opts,
        );
    }
}
