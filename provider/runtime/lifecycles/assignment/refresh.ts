/**
 * `diff`, `read` (refresh) and `delete` of an assignment: what state records, compared with the program and the
 * tenant, and the removal of the role at destroy.
 */
import type { PrincipalKind } from "../../kinds/principal-kind";
import type { Services } from "../../services";
import { isUnknown, type Props } from "../inputs";
import { replacedBy, selectorOf } from "../principal-change";
import { currentRoles, principalStore, recordedPrincipal, refreshed } from "../support";
import { warnKeptOwnAdmin } from "../../notices/admin-notices";
import { pairKey, retained, type AssignmentState } from "./state";

export async function diffAssignment(
    kind: PrincipalKind,
    s: Services,
    olds: AssignmentState,
    news: Props,
): Promise<{ changes: boolean; replaces: string[]; deleteBeforeReplace?: boolean }> {
    const replaces = await replacedBy(kind, s, olds.outputs, news);
    if (replaces.length > 0) return { changes: true, replaces, deleteBeforeReplace: false };
    const roleChanged = isUnknown(news.role) || news.role !== olds.role.name;
    const retainChanged = (news.retainIfPreexisting === true) !== olds.retainIfPreexisting;
    // The same principal named by another input (subject -> email): an update without a write, so that state,
    // and later messages, name it the way the program now does.
    const selectorChanged = olds.selector !== undefined && selectorOf(kind, news) !== olds.selector;
    if (roleChanged && !isUnknown(news.role)) s.coordinator.announce(kind.keyOf(olds.principalId));
    // `changes` is always explicit: a change of this package's code alone never shows as an update.
    return { changes: roleChanged || retainChanged || selectorChanged, replaces: [] };
}

/**
 * The assignment as the tenant holds it: unchanged outputs when the role is held (under its current name), and
 * nothing when the principal or the role is gone, which drops the resource from state so the next `up` restores it.
 */
export async function readAssignment(
    kind: PrincipalKind,
    s: Services,
    id: string,
    state: AssignmentState,
): Promise<{ id?: string; props?: Props; inputs?: Props }> {
    const roles = await currentRoles(kind, s, state.principalId);
    const held = roles?.find((r) => r.id === state.role.id);
    if (!roles || !held) return {};
    return refreshed(
        id,
        state.outputs,
        { role: held.name },
        { role: held.name, retainIfPreexisting: state.retainIfPreexisting },
    );
}

export async function deleteAssignment(
    kind: PrincipalKind,
    s: Services,
    state: AssignmentState,
): Promise<void> {
    if (retained(state)) return;
    const { principalId, role } = state;
    // A resource replaced by one declaring the same pair: the new one already holds the role.
    if (s.pairs.heldByAnother(pairKey(kind, principalId, role.id), state.instance)) return;
    const principal = recordedPrincipal(kind, state.outputs);
    if ((await s.adminGuard.checkRemoval(kind, principal, role)) === "keep") {
        warnKeptOwnAdmin(principal.label);
        return;
    }
    // A principal deleted meanwhile, or a role already gone: nothing to do, and that is success. A failure here,
    // even one after which the removal may have landed (a 207), needs no outputs: the engine keeps the resource in
    // state with its outputs, and the next `up` or `destroy` retries this delete, which finds the role gone (no
    // write) or removes it; a refresh in between drops the resource if the role is gone.
    await s.coordinator.apply(kind.keyOf(principalId), principalStore(kind, s, principalId), {
        remove: role,
    });
}
