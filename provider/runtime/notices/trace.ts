import { appendFileSync } from "node:fs";

/**
 * Debug tracing: with QLIK_ROLES_TRACE=<file>, one JSON line per event (time, event, details) is appended to the
 * file. Holds principal ids and role names only, never a credential. Used to see how Pulumi's parallelism feeds
 * the coordinator (the benchmark reads it). Documented in the README's Development section.
 */
export function trace(event: string, details: Record<string, unknown>): void {
    const file = process.env.QLIK_ROLES_TRACE;
    if (!file) return;
    try {
        appendFileSync(file, JSON.stringify({ t: Date.now(), pid: process.pid, event, ...details }) + "\n");
    } catch {
        // Tracing is a debugging aid: a full disk must not fail or hang an operation.
    }
}
