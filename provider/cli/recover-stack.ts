/**
 * What `recover` must know of the stack besides its state: whether a run still holds it, and when the last run
 * that finished ended. Both come from the Pulumi CLI (read-only commands) and, for a file backend, its lock files.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

/** `pulumi stack history --json`, as far as recover reads it. */
interface HistoryEntry {
    result?: string;
    endTime?: string;
}

interface StackFacts {
    /** Why the stack is locked by another run, when it is. */
    locked?: string;
    /** When the last update that finished (well or not) ended: the interrupted run began after it. */
    lastRunEnded?: Date;
}

/** Reads `stack history --json`, `whoami --json` and the named project's and stack's lock files. */
export function stackFacts(
    history: string,
    whoami: string,
    project: string,
    stack: string,
    now: Date = new Date(),
): StackFacts {
    const entries = parseJson<HistoryEntry[]>(history) ?? [];
    const facts: StackFacts = {};
    const ended = entries
        .filter((e) => e.result !== "in-progress" && typeof e.endTime === "string")
        .map((e) => Date.parse(e.endTime!))
        .filter((t) => Number.isFinite(t));
    if (ended.length > 0) facts.lastRunEnded = new Date(Math.max(...ended));
    // A managed backend records a run that never ended as in progress; a file backend leaves its lock file.
    if (entries.some((e) => e.result === "in-progress"))
        facts.locked = "its history shows an update still in progress";
    const url = parseJson<{ url?: string }>(whoami)?.url;
    const locks = url ? fileBackendLocks(url, project, stack) : [];
    if (locks.length > 0) {
        const since = locks
            .map((l) => l.timestamp)
            .filter((t): t is string => typeof t === "string")
            .sort()[0];
        facts.locked = `${locks.length} lock file(s) of the file backend${since ? `, the oldest taken ${age(since, now)}` : ""}`;
    }
    return facts;
}

/** The lock files a file backend keeps for a stack (`.pulumi/locks/organization/<project>/<stack>/*.json`). */
function fileBackendLocks(url: string, project: string, stack: string): { timestamp?: unknown }[] {
    if (!url.startsWith("file://")) return [];
    let root: string;
    try {
        root = fileURLToPath(url.replace(/^file:\/\/~/, `file://${process.env.HOME ?? ""}`));
    } catch {
        return [];
    }
    const dir = path.join(root, ".pulumi", "locks", "organization", project, stack);
    let files: string[];
    try {
        files = fs.readdirSync(dir).filter((f) => f.endsWith(".json"));
    } catch {
        return [];
    }
    return files.map((f) => {
        try {
            return (parseJson<{ timestamp?: unknown }>(fs.readFileSync(path.join(dir, f), "utf8")) ?? {}) as {
                timestamp?: unknown;
            };
        } catch {
            return {};
        }
    });
}

function age(timestamp: string, now: Date): string {
    const ms = now.getTime() - Date.parse(timestamp);
    if (!Number.isFinite(ms)) return `at ${timestamp}`;
    const minutes = Math.round(ms / 60_000);
    return minutes < 1 ? "less than a minute ago" : `${minutes} minute(s) ago`;
}

function parseJson<T>(text: string): T | undefined {
    try {
        return JSON.parse(text) as T;
    } catch {
        return undefined;
    }
}

/** The one line that stops recover while another run holds the stack. */
export function lockedMessage(why: string): string {
    return `the stack is locked by another run (${why}); if that run was killed, clear the lock with \`pulumi cancel\`, then run recover again`;
}
