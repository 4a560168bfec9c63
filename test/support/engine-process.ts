/**
 * Starts `dist/test/support/engine-driver.js` in a separate plain node process in an example's directory and
 * calls the deserialized providers through it (see engine-driver.ts).
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import * as path from "node:path";
import * as readline from "node:readline";
import { REPO_ROOT } from "../../scripts/lib/repo-root";

export { REPO_ROOT };

export interface EngineError {
    message: string;
    code?: string;
    stack?: string;
    id?: string;
    properties?: Record<string, unknown>;
}

export class EngineProcess {
    private nextId = 1;
    private readonly pending = new Map<
        number,
        { resolve: (v: unknown) => void; reject: (e: EngineError) => void }
    >();
    readonly stderr: string[] = [];

    private constructor(
        private readonly child: ChildProcessWithoutNullStreams,
        readonly texts: { user: string; group: string },
    ) {}

    /** Spawns the driver in `cwd` (default examples/quickstart) with a clean environment (no QLIK_* vars). */
    static async start(options: { cwd?: string; env?: Record<string, string> } = {}): Promise<EngineProcess> {
        const env: Record<string, string> = {};
        for (const [k, v] of Object.entries(process.env))
            if (!k.startsWith("QLIK_") && v !== undefined) env[k] = v;
        const child = spawn(process.execPath, [path.join(REPO_ROOT, "dist/test/support/engine-driver.js")], {
            cwd: options.cwd ?? path.join(REPO_ROOT, "examples/quickstart"),
            env: { ...env, ...options.env },
            stdio: ["pipe", "pipe", "pipe"],
        });
        const lines = readline.createInterface({ input: child.stdout });
        const stderr: string[] = [];
        child.stderr.on("data", (d) => stderr.push(String(d)));
        let engine: EngineProcess | undefined;
        return new Promise((resolve, reject) => {
            child.on("exit", (code) => {
                if (!engine) reject(new Error(`engine driver exited with ${code}: ${stderr.join("")}`));
                for (const p of engine?.pending.values() ?? [])
                    p.reject({ message: `engine driver exited with ${code}` });
            });
            lines.on("line", (line) => {
                const msg = JSON.parse(line);
                if (msg.ready) {
                    engine = new EngineProcess(child, msg.texts);
                    engine.stderr.push(...stderr);
                    child.stderr.on("data", (d) => engine!.stderr.push(String(d)));
                    resolve(engine);
                    return;
                }
                const p = engine?.pending.get(msg.id);
                if (!p) return;
                engine!.pending.delete(msg.id);
                if (msg.ok) p.resolve(msg.result);
                else p.reject(msg.error);
            });
        });
    }

    /** Calls `method` on the deserialized provider of `kind`. Rejects with the provider's error (message, code). */
    call<T = any>(kind: "user" | "group", method: string, ...args: unknown[]): Promise<T> {
        const id = this.nextId++;
        return new Promise<T>((resolve, reject) => {
            this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
            this.child.stdin.write(JSON.stringify({ id, kind, method, args }) + "\n");
        });
    }

    async stop(): Promise<void> {
        this.child.stdin.end();
        await new Promise((r) => this.child.once("exit", r));
    }
}
