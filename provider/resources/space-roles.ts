import * as pulumi from "@pulumi/pulumi";
import { dynamicType, providerText } from "./provider-shell";
import { refuseImport, warnPlaintextCredentials } from "./program-checks";
import { spaceSelectorInputs, type SpaceAssigneeArgs, type SpaceSelectorArgs } from "./space-selectors";

const SPACE_MEMBER_ROLES_PROVIDER_TEXT = providerText("spaceMemberRoles");

/** What every `SpaceRoles` takes besides the space and the assignee. */
interface SpaceRolesCommonArgs {
    /** Exactly the space roles the assignee holds in the space, e.g. `["consumer", "producer"]`; each once. */
    roles: pulumi.Input<pulumi.Input<string>[]>;
    /** Allow `roles: []`, which removes the assignee from the space. Default false. */
    allowEmpty?: pulumi.Input<boolean>;
}

/** Inputs of `SpaceRoles`: the roles, the space, and the assignee (a user or a group), each named once. */
export type SpaceRolesArgs = SpaceRolesCommonArgs & SpaceSelectorArgs & SpaceAssigneeArgs;

/**
 * The exact set of one user's or group's roles in one space: `up` adds the missing ones and removes every other,
 * in one write. Destroy removes the declared roles and leaves the rest. Do not combine with `SpaceRoleAssignment`
 * on the same (space, assignee). Type token `pulumi-nodejs:dynamic/qlik:SpaceRoles`.
 */
export class SpaceRoles extends pulumi.CustomResource {
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
    /** The declared roles; after a `pulumi refresh`, every role the assignee holds in the space. */
    declare readonly roles: pulumi.Output<string[]>;
    declare readonly allowEmpty: pulumi.Output<boolean>;
    declare readonly tenantUrl: pulumi.Output<string>;

    constructor(name: string, args: SpaceRolesArgs, opts?: pulumi.CustomResourceOptions) {
        refuseImport("SpaceRoles", name, opts);
        warnPlaintextCredentials();
        super(
            dynamicType("SpaceRoles"),
            name,
            {
                ...spaceSelectorInputs(args),
                roles: args.roles,
                allowEmpty: args.allowEmpty,
                resourceName: name,
                roleIds: undefined,
                tenantUrl: undefined,
                __provider: SPACE_MEMBER_ROLES_PROVIDER_TEXT,
            },
            opts,
        );
    }
}
