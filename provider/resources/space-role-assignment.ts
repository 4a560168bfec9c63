import * as pulumi from "@pulumi/pulumi";
import { dynamicType, providerText } from "./provider-shell";
import { refuseImport, warnPlaintextCredentials } from "./program-checks";
import { spaceSelectorInputs, type SpaceAssigneeArgs, type SpaceSelectorArgs } from "./space-selectors";

const SPACE_MEMBER_PROVIDER_TEXT = providerText("spaceMember");

/** What every `SpaceRoleAssignment` takes besides the space and the assignee. */
interface SpaceRoleAssignmentCommonArgs {
    /** The space role, e.g. `consumer` (lowercase; one the space's type accepts). */
    role: pulumi.Input<string>;
    /** When the assignee already held the role at create, leave it on destroy. Default false. */
    retainIfPreexisting?: pulumi.Input<boolean>;
}

/**
 * Inputs of a `SpaceRoleAssignment`: the role, the space (exactly one of `spaceId` or `spaceName`) and the
 * assignee (exactly one of `userId`, `subject`, `email`, `groupId` or `groupName`).
 */
export type SpaceRoleAssignmentArgs = SpaceRoleAssignmentCommonArgs & SpaceSelectorArgs & SpaceAssigneeArgs;

/**
 * Grants one space role to one user or group in one shared, managed or data space, leaving the assignee's other
 * roles in that space alone. Type token `pulumi-nodejs:dynamic/qlik:SpaceRoleAssignment`.
 */
export class SpaceRoleAssignment extends pulumi.CustomResource {
    declare readonly spaceId: pulumi.Output<string>;
    declare readonly spaceName: pulumi.Output<string>;
    /** The assignee: `userId`, `subject` and `email` (when the user has one) for a user; `groupId` and `groupName` for a group. */
    declare readonly userId: pulumi.Output<string | undefined>;
    declare readonly subject: pulumi.Output<string | undefined>;
    declare readonly email: pulumi.Output<string | undefined>;
    declare readonly groupId: pulumi.Output<string | undefined>;
    declare readonly groupName: pulumi.Output<string | undefined>;
    /** `<spaceId>/<users|groups>/<assignee id>`: one (space, assignee) pair. */
    declare readonly spaceMemberId: pulumi.Output<string>;
    declare readonly role: pulumi.Output<string>;
    /** The assignee already held the role when this resource was created (it was adopted, not granted). */
    declare readonly preexisting: pulumi.Output<boolean>;
    declare readonly retainIfPreexisting: pulumi.Output<boolean>;
    declare readonly tenantUrl: pulumi.Output<string>;

    constructor(name: string, args: SpaceRoleAssignmentArgs, opts?: pulumi.CustomResourceOptions) {
        refuseImport("SpaceRoleAssignment", name, opts);
        warnPlaintextCredentials();
        super(
            dynamicType("SpaceRoleAssignment"),
            name,
            {
                ...spaceSelectorInputs(args),
                role: args.role,
                retainIfPreexisting: args.retainIfPreexisting,
                resourceName: name,
                preexisting: undefined,
                tenantUrl: undefined,
                __provider: SPACE_MEMBER_PROVIDER_TEXT,
            },
            opts,
        );
    }
}
