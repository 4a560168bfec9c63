/**
 * Qlik rate limits (Qlik's API reference): Tier 1 1,000/min, Tier 2 100/min, evaluated over a 5-minute
 * window (bursts allowed), per tier, per user. Over the limit: 429 with `retry-after`, and every call of that
 * tier from that user is refused until the limit lifts.
 *
 * ASSUMPTION: Qlik's exact window algorithm is undocumented. The emulator uses a fixed window per (caller,
 * tier) that opens at the caller's first request: the allowance is perMinute × 5 requests; once spent, calls
 * are refused until the window ends, then a fresh window opens. Refused calls (429s) do not count; every other
 * call does, whatever its answer (Qlik: "some endpoints may have additional rate limits for error responses").
 *
 * The tenant-wide limit (Qlik's rate-limiting page): every caller's calls also count in one shared window per tier,
 * so a caller can be refused while its own allowance is far from spent (other clients used the tenant's). Its size
 * is Qlik's formula, tenantRateLimit = (user rate limit) × (number of users in the tenant) × 0.5, taken from the
 * tenant's user count at each call, unless a test gives fixed numbers.
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

    /**
     * `tenant`: fixed tenant-wide numbers, or the number of users in the tenant for Qlik's formula (applied to
     * `config`), or undefined for no tenant-wide limit.
     */
    constructor(
        private readonly config: RateLimitConfig | false,
        private readonly now: () => number = Date.now,
        private readonly tenant?: RateLimitConfig | (() => number),
    ) {}

    check(caller: string, tier: 1 | 2): RateDecision {
        const now = this.now();
        const own = this.config ? this.window(this.config, `${tier}:${caller}`, tier, now) : undefined;
        const tenantConfig = this.tenantConfig();
        const tenant = tenantConfig ? this.window(tenantConfig, `${tier}:*tenant*`, tier, now) : undefined;
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

    /** The tenant-wide limit now: Qlik's formula follows the tenant's user count. */
    private tenantConfig(): RateLimitConfig | undefined {
        if (typeof this.tenant !== "function") return this.tenant;
        if (!this.config) return undefined;
        const share = this.tenant() * 0.5;
        return {
            tier1PerMinute: this.config.tier1PerMinute * share,
            tier2PerMinute: this.config.tier2PerMinute * share,
            windowMs: this.config.windowMs,
        };
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
