/**
 * What both shapes of grant do the same way: reach a principal through the coordinator's store, refuse invalid
 * inputs, refuse state from another tenant, and turn every failure into one line that reaches the user once.
 */
import { QlikError, type ThrottleSlot } from "../../client";
import type { PrincipalStore, WriteReservation } from "../../core/principal-coordinator";
import type { Principal, PrincipalKind } from "../kinds/principal-kind";
import { visibleRoles } from "../kinds/principal-kind";
import { oneLineError } from "./failures";
import { expectHostEcho } from "../notices/notices";
import { trace } from "../notices/trace";
import type { ResourceType } from "../resource-types";
import type { Services } from "../services";
import type { CheckFailure, Props } from "./inputs";

/** The reservations the store hands out are the client's throttle slots (structurally: limiters are shared). */
const isThrottleSlot = (r: WriteReservation | undefined): r is ThrottleSlot =>
    typeof (r as Partial<ThrottleSlot> | undefined)?.use === "function";

/** How the coordinator reads and writes one principal's roles. */
export function principalStore(kind: PrincipalKind, s: Services, principalId: string): PrincipalStore {
    return {
        read: async () => {
            const p = await kind.fetch(s.client, principalId);
            return p && visibleRoles(p);
        },
        ...(s.config.tuning.writeSlotFirst ? { reserveWrite: () => s.client.reserveWrite() } : {}),
        write: (roles, reservation) =>
            kind.replaceRoles(
                s.client,
                principalId,
                roles,
                isThrottleSlot(reservation) ? reservation : undefined,
            ),
    };
}

/** The principal's roles now, read through the coordinator (which may answer from a read it just made). */
export function currentRoles(kind: PrincipalKind, s: Services, principalId: string) {
    return s.coordinator.read(kind.keyOf(principalId), principalStore(kind, s, principalId));
}

/**
 * What `read` hands back for a resource the tenant still holds: its outputs with `changed` applied, and the inputs
 * a program declaring it as it is now would give: the selector it was named by, verbatim, and `inputs`.
 */
export function refreshed(id: string, outputs: Props, changed: Props, inputs: Props) {
    const props: Props = { ...outputs, ...changed };
    delete props.__provider;
    const selectorKeys = String(outputs.principalSelector).split(",");
    const declared: Props = { ...Object.fromEntries(selectorKeys.map((k) => [k, outputs[k]])), ...inputs };
    if (typeof outputs.resourceName === "string") declared.resourceName = outputs.resourceName;
    return { id, props, inputs: declared };
}

/** A principal known only by the id state recorded, for the messages and guards of a delete. */
export function recordedPrincipal(
    kind: PrincipalKind,
    outputs: Readonly<Record<string, unknown>>,
): Principal {
    return { id: String(outputs[kind.idKey]), label: kind.storedLabel(outputs), fields: {} };
}

/** Validated inputs, or an error listing every failure (check reports them; the other methods must not act). */
export function validOrThrow<T>(result: { failures: CheckFailure[]; inputs?: T }): T {
    if (!result.inputs || result.failures.length > 0) {
        throw new QlikError(
            "QLIK_INVALID_INPUT",
            result.failures.map((f) => `${f.property}: ${f.reason}`).join("; "),
        );
    }
    return result.inputs;
}

/**
 * Operations on state from another tenant than the configured one must not touch the configured tenant.
 * @param what how the message names the resource, e.g. "assignment" or "role set"
 */
export function refuseOtherTenant(s: Services, recorded: unknown, what: string): void {
    if (typeof recorded === "string" && recorded !== s.config.origin) {
        throw new QlikError(
            "QLIK_CONFIG",
            `this ${what} belongs to tenant ${recorded} but the provider is configured for ${s.config.origin}; set qlik:tenantUrl back to ${recorded}, or drop it from state with \`pulumi state delete\``,
        );
    }
}

/**
 * Runs one provider method: traces it, and turns any failure into one actionable line naming the operation, the
 * resource type and what it acts on, whose echo by Pulumi's provider host is dropped (the user sees it once).
 */
export async function guardedCall<T>(
    resource: ResourceType,
    op: string,
    what: () => string,
    fn: () => Promise<T>,
): Promise<T> {
    const noun = resource.kind.noun;
    trace("call", { op, kind: noun, what: what() });
    try {
        return await fn();
    } catch (err) {
        const line = oneLineError(`${op} ${resource.name} (${what()})`, err);
        expectHostEcho(line);
        throw line;
    } finally {
        trace("done", { op, kind: noun, what: what() });
    }
}

/**
 * Every promise's value once all have settled, or the first failure, thrown only then: the changes of one role
 * set are handed to the coordinator together, and a failed one must not end the operation while the others still
 * write (Pulumi would record the result while our writes carry on).
 */
export async function allSettledOrThrow<T>(promises: readonly Promise<T>[]): Promise<T[]> {
    const results = await Promise.allSettled(promises);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failed) throw failed.reason;
    return results.map((r) => (r as PromiseFulfilledResult<T>).value);
}
