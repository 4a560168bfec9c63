/**
 * `diff`, `read` (refresh) and `delete` of a set: what state records, compared with the program and the tenant,
 * and the removal of the declared roles at destroy.
 */
import { TENANT_ADMIN, type RoleRef } from "../../../client";
import type { PrincipalKind } from "../../kinds/principal-kind";
import type { Services } from "../../services";
import { isUnknown, type Props } from "../inputs";
import { replacedBy, selectorOf } from "../principal-change";
import { allSettledOrThrow, currentRoles, principalStore, recordedPrincipal, refreshed } from "../support";
import { warnKeptOwnAdmin } from "../../notices/admin-notices";
import { adminDecision } from "./roles";
import { sortedNames, type SetState } from "./state";

export async function diffSet(
    kind: PrincipalKind,
    s: Services,
    olds: SetState,
    news: Props,
): Promise<{ changes: boolean; replaces: string[]; deleteBeforeReplace?: boolean }> {
    // No principal named (a computed input Pulumi could not pass on): a possible update.
    if (selectorOf(kind, news) === undefined) return { changes: true, replaces: [] };
    const replaces = await replacedBy(kind, s, olds.outputs, news);
    if (replaces.length > 0) return { changes: true, replaces, deleteBeforeReplace: false };
    if (isUnknown(news.roles) || !Array.isArray(news.roles)) return { changes: true, replaces: [] };
    const declared = sortedNames(news.roles as string[]);
    // Compared with the declared roles state records, not only with `roles`, which a refresh fills with every role
    // held: a role given outside Pulumi and then declared must still be written to state. And with `roles` too: a
    // role a refresh recorded there and that is gone since is an update (writing nothing) that records `roles` as
    // they are.
    const rolesChanged =
        declared !== sortedNames(olds.declared.map((r) => r.name)) ||
        declared !== sortedNames(olds.recordedNames);
    const allowChanged = (news.allowEmpty === true) !== olds.allowEmpty;
    if (rolesChanged || allowChanged) return { changes: true, replaces: [] };
    // Drift not yet refreshed: the tenant differs from the set, so `up` must write it again (the line printed by
    // check says what it adds and removes).
    const current = await currentRoles(kind, s, olds.principalId);
    const held = sortedNames((current ?? []).map((r) => r.name));
    return { changes: held !== declared, replaces: [] };
}

/**
 * The set as the tenant holds it. `roles` becomes what the principal holds: declared roles first, in the program's
 * order, then roles given outside Pulumi, so the refresh shows both kinds of drift as a change of `roles`.
 * `roleIds` keeps only the declared roles still held: they are what destroy removes, and a role given outside the
 * set must survive a destroy whether or not a refresh came first.
 */
export async function readSet(
    kind: PrincipalKind,
    s: Services,
    id: string,
    state: SetState,
): Promise<{ id?: string; props?: Props; inputs?: Props }> {
    const current = await currentRoles(kind, s, state.principalId);
    if (!current) return {};
    const declaredIds = state.declared.map((r) => r.id);
    const stillDeclared = declaredIds
        .map((rid) => current.find((r) => r.id === rid))
        .filter((r): r is RoleRef => r !== undefined);
    const held = [...stillDeclared, ...current.filter((r) => !declaredIds.includes(r.id))];
    const roles = held.map((r) => r.name);
    return refreshed(
        id,
        state.outputs,
        { roles, roleIds: stillDeclared.map((r) => r.id) },
        { roles, allowEmpty: state.allowEmpty },
    );
}

/**
 * Only the declared roles go; roles the principal got elsewhere stay, and so does the identity's own TenantAdmin
 * (said once). A principal deleted meanwhile, or roles already gone: nothing to do, and that is success.
 */
export async function deleteSet(kind: PrincipalKind, s: Services, state: SetState): Promise<void> {
    const { principalId, declared } = state;
    const principal = recordedPrincipal(kind, state.outputs);
    const keepAdmin = (await adminDecision(kind, s, principal, declared)) === "keep";
    if (keepAdmin) warnKeptOwnAdmin(principal.label);
    const removed = declared.filter((r) => !(keepAdmin && r.name === TENANT_ADMIN));
    const store = principalStore(kind, s, principalId);
    await allSettledOrThrow(
        removed.map((r) => s.coordinator.apply(kind.keyOf(principalId), store, { remove: r })),
    );
}
