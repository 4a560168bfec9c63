import * as pulumi from "@pulumi/pulumi";
import { dynamicType, providerText } from "./provider-shell";
import { refuseImport, warnPlaintextCredentials } from "./program-checks";
import type { GroupSelectorArgs } from "./selectors";

const GROUP_ROLES_PROVIDER_TEXT = providerText("groupRoles");

/** What every `GroupRoles` takes besides the principal. */
interface GroupRolesCommonArgs {
    /** Exactly the roles the group holds, by name (case-sensitive); each once. */
    roles: pulumi.Input<pulumi.Input<string>[]>;
    /** Allow `roles: []`, which removes every role of the group. Default false. */
    allowEmpty?: pulumi.Input<boolean>;
}

/**
 * Inputs of `GroupRoles`. Name the group with exactly one of `groupId` or `groupName`; the system group Everyone
 * is `groupName: "Everyone"` or `groupId: "000000000000000000000001"`.
 */
export type GroupRolesArgs = GroupRolesCommonArgs & GroupSelectorArgs;

/**
 * The exact set of one Qlik group's roles: `up` adds the missing ones and removes every other, in one write.
 * Destroy removes the declared roles and leaves the rest. Do not combine with `GroupRoleAssignment` on the same
 * group. Type token `pulumi-nodejs:dynamic/qlik:GroupRoles`.
 */
export class GroupRoles extends pulumi.CustomResource {
    declare readonly groupId: pulumi.Output<string>;
    declare readonly groupName: pulumi.Output<string>;
    /** The declared roles; after a `pulumi refresh`, every role the principal holds (drift shows here). */
    declare readonly roles: pulumi.Output<string[]>;
    /** The ids of the declared roles (after a refresh, of those still held): what destroy removes. */
    declare readonly roleIds: pulumi.Output<string[]>;
    declare readonly allowEmpty: pulumi.Output<boolean>;
    declare readonly tenantUrl: pulumi.Output<string>;

    constructor(name: string, args: GroupRolesArgs, opts?: pulumi.CustomResourceOptions) {
        refuseImport("GroupRoles", name, opts);
        warnPlaintextCredentials();
        super(
            dynamicType("GroupRoles"),
            name,
            {
                groupId: args.groupId,
                groupName: args.groupName,
                roles: args.roles,
                allowEmpty: args.allowEmpty,
                resourceName: name,
                roleIds: undefined,
                tenantUrl: undefined,
                __provider: GROUP_ROLES_PROVIDER_TEXT,
            },
            opts,
        );
    }
}
