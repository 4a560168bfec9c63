/**
 * For `recover`: asks the tenant, read-only, whether each pending assignment's change landed. Only GETs: the
 * command must never write to the tenant, so that what it reports is exactly what an interrupted run left.
 */
import { isQlikError, rolesHiddenError, type QlikClient } from "../client";
import { validateInputs } from "../runtime/lifecycles/inputs";
import { assignmentId } from "../runtime/lifecycles/assignment/state";
import { RESOURCE_TYPES } from "../runtime/resource-types";
import { RoleCatalog } from "../runtime/registries/role-catalog";
import { describeSelector, type PrincipalKind, type Selector } from "../runtime/kinds/principal-kind";
import type { PendingOperation, Verdict } from "./recover-plan";

/** The role a name means for the kind (tenant roles from the catalogue; space roles from the space), or why not. */
type RoleFinder = (
    kind: PrincipalKind,
    name: string,
    selector: Selector,
) => Promise<{ id: string; name: string } | string>;

/**
 * Resolves every pending assignment (other resource types are not passed in). `runStartedAfter`: a time the
 * interrupted run began after (the end of the last run that finished), if known.
 */
export async function judgePending(
    client: QlikClient,
    ops: readonly PendingOperation[],
    runStartedAfter?: Date,
): Promise<Verdict[]> {
    if (ops.length === 0) return [];
    const stale = (op: PendingOperation): Verdict => ({
        op,
        landed: false,
        stale: true,
        detail: "the state already records a resource under this name (a later `pulumi up` ran)",
    });
    const catalog = new RoleCatalog(client); // listed once, on the first tenant role asked for
    const roles: RoleFinder = (kind, name, selector) =>
        kind.findRole({ client, roles: catalog }, name, selector).catch((err: unknown) => {
            if (isQlikError(err, "QLIK_INVALID_INPUT")) return (err as Error).message;
            throw err;
        });
    const verdicts: Verdict[] = [];
    // One at a time: a handful of GETs, and the order of the output follows the state's.
    for (const op of ops)
        verdicts.push(op.alreadyRecorded ? stale(op) : await judge(client, roles, op, runStartedAfter));
    return verdicts;
}

async function judge(
    client: QlikClient,
    roles: RoleFinder,
    op: PendingOperation,
    runStartedAfter: Date | undefined,
): Promise<Verdict> {
    const kind = RESOURCE_TYPES[op.kind ?? "user"].kind;
    const no = (detail: string): Verdict => ({ op, landed: false, detail });
    if (op.operation === "creating") {
        const { inputs } = validateInputs(op.inputs, kind);
        if (!inputs) return no("its inputs are not valid, so it cannot have written anything");
        const role = await roles(kind, inputs.role, inputs.selector);
        if (typeof role === "string") return no(role);
        const principal = await kind.resolve(client, inputs.selector).catch((err: unknown) => {
            if (isQlikError(err, "QLIK_INVALID_INPUT")) return undefined;
            throw err;
        });
        const who = `${kind.noun} ${describeSelector(inputs.selector)}`;
        if (!principal) return no(`${who} does not exist in the tenant`);
        const held = rolesOf(kind, principal.label, principal.roles).some((r) => r.id === role.id);
        if (!held) return no(`${principal.label} does not hold ${role.name}`);
        // Qlik dates every change of a principal (`lastUpdatedAt`): unchanged since before the run began, the
        // principal held the role before it. Nothing in the tenant proves the opposite.
        const changed = Date.parse(principal.lastUpdatedAt ?? "");
        const heldBefore = runStartedAfter !== undefined && changed < runStartedAfter.getTime();
        return {
            op,
            landed: true,
            id: assignmentId(client.origin, kind, principal.id, role.name),
            heldBefore,
            detail: heldBefore
                ? `${principal.label} holds ${role.name}, unchanged since ${principal.lastUpdatedAt}, before the interrupted run began`
                : `${principal.label} holds ${role.name}`,
        };
    }
    const recorded = op.recorded ?? {};
    const principalId = recorded[kind.idKey];
    if (typeof principalId !== "string") return no("its recorded state names no principal");
    const principal = await kind.fetch(client, principalId);
    if (!principal) return no(`${kind.noun} ${principalId} no longer exists in the tenant`);
    const holds = (roleId: unknown) =>
        rolesOf(kind, principal.label, principal.roles).some((r) => r.id === roleId);
    const oldRole = String(recorded.role);
    if (op.operation === "deleting") {
        return holds(recorded.roleId)
            ? no(`${principal.label} still holds ${oldRole}`)
            : { op, landed: true, detail: `${principal.label} no longer holds ${oldRole}` };
    }
    if (op.operation === "updating") {
        const { inputs } = validateInputs(op.inputs, kind);
        const found = inputs && (await roles(kind, inputs.role, inputs.selector));
        const newRole = typeof found === "object" ? found : undefined;
        const holdsNew = newRole !== undefined && holds(newRole.id);
        if (holdsNew && !holds(recorded.roleId))
            return {
                op,
                landed: true,
                detail: `${principal.label} holds ${newRole.name} instead of ${oldRole}`,
            };
        return no(`${principal.label} still holds ${oldRole}`);
    }
    return no(`the engine resolves "${op.operation}" operations itself`);
}

function rolesOf(kind: PrincipalKind, label: string, roles: { id: string }[] | undefined) {
    if (roles) return roles;
    throw rolesHiddenError(
        label,
        `recover needs a TenantAdmin's credential to tell which ${kind.noun} grants landed`,
    );
}
