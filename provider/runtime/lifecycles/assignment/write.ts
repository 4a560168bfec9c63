/**
 * `create` and `update` of an assignment: the role is added (and, on update, the old role removed) through the
 * coordinator, which merges concurrent changes to one principal into one read-modify-write. When a write fails
 * after it may have landed, the failure carries the outputs of what the principal holds, for state to record.
 */
import { randomUUID } from "node:crypto";
import type { RoleRef } from "../../../client";
import type { Principal, PrincipalKind } from "../../kinds/principal-kind";
import type { Services } from "../../services";
import {
    noLongerThePrincipal,
    principalGone,
    recordIfGranted,
    recordWhatHolds,
    swapRecord,
} from "../failures";
import type { AssignmentInputs } from "../inputs";
import { principalStore } from "../support";
import { warnKeptOwnAdmin } from "../../notices/admin-notices";
import {
    assignmentId,
    assignmentOutputs,
    pairKey,
    retained,
    type AssignmentOutputs,
    type AssignmentState,
} from "./state";

/** The principal and role the inputs name, as the tenant knows them now. */
async function resolveInputs(kind: PrincipalKind, s: Services, inputs: AssignmentInputs) {
    const [principal, role] = await Promise.all([
        s.principals.resolve(kind, inputs.selector),
        kind.findRole(s, inputs.role, inputs.selector),
    ]);
    return { principal, role };
}

/** Whether the principal held `role` when it was looked up. */
const heldAtLookup = (principal: Principal, role: RoleRef) =>
    principal.roles?.some((r) => r.id === role.id) ?? false;

export async function createAssignment(
    kind: PrincipalKind,
    s: Services,
    inputs: AssignmentInputs,
    provider: unknown,
): Promise<{ id: string; outs: AssignmentOutputs }> {
    const { principal, role } = await resolveInputs(kind, s, inputs);
    const id = assignmentId(s.config.origin, kind, principal.id, role.name);
    const instance = randomUUID();
    const outputs = (preexisting: boolean) =>
        assignmentOutputs(s.config.origin, inputs, principal, role, preexisting, instance);
    let outcome;
    try {
        outcome = await s.coordinator.apply(kind.keyOf(principal.id), principalStore(kind, s, principal.id), {
            add: role,
        });
    } catch (err) {
        throw await recordIfGranted(
            err,
            s.coordinator.mayHaveWritten(err),
            () => kind.fetch(s.client, principal.id),
            role,
            () => ({ id, properties: { ...outputs(heldAtLookup(principal, role)), __provider: provider } }),
        );
    }
    if (!outcome.principalExists) throw principalGone(principal);
    s.pairs.markCreated(pairKey(kind, principal.id, role.id), instance);
    return { id, outs: outputs(outcome.addWasHeld) };
}

export async function updateAssignment(
    kind: PrincipalKind,
    s: Services,
    id: string,
    olds: AssignmentState,
    inputs: AssignmentInputs,
    provider: unknown,
): Promise<{ outs: AssignmentOutputs }> {
    const { principal, role } = await resolveInputs(kind, s, inputs);
    if (principal.id !== olds.principalId)
        throw noLongerThePrincipal(principal, "assignment", olds.principalId);
    const instance = olds.instance ?? randomUUID();
    const outputs = (preexisting: boolean) =>
        assignmentOutputs(s.config.origin, inputs, principal, role, preexisting, instance);
    const key = kind.keyOf(principal.id);
    const store = principalStore(kind, s, principal.id);
    if (role.id === olds.role.id) {
        // Same role (only retainIfPreexisting changed, or Pulumi retries a create that failed after recording
        // it): make sure the role is really held, which costs one read when it is.
        const ensured = await s.coordinator.apply(key, store, { add: role });
        if (!ensured.principalExists) throw principalGone(principal);
        return { outs: outputs(olds.preexisting) };
    }
    const remove = await removalOf(kind, s, olds, principal);
    let outcome;
    try {
        outcome = await s.coordinator.apply(key, store, { add: role, remove });
    } catch (err) {
        // Part of the swap may have landed: state keeps the outputs of what holds (see swapRecord).
        throw await recordWhatHolds(
            err,
            s.coordinator.mayHaveWritten(err),
            () => kind.fetch(s.client, principal.id),
            (held) => ({
                id,
                properties: {
                    ...(swapRecord(held, role, remove) === "new"
                        ? outputs(heldAtLookup(principal, role))
                        : olds.outputs),
                    __provider: provider ?? olds.outputs.__provider,
                },
            }),
        );
    }
    if (!outcome.principalExists) throw principalGone(principal);
    s.pairs.markCreated(pairKey(kind, principal.id, role.id), instance);
    return { outs: outputs(outcome.addWasHeld) };
}

/**
 * The old role, when a change of role takes it away: not when it was held before and is retained, not when a
 * resource created in this run declares it now, and not when it is the identity's own TenantAdmin (the guard's
 * "keep", said once, as on delete).
 */
async function removalOf(
    kind: PrincipalKind,
    s: Services,
    olds: AssignmentState,
    principal: Principal,
): Promise<RoleRef | undefined> {
    if (retained(olds) || s.pairs.heldByAnother(pairKey(kind, principal.id, olds.role.id), olds.instance)) {
        return undefined;
    }
    if ((await s.adminGuard.checkRemoval(kind, principal, olds.role)) === "remove") return olds.role;
    warnKeptOwnAdmin(principal.label);
    return undefined;
}
