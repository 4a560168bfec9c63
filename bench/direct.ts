/**
 * The provider without the Pulumi engine: the runtime lifecycle (check/diff/create/read/delete) called in-process,
 * the way the engine calls it, with at most `parallelism` operations in flight in declaration order (Pulumi's
 * default `--parallel` is 8 here). It isolates the provider's own cost from the engine's, and is what the jest
 * smoke test runs.
 *
 * Mapping of the CLI's commands to engine calls (one provider process each, fresh caches):
 *   up      = preview process: check per resource; then update process: check + create per resource
 *   preview = check + diff per resource           refresh = read per resource
 *   destroy = delete per resource, in reverse declaration order
 * Inputs are passed as the engine passes them (undefined dropped, `resourceName` set by the resource class); the
 * `__provider` text is left out (the runtime does not read it).
 */
import { configure, providerFor, __testing } from "../provider/runtime";
import type { Assignment } from "./scenarios";

export type DirectStep = "preview-new" | "create" | "preview" | "refresh" | "delete";

export interface StateEntry {
    name: string;
    kind: "user" | "group";
    id: string;
    outs: Record<string, unknown>;
}

export interface DirectJob {
    step: DirectStep;
    config: Record<string, string>;
    /** The provider's internal options (see provider/runtime/tuning.ts). */
    tuning: Record<string, number>;
    assignments: Assignment[];
    /** Resources in state (for preview, refresh, delete). */
    state: StateEntry[];
    parallelism: number;
}

export interface DirectResult {
    ms: number;
    state: StateEntry[];
    /** Resources the preview found changed (a no-change preview must report 0). */
    changes: number;
    errors: string[];
}

export function inputsOf(a: Assignment): Record<string, unknown> {
    const selector = a.kind === "user" ? { subject: a.subject } : { groupName: a.groupName };
    return { ...selector, role: a.role, resourceName: a.name };
}

/** Runs `fn` over `items` in order with at most `limit` in flight. */
export async function pool<T>(
    items: readonly T[],
    limit: number,
    fn: (item: T) => Promise<void>,
): Promise<void> {
    let next = 0;
    const worker = async () => {
        while (next < items.length) await fn(items[next++]!);
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** One engine operation's worth of provider calls, in this process. */
export async function runDirectStep(job: DirectJob): Promise<DirectResult> {
    const started = Date.now();
    __testing.reset();
    await configure({ config: { get: (k: string) => job.config[k] } }, job.tuning);
    const errors: string[] = [];
    const state = new Map(job.state.map((s) => [s.name, s]));
    let changes = 0;
    const guard = async (name: string, fn: () => Promise<void>) => {
        try {
            await fn();
        } catch (err) {
            errors.push(`${name}: ${(err as Error).message}`);
        }
    };
    const check = async (a: Assignment, olds: Record<string, unknown>) => {
        const r = await providerFor(a.kind, 1).check(olds, inputsOf(a));
        if (r.failures?.length)
            throw new Error(r.failures.map((f) => `${f.property}: ${f.reason}`).join("; "));
        return r.inputs ?? inputsOf(a);
    };

    switch (job.step) {
        case "preview-new":
        case "create":
            await pool(job.assignments, job.parallelism, (a) =>
                guard(a.name, async () => {
                    const inputs = await check(a, {});
                    if (job.step === "preview-new") return;
                    const { id, outs } = await providerFor(a.kind, 1).create(inputs);
                    state.set(a.name, {
                        name: a.name,
                        kind: a.kind,
                        id,
                        outs: outs as Record<string, unknown>,
                    });
                }),
            );
            break;
        case "preview":
            await pool(job.assignments, job.parallelism, (a) =>
                guard(a.name, async () => {
                    const old = state.get(a.name);
                    if (!old) return void changes++;
                    const inputs = await check(a, inputsOf(a));
                    const d = await providerFor(a.kind, 1).diff(old.id, old.outs, inputs);
                    if (d.changes) changes++;
                }),
            );
            break;
        case "refresh":
            await pool(job.state, job.parallelism, (s) =>
                guard(s.name, async () => {
                    const r = await providerFor(s.kind, 1).read(s.id, s.outs);
                    if (!r.id) state.delete(s.name);
                    else
                        state.set(s.name, {
                            ...s,
                            id: r.id,
                            outs: (r.props ?? s.outs) as Record<string, unknown>,
                        });
                }),
            );
            break;
        case "delete":
            await pool([...job.state].reverse(), job.parallelism, (s) =>
                guard(s.name, async () => {
                    await providerFor(s.kind, 1).delete(s.id, s.outs);
                    state.delete(s.name);
                }),
            );
            break;
    }
    // Keep declaration order in state (as the engine's snapshot does).
    const order = new Map(job.assignments.map((a, i) => [a.name, i]));
    const out = [...state.values()].sort((x, y) => (order.get(x.name) ?? 0) - (order.get(y.name) ?? 0));
    return { ms: Date.now() - started, state: out, changes, errors };
}
