/**
 * `create` and `update` of a set: the exact set becomes one change per role to add and one per role to remove,
 * computed from a fresh read and handed to the coordinator together, so that they form one batch (one PATCH).
 */
import { QlikError, type PartialCreate } from "../../../client";
import { holds, sameRoleSet, setDelta, type RoleChange, type RoleRef } from "../../../core/role-set";
import type { Principal, PrincipalKind } from "../../kinds/principal-kind";
import type { Services } from "../../services";
import { noLongerThePrincipal, principalGone, recordAfterReRead } from "../failures";
import type { CheckFailure } from "../inputs";
import { allSettledOrThrow, principalStore } from "../support";
import type { SetInputs } from "./inputs";
import { guardAdmin, resolveRoles } from "./roles";
import { heldOf, setId, setOutputs, type SetOutputs, type SetState } from "./state";

/** The principal and the declared roles; any role the tenant does not have fails the whole call, on `roles`. */
async function resolveAll(kind: PrincipalKind, s: Services, inputs: SetInputs) {
    const failures: CheckFailure[] = [];
    const [principal, roles] = await Promise.all([
        s.principals.resolve(kind, inputs.selector),
        resolveRoles(kind, s, inputs, failures),
    ]);
    if (failures.length > 0) {
        throw new QlikError(
            "QLIK_INVALID_INPUT",
            failures.map((f) => `${f.property}: ${f.reason}`).join("; "),
        );
    }
    return { principal, roles };
}

/**
 * Writes exactly `wanted` to the principal: one change per role to add or remove, from a fresh read, handed to
 * the coordinator at once so that they form one batch. When it fails, the principal is read again and, unless
 * its roles are as they were, the error carries what `record` makes of the roles it holds now, for Pulumi to
 * keep in state (see recordWhatHolds).
 */
async function writeSet(
    kind: PrincipalKind,
    s: Services,
    principal: Principal,
    wanted: readonly RoleRef[],
    record: (held: readonly RoleRef[] | undefined) => PartialCreate,
): Promise<void> {
    const store = principalStore(kind, s, principal.id);
    const current = await store.read();
    if (!current) throw principalGone(principal);
    const { add, remove } = setDelta(current, wanted);
    await guardAdmin(kind, s, principal, remove);
    const changes: RoleChange[] = [...add.map((r) => ({ add: r })), ...remove.map((r) => ({ remove: r }))];
    let outcomes;
    try {
        outcomes = await allSettledOrThrow(
            changes.map((c) => s.coordinator.apply(kind.keyOf(principal.id), store, c)),
        );
    } catch (err) {
        // Re-read whatever the failure: the changes of a merged write that failed are retried one by one, so some
        // may have landed although the one reported wrote nothing.
        throw await recordAfterReRead(
            err,
            () => kind.fetch(s.client, principal.id),
            (held) => (held !== undefined && sameRoleSet(held, current) ? undefined : record(held)),
        );
    }
    if (outcomes.some((o) => !o.principalExists)) throw principalGone(principal);
}

export async function createSet(
    kind: PrincipalKind,
    s: Services,
    inputs: SetInputs,
    provider: unknown,
): Promise<{ id: string; outs: SetOutputs }> {
    const { principal, roles } = await resolveAll(kind, s, inputs);
    const id = setId(s.config.origin, kind, principal.id);
    // Failed part-way: the set is recorded with the declared roles that landed, so that destroy takes them away
    // and the next `up` (an update) writes the rest.
    await writeSet(kind, s, principal, roles, (held) => ({
        id,
        properties: {
            ...setOutputs(s.config.origin, inputs, principal, heldOf(roles, held)),
            __provider: provider,
        },
    }));
    return { id, outs: setOutputs(s.config.origin, inputs, principal, roles) };
}

export async function updateSet(
    kind: PrincipalKind,
    s: Services,
    id: string,
    olds: SetState,
    inputs: SetInputs,
    provider: unknown,
): Promise<{ outs: SetOutputs }> {
    const { principal, roles } = await resolveAll(kind, s, inputs);
    if (principal.id !== olds.principalId)
        throw noLongerThePrincipal(principal, "role set", olds.principalId);
    // Failed part-way: state names every role of the new or the old set the principal holds, so that neither a
    // destroy nor the next `up` leaves one behind.
    const either = [...roles, ...olds.declared.filter((o) => !holds(roles, o))];
    await writeSet(kind, s, principal, roles, (held) => ({
        id,
        properties: {
            ...setOutputs(s.config.origin, inputs, principal, heldOf(either, held)),
            __provider: provider ?? olds.outputs.__provider,
        },
    }));
    return { outs: setOutputs(s.config.origin, inputs, principal, roles) };
}
