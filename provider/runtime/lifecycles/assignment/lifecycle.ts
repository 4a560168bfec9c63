/**
 * check / diff / create / read / update / delete for one kind of assignment (user or group).
 *
 * Every change to a principal's roles goes through `services.coordinator` (lock, merge, verify): see
 * core/principal-coordinator.ts for the read-modify-write itself and core/role-set.ts for the planning.
 */
import { randomUUID } from "node:crypto";
import { QlikError, isQlikError, TENANT_ADMIN, UNASSIGNABLE_ROLES, type RoleRef } from "../../../client";
import {
    containsUnknown,
    isUnknown,
    validateInputs,
    withFlagDefault,
    type AssignmentInputs,
    type CheckFailure,
} from "../inputs";
import { storedShapeForImport } from "./pending-import";
import { principalKey, type Principal, type PrincipalKind } from "../../kinds/target-kind";
import { assignmentId, assignmentOutputs, type AssignmentOutputs } from "./state";
import { principalGone, recordIfGranted, recordWhatHolds, swapRecord } from "../failures";
import { guardedCall, principalStore, refuseOtherTenant, validOrThrow } from "../support";
import type { Services } from "../../services";
import { warnIfEveryoneAdmin } from "../../notices/everyone-warning";
import { adoptionNotices } from "../../notices/adoption-notices";
import { warnKeptOwnAdmin } from "../tenant-admin-guard";

type Props = Record<string, unknown>;

/**
 * The six methods Pulumi's dynamic-provider host calls for one resource type (`configure` is shared: see index.ts).
 * Narrower than Pulumi's `dynamic.ResourceProvider` (results always carry outputs), and checked against it where
 * the provider object is made, in index.ts.
 */
export interface Lifecycle<Outs extends Props = AssignmentOutputs> {
    check(olds: Props, news: Props): Promise<{ inputs?: Props; failures?: CheckFailure[] }>;
    diff(
        id: string,
        olds: Props,
        news: Props,
    ): Promise<{ changes: boolean; replaces?: string[]; deleteBeforeReplace?: boolean }>;
    create(inputs: Props): Promise<{ id: string; outs: Outs }>;
    read(id: string, props: Props): Promise<{ id?: string; props?: Props; inputs?: Props }>;
    update(id: string, olds: Props, news: Props): Promise<{ outs: Outs }>;
    delete(id: string, props: Props): Promise<void>;
}

