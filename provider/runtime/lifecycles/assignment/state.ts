/**
 * What one assignment records in state, and the same record parsed back. The shapes are read back from users'
 * state by every later version, so fields are only ever added.
 */
import type { RoleRef } from "../../../client";
import type { Principal, PrincipalKind } from "../../kinds/principal-kind";
import type { AssignmentInputs, Props } from "../inputs";

/** Outputs of every assignment (the principal fields differ: userId/subject/email or groupId/groupName). */
export interface AssignmentOutputs {
    role: string;
    roleId: string;
    preexisting: boolean;
    tenantUrl: string;
    retainIfPreexisting: boolean;
    /**
     * Which inputs named the principal (`subject`, `userId`, ...), joined by commas; each value is kept verbatim in
     * its own output.
     */
    principalSelector: string;
    /**
     * Random id of this assignment instance, made at create. When a replacement declares the same pair, it tells
     * the old instance (whose delete must not remove the role) from the new one.
     */
    instance: string;
    resourceName?: string;
    [principalField: string]: unknown;
}

/** An assignment's outputs as state holds them, parsed once where a method receives them. */
export interface AssignmentState {
    readonly principalId: string;
    readonly role: RoleRef;
    readonly preexisting: boolean;
    readonly retainIfPreexisting: boolean;
    /** Missing in state written before instances were recorded. */
    readonly instance: string | undefined;
    readonly tenantUrl: unknown;
    /** The inputs that named the principal and their values, as `key=value` joined by commas; undefined in the oldest state. */
    readonly selector: string | undefined;
    /** The outputs as stored, for a failed update that must leave them as they were. */
    readonly outputs: Props;
}

export function parseAssignmentState(kind: PrincipalKind, outputs: Props): AssignmentState {
    const keys = typeof outputs.principalSelector === "string" ? outputs.principalSelector.split(",") : [];
    return {
        principalId: String(outputs[kind.idKey]),
        role: { id: String(outputs.roleId), name: String(outputs.role) },
        preexisting: outputs.preexisting === true,
        retainIfPreexisting: outputs.retainIfPreexisting === true,
        instance: typeof outputs.instance === "string" ? outputs.instance : undefined,
        tenantUrl: outputs.tenantUrl,
        selector: keys.length > 0 ? keys.map((k) => `${k}=${String(outputs[k])}`).join(",") : undefined,
        outputs,
    };
}

/** Whether destroy leaves the role where it is: the principal held it before, and the program asked to keep it. */
export const retained = (state: AssignmentState) => state.preexisting && state.retainIfPreexisting;

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
    return `${new URL(origin).host}/${kind.keyOf(principalId)}/roles/${roleName}`;
}

/** The key under which the pair registry knows one (principal, role) pair. */
export const pairKey = (kind: PrincipalKind, principalId: string, roleId: string) =>
    `${kind.keyOf(principalId)}/${roleId}`;

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
        ...inputs.selector,
        role: role.name,
        roleId: role.id,
        preexisting,
        tenantUrl: origin,
        retainIfPreexisting: inputs.retainIfPreexisting,
        principalSelector: Object.keys(inputs.selector).join(","),
        instance,
    };
    if (inputs.resourceName) out.resourceName = inputs.resourceName;
    return out;
}
