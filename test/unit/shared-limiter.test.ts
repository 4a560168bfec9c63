/**
 * Qlik counts requests per tenant and per identity, so every client in one provider process that talks to the same
 * tenant as the same identity must draw on one allowance, and clients of another tenant or another identity must
 * not. The registry lives on `globalThis` (each deserialized provider is its own module instance).
 */
import { QlikClient } from "../../provider/client";
import { RateLimiter, sharedRateLimiter, type RateLimits } from "../../provider/client/throttle";

/** One write per window: a second write in the same window must wait, which shows whether allowances are shared. */
const ONE_WRITE: RateLimits = { readsPerMinute: 0, writesPerMinute: 1, windowMs: 60_000 };

let tenantNo = 0;
/** A tenant origin no other test in this process uses, since the registry outlives each test. */
const freshTenant = () => `https://shared-limiter-${++tenantNo}.eu.qlikcloud.com`;

const client = (origin: string, apiKey: string) =>
    new QlikClient({ origin, credentials: { apiKey }, rateLimits: ONE_WRITE });

/** Whether a write reservation is granted without waiting for the window to move on. */
async function grantedAtOnce(c: QlikClient): Promise<boolean> {
    let granted = false;
    void c.reserveWrite().then(() => (granted = true));
    await jest.advanceTimersByTimeAsync(10);
    return granted;
}

describe("the process-wide rate limiter", () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it("is one limiter per tenant, identity and limits, found again by a separate module instance", () => {
        const key = `${freshTenant()}|key-a`;
        const first = sharedRateLimiter(key, ONE_WRITE);
        expect(sharedRateLimiter(key, ONE_WRITE)).toBe(first);
        expect(sharedRateLimiter(`${key}-other`, ONE_WRITE)).not.toBe(first);
        expect(sharedRateLimiter(key, { ...ONE_WRITE, writesPerMinute: 2 })).not.toBe(first);
        jest.isolateModules(() => {
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const again =
                require("../../provider/client/throttle") as typeof import("../../provider/client/throttle");
            expect(again.sharedRateLimiter).not.toBe(sharedRateLimiter);
            expect(again.sharedRateLimiter(key, ONE_WRITE)).toBe(first);
        });
    });

    it("makes two clients of the same tenant and API key wait for one allowance", async () => {
        const origin = freshTenant();
        expect(await grantedAtOnce(client(origin, "key-a"))).toBe(true);
        expect(await grantedAtOnce(client(origin, "key-a"))).toBe(false);
    });

    it("keeps a separate allowance per tenant and per API key", async () => {
        const origin = freshTenant();
        expect(await grantedAtOnce(client(origin, "key-a"))).toBe(true);
        expect(await grantedAtOnce(client(origin, "key-b"))).toBe(true);
        expect(await grantedAtOnce(client(freshTenant(), "key-a"))).toBe(true);
    });

    it("keeps a separate allowance per OAuth client, and shares one for the same client id", async () => {
        const origin = freshTenant();
        const oauth = (clientId: string) =>
            new QlikClient({ origin, credentials: { clientId, clientSecret: "s" }, rateLimits: ONE_WRITE });
        expect(await grantedAtOnce(oauth("client-a"))).toBe(true);
        expect(await grantedAtOnce(oauth("client-b"))).toBe(true);
        expect(await grantedAtOnce(oauth("client-a"))).toBe(false);
    });

    it("does not throttle a tier whose rate is 0", () => {
        const limiter = new RateLimiter({ readsPerMinute: 0, writesPerMinute: 1, windowMs: 60_000 });
        expect(limiter.tier(1)).toBeUndefined();
        expect(limiter.tier(2)).toBeDefined();
    });

    it("gives a client asked for a private limiter an allowance of its own", async () => {
        const origin = freshTenant();
        expect(await grantedAtOnce(client(origin, "key-a"))).toBe(true);
        const own = new QlikClient({
            origin,
            credentials: { apiKey: "key-a" },
            rateLimits: ONE_WRITE,
            privateLimiter: true,
        });
        expect(await grantedAtOnce(own)).toBe(true);
    });
});
