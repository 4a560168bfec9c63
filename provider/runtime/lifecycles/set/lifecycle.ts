/**
 * check / diff / create / read / update / delete for a set resource (`UserRoles`, `GroupRoles`): the exact list
 * of one principal's roles.
 *
 * A write goes through the same per-principal coordinator as the assignments (lock, merge, verify): the exact set
 * becomes one change per role to add and one per role to remove, computed from a fresh read and handed to the
 * coordinator together, so they form one batch (one PATCH). The removals are shown at preview: `check` reads the
 * principal's current roles and prints which roles `up` would add and remove.
 */
import {
    TENANT_ADMIN,
    QlikError,
    isQlikError,
    UNASSIGNABLE_ROLES,
    type PartialCreate,
    type RoleRef,
} from "../../../client";
import { holds, sameRoleSet, type RoleChange } from "../../../core/role-set";
import { warnIfEveryoneAdmin } from "../../notices/everyone-warning";
import { principalGone, recordAfterReRead } from "../failures";
import { containsUnknown, isUnknown, withFlagDefault, type CheckFailure } from "../inputs";
import type { Lifecycle } from "../assignment/lifecycle";
import { noteOnce, warnOnce } from "../../notices/notices";
import { principalKey, visibleRoles, type Principal, type PrincipalKind } from "../../kinds/target-kind";
import { allSettledOrThrow, guardedCall, principalStore, refuseOtherTenant, validOrThrow } from "../support";
import type { Services } from "../../services";
import { validateSetInputs, type SetInputs } from "./inputs";
import { ownAdminNotice, warnKeptOwnAdmin } from "../tenant-admin-guard";

type Props = Record<string, unknown>;

/** What a set resource records in state. Fields are only ever added: later versions read this back. */
export interface SetOutputs {
    /** The declared roles, in the program's order; after a refresh, every role the principal holds. */
    roles: string[];
    /** The ids of the declared roles (after a refresh, of those the principal still holds): what destroy removes. */
    roleIds: string[];
    allowEmpty: boolean;
    tenantUrl: string;
    principalSelector: string;
    resourceName?: string;
    [principalField: string]: unknown;
}

/** The resource id: `<tenant host>/<users|groups>/<principal id>/roles`. */
export function setId(origin: string, kind: PrincipalKind, principalId: string): string {
    return `${new URL(origin).host}/${kind.collection}/${principalId}/roles`;
}

/** The roles to add and remove to turn `current` into exactly `wanted` (compared by id). */
export function setDelta(
    current: readonly RoleRef[],
    wanted: readonly RoleRef[],
): { add: RoleRef[]; remove: RoleRef[] } {
    const wantedIds = new Set(wanted.map((r) => r.id));
    const currentIds = new Set(current.map((r) => r.id));
    return {
        add: wanted.filter((r) => !currentIds.has(r.id)),
        remove: current.filter((r) => !wantedIds.has(r.id)),
    };
}

/** Role names in a canonical order, as one string: two lists name the same roles when these are equal. */
const sortedNames = (list: readonly string[]) => [...list].sort().join("\n");

const names = (roles: readonly RoleRef[]) => (roles.length ? roles.map((r) => r.name).join(", ") : "none");

/**
 * Which of `roles` a failed write leaves the principal holding, as state should record them: those held now, or,
 * when the re-read failed, all of them (a role state names but the principal lacks costs a no-op at destroy; a
 * role held but not named would be left behind).
 */
function heldOf(roles: readonly RoleRef[], held: readonly RoleRef[] | undefined): RoleRef[] {
    return held === undefined ? [...roles] : roles.filter((r) => holds(held, r));
}

/**
 * The roles a set's state declares (ids with their names). `roleIds` holds only declared roles; `roles` lists the
 * same roles first, in the same order (after a refresh, roles held outside the set follow them).
 */
function declaredIn(props: Props): RoleRef[] {
    const names = Array.isArray(props.roles) ? (props.roles as string[]) : [];
    const ids = Array.isArray(props.roleIds) ? (props.roleIds as string[]) : [];
    return ids.map((id, i) => ({ id, name: names[i] ?? id }));
}

