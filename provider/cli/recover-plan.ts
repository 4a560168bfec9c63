/**
 * The pure half of `pulumi-qlik-roles recover`: which of a stack's pending operations are role assignments, and,
 * once the tenant has said which grants landed, which Pulumi commands make the state tell the truth again.
 *
 * A `pulumi up` that is killed leaves `pending_operations` in the stack's state: operations the engine started
 * but never saw finish. For a create, the engine keeps the pending entry across runs and never records the
 * resource, so a grant that landed is managed by nobody (removing it from the program never removes the role).
 * `pulumi refresh --import-pending-creates <URN> <ID>` records such a resource under its id, and
 * `--clear-pending-creates` drops every pending create left after the imports. Pending updates and deletes are
 * dropped by any refresh, which then reads the resource's recorded state.
 */

/** Our resources' type tokens, by kind of principal. */
const ASSIGNMENT_TYPES: Readonly<Record<string, AssignmentKind>> = {
    "pulumi-nodejs:dynamic/qlik:UserRoleAssignment": "user",
    "pulumi-nodejs:dynamic/qlik:GroupRoleAssignment": "group",
    "pulumi-nodejs:dynamic/qlik:SpaceRoleAssignment": "spaceMember",
};

/** The assignment resource types `recover` judges, by the `__provider` name of their kind. */
type AssignmentKind = "user" | "group" | "spaceMember";

