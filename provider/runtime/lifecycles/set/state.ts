/**
 * What a set resource (`UserRoles`, `GroupRoles`) records in state, and the same record parsed back. Fields are only
 * ever added: later versions read this back.
 */
import { holds, type RoleRef } from "../../../core/role-set";
import type { Principal, PrincipalKind } from "../../kinds/principal-kind";
import type { Props } from "../inputs";
import type { SetInputs } from "./inputs";

export interface SetOutputs {
    /** The declared roles, in the program's order; after a refresh, every role the principal holds. */
    roles: string[];
    /** The ids of the declared roles (after a refresh, of those the principal still holds): what destroy removes. */
    roleIds: string[];
    allowEmpty: boolean;
    tenantUrl: string;
    /** As for assignments: the inputs that named the principal, joined by commas. */
    principalSelector: string;
    resourceName?: string;
    [principalField: string]: unknown;
}

/** A set's outputs as state holds them, parsed once where a method receives them. */
export interface SetState {
    readonly principalId: string;
    /**
     * The declared roles with their ids. `roleIds` holds only declared roles; `roles` lists the same roles first,
     * in the same order (after a refresh, roles held outside the set follow them).
     */
    readonly declared: RoleRef[];
    /** `roles` as recorded: after a refresh, every role the principal held then. */
    readonly recordedNames: string[];
    readonly allowEmpty: boolean;
    readonly tenantUrl: unknown;
    readonly outputs: Props;
}

export function parseSetState(kind: PrincipalKind, outputs: Props): SetState {
    const names = Array.isArray(outputs.roles) ? (outputs.roles as string[]) : [];
    const ids = Array.isArray(outputs.roleIds) ? (outputs.roleIds as string[]) : [];
    return {
        principalId: String(outputs[kind.idKey]),
        declared: ids.map((id, i) => ({ id, name: names[i] ?? id })),
        recordedNames: names,
        allowEmpty: outputs.allowEmpty === true,
        tenantUrl: outputs.tenantUrl,
        outputs,
    };
}

/** The resource id: `<tenant host>/<users|groups>/<principal id>/roles`. */
export function setId(origin: string, kind: PrincipalKind, principalId: string): string {
    return `${new URL(origin).host}/${kind.keyOf(principalId)}/roles`;
}

export function setOutputs(
    origin: string,
    inputs: SetInputs,
    principal: Principal,
    roles: readonly RoleRef[],
): SetOutputs {
    const out: SetOutputs = {
        ...principal.fields,
        ...inputs.selector,
        roles: roles.map((r) => r.name),
        roleIds: roles.map((r) => r.id),
        allowEmpty: inputs.allowEmpty,
        tenantUrl: origin,
        principalSelector: Object.keys(inputs.selector).join(","),
    };
    if (inputs.resourceName) out.resourceName = inputs.resourceName;
    return out;
}

/**
 * Which of `roles` a failed write leaves the principal holding, as state should record them: those held now, or,
 * when the re-read failed, all of them (a role state names but the principal lacks costs a no-op at destroy; a
 * role held but not named would be left behind).
 */
export function heldOf(roles: readonly RoleRef[], held: readonly RoleRef[] | undefined): RoleRef[] {
    return held === undefined ? [...roles] : roles.filter((r) => holds(held, r));
}

/** Role names in a canonical order, as one string: two lists name the same roles when these are equal. */
export const sortedNames = (list: readonly string[]) => [...list].sort().join("\n");

/**
 * What `up` does to a set, for the preview line: `up adds [A]`, `up removes [B]`, `up adds [A] and removes [B]`;
 * a side with nothing to do is left out rather than shown as `[none]`. Undefined when `up` changes nothing.
 */
export function describePlan(add: readonly RoleRef[], remove: readonly RoleRef[]): string | undefined {
    const list = (roles: readonly RoleRef[]) => `[${roles.map((r) => r.name).join(", ")}]`;
    const parts = [
        ...(add.length > 0 ? [`adds ${list(add)}`] : []),
        ...(remove.length > 0 ? [`removes ${list(remove)}`] : []),
    ];
    return parts.length > 0 ? `up ${parts.join(" and ")}` : undefined;
}
