/**
 * What a `CustomRole` records in state, and the same record parsed back. Read back by every later version, so
 * fields are only ever added.
 */
import type { CustomRoleSpec } from "../../../client/custom-roles";
import type { Role } from "../../../schemas/qlik";
import type { Props } from "../inputs";
import type { CustomRoleInputs } from "./inputs";

export interface CustomRoleOutputs {
    roleId: string;
    /** The role's name in the tenant; `currentName` holds it too (see inputs.ts). */
    name: string;
    currentName: string;
    description: string;
    scopes: string[];
    level: string;
    permissions: string[];
    userEntitlementType: string;
    /** The role existed before this stack (adopted): destroy keeps it unless `deleteAdoptedOnDestroy`. */
    preexisting: boolean;
    adopt: boolean;
    deleteAdoptedOnDestroy: boolean;
    tenantUrl: string;
    resourceName?: string;
    [field: string]: unknown;
}

/** A custom role's outputs as state holds them, parsed once where a method receives them. */
export interface CustomRoleState {
    readonly roleId: string;
    readonly spec: CustomRoleSpec;
    readonly preexisting: boolean;
    readonly deleteAdoptedOnDestroy: boolean;
    readonly tenantUrl: unknown;
    readonly outputs: Props;
}

export function parseCustomRoleState(outputs: Props): CustomRoleState {
    return {
        roleId: String(outputs.roleId),
        spec: {
            name: String(outputs.name),
            description: typeof outputs.description === "string" ? outputs.description : "",
            scopes: Array.isArray(outputs.scopes) ? outputs.scopes.map(String) : [],
        },
        preexisting: outputs.preexisting === true,
        deleteAdoptedOnDestroy: outputs.deleteAdoptedOnDestroy === true,
        tenantUrl: outputs.tenantUrl,
        outputs,
    };
}

/** Whether destroy leaves the role in the tenant: it was adopted, and the program did not ask to delete it. */
export const kept = (state: CustomRoleState) => state.preexisting && !state.deleteAdoptedOnDestroy;

/** The role as Qlik shows it, in the program's terms. */
export function specOf(role: Role): CustomRoleSpec {
    return { name: role.name, description: role.description ?? "", scopes: role.assignedScopes ?? [] };
}

/** The outputs of a custom role as the tenant shows it. */
export function customRoleOutputs(
    origin: string,
    role: Role,
    inputs: Pick<CustomRoleInputs, "adopt" | "deleteAdoptedOnDestroy" | "resourceName">,
    preexisting: boolean,
): CustomRoleOutputs {
    const spec = specOf(role);
    const out: CustomRoleOutputs = {
        roleId: role.id,
        name: spec.name,
        currentName: spec.name,
        description: spec.description,
        scopes: [...spec.scopes],
        level: role.level ?? "",
        permissions: [...(role.permissions ?? [])],
        userEntitlementType: role.userEntitlementType ?? "",
        preexisting,
        adopt: inputs.adopt,
        deleteAdoptedOnDestroy: inputs.deleteAdoptedOnDestroy,
        tenantUrl: origin,
    };
    if (inputs.resourceName) out.resourceName = inputs.resourceName;
    return out;
}

/** The resource id: `<tenant host>/roles/<role id>` (the id stays across renames). */
export function customRoleId(origin: string, roleId: string): string {
    return `${new URL(origin).host}/roles/${roleId}`;
}
