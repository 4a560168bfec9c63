/**
 * A minimal stand-in for the Pulumi engine, in-process, for the fault matrix: `up` runs check then
 * create/update for every declared assignment (all at once, as the engine does at default parallelism), `destroy`
 * runs every delete at once, `refresh` runs read. Like a fresh `pulumi` command, every run reconfigures the runtime
 * (new provider process: empty caches, fresh coordinator). State is kept the way the engine keeps it, including a
 * resource recorded from a create error that carries an id (Pulumi's "initialization failed").
 */
import { configure, providerFor, __testing } from "../../../provider/runtime";
import type { Tuning } from "../../../provider/runtime/config/tuning";

export interface Declared {
    name: string;
    kind: "user" | "group";
    args: Record<string, unknown>;
}

export interface StateEntry {
    kind: "user" | "group";
    id: string;
    outs: Record<string, unknown>;
    /** Recorded from a failed create that reported its id (the role may be held although the create failed). */
    initFailed?: boolean;
}

export interface RunResult {
    ok: boolean;
    /** One entry per failed resource: the message the user would see. */
    errors: string[];
    durationMs: number;
}

/** Drops undefined values, as the engine's wire format does. */
function wire(props: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(Object.entries(props).filter(([, v]) => v !== undefined));
}

export class MiniStack {
    readonly state = new Map<string, StateEntry>();

    /**
     * @param config stack config (`qlik:*`)
     * @param tuning internal options (see provider/runtime/tuning.ts)
     */
    constructor(
        private config: Record<string, string>,
        private readonly tuning: Partial<Tuning> = {},
    ) {}

    /** Changes the stack config for the following runs (e.g. after a fault, fix a credential). */
    setConfig(config: Record<string, string>): void {
        this.config = config;
    }

    private async freshProcess(): Promise<void> {
        __testing.reset();
        // A new provider process also starts with an empty client-side throttle (it lives on globalThis)...
        delete (globalThis as Record<symbol, unknown>)[Symbol.for("pulumi-qlik-roles.rate-limiters")];
        // ... and with no OAuth token (also on globalThis).
        delete (globalThis as Record<symbol, unknown>)[Symbol.for("pulumi-qlik-roles.oauth-tokens")];
        const config = this.config;
        await configure({ config: { get: (k: string) => config[k] } }, this.tuning);
    }

    async up(program: readonly Declared[]): Promise<RunResult> {
        const started = Date.now();
        await this.freshProcess();
        const errors: string[] = [];
        const declared = new Set(program.map((d) => d.name));
        await Promise.all(
            program.map(async (d) => {
                const lc = providerFor(d.kind, 1);
                const news = wire({ ...d.args, resourceName: d.name });
                const existing = this.state.get(d.name);
                try {
                    const checked = await lc.check(existing?.outs ?? {}, news);
                    if (checked.failures && checked.failures.length > 0) {
                        for (const f of checked.failures)
                            errors.push(`${d.name}: property ${f.property}: ${f.reason}`);
                        return;
                    }
                    if (!existing) {
                        const { id, outs } = await lc.create(news);
                        this.state.set(d.name, { kind: d.kind, id, outs });
                        return;
                    }
                    const diff = await lc.diff(existing.id, existing.outs, news);
                    if (diff.replaces && diff.replaces.length > 0) {
                        const { id, outs } = await lc.create(news);
                        await lc.delete(existing.id, existing.outs);
                        this.state.set(d.name, { kind: d.kind, id, outs });
                    } else if (diff.changes || existing.initFailed) {
                        const { outs } = await lc.update(existing.id, existing.outs, news);
                        this.state.set(d.name, { kind: d.kind, id: existing.id, outs });
                    }
                } catch (err) {
                    errors.push(`${d.name}: ${(err as Error).message}`);
                    const e = err as { id?: string; properties?: Record<string, unknown> };
                    if (!existing && e.id && e.properties) {
                        this.state.set(d.name, {
                            kind: d.kind,
                            id: e.id,
                            outs: e.properties,
                            initFailed: true,
                        });
                    }
                }
            }),
        );
        // Resources no longer declared are deleted after the creates, as the engine does.
        const gone = [...this.state.entries()].filter(([name]) => !declared.has(name));
        await this.deleteAll(gone, errors);
        return { ok: errors.length === 0, errors, durationMs: Date.now() - started };
    }

    async destroy(): Promise<RunResult> {
        const started = Date.now();
        await this.freshProcess();
        const errors: string[] = [];
        await this.deleteAll([...this.state.entries()], errors);
        return { ok: errors.length === 0, errors, durationMs: Date.now() - started };
    }

    /** `pulumi refresh`: reads every resource; a resource whose read returns no id is dropped. */
    async refresh(): Promise<RunResult & { dropped: string[]; changed: string[] }> {
        const started = Date.now();
        await this.freshProcess();
        const errors: string[] = [];
        const dropped: string[] = [];
        const changed: string[] = [];
        await Promise.all(
            [...this.state.entries()].map(async ([name, entry]) => {
                try {
                    const r = await providerFor(entry.kind, 1).read(entry.id, entry.outs);
                    if (!r.id) {
                        dropped.push(name);
                        this.state.delete(name);
                        return;
                    }
                    if (r.props && (r.props.role !== entry.outs.role || r.id !== entry.id))
                        changed.push(name);
                } catch (err) {
                    errors.push(`${name}: ${(err as Error).message}`);
                }
            }),
        );
        return { ok: errors.length === 0, errors, durationMs: Date.now() - started, dropped, changed };
    }

    private async deleteAll(entries: [string, StateEntry][], errors: string[]): Promise<void> {
        await Promise.all(
            entries.map(async ([name, entry]) => {
                try {
                    await providerFor(entry.kind, 1).delete(entry.id, entry.outs);
                    this.state.delete(name);
                } catch (err) {
                    errors.push(`${name}: ${(err as Error).message}`);
                }
            }),
        );
    }
}
