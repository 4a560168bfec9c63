/**
 * Qlik rate limits (Qlik's API reference): Tier 1 1,000/min, Tier 2 100/min, evaluated over a 5-minute
 * window (bursts allowed), per tier, per user. Over the limit: 429 with `retry-after`, and every call of that
 * tier from that user is refused until the limit lifts.
 *
 * ASSUMPTION: Qlik's exact window algorithm is undocumented. The emulator uses a fixed window per (caller,
 * tier) that opens at the caller's first request: the allowance is perMinute × 5 requests; once spent, calls
 * are refused until the window ends, then a fresh window opens. Refused calls do not count.
 * With a tenant-wide limit, every caller's calls also count in one shared window per tier, so a caller can be
 * refused while its own allowance is far from spent (another client used the tenant's).
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
        private readonly tenantConfig?: RateLimitConfig,
    ) {}

    check(caller: string, tier: 1 | 2): RateDecision {
        const now = this.now();
        const own = this.config ? this.window(this.config, `${tier}:${caller}`, tier, now) : undefined;
        const tenant = this.tenantConfig
            ? this.window(this.tenantConfig, `${tier}:*tenant*`, tier, now)
            : undefined;
        const refused = [own, tenant].filter((w) => w && w.w.count >= w.allowance);
        if (refused.length > 0) {
            // Integer seconds, rounded up, at least 1; already in scaled time since the window is scaled.
            const until = Math.max(...refused.map((w) => w!.w.start + w!.windowMs));
            return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((until - now) / 1000)) };
        }
        if (own) own.w.count++;
        if (tenant) tenant.w.count++;
        return { ok: true };
    }

    private window(config: RateLimitConfig, key: string, tier: 1 | 2, now: number) {
        const allowance = (tier === 1 ? config.tier1PerMinute : config.tier2PerMinute) * 5;
        let w = this.windows.get(key);
        if (!w || now >= w.start + config.windowMs) {
            w = { start: now, count: 0 };
            this.windows.set(key, w);
        }
        return { w, allowance, windowMs: config.windowMs };
    }

    reset(): void {
        this.windows.clear();
    }
}
