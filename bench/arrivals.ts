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
     * (calls - runs) / (calls - principals).
     */
    grouped: number;
    /** Median time between consecutive calls. */
    medianGapMs: number;
}

const WRITING_OPS = new Set(["create", "update", "delete"]);

interface TraceLine {
    t: number;
    event: string;
    op?: string;
    what?: string;
}

/** Reads and empties the trace file; undefined when it holds no writing operation. */
export function takeArrivals(traceFile: string): Arrivals | undefined {
    let text = "";
    try {
        text = fs.readFileSync(traceFile, "utf8");
        fs.writeFileSync(traceFile, "");
    } catch {
        return undefined;
    }
    const calls = text
        .split("\n")
        .filter((l) => l.trim() !== "")
        .map((l) => JSON.parse(l) as TraceLine)
        .filter((l) => l.event === "call" && l.op !== undefined && WRITING_OPS.has(l.op))
        .sort((a, b) => a.t - b.t);
    if (calls.length === 0) return undefined;
    // `what` is `<kind> <selector> "<value>", role "<role>"`: the part before the role names the principal.
    const principalOf = (l: TraceLine) => (l.what ?? "").replace(/, role ".*$/, "");
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
        grouped: span > 0 ? (calls.length - runs) / span : 1,
        medianGapMs: gaps.length ? gaps[Math.floor(gaps.length / 2)]! : 0,
    };
}
