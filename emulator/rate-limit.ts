/**
 * Qlik rate limits (Qlik's API reference): Tier 1 1,000/min, Tier 2 100/min, evaluated over a 5-minute
 * window (bursts allowed), per tier, per user. Over the limit: 429 with `retry-after`, and every call of that
 * tier from that user is refused until the limit lifts.
 *
 * ASSUMPTION: Qlik's exact window algorithm is undocumented. The emulator uses a fixed window per (caller,
 * tier) that opens at the caller's first request: the allowance is perMinute × 5 requests; once spent, calls
 * are refused until the window ends, then a fresh window opens. Refused calls do not count.
 */

export interface RateLimitConfig {
    tier1PerMinute: number;
    tier2PerMinute: number;
    /** 5 minutes divided by the time scale. */
    windowMs: number;
}

export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

export class RateLimiter {
    private windows = new Map<string, { start: number; count: number }>();

    constructor(
        private readonly config: RateLimitConfig | false,
        private readonly now: () => number = Date.now,
    ) {}

    check(caller: string, tier: 1 | 2): RateDecision {
        if (!this.config) return { ok: true };
        const allowance = (tier === 1 ? this.config.tier1PerMinute : this.config.tier2PerMinute) * 5;
        const key = `${tier}:${caller}`;
        const now = this.now();
        let w = this.windows.get(key);
        if (!w || now >= w.start + this.config.windowMs) {
            w = { start: now, count: 0 };
            this.windows.set(key, w);
        }
        if (w.count >= allowance) {
            // Integer seconds, rounded up, at least 1; already in scaled time since the window is scaled.
            return {
                ok: false,
                retryAfterSeconds: Math.max(1, Math.ceil((w.start + this.config.windowMs - now) / 1000)),
            };
        }
        w.count++;
        return { ok: true };
    }

    reset(): void {
        this.windows.clear();
    }
}
