/**
 * What one phase cost, computed from the emulator's request log (the tenant's view: the only ground truth that
 * covers the CLI's provider process too), and the bounds it is judged against.
 */
import type { RequestLogEntry } from "../emulator";
import { READ_ALLOWANCE, WRITE_ALLOWANCE, QLIK, type BenchSettings } from "./tenant";

export type Phase = "up" | "preview" | "refresh" | "destroy";
export const PHASES: Phase[] = ["up", "preview", "refresh", "destroy"];

export interface PhaseMetrics {
    wallMs: number;
    /** First request start to last request end: the time the tenant was busy with this phase. */
    spanMs: number;
    requests: number;
    /** e.g. `{"GET t1": 61, "PATCH t2": 60}`. */
    byMethodTier: Record<string, number>;
    reads: number;
    writes: number;
    /** Of the reads: role listings (GET /roles, every page) and follow-up pages of principal lists. */
    roleListings: number;
    pagedReads: number;
    status429: number;
    /** Answers >= 400 other than 429 (404s of a naive delete, failures). */
    otherErrors: number;
    /** Histogram: number of PATCHes a principal received -> how many principals received that many. */
    patchesPerPrincipal: Record<string, number>;
    /** Requests in flight: mean over the span and the maximum. */
    meanInFlight: number;
    maxInFlight: number;
}

const isRoles = (e: RequestLogEntry) => e.path.startsWith("/api/v1/roles");
const isPaged = (e: RequestLogEntry) =>
    e.method === "GET" && !isRoles(e) && Object.keys(e.query).some((k) => /cursor|next|page|offset/i.test(k));

export function summarize(log: readonly RequestLogEntry[], wallMs: number): PhaseMetrics {
    const byMethodTier: Record<string, number> = {};
    const patches = new Map<string, number>();
    for (const e of log) {
        const key = `${e.method} t${e.tier}`;
        byMethodTier[key] = (byMethodTier[key] ?? 0) + 1;
        if (e.method === "PATCH") patches.set(e.path, (patches.get(e.path) ?? 0) + 1);
    }
    const histogram: Record<string, number> = {};
    for (const n of patches.values()) histogram[n] = (histogram[n] ?? 0) + 1;
    const start = Math.min(...log.map((e) => e.startedAt));
    const end = Math.max(...log.map((e) => e.endedAt));
    const spanMs = log.length ? end - start : 0;
    return {
        wallMs,
        spanMs,
        requests: log.length,
        byMethodTier,
        reads: log.filter((e) => e.tier === 1).length,
        writes: log.filter((e) => e.method === "PATCH").length,
        roleListings: log.filter(isRoles).length,
        pagedReads: log.filter(isPaged).length,
        status429: log.filter((e) => e.status === 429).length,
        otherErrors: log.filter((e) => e.status >= 400 && e.status !== 429).length,
        patchesPerPrincipal: histogram,
        meanInFlight: spanMs ? round(log.reduce((s, e) => s + (e.endedAt - e.startedAt), 0) / spanMs, 2) : 0,
        maxInFlight: maxInFlight(log),
    };
}

function maxInFlight(log: readonly RequestLogEntry[]): number {
    const events = log.flatMap((e) => [
        { t: e.startedAt, d: 1 },
        { t: e.endedAt, d: -1 },
    ]);
    events.sort((a, b) => a.t - b.t || a.d - b.d);
    let now = 0;
    let max = 0;
    for (const ev of events) max = Math.max(max, (now += ev.d));
    return max;
}

export const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

/** The fewest requests a phase can need, and the wall time that implies. */
export interface Bounds {
    reads: number;
    writes: number;
    requests: number;
    latencyBoundMs: number;
    rateBoundMs: number;
    /** 1.25 x max(latency bound, rate-limit bound). */
    targetMs: number;
}

export interface PhaseWork {
    /** Principals declared in the program. */
    principals: number;
    /** Principals whose roles this phase changes. */
    touched: number;
}

/**
 * One read per principal, one write per touched principal, plus the role listing where role names must be resolved
 * (`up`, `preview`; `refresh` and `destroy` work from the role ids in state).
 * Latency bound: those requests x latency / parallelism. Rate-limit bound: requests beyond a tier's 5-minute
 * allowance at that tier's per-minute rate, time-scaled (in practice only writes: 500, then 100 a minute).
 */
export function bounds(phase: Phase, work: PhaseWork, rolePages: number, settings: BenchSettings): Bounds {
    const listing = phase === "up" || phase === "preview" ? rolePages : 0;
    const reads = work.principals + listing;
    const writes = phase === "up" || phase === "destroy" ? work.touched : 0;
    const requests = reads + writes;
    const latencyBoundMs = (requests * settings.latencyMs) / settings.parallelism;
    const minuteMs = 60_000 / settings.timeScale;
    const rateBoundMs = Math.max(
        (Math.max(0, writes - WRITE_ALLOWANCE) / QLIK.tier2PerMinute) * minuteMs,
        (Math.max(0, reads - READ_ALLOWANCE) / QLIK.tier1PerMinute) * minuteMs,
    );
    return {
        reads,
        writes,
        requests,
        latencyBoundMs,
        rateBoundMs,
        targetMs: 1.25 * Math.max(latencyBoundMs, rateBoundMs),
    };
}
