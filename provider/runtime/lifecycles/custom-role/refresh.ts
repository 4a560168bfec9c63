/**
 * `diff`, `read` (refresh) and `delete` of a custom role: state compared with the program, the role as the tenant
 * holds it now (a scope added in the console shows in the next preview), and its removal at destroy, refused in one
 * line naming the holders while anyone outside the stack still holds it.
 */
import { deleteCustomRole, getRoleById, sameScopes } from "../../../client/custom-roles";
import { QlikError } from "../../../client";
import { findRoleHolders, type RoleHolders } from "../../../lookups/queries";
import { noteOnce } from "../../notices/notices";
import type { Services } from "../../services";
import { containsUnknown, type Props } from "../inputs";
import { customRoleOutputs, kept, type CustomRoleState } from "./state";
import { forgetTenantRoles } from "./tenant-roles";

export function diffCustomRole(
    state: CustomRoleState,
    news: Props,
): { changes: boolean; replaces: string[] } {
    if (containsUnknown([news.name, news.description, news.scopes])) return { changes: true, replaces: [] };
    const scopes = Array.isArray(news.scopes) ? news.scopes.map(String) : [];
    const description = typeof news.description === "string" ? news.description : "";
    const changes =
        news.name !== state.spec.name ||
        description !== state.spec.description ||
        !sameScopes(scopes, state.spec.scopes) ||
        (news.deleteAdoptedOnDestroy === true) !== state.deleteAdoptedOnDestroy;
    return { changes, replaces: [] };
}

/** The role as the tenant holds it; nothing when it is gone, which drops it from state (the next `up` makes it). */
export async function readCustomRole(
    s: Services,
    id: string,
    state: CustomRoleState,
): Promise<{ id?: string; props?: Props; inputs?: Props }> {
    const role = await getRoleById(s.client.http, state.roleId);
    if (!role) return {};
    const flags = {
        adopt: state.outputs.adopt === true,
        deleteAdoptedOnDestroy: state.deleteAdoptedOnDestroy,
        resourceName: typeof state.outputs.resourceName === "string" ? state.outputs.resourceName : undefined,
    };
    const outs = customRoleOutputs(s.config.origin, role, flags, state.preexisting);
    const inputs: Props = {
        name: outs.name,
        description: outs.description,
        scopes: outs.scopes,
        adopt: flags.adopt,
        deleteAdoptedOnDestroy: flags.deleteAdoptedOnDestroy,
        currentName: outs.name,
    };
    if (flags.resourceName) inputs.resourceName = flags.resourceName;
    return { id, props: { ...outs }, inputs };
}

export async function deleteRole(s: Services, state: CustomRoleState): Promise<void> {
    if (kept(state)) {
        noteOnce(
            `custom role "${state.spec.name}" was adopted: destroy keeps it (deleteAdoptedOnDestroy is not set)`,
        );
        return;
    }
    const role = await getRoleById(s.client.http, state.roleId);
    if (!role) return; // deleted meanwhile: nothing to do
    // Qlik deletes a role only once nobody holds it. Look first, so the refusal names who, and nothing is sent.
    const holders = await findRoleHolders(s.client, role.name);
    if (holders.users.length + holders.groups.length > 0) throw stillHeld(holders);
    try {
        await deleteCustomRole(s.client.http, role.id);
    } finally {
        forgetTenantRoles(s);
    }
}

/** At most this many holders are named; the rest are counted. */
const NAMED = 5;

function stillHeld(holders: RoleHolders): QlikError {
    const all = [
        ...holders.users.map((u) => `user "${u.subject}"`),
        ...holders.groups.map((g) => `group "${g.groupName}"`),
    ];
    const more = all.length > NAMED ? ` and ${all.length - NAMED} more` : "";
    return new QlikError(
        "QLIK_CONFLICT",
        `custom role "${holders.role}" is still held by ${all.slice(0, NAMED).join(", ")}${more}, outside this stack; take the role away from them (or declare those assignments in this program), then destroy again`,
    );
}