export function createLifecycle(kind: PrincipalKind, services: () => Promise<Services>): Lifecycle {
    const pairKey = (principalId: string, roleId: string) => `${kind.collection}/${principalId}/${roleId}`;
    const keyOf = (principalId: string) => principalKey(kind, principalId);

    const storeFor = (s: Services, principalId: string) => principalStore(kind, s, principalId);

    const inputsOf = (news: Props): AssignmentInputs =>
        validOrThrow(validateInputs(news, kind.selectorKeys, kind.selectorHelp));

    const assertSameTenant = (s: Services, props: Props) => refuseOtherTenant(s, props, "assignment");

    const outputs = (
        s: Services,
        inputs: AssignmentInputs,
        principal: Principal,
        role: RoleRef,
        preexisting: boolean,
        instance: string,
    ): AssignmentOutputs =>
        assignmentOutputs(s.config.origin, inputs, principal, role, preexisting, instance);

    const guarded = <T>(op: string, what: () => string, fn: () => Promise<T>) =>
        guardedCall(kind, op, what, fn);
    /** The input naming the principal, as `key=value`. */
    const selectorOf = (p: Props) => {
        const key = kind.selectorKeys.find((k) => p[k] !== undefined && p[k] !== null);
        return key === undefined ? undefined : `${key}=${String(p[key])}`;
    };
    const describeProps = (p: Props) => {
        const key =
            typeof p.principalSelector === "string"
                ? p.principalSelector
                : kind.selectorKeys.find((k) => p[k] !== undefined);
        const who = key ? `${kind.noun} ${key} "${String(p[key])}"` : kind.noun;
        return typeof p.role === "string" ? `${who}, role "${p.role}"` : who;
    };

    return {
        async check(olds, raw) {
            const news = withFlagDefault(raw, "retainIfPreexisting");
            const { failures, inputs } = validateInputs(news, kind.selectorKeys, kind.selectorHelp);
            if (failures.length > 0 || !inputs) return { inputs: news, failures };
            // Unknown values (computed by other resources) are checked when they are known, during `up`.
            if (containsUnknown([inputs.selectorValue, inputs.role])) return { inputs: news, failures };
            return guarded(
                "check",
                () => describeProps(news),
                async () => {
                    const s = await services();
                    const [principal, role] = await Promise.allSettled([
                        s.principals.resolve(kind, inputs.selectorKey, inputs.selectorValue),
                        s.roles.find(inputs.role),
                    ]);
                    // Input problems become failures on the property (the CLI points at it); API failures are thrown.
                    for (const [property, result] of [
                        [inputs.selectorKey, principal],
                        ["role", role],
                    ] as const) {
                        if (result.status === "rejected") {
                            if (!isQlikError(result.reason, "QLIK_INVALID_INPUT")) throw result.reason;
                            failures.push({ property, reason: (result.reason as Error).message });
                        }
                    }
                    if (principal.status === "fulfilled" && principal.value.roles === undefined) {
                        throw new QlikError(
                            "QLIK_FORBIDDEN",
                            `Qlik hides the assigned roles of ${principal.value.label} from this credential: qlik:apiKey (or qlik:clientId) must belong to a TenantAdmin (OAuth: scope admin_classic)`,
                        );
                    }
                    if (role.status === "fulfilled" && UNASSIGNABLE_ROLES.has(role.value.name)) {
                        failures.push({
                            property: "role",
                            reason: `${role.value.name} is given to every user by Qlik and cannot be assigned or removed; remove this resource`,
                        });
                    }
                    if (
                        failures.length === 0 &&
                        principal.status === "fulfilled" &&
                        role.status === "fulfilled"
                    ) {
                        const other = s.pairs.declare(
                            pairKey(principal.value.id, role.value.id),
                            inputs.resourceName,
                        );
                        const setOwner = s.claims.claim(
                            keyOf(principal.value.id),
                            "assignment",
                            inputs.resourceName,
                        );
                        if (other !== undefined) {
                            failures.push({
                                property: "role",
                                reason: `role "${role.value.name}" on ${principal.value.label} is also declared by resource "${other}"; declare each (principal, role) pair once`,
                            });
                        } else if (setOwner !== undefined) {
                            failures.push({
                                property: inputs.selectorKey,
                                reason: `${principal.value.label} is declared both by this assignment "${inputs.resourceName}" and by the set resource "${setOwner}", which owns all its roles; move role "${role.value.name}" into "${setOwner}"'s roles and remove this resource`,
                            });
                        } else if (Object.keys(olds).length === 0) {
                            // A new resource: its create follows, so a batch on this principal may wait for it.
                            s.coordinator.announce(keyOf(principal.value.id));
                        }
                        if (other === undefined) {
                            const ownAdmin =
                                role.value.name === TENANT_ADMIN &&
                                (await s.adminGuard.isOwnIdentity(kind, principal.value.id));
                            adoptionNotices(olds, inputs, principal.value, role.value, ownAdmin);
                        }
                    }
                    if (
                        failures.length === 0 &&
                        principal.status === "fulfilled" &&
                        role.status === "fulfilled"
                    )
                        await warnIfEveryoneAdmin(s, principal.value, role.value);
                    return { inputs: news, failures };
                },
            );
        },

        async diff(_id, olds, news) {
            return guarded(
                "diff",
                () => describeProps(olds),
                async () => {
                    const s = await services();
                    assertSameTenant(s, olds);
                    const replaces = await principalChanges(s, olds, news);
                    if (replaces.length > 0) return { changes: true, replaces, deleteBeforeReplace: false };
                    const roleChanged = isUnknown(news.role) || news.role !== olds.role;
                    const retainChanged =
                        (news.retainIfPreexisting === true) !== (olds.retainIfPreexisting === true);
                    // The same principal named by another input (subject -> email): an update without a write, so
                    // that state, and later messages, name it the way the program now does.
                    const selectorChanged =
                        typeof olds.principalSelector === "string" &&
                        selectorOf(news) !==
                            `${olds.principalSelector}=${String(olds[olds.principalSelector])}`;
                    if (roleChanged && !isUnknown(news.role))
                        s.coordinator.announce(keyOf(String(olds[kind.idKey])));
                    // `changes` is always explicit: a change of this package's code alone never shows as an update.
                    return { changes: roleChanged || retainChanged || selectorChanged, replaces: [] };
                },
            );
        },

        async create(raw) {
            return guarded(
                "create",
                () => describeProps(raw),
                async () => {
                    const inputs = inputsOf(raw);
                    const s = await services();
                    const [principal, role] = await Promise.all([
                        s.principals.resolve(kind, inputs.selectorKey, inputs.selectorValue),
                        s.roles.find(inputs.role),
                    ]);
                    const id = assignmentId(s.config.origin, kind, principal.id, role.name);
                    const instance = randomUUID();
                    let outcome;
                    try {
                        outcome = await s.coordinator.apply(keyOf(principal.id), storeFor(s, principal.id), {
                            add: role,
                        });
                    } catch (err) {
                        throw await recordIfGranted(
                            err,
                            s.coordinator.mayHaveWritten(err),
                            () => kind.fetch(s.client, principal.id),
                            role,
                            () => ({
                                id,
                                properties: {
                                    ...outputs(
                                        s,
                                        inputs,
                                        principal,
                                        role,
                                        principal.roles?.some((r) => r.id === role.id) ?? false,
                                        instance,
                                    ),
                                    __provider: raw.__provider,
                                },
                            }),
                        );
                    }
                    if (!outcome.principalExists) {
                        throw principalGone(principal);
                    }
                    s.pairs.markCreated(pairKey(principal.id, role.id), instance);
                    return { id, outs: outputs(s, inputs, principal, role, outcome.addWasHeld, instance) };
                },
            );
        },

        async read(id, props) {
            return guarded(
                "refresh",
                () => describeProps(props),
                async () => {
                    const s = await services();
                    props = await storedShapeForImport(kind, s, id, props);
                    assertSameTenant(s, props);
                    const principalId = String(props[kind.idKey]);
                    const roles = await s.coordinator.read(keyOf(principalId), storeFor(s, principalId));
                    const held = roles?.find((r) => r.id === props.roleId);
                    // Gone principal or role: drop the resource from state, so that the next `up` restores it.
                    if (!roles || !held) return {};
                    const refreshed: Props = { ...props, role: held.name };
                    delete refreshed.__provider;
                    const inputs: Props = {
                        [String(props.principalSelector)]: props[String(props.principalSelector)],
                        role: held.name,
                        retainIfPreexisting: props.retainIfPreexisting === true,
                    };
                    if (typeof props.resourceName === "string") inputs.resourceName = props.resourceName;
                    return { id, props: refreshed, inputs };
                },
            );
        },

        async update(id, olds, news) {
            return guarded(
                "update",
                () => describeProps(news),
                async () => {
                    const s = await services();
                    assertSameTenant(s, olds);
                    const inputs = inputsOf(news);
                    const principalId = String(olds[kind.idKey]);
                    const [principal, role] = await Promise.all([
                        s.principals.resolve(kind, inputs.selectorKey, inputs.selectorValue),
                        s.roles.find(inputs.role),
                    ]);
                    if (principal.id !== principalId) {
                        throw new QlikError(
                            "QLIK_CONFLICT",
                            `${principal.label} is no longer the principal of this assignment (${principalId}); re-run \`pulumi up\` to replace it`,
                        );
                    }
                    const oldRole: RoleRef = { id: String(olds.roleId), name: String(olds.role) };
                    const instance = typeof olds.instance === "string" ? olds.instance : randomUUID();
                    if (role.id === oldRole.id) {
                        // Same role (only retainIfPreexisting changed, or Pulumi retries a create that failed after
                        // recording it): make sure the role is really held, which costs one read when it is.
                        const ensured = await s.coordinator.apply(
                            keyOf(principalId),
                            storeFor(s, principalId),
                            { add: role },
                        );
                        if (!ensured.principalExists) throw principalGone(principal);
                        return {
                            outs: outputs(s, inputs, principal, role, olds.preexisting === true, instance),
                        };
                    }
                    const keepOld =
                        (olds.preexisting === true && olds.retainIfPreexisting === true) ||
                        s.pairs.heldByAnother(pairKey(principalId, oldRole.id), olds.instance);
                    // The identity's own TenantAdmin stays where it is (the guard's "keep"), as on delete.
                    const decision = keepOld
                        ? "keep"
                        : await s.adminGuard.checkRemoval(kind, principal, oldRole);
                    if (!keepOld && decision === "keep") warnKeptOwnAdmin(principal.label);
                    const remove = decision === "keep" ? undefined : oldRole;
                    let outcome;
                    try {
                        outcome = await s.coordinator.apply(keyOf(principalId), storeFor(s, principalId), {
                            add: role,
                            remove,
                        });
                    } catch (err) {
                        // Part of the swap may have landed: state keeps the outputs of what holds (see swapRecord).
                        throw await recordWhatHolds(
                            err,
                            s.coordinator.mayHaveWritten(err),
                            () => kind.fetch(s.client, principalId),
                            (held) => ({
                                id,
                                properties: {
                                    ...(swapRecord(held, role, remove) === "new"
                                        ? outputs(
                                              s,
                                              inputs,
                                              principal,
                                              role,
                                              principal.roles?.some((r) => r.id === role.id) ?? false,
                                              instance,
                                          )
                                        : olds),
                                    __provider: news.__provider ?? olds.__provider,
                                },
                            }),
                        );
                    }
                    if (!outcome.principalExists) throw principalGone(principal);
                    s.pairs.markCreated(pairKey(principalId, role.id), instance);
                    return { outs: outputs(s, inputs, principal, role, outcome.addWasHeld, instance) };
                },
            );
        },

        async delete(_id, props) {
            await guarded(
                "delete",
                () => describeProps(props),
                async () => {
                    const s = await services();
                    assertSameTenant(s, props);
                    if (props.preexisting === true && props.retainIfPreexisting === true) return;
                    const principalId = String(props[kind.idKey]);
                    const role: RoleRef = { id: String(props.roleId), name: String(props.role) };
                    // A resource replaced by one declaring the same pair: the new one already holds the role.
                    if (s.pairs.heldByAnother(pairKey(principalId, role.id), props.instance)) return;
                    const principal = {
                        id: principalId,
                        label: `${kind.noun} "${String(props.subject ?? props.groupName ?? principalId)}"`,
                        fields: {},
                    };
                    if ((await s.adminGuard.checkRemoval(kind, principal, role)) === "keep") {
                        warnKeptOwnAdmin(principal.label);
                        return;
                    }
                    // A principal deleted meanwhile, or a role already gone: nothing to do, and that is success.
                    // A failure here, even one after which the removal may have landed (a 207), needs no outputs:
                    // the engine keeps the resource in state with its outputs, and the next `up` or `destroy`
                    // retries this delete, which finds the role gone (no write) or removes it; a refresh in between
                    // drops the resource if the role is gone.
                    await s.coordinator.apply(keyOf(principalId), storeFor(s, principalId), { remove: role });
                },
            );
        },
    };

    /** Which selector inputs force a replacement: only a different principal does; another name for it does not. */
    async function principalChanges(s: Services, olds: Props, news: Props): Promise<string[]> {
        const key = kind.selectorKeys.find((k) => news[k] !== undefined && news[k] !== null);
        if (!key) return [];
        const value = news[key];
        if (isUnknown(value)) return [key];
        if (typeof value !== "string") return [key];
        const recorded = olds[key];
        if (typeof recorded === "string" && kind.sameValue(key, recorded, value)) return [];
        // Named another way (subject -> userId, or a new email): resolve to compare principal ids. Only "no such
        // principal" means a different one; any other failure (429, network) must not plan a replacement.
        const principal = await s.principals.resolve(kind, key, value).catch((err: unknown) => {
            if (isQlikError(err, "QLIK_INVALID_INPUT")) return undefined;
            throw err;
        });
        return principal && principal.id === olds[kind.idKey] ? [] : [key];
    }
}
