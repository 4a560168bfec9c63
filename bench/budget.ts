/**
 * What a phase's write count costs on a real tenant, where Qlik's Tier 2 (every role PATCH) allows 100 writes a
 * minute evaluated over a 5-minute window, bursts allowed: 500 writes at once, then the window has to move on.
 *
 * Qlik does not say whether the window slides or refills, so both readings are reported:
 * - sliding (how the provider's throttle and the emulator count): at most 500 writes in any 5 minutes, so the
 *   (k+500)-th write waits until 5 minutes after the k-th: n writes need 5 min x floor((n - 1) / 500);
 * - refill: 500 at once, then 100 a minute: n writes need (n - 500) / 100 minutes.
 * Either is a floor under the phase's time, next to the engine's own: the user waits at least the larger of the two.
 */
import { QLIK, WRITE_ALLOWANCE } from "./tenant";

const WINDOW_S = QLIK.windowMinutes * 60;

/** Seconds n writes need when at most 500 may start in any 5 minutes. */
export function slidingWindowSeconds(writes: number): number {
    return writes <= 0 ? 0 : WINDOW_S * Math.floor((writes - 1) / WRITE_ALLOWANCE);
}

/** Seconds n writes need when 500 go at once and the rest at 100 a minute. */
export function refillSeconds(writes: number): number {
    return (Math.max(0, writes - WRITE_ALLOWANCE) / QLIK.tier2PerMinute) * 60;
}