/** One operation the engine began and never saw finish. */
export interface PendingOperation {
    urn: string;
    /** The resource's name in the program (the URN's last segment). */
    name: string;
    /** `creating`, `updating`, `deleting`, ... as the engine writes it. */
    operation: string;
    /** Which of our assignment types; undefined for any other resource type. */
    kind?: AssignmentKind;
    /** The inputs the operation was started with (for a create or update: the program's new inputs). */
    inputs: Record<string, unknown>;
    /** The outputs recorded in state before the operation (update, delete); undefined for a create. */
    recorded?: Record<string, unknown>;
    /**
     * A create whose resource the state records all the same: a later `pulumi up` created it, and the engine keeps
     * the killed run's pending entry beside it. Nothing is left to judge or import.
     */
    alreadyRecorded?: boolean;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * The pending operations of `pulumi stack export` output, in the order the engine recorded them.
 * Throws a one-line error when the text is not a stack export.
 */
export function pendingOperations(exported: string): PendingOperation[] {
    let parsed: unknown;
    try {
        parsed = JSON.parse(exported);
    } catch {
        throw new Error("`pulumi stack export` did not print JSON; run it yourself to see why, then retry");
    }
    const deployment = isObject(parsed) ? parsed.deployment : undefined;
    if (!isObject(deployment)) {
        throw new Error(
            "`pulumi stack export` printed no deployment; is a stack selected (`pulumi stack select`)?",
        );
    }
    const resources = Array.isArray(deployment.resources) ? deployment.resources.filter(isObject) : [];
    const ops = Array.isArray(deployment.pending_operations) ? deployment.pending_operations : [];
    return ops.filter(isObject).flatMap((op) => {
        const resource = op.resource;
        if (!isObject(resource) || typeof resource.urn !== "string") return [];
        const urn = resource.urn;
        const type = typeof resource.type === "string" ? resource.type : "";
        // The resource as recorded before the operation (updates and deletes only; a create has none).
        const before =
            resources.find((r) => r.urn === urn && r.delete !== true) ?? resources.find((r) => r.urn === urn);
        const pending: PendingOperation = {
            urn,
            name: urn.split("::").pop() ?? urn,
            operation: typeof op.type === "string" ? op.type : "unknown",
            kind: ASSIGNMENT_TYPES[type],
            inputs: isObject(resource.inputs) ? resource.inputs : {},
        };
        if (before && isObject(before.outputs)) pending.recorded = before.outputs;
        const live = resources.some((r) => r.urn === urn && r.delete !== true);
        if (pending.operation === "creating" && live) pending.alreadyRecorded = true;
        return [pending];
    });
}

/** What the tenant says about one pending assignment (found read-only). */
export type Verdict =
    /**
     * The grant is held: a create to import under `id`, an update or delete whose result is what the tenant shows.
     * For a create, `heldBefore` says whether the tenant proves the principal held the role before the interrupted
     * run began; when it cannot, nobody can tell a grant the run made from one it adopted.
     */
    | { op: PendingOperation; landed: true; id?: string; heldBefore?: boolean; detail: string }
    /** The grant never landed (or the principal or role does not exist), or (`stale`) a later run recorded it. */
    | { op: PendingOperation; landed: false; stale?: true; detail: string };

/** What `recover --apply` will do, and what it cannot. */
interface RecoveryPlan {
    /** Pending creates whose grant landed: recorded under their id. */
    imports: { urn: string; id: string }[];
    /** Pending creates whose grant never landed: dropped from state. */
    clears: string[];
    /** Pending creates a later run recorded: only their pending entry is dropped. */
    stale: string[];
    /** Resources the refresh must leave alone (an update that landed: a refresh would read the old role). */
    excludes: string[];
    /** Things the user must do or know, one line each. */
    notes: string[];
    /** Why `--apply` cannot run, when it cannot. */
    blocked?: string;
    /** Whether `--apply` has anything to do. */
    needed: boolean;
}

/**
 * Turns the verdicts (and the pending operations of other resource types) into the recovery.
 *
 * The sequence: `pulumi stack import` of the exported state in which each landed create is a resource with its id
 * (and its inputs as outputs) and no pending operation is left, then `pulumi refresh`, whose `read` fills in the
 * outputs a finished create stores. Pulumi's own `refresh --import-pending-creates` only marks the operations as
 * importing, and the refresh that follows drops them without reading them (measured with the CLI v3.260): the
 * grants would stay managed by nobody. `--clear-pending-creates` clears every pending create, not selected ones.
 */
export function recoveryPlan(
    verdicts: readonly Verdict[],
    others: readonly PendingOperation[],
): RecoveryPlan {
    const plan: RecoveryPlan = { imports: [], clears: [], stale: [], excludes: [], notes: [], needed: false };
    for (const v of verdicts) {
        if (v.op.operation === "creating") {
            if (v.landed && v.id) {
                plan.imports.push({ urn: v.op.urn, id: v.id });
                if (!v.heldBefore) plan.notes.push(unattributedNote(v.op));
            } else if (!v.landed && v.stale) plan.stale.push(v.op.urn);
            else plan.clears.push(v.op.urn);
        } else if (v.op.operation === "updating" && v.landed) {
            // A refresh reads the resource with the outputs recorded before the update (the old role), finds that
            // role gone and drops the resource: the new role would then be managed by nobody. Left out of the
            // refresh, the resource keeps its record, and the next `up` finishes the update without a write.
            plan.excludes.push(v.op.urn);
            plan.notes.push(
                `${v.op.name}: keep it declared with role "${String(v.op.inputs.role)}" until the next \`pulumi up\` has run; removing it first would leave that role behind`,
            );
        }
    }
    plan.needed = verdicts.length > 0;
    const foreignCreates = others.filter((o) => o.operation === "creating");
    if (plan.needed && foreignCreates.length > 0) {
        // `pulumi stack import` drops every pending operation, and those of other resources are not ours to judge.
        plan.blocked = `other resources have pending creates too (${foreignCreates
            .map((o) => o.name)
            .join(
                ", ",
            )}), which the recovery would drop; resolve them first (\`pulumi refresh\` asks about each; answer "skip" for the role assignments), then run recover again`;
    }
    return plan;
}

/**
 * Why a held grant is recorded as held before the stack: a create that adopts writes nothing, so a grant the
 * interrupted run made and one the principal already had look the same. Recording the run's own grant as
 * preexisting can at worst leave it behind at destroy (with `retainIfPreexisting`); the other way round, destroy
 * would take away a role someone held before the stack existed.
 */
function unattributedNote(op: PendingOperation): string {
    const role = String(op.inputs.role);
    const keep =
        op.inputs.retainIfPreexisting === true
            ? "destroy will leave it; if the interrupted run granted it, remove it by hand after destroy"
            : "destroy removes it all the same, since retainIfPreexisting is not set";
    return `${op.name}: could not tell whether the interrupted run granted ${role} or it was held before; recorded as held before (preexisting): ${keep}`;
}

/**
 * The stack export (`pulumi stack export` JSON) after the recovery: each landed create is a resource under its id,
 * with its inputs as outputs until the refresh reads it; no pending operation is left.
 */
export function recoveredDeployment(exported: string, plan: RecoveryPlan): string {
    const parsed = JSON.parse(exported) as { deployment: Json };
    const deployment = parsed.deployment;
    const ops = (Array.isArray(deployment.pending_operations) ? deployment.pending_operations : []).filter(
        isObject,
    );
    const resources = Array.isArray(deployment.resources) ? [...deployment.resources] : [];
    for (const { urn, id } of plan.imports) {
        const op = ops.find((o) => isObject(o.resource) && o.resource.urn === urn && o.type === "creating");
        if (!op || !isObject(op.resource))
            throw new Error(`${urn} is no longer a pending create; run recover again`);
        const inputs = isObject(op.resource.inputs) ? op.resource.inputs : {};
        // Appended last: its parent and provider were registered before its create began, so they come earlier.
        resources.push({ ...op.resource, id, outputs: { ...inputs } });
    }
    return JSON.stringify(
        { ...parsed, deployment: { ...deployment, resources, pending_operations: [] } },
        null,
        4,
    );
}
