/**
 * A client-side rate limiter per Qlik rate tier, so a large `pulumi up` paces itself instead of thrashing on 429.
 *
 * Qlik counts requests per tier, per user, per tenant over a sliding 5-minute window (Tier 1: 1,000/min, Tier 2:
 * 100/min; bursts allowed). We mirror that exactly: a request may start when fewer than `perMinute × window`
 * requests of its tier started within the last window. When Qlik answers 429 anyway (another client used the same
 * user's allowance), `blockFor` holds the whole tier for the `retry-after` time, because Qlik refuses every call of
 * that tier until then.
 */
import { SYSTEM_CLOCK, sleep, type Clock } from "./clock";

interface TierLimit {
    /** Requests per minute; the window allows `perMinute × windowMs / 60 000` requests. */
    perMinute: number;
    /** Length of the sliding window. Qlik uses 5 minutes. */
    windowMs: number;
}

export class TierThrottle {
    private readonly allowance: number;
    /**
     * The window we enforce is a little longer than Qlik's: Qlik counts arrival times, we count start times, and
     * network jitter between the two must not push a request into a window that is already full.
     */
    private readonly windowMs: number;
    /** Start times of the requests inside the current window, oldest first. */
    private readonly starts: number[] = [];
    private blockedUntil = 0;
    /** Serializes waiters so that requests are admitted in arrival order. */
    private queue: Promise<void> = Promise.resolve();

    constructor(
        readonly limit: TierLimit,
        private readonly clock: Clock = SYSTEM_CLOCK,
    ) {
        this.allowance = Math.max(1, Math.floor((limit.perMinute * limit.windowMs) / 60_000));
        this.windowMs = limit.windowMs + Math.max(100, limit.windowMs * 0.01);
    }

    /**
     * Resolves when a request of this tier may start, and counts it. Resolves to the time spent waiting for our
     * own allowance (pacing), in ms; time held by `blockFor` (a 429) is not included, since that wait is Qlik's
     * answer and counts against the caller's retry deadline.
     */
    async acquire(): Promise<number> {
        return (await this.admit()).pacedMs;
    }

    /**
     * Waits for a slot like `acquire`, in the same queue, and holds it for one request sent later: the caller
     * passes the slot to that request (`use`), or gives it back (`release`). Lets a caller that waits for the
     * right to write anyway keep gathering what the write will carry until the slot is granted.
     */
    async reserve(): Promise<ThrottleSlot> {
        const { stamp } = await this.admit();
        return new ThrottleSlot(
            () => this.restamp(stamp),
            () => this.unstamp(stamp),
        );
    }

    private admit(): Promise<{ pacedMs: number; stamp: number }> {
        const turn = this.queue.then(() => this.waitForSlot());
        this.queue = turn.then(
            () => undefined,
            () => undefined,
        );
        return turn;
    }

    /** A reserved slot is used now: it counts from now, when the request really starts, not from the grant. */
    private restamp(stamp: number): void {
        this.unstamp(stamp);
        this.starts.push(this.clock.now());
    }

    /**
     * A reserved slot is given back unused (or has expired from the window already). A request already asleep in
     * the queue keeps its wake-up time; the place serves whoever looks next.
     */
    private unstamp(stamp: number): void {
        const i = this.starts.lastIndexOf(stamp);
        if (i >= 0) this.starts.splice(i, 1);
    }

    /** Holds every request of this tier for `ms` (after a 429). */
    blockFor(ms: number): void {
        this.blockedUntil = Math.max(this.blockedUntil, this.clock.now() + ms);
    }

    private async waitForSlot(): Promise<{ pacedMs: number; stamp: number }> {
        let pacedMs = 0;
        for (;;) {
            const now = this.clock.now();
            this.expire(now);
            if (now < this.blockedUntil) {
                await sleep(this.clock, this.blockedUntil - now);
                continue;
            }
            if (this.starts.length < this.allowance) {
                this.starts.push(now);
                return { pacedMs, stamp: now };
            }
            const wait = Math.max(1, this.starts[0]! + this.windowMs - now);
            await sleep(this.clock, wait);
            pacedMs += this.clock.now() - now;
        }
    }

    private expire(now: number): void {
        while (this.starts.length > 0 && this.starts[0]! <= now - this.windowMs) this.starts.shift();
    }
}

/**
 * One request's place in a tier's window, granted ahead of the request. One-shot: `use` when the request starts
 * (it then counts from that moment), or `release` to give the place back; whichever comes first wins, so a holder
 * may always `release` when done.
 */
export class ThrottleSlot {
    private settled = false;
    constructor(
        private readonly onUse: () => void,
        private readonly onRelease: () => void,
    ) {}
    use(): void {
        if (this.settled) return;
        this.settled = true;
        this.onUse();
    }
    release(): void {
        if (this.settled) return;
        this.settled = true;
        this.onRelease();
    }
}

/** Qlik's tiers: 1 = reads (and /users/me), 2 = writes and token requests. */
export type Tier = 1 | 2;

export interface RateLimits {
    readsPerMinute: number;
    writesPerMinute: number;
    windowMs: number;
}

export const QLIK_RATE_LIMITS: Readonly<RateLimits> = Object.freeze({
    readsPerMinute: 1000,
    writesPerMinute: 100,
    windowMs: 5 * 60_000,
});

/** One throttle per tier; a tier whose rate is 0 is not throttled. */
export class RateLimiter {
    private readonly tiers: Record<Tier, TierThrottle | undefined>;
    constructor(limits: RateLimits, clock?: Clock) {
        const make = (perMinute: number) =>
            perMinute > 0 ? new TierThrottle({ perMinute, windowMs: limits.windowMs }, clock) : undefined;
        this.tiers = { 1: make(limits.readsPerMinute), 2: make(limits.writesPerMinute) };
    }
    tier(tier: Tier): TierThrottle | undefined {
        return this.tiers[tier];
    }
}

/**
 * The limiter shared by everything in this process that talks to the same tenant as the same identity.
 * It lives on `globalThis` because each deserialized provider text is a separate module instance, while Qlik
 * counts the requests of all of them together.
 */
export function sharedRateLimiter(key: string, limits: RateLimits): RateLimiter {
    const registryKey = Symbol.for("pulumi-qlik-roles.rate-limiters");
    const g = globalThis as unknown as Record<symbol, Record<string, RateLimiter> | undefined>;
    const registry = (g[registryKey] ??= {});
    const fullKey = `${key}|${limits.readsPerMinute}|${limits.writesPerMinute}|${limits.windowMs}`;
    return (registry[fullKey] ??= new RateLimiter(limits));
}
