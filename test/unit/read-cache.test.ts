/**
 * The reads that may stand in for a new GET of a principal (core/read-cache.ts), on a fake clock: refresh's reads
 * of one principal share one request, within `shareReadMs`, and never across one of our own writes.
 */
import type { Clock } from "../../provider/core/clock";
import { ReadCache } from "../../provider/core/read-cache";
import type { RoleRef } from "../../provider/core/role-set";

function fakeClock() {
    let now = 1_000;
    const clock: Clock = { now: () => now, setTimeout: () => undefined };
    return { clock, advance: (ms: number) => (now += ms) };
}

const roles = (...names: string[]): RoleRef[] => names.map((name) => ({ id: `id-${name}`, name }));

/** A fetch that counts its calls and answers with the roles it is given, or fails once when told. */
function fetcher() {
    let calls = 0;
    let answer = roles("A");
    let failNext = false;
    return {
        fetch: () => {
            calls++;
            if (failNext) {
                failNext = false;
                return Promise.reject(new Error("503"));
            }
            return Promise.resolve([...answer]);
        },
        calls: () => calls,
        answer: (r: RoleRef[]) => (answer = r),
        failOnce: () => (failNext = true),
    };
}

describe("ReadCache", () => {
    it("reads within shareReadMs share one request, up to and including the limit", async () => {
        const { clock, advance } = fakeClock();
        const cache = new ReadCache(clock, 1000, 0);
        const f = fetcher();
        await cache.read(f.fetch);
        advance(1000); // exactly shareReadMs old: still shared
        await cache.read(f.fetch);
        expect(f.calls()).toBe(1);
        advance(1); // older than shareReadMs: a new request
        await cache.read(f.fetch);
        expect(f.calls()).toBe(2);
    });

    it("concurrent reads share the request in flight", async () => {
        const { clock } = fakeClock();
        const cache = new ReadCache(clock, 1000, 0);
        const f = fetcher();
        const [a, b] = await Promise.all([cache.read(f.fetch), cache.read(f.fetch)]);
        expect(f.calls()).toBe(1);
        expect(a).toEqual(b);
    });

    it("a read sent before our last write never answers again, even while it is still in flight", async () => {
        const { clock, advance } = fakeClock();
        const cache = new ReadCache(clock, 10_000, 0);
        const f = fetcher();
        let answerFirst!: (r: RoleRef[]) => void;
        const first = cache.read(() => {
            f.fetch();
            return new Promise((resolve) => (answerFirst = resolve)); // what the tenant held before our write
        });
        advance(5);
        cache.wrote(); // our write of role B completed while the first read is still in flight
        advance(5);
        f.answer(roles("A", "B"));
        const second = cache.read(f.fetch);
        answerFirst(roles("A"));
        await expect(first).resolves.toEqual(roles("A"));
        await expect(second).resolves.toEqual(roles("A", "B"));
        expect(f.calls()).toBe(2);
    });

    it("a failed read answers no one: the next read asks again", async () => {
        const { clock } = fakeClock();
        const cache = new ReadCache(clock, 10_000, 0);
        const f = fetcher();
        f.failOnce();
        await expect(cache.read(f.fetch)).rejects.toThrow("503");
        await expect(cache.read(f.fetch)).resolves.toEqual(roles("A"));
        expect(f.calls()).toBe(2);
    });

    it("an offered read starts a batch once, only when fresh enough and sent after our last write", () => {
        const { clock, advance } = fakeClock();
        const cache = new ReadCache(clock, 0, 500);
        cache.offer(roles("A"), clock.now());
        advance(500);
        expect(cache.takeOffered()).toEqual(roles("A"));
        expect(cache.takeOffered()).toBeUndefined(); // once
        cache.offer(roles("A"), clock.now());
        advance(501);
        expect(cache.takeOffered()).toBeUndefined(); // too old
        const sent = clock.now();
        advance(1);
        cache.wrote();
        cache.offer(roles("A"), sent); // sent before our write
        expect(cache.takeOffered()).toBeUndefined();
    });

    it("a failed read that was already replaced leaves the newer read in place", async () => {
        const { clock, advance } = fakeClock();
        const cache = new ReadCache(clock, 10_000, 0);
        const f = fetcher();
        let failFirst!: (err: Error) => void;
        const first = cache.read(() => new Promise((_, reject) => (failFirst = reject)));
        advance(5);
        cache.wrote(); // the first read no longer answers: the next one asks again
        advance(5);
        await cache.read(f.fetch);
        failFirst(new Error("503"));
        await expect(first).rejects.toThrow("503");
        await cache.read(f.fetch); // still shares the newer read
        expect(f.calls()).toBe(1);
    });

    it("of several offered reads, the newest one sent after our last write is kept", () => {
        const { clock, advance } = fakeClock();
        const cache = new ReadCache(clock, 0, 10_000);
        const beforeWrite = clock.now();
        advance(1);
        cache.wrote();
        advance(1);
        const older = clock.now();
        advance(1);
        const newer = clock.now();

        cache.offer(roles("older"), older);
        cache.offer(roles("newer"), newer);
        expect(cache.takeOffered()).toEqual(roles("newer")); // a newer offer replaces an older one

        cache.offer(roles("newer"), newer);
        cache.offer(roles("older"), older);
        expect(cache.takeOffered()).toEqual(roles("newer")); // an older offer arriving late does not

        cache.offer(roles("first"), newer);
        cache.offer(roles("second"), newer);
        expect(cache.takeOffered()).toEqual(roles("first")); // one sent at the same moment does not either

        cache.offer(roles("newer"), newer);
        cache.offer(roles("stale"), beforeWrite);
        expect(cache.takeOffered()).toEqual(roles("newer")); // nor one sent before our write
    });

    it("an offered read answers reads like a shared one: within shareReadMs, after our last write, when newest", async () => {
        const { clock, advance } = fakeClock();
        const cache = new ReadCache(clock, 1000, 0);
        const f = fetcher();
        f.answer(roles("fetched"));
        advance(1);
        cache.offer(roles("offered"), clock.now());
        advance(1000);
        expect(await cache.read(f.fetch)).toEqual(roles("offered")); // exactly shareReadMs old: it answers
        expect(f.calls()).toBe(0);
        advance(1); // older than shareReadMs: a new request, which is newer than the next, older offer
        expect(await cache.read(f.fetch)).toEqual(roles("fetched"));
        cache.offer(roles("older"), clock.now() - 5);
        expect(await cache.read(f.fetch)).toEqual(roles("fetched"));
        expect(f.calls()).toBe(1);
        advance(1);
        cache.offer(roles("newer"), clock.now()); // newer than the request: it answers from now on
        expect(await cache.read(f.fetch)).toEqual(roles("newer"));
        expect(f.calls()).toBe(1);
        advance(1);
        cache.offer(roles("before our write"), clock.now());
        advance(1);
        cache.wrote();
        expect(await cache.read(f.fetch)).toEqual(roles("fetched")); // never across our write
        expect(f.calls()).toBe(2);
    });

    it("a read sent in the same millisecond as our write completed counts as sent before it", () => {
        const { clock } = fakeClock();
        const cache = new ReadCache(clock, 0, 10_000);
        cache.wrote();
        cache.offer(roles("A"), clock.now()); // may have left before the write landed: the clock cannot tell
        expect(cache.takeOffered()).toBeUndefined();
    });
});
