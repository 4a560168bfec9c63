/**
 * Time as the throttle and the coordinator see it: injected, so tests drive it with fake timers instead of
 * waiting. Defined here, in the lowest layer, so that core/ (which imports client/) and client/ share one type.
 */
export interface Clock {
    now(): number;
    setTimeout(fn: () => void, ms: number): unknown;
}

/** The real clock. Looks the globals up at each call, so that jest's fake timers replace them too. */
export const SYSTEM_CLOCK: Clock = {
    now: () => Date.now(),
    setTimeout: (fn, ms) => setTimeout(fn, ms),
};

/** Resolves after `ms` of `clock`'s time. */
export function sleep(clock: Clock, ms: number): Promise<void> {
    return new Promise((resolve) => clock.setTimeout(resolve, ms));
}