export function createSetLifecycle(
    kind: PrincipalKind,
    services: () => Promise<Services>,
): Lifecycle<SetOutputs> {
    const keyOf = (principalId: string) => principalKey(kind, principalId);
    const storeFor = (s: Services, principalId: string) => principalStore(kind, s, principalId);

    const inputsOf = (news: Props): SetInputs =>
        validOrThrow(validateSetInputs(news, kind.selectorKeys, kind.selectorHelp));

    const assertSameTenant = (s: Services, props: Props) => refuseOtherTenant(s, props, "role set");

    const guarded = <T>(op: string, what: () => string, fn: () => Promise<T>) =>
        guardedCall(kind, op, what, fn);
    const describeProps = (p: Props) => {
        const key =
            typeof p.principalSelector === "string"
                ? p.principalSelector
                : kind.selectorKeys.find((k) => p[k] !== undefined);
        return key ? `${kind.noun} ${key} "${String(p[key])}"` : kind.noun;
    };

    /** Resolves every declared role; unknown or unassignable names become failures on `roles`. */
    const resolveRoles = async (s: Services, declared: readonly string[], failures: CheckFailure[]) => {
        const found: RoleRef[] = [];
        for (const name of declared) {
            try {
                const role = await s.roles.find(name);
                if (UNASSIGNABLE_ROLES.has(role.name)) {
                    failures.push({
                        property: "roles",
                        reason: `${role.name} is given to every user by Qlik and cannot be assigned or removed; remove it from roles`,
                    });
                } else found.push(role);
            } catch (err) {
                if (!isQlikError(err, "QLIK_INVALID_INPUT")) throw err;
                failures.push({ property: "roles", reason: (err as Error).message });
            }
        }
        return found;
    };

    /**
     * Whether `remove` may go: refuses a removal of TenantAdmin that would lock the provider's own identity out,
     * and answers "keep" for the identity's own TenantAdmin, which the provider never removes.
     */
    const adminDecision = async (s: Services, principal: Principal, remove: readonly RoleRef[]) => {
        const admin = remove.find((r) => r.name === TENANT_ADMIN);
        return admin ? s.adminGuard.checkRemoval(kind, principal, admin) : "remove";
    };
    /** A write of the set must remove every role it leaves out: the identity's own TenantAdmin is refused. */
    const guardAdmin = async (s: Services, principal: Principal, remove: readonly RoleRef[]) => {
        if ((await adminDecision(s, principal, remove)) === "keep") {
            throw new QlikError(
                "QLIK_INVALID_INPUT",
                `this set would remove role "TenantAdmin" from ${principal.label}, the identity this provider authenticates as, and the provider never removes that identity's TenantAdmin; add "TenantAdmin" to roles, or remove it with another admin's credential`,
            );
        }
    };

    /**
     * Writes exactly `wanted` to the principal: one change per role to add or remove, from a fresh read, handed
     * to the coordinator at once so that they form one batch. When it fails, the principal is read again and,
     * unless its roles are as they were, the error carries what `record` makes of the roles it holds now, for
     * Pulumi to keep in state (see recordWhatHolds).
     */
    const writeSet = async (
        s: Services,
        principal: Principal,
        wanted: readonly RoleRef[],
        record: (held: readonly RoleRef[] | undefined) => PartialCreate,
    ) => {
        const store = storeFor(s, principal.id);
        const current = await store.read();
        if (!current) throw principalGone(principal);
        const { add, remove } = setDelta(current, wanted);
        await guardAdmin(s, principal, remove);
        const changes: RoleChange[] = [
            ...add.map((r) => ({ add: r })),
            ...remove.map((r) => ({ remove: r })),
        ];
        let outcomes;
        try {
            outcomes = await allSettledOrThrow(
                changes.map((c) => s.coordinator.apply(keyOf(principal.id), store, c)),
            );
        } catch (err) {
            // Re-read whatever the failure: the changes of a merged write that failed are retried one by one, so
            // some may have landed although the one reported wrote nothing.
            throw await recordAfterReRead(
                err,
                () => kind.fetch(s.client, principal.id),
                (held) => (held !== undefined && sameRoleSet(held, current) ? undefined : record(held)),
            );
        }
        if (outcomes.some((o) => !o.principalExists)) throw principalGone(principal);
    };

    const outputs = (
        s: Services,
        inputs: SetInputs,
        principal: Principal,
        roles: readonly RoleRef[],
    ): SetOutputs => {
        const out: SetOutputs = {
            ...principal.fields,
            [inputs.selectorKey]: inputs.selectorValue,
            roles: roles.map((r) => r.name),
            roleIds: roles.map((r) => r.id),
            allowEmpty: inputs.allowEmpty,
            tenantUrl: s.config.origin,
            principalSelector: inputs.selectorKey,
        };
        if (inputs.resourceName) out.resourceName = inputs.resourceName;
        return out;
    };

    const resolveAll = async (s: Services, inputs: SetInputs) => {
        const failures: CheckFailure[] = [];
        const [principal, roles] = await Promise.all([
            s.principals.resolve(kind, inputs.selectorKey, inputs.selectorValue),
            resolveRoles(s, inputs.roles, failures),
        ]);
        if (failures.length > 0) {
            throw new QlikError(
                "QLIK_INVALID_INPUT",
                failures.map((f) => `${f.property}: ${f.reason}`).join("; "),
            );
        }
        return { principal, roles };
    };

    return {
        async check(olds, raw) {
            const news = withFlagDefault(raw, "allowEmpty");
            const { failures, inputs } = validateSetInputs(news, kind.selectorKeys, kind.selectorHelp);
            if (failures.length > 0 || !inputs) return { inputs: news, failures };
            if (containsUnknown([inputs.selectorValue, inputs.roles])) return { inputs: news, failures };
            return guarded(
                "check",
                () => describeProps(news),
                async () => {
                    const s = await services();
                    let principal: Principal;
                    try {
                        principal = await s.principals.resolve(
                            kind,
                            inputs.selectorKey,
                            inputs.selectorValue,
                        );
                    } catch (err) {
                        if (!isQlikError(err, "QLIK_INVALID_INPUT")) throw err;
                        failures.push({ property: inputs.selectorKey, reason: (err as Error).message });
                    }
                    const roles = await resolveRoles(s, inputs.roles, failures);
                    if (failures.length > 0) return { inputs: news, failures };
                    const current = visibleRoles(principal!);
                    const other = s.claims.claim(keyOf(principal!.id), "set", inputs.resourceName);
                    if (other !== undefined) {
                        failures.push({
                            property: inputs.selectorKey,
                            reason: `${principal!.label} is declared both by the set resource "${inputs.resourceName}" and by resource "${other}"; a set owns all the principal's roles: move "${other}"'s role into this roles list and remove "${other}"`,
                        });
                        return { inputs: news, failures };
                    }
                    const { add, remove } = setDelta(current, roles);
                    try {
                        await guardAdmin(s, principal!, remove);
                    } catch (err) {
                        if (!isQlikError(err, "QLIK_INVALID_INPUT")) throw err;
                        failures.push({ property: "roles", reason: (err as Error).message });
                        return { inputs: news, failures };
                    }
                    // A removal is what the user must not miss: only then a warning. Adding is said plainly.
                    const plan = `${kind.type} "${inputs.resourceName ?? "?"}" on ${principal!.label}: up adds [${names(add)}]`;
                    if (remove.length > 0) warnOnce(`${plan} and removes [${names(remove)}]`);
                    else if (add.length > 0) noteOnce(plan);
                    const admin = roles.find((r) => r.name === TENANT_ADMIN);
                    const wasDeclared = Array.isArray(olds.roles) && olds.roles.includes(TENANT_ADMIN);
                    if (admin && !wasDeclared && (await s.adminGuard.isOwnIdentity(kind, principal!.id))) {
                        warnOnce(ownAdminNotice(principal!.label, holds(current, admin)));
                    }
                    for (const role of add) await warnIfEveryoneAdmin(s, principal!, role);
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
                    const key = kind.selectorKeys.find((k) => news[k] !== undefined && news[k] !== null);
                    if (!key || isUnknown(news[key])) return { changes: true, replaces: key ? [key] : [] };
                    const value = String(news[key]);
                    const recorded = olds[key];
                    if (!(typeof recorded === "string" && kind.sameValue(key, recorded, value))) {
                        const p = await s.principals.resolve(kind, key, value).catch((err: unknown) => {
                            if (isQlikError(err, "QLIK_INVALID_INPUT")) return undefined;
                            throw err;
                        });
                        if (!p || p.id !== olds[kind.idKey]) {
                            return { changes: true, replaces: [key], deleteBeforeReplace: false };
                        }
                    }
                    if (isUnknown(news.roles) || !Array.isArray(news.roles))
                        return { changes: true, replaces: [] };
                    const declared = sortedNames(news.roles as string[]);
                    // Compared with the declared roles state records, not only with `roles`, which a refresh fills
                    // with every role held: a role given outside Pulumi and then declared must still be written to
                    // state. And with `roles` too: a role a refresh recorded there and that is gone since is an
                    // update (writing nothing) that records `roles` as they are.
                    const recordedRoles = Array.isArray(olds.roles) ? (olds.roles as string[]) : [];
                    const rolesChanged =
                        declared !== sortedNames(declaredIn(olds).map((r) => r.name)) ||
                        declared !== sortedNames(recordedRoles);
                    const allowChanged = (news.allowEmpty === true) !== (olds.allowEmpty === true);
                    if (rolesChanged || allowChanged) return { changes: true, replaces: [] };
                    // Drift not yet refreshed: the tenant differs from the set, so `up` must write it again (the
                    // line printed by check says what it adds and removes).
                    const principalId = String(olds[kind.idKey]);
                    const current = await s.coordinator.read(keyOf(principalId), storeFor(s, principalId));
                    const held = sortedNames((current ?? []).map((r) => r.name));
                    return { changes: held !== declared, replaces: [] };
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
                    const { principal, roles } = await resolveAll(s, inputs);
                    const id = setId(s.config.origin, kind, principal.id);
                    // Failed part-way: the set is recorded with the declared roles that landed, so that destroy
                    // takes them away and the next `up` (an update) writes the rest.
                    await writeSet(s, principal, roles, (held) => ({
                        id,
                        properties: {
                            ...outputs(s, inputs, principal, heldOf(roles, held)),
                            __provider: raw.__provider,
                        },
                    }));
                    return { id, outs: outputs(s, inputs, principal, roles) };
                },
            );
        },

        async read(id, props) {
            return guarded(
                "refresh",
                () => describeProps(props),
                async () => {
                    const s = await services();
                    assertSameTenant(s, props);
                    const principalId = String(props[kind.idKey]);
                    const current = await s.coordinator.read(keyOf(principalId), storeFor(s, principalId));
                    if (!current) return {};
                    // `roles` becomes what the principal holds: declared roles first, in the program's order, then
                    // roles given outside Pulumi, so the refresh shows both kinds of drift as a change of `roles`.
                    // `roleIds` keeps only the declared roles still held: they are what destroy removes, and a
                    // role given outside the set must survive a destroy whether or not a refresh came first.
                    const declaredIds = Array.isArray(props.roleIds) ? (props.roleIds as string[]) : [];
                    const stillDeclared = declaredIds
                        .map((rid) => current.find((r) => r.id === rid))
                        .filter((r): r is RoleRef => r !== undefined);
                    const held = [...stillDeclared, ...current.filter((r) => !declaredIds.includes(r.id))];
                    const refreshed: Props = {
                        ...props,
                        roles: held.map((r) => r.name),
                        roleIds: stillDeclared.map((r) => r.id),
                    };
                    delete refreshed.__provider;
                    const selector = String(props.principalSelector);
                    const inputs: Props = {
                        [selector]: props[selector],
                        roles: held.map((r) => r.name),
                        allowEmpty: props.allowEmpty === true,
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
                    const { principal, roles } = await resolveAll(s, inputs);
                    if (principal.id !== olds[kind.idKey]) {
                        throw new QlikError(
                            "QLIK_CONFLICT",
                            `${principal.label} is no longer the principal of this role set (${String(olds[kind.idKey])}); re-run \`pulumi up\` to replace it`,
                        );
                    }
                    // Failed part-way: state names every role of the new or the old set the principal holds, so
                    // that neither a destroy nor the next `up` leaves one behind.
                    const either = [...roles, ...declaredIn(olds).filter((o) => !holds(roles, o))];
                    await writeSet(s, principal, roles, (held) => ({
                        id,
                        properties: {
                            ...outputs(s, inputs, principal, heldOf(either, held)),
                            __provider: news.__provider ?? olds.__provider,
                        },
                    }));
                    return { outs: outputs(s, inputs, principal, roles) };
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
                    const principalId = String(props[kind.idKey]);
                    const declared = declaredIn(props);
                    const principal: Principal = {
                        id: principalId,
                        label: `${kind.noun} "${String(props.subject ?? props.groupName ?? principalId)}"`,
                        fields: {},
                    };
                    // The identity's own TenantAdmin stays, said once; the other declared roles go.
                    const keepAdmin = (await adminDecision(s, principal, declared)) === "keep";
                    if (keepAdmin) warnKeptOwnAdmin(principal.label);
                    const removed = declared.filter((r) => !(keepAdmin && r.name === TENANT_ADMIN));
                    // Only the declared roles go; roles the principal got elsewhere stay. A principal deleted
                    // meanwhile, or roles already gone: nothing to do, and that is success.
                    const store = storeFor(s, principalId);
                    await allSettledOrThrow(
                        removed.map((r) => s.coordinator.apply(keyOf(principalId), store, { remove: r })),
                    );
                },
            );
        },
    };
}
