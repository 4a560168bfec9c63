/**
 * How Pulumi delivered a phase's writing operations (create, update, delete) to the provider, from the provider's
 * own trace (`QLIK_ROLES_TRACE`): how well a principal's operations arrived together, and how fast they came.
 *
 * The coordinator can only merge operations that are pending at the same time, and Pulumi has at most `--parallel`
 * of them in flight: these figures say how much merging the delivery order left possible, next to the PATCH counts.
 */
import * as fs from "node:fs";

export interface Arrivals {
    /** Writing operations that reached the provider. */
    calls: number;
    /** Principals they were for. */
    principals: number;
    /** Maximal runs of consecutive calls for the same principal (`principals` when perfectly grouped). */
    runs: number;
    /**
     * 1 when each principal's calls arrived one after another, 0 when no two consecutive calls shared a principal:
     * (calls - runs) / (calls - principals); undefined when every principal had one operation.
     */
    grouped: number | undefined;
    /** Median time between consecutive calls. */
    medianGapMs: number;
    /**
     * From the first call to the last. The engine records each step in its state file before it calls the
     * provider, so this is long even at a high `--parallel` unless checkpoints are skipped: only calls that arrive
     * within one write's wait can merge.
     */
    spanMs: number;
}

const WRITING_OPS = new Set(["create", "update", "delete"]);

interface TraceLine {
    t: number;
    event: string;
    op?: string;
    what?: string;
}

/**
 * Takes the trace file (renamed away, so the provider's next line starts a new one and none is lost) and measures
 * its writing operations; undefined when it holds none.
 */
export function takeArrivals(traceFile: string): Arrivals | undefined {
    const text = takeTrace(traceFile);
    return text === undefined ? undefined : arrivalsOf(text);
}

/** The trace's text so far, taken away (renamed first, so no line is lost); undefined when there is none. */
export function takeTrace(traceFile: string): string | undefined {
    const taken = `${traceFile}.taken`;
    try {
        fs.renameSync(traceFile, taken);
        const text = fs.readFileSync(taken, "utf8");
        fs.rmSync(taken, { force: true });
        return text;
    } catch {
        return undefined;
    }
}

/**
 * Time spent inside `check` calls, summed: the engine calls `check` for one resource at a time while it generates
 * steps, so this time is added to the command's wall time as it is (a no-op provider answers at once). Undefined
 * when the trace holds no check.
 */
export function checkTimeOf(text: string): { checks: number; ms: number } | undefined {
    const open = new Map<string, number[]>();
    let checks = 0;
    let ms = 0;
    for (const line of text.split("\n")) {
        let l: TraceLine & { pid?: number };
        try {
            l = JSON.parse(line) as TraceLine & { pid?: number };
        } catch {
            continue;
        }
        if (l.op !== "check") continue;
        const key = `${l.pid}|${l.what}`;
        if (l.event === "call") open.set(key, [...(open.get(key) ?? []), l.t]);
        else if (l.event === "done") {
            const started = open.get(key)?.shift();
            if (started === undefined) continue;
            checks++;
            ms += l.t - started;
        }
    }
    return checks > 0 ? { checks, ms } : undefined;
}

/**
 * The figures for one trace's text. Lines that are not JSON (a process killed mid-line) are skipped: the trace is
 * a debugging aid and must not fail a measurement. A principal is told by how the program named it (`user subject
 * "x"`), which is exact for the benchmark's programs (one selector per principal).
 */
export function arrivalsOf(text: string): Arrivals | undefined {
    const calls: TraceLine[] = [];
    for (const line of text.split("\n")) {
        let parsed: TraceLine;
        try {
            parsed = JSON.parse(line) as TraceLine;
        } catch {
            continue;
        }
        if (parsed.event === "call" && parsed.op !== undefined && WRITING_OPS.has(parsed.op))
            calls.push(parsed);
    }
    calls.sort((a, b) => a.t - b.t);
    if (calls.length === 0) return undefined;
    // `what` is `<kind> <selector> "<value>", role "<role>"`: the part before the role names the principal.
    const principalOf = (l: TraceLine) => (l.what ?? "").replace(/, role "[^"]*"$/, "");
    const principals = new Set(calls.map(principalOf)).size;
    let runs = 1;
    for (let i = 1; i < calls.length; i++) if (principalOf(calls[i]!) !== principalOf(calls[i - 1]!)) runs++;
    const gaps = calls
        .slice(1)
        .map((c, i) => c.t - calls[i]!.t)
        .sort((a, b) => a - b);
    const span = calls.length - principals;
    return {
        calls: calls.length,
        principals,
        runs,
        // One operation per principal leaves nothing to group: no figure rather than a perfect one.
        grouped: span > 0 ? (calls.length - runs) / span : undefined,
        medianGapMs: gaps.length ? gaps[Math.floor(gaps.length / 2)]! : 0,
        spanMs: calls[calls.length - 1]!.t - calls[0]!.t,
    };
}
