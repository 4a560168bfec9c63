/**
 * `create` and `update` of a custom role. A create makes the role with one POST, or adopts the role of that name
 * (`adopt: true`), patching only what differs from the program. An update sends one PATCH with only the fields that
 * differ from what the tenant holds now; a rename keeps the role's id, so its assignments (which hold the id) stay.
 */
import {
    createCustomRole,
    customRolePatch,
    getRoleById,
    patchCustomRole,
    type CustomRoleSpec,
} from "../../../client/custom-roles";
import { PartialCreateError, QlikError, isQlikError } from "../../../client";
import type { Role } from "../../../schemas/qlik";
import type { Services } from "../../services";
import type { CustomRoleInputs } from "./inputs";
import {
    customRoleId,
    customRoleOutputs,
    specOf,
    type CustomRoleOutputs,
    type CustomRoleState,
} from "./state";
import { forgetTenantRoles, tenantRoles } from "./tenant-roles";

const specFrom = (inputs: CustomRoleInputs): CustomRoleSpec => ({
    name: inputs.name,
    description: inputs.description,
    scopes: inputs.scopes,
});

export async function createRole(
    s: Services,
    inputs: CustomRoleInputs,
    provider: unknown,
): Promise<{ id: string; outs: CustomRoleOutputs }> {
    forgetTenantRoles(s);
    const holder = (await tenantRoles(s)).find((r) => r.name === inputs.name);
    if (holder) {
        // check refused a held name unless adopted; a role made meanwhile by someone else is refused here too.
        if (!inputs.adopt || holder.type !== "custom") throw nameTaken(inputs.name, holder);
        const role = await bringToSpec(s, holder, specFrom(inputs));
        return {
            id: customRoleId(s.config.origin, role.id),
            outs: customRoleOutputs(s.config.origin, role, inputs, true),
        };
    }
    let role: Role;
    try {
        role = await createCustomRole(s.client.http, specFrom(inputs));
    } catch (err) {
        throw await recordIfMade(s, err, inputs, provider);
    } finally {
        forgetTenantRoles(s, inputs.name);
    }
    return {
        id: customRoleId(s.config.origin, role.id),
        outs: customRoleOutputs(s.config.origin, role, inputs, false),
    };
}

export async function updateRole(
    s: Services,
    state: CustomRoleState,
    inputs: CustomRoleInputs,
): Promise<{ outs: CustomRoleOutputs }> {
    const current = await getRoleById(s.client.http, state.roleId);
    if (!current) throw roleGone(state);
    const role = await bringToSpec(s, current, specFrom(inputs));
    return { outs: customRoleOutputs(s.config.origin, role, inputs, state.preexisting) };
}

/** One PATCH of what differs (none when nothing does), then the role as Qlik shows it (level, permissions). */
async function bringToSpec(s: Services, role: Role, spec: CustomRoleSpec): Promise<Role> {
    const ops = customRolePatch(specOf(role), spec);
    if (ops.length === 0) return role;
    try {
        if (!(await patchCustomRole(s.client.http, role.id, ops)))
            throw new QlikError(
                "QLIK_NOT_FOUND",
                `custom role "${role.name}" (id ${role.id}) was deleted meanwhile; re-run \`pulumi up\``,
            );
    } finally {
        forgetTenantRoles(s);
    }
    return (
        (await getRoleById(s.client.http, role.id)) ?? { ...role, ...spec, assignedScopes: [...spec.scopes] }
    );
}

/**
 * A create that failed after its POST may have landed: when the tenant now holds a custom role of that name (none
 * did just before the POST), state records it (created, failed to initialize), so the next `up` updates it instead
 * of refusing the name as taken, and destroy deletes it. Whatever the failure: a POST that timed out and landed is
 * retried, and the retry's 400 (the name is taken, by our own role) says nothing of the first.
 */
async function recordIfMade(
    s: Services,
    err: unknown,
    inputs: CustomRoleInputs,
    provider: unknown,
): Promise<unknown> {
    if (!isQlikError(err)) return err;
    forgetTenantRoles(s);
    const made = await tenantRoles(s).then(
        (roles) => roles.find((r) => r.name === inputs.name && r.type === "custom"),
        () => undefined,
    );
    if (!made) return err;
    return new PartialCreateError(err, {
        id: customRoleId(s.config.origin, made.id),
        properties: { ...customRoleOutputs(s.config.origin, made, inputs, false), __provider: provider },
    });
}

function nameTaken(name: string, holder: Role): QlikError {
    return new QlikError(
        "QLIK_INVALID_INPUT",
        `a ${holder.type ?? ""} role named "${name}" exists already (id ${holder.id}); ${holder.type === "custom" ? "set adopt: true to manage it, or " : ""}choose another name`,
    );
}

function roleGone(state: CustomRoleState): QlikError {
    return new QlikError(
        "QLIK_NOT_FOUND",
        `custom role "${state.spec.name}" (id ${state.roleId}) no longer exists in the tenant; run \`pulumi refresh\`, then \`pulumi up\` creates it again`,
    );
}
