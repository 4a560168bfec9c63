/**
 * The benchmark's tenant: the emulator with realistic latency and Qlik's tier limits, time-scaled, and the provider
 * configuration that matches those limits. Kept in one place so that the emulator's limits and the provider's
 * throttle can never be configured apart.
 *
 * Time scaling: the emulator divides Qlik's 5-minute window (and retry-after) by `timeScale` but keeps each tier's
 * allowance per window (Tier 1: 5,000, Tier 2: 500). The provider's throttle computes its allowance as
 * perMinute x window / 60 s, so "the tenant's real limits, scaled" are window = 300 / scale seconds AND per-minute
 * rates x scale (setting only the window would cut the provider's allowance by the scale factor).
 */
import { startEmulator, type TenantEmulator } from "../emulator";
import type { Scenario } from "./scenarios";

export interface BenchSettings {
    /** Divides Qlik's 5-minute rate window; 20 => the window lasts 15 s. */
    timeScale: number;
    /** Delay the emulator adds to every request. */
    latencyMs: number;
    /** Operations in flight: Pulumi's default `--parallel` (4 x cores; 8 on this 2-core machine). */
    parallelism: number;
    /** Extra provider config (`--set qlik:writesPerMinute=0`). */
    providerOverrides?: Record<string, string>;
    /** Internal options of the provider (`--tune batchWindowMs=100`), to try its heuristics' settings. */
    tuningOverrides?: Record<string, number>;
    /** Extra environment for the CLI (`--cli-env PULUMI_SKIP_CHECKPOINTS=true`). */
    cliEnv?: Record<string, string>;
}

export const DEFAULT_SETTINGS: BenchSettings = { timeScale: 20, latencyMs: 30, parallelism: 8 };

/** Qlik's limits (Qlik's API reference): per minute, over a 5-minute window. */
export const QLIK = { tier1PerMinute: 1000, tier2PerMinute: 100, windowMinutes: 5 } as const;
export const WRITE_ALLOWANCE = QLIK.tier2PerMinute * QLIK.windowMinutes; // 500 PATCHes per window
export const READ_ALLOWANCE = QLIK.tier1PerMinute * QLIK.windowMinutes; // 5,000 GETs per window

export function startTenant(scenario: Scenario, settings: BenchSettings): Promise<TenantEmulator> {
    return startEmulator({
        ...scenario.emulator,
        latencyMs: settings.latencyMs,
        timeScale: settings.timeScale,
        rateLimits: { tier1PerMinute: QLIK.tier1PerMinute, tier2PerMinute: QLIK.tier2PerMinute },
    });
}

/** Stack config (and `configure` input) for the provider: the tenant's real limits, time-scaled. */
export function providerConfig(emu: TenantEmulator, settings: BenchSettings): Record<string, string> {
    return {
        "qlik:tenantUrl": emu.url,
        "qlik:apiKey": emu.apiKey,
        "qlik:writesPerMinute": String(QLIK.tier2PerMinute * settings.timeScale),
        ...settings.providerOverrides,
    };
}

/**
 * The provider's internal options (not stack config; the CLI path passes them in `QLIK_ROLES_TUNING`): the read
 * throttle and the throttle's window, time-scaled like the tenant's.
 */
export function providerTuning(settings: BenchSettings): Record<string, number> {
    return {
        readsPerMinute: QLIK.tier1PerMinute * settings.timeScale,
        rateWindowSeconds: (QLIK.windowMinutes * 60) / settings.timeScale,
        ...settings.tuningOverrides,
    };
}

/**
 * Starts fresh rate-limit windows while keeping every principal's roles: as if each phase ran at least 5 minutes
 * after the previous one. Each phase is a new provider process whose throttle starts empty, so without this a
 * phase would inherit the previous phase's spent allowance at the tenant (a real effect, but not the one measured).
 * The emulator's state helpers are synchronous and unlogged.
 */
export function freshRateWindows(emu: TenantEmulator): void {
    const now = emu.snapshot();
    const seed = emu.seedSnapshot();
    emu.reset(); // seed state, empty log, fresh rate-limit windows
    const same = (a: string[] | undefined, b: string[]) =>
        !!a && a.length === b.length && a.every((x, i) => x === b[i]);
    for (const [id, roles] of Object.entries(now.users))
        if (!same(seed.users[id], roles)) emu.setUserRoles(id, roles);
    for (const [id, roles] of Object.entries(now.groups))
        if (!same(seed.groups[id], roles)) emu.setGroupRoles(id, roles);
}
