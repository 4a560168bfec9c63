/**
 * What one assignment records in state: its id and its outputs. The shapes are read back from users' state by
 * every later version, so fields are only ever added.
 */
import type { RoleRef } from "../../../client";
import type { AssignmentInputs } from "../inputs";
import type { Principal, PrincipalKind } from "../../kinds/target-kind";

/** Outputs of both resources (the principal fields differ: userId/subject/email or groupId/groupName). */
export interface AssignmentOutputs {
    role: string;
    roleId: string;
    preexisting: boolean;
    tenantUrl: string;
    retainIfPreexisting: boolean;
    /** Which input named the principal (`subject`, `userId`, ...); its value is kept verbatim in that output. */
    principalSelector: string;
    /**
     * Random id of this assignment instance, made at create. When a replacement declares the same pair, it tells
     * the old instance (whose delete must not remove the role) from the new one.
     */
    instance: string;
    resourceName?: string;
    [principalField: string]: unknown;
}

/**
 * The resource id: `<tenant host>/<users|groups>/<principal id>/roles/<role name>`, e.g.
 * `acme.eu.qlikcloud.com/users/637390ec6541614d3a88d6c1/roles/ManagedSpaceCreator`. Pulumi keeps an id for a
 * resource's life, so after an update of `role` the id still names the role it was created with.
 */
export function assignmentId(
    origin: string,
    kind: PrincipalKind,
    principalId: string,
    roleName: string,
): string {
    return `${new URL(origin).host}/${kind.collection}/${principalId}/roles/${roleName}`;
}

/** The outputs of an assignment of `role` to `principal`, made from its validated inputs. */
export function assignmentOutputs(
    origin: string,
    inputs: AssignmentInputs,
    principal: Principal,
    role: RoleRef,
    preexisting: boolean,
    instance: string,
): AssignmentOutputs {
    const out: AssignmentOutputs = {
        ...principal.fields,
        // The selector's own value verbatim, so `read` can hand back exactly the inputs the program gave.
        [inputs.selectorKey]: inputs.selectorValue,
        role: role.name,
        roleId: role.id,
        preexisting,
        tenantUrl: origin,
        retainIfPreexisting: inputs.retainIfPreexisting,
        principalSelector: inputs.selectorKey,
        instance,
    };
    if (inputs.resourceName) out.resourceName = inputs.resourceName;
    return out;
}
