/** Shared setup for integration tests: an emulator and the provider runtime configured against it, in-process. */
import {
    startEmulator,
    type EmulatorOptions,
    type TenantEmulator,
    type RequestLogEntry,
} from "../../emulator";
import { QlikClient } from "../../provider/client";
import { configure, providerFor, __testing } from "../../provider/runtime";
import type { Tuning } from "../../provider/runtime/config/tuning";

/** Internal options of every integration test: a short batch window keeps the tests quick. */
export const TEST_TUNING: Partial<Tuning> = { batchWindowMs: 10 };

/**
 * Pulumi's marker for a value not yet computed, as the dynamic-provider host passes it during preview (written out
 * here, not imported from the provider, so that the tests check the provider knows it).
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export interface Tenant {
    emu: TenantEmulator;
    user: ReturnType<typeof providerFor>;
    group: ReturnType<typeof providerFor>;
    config: Record<string, string>;
}

/** Starts an emulator and configures the runtime for it (stack config passed as `configure` would get it). */
export async function startTenant(
    options: EmulatorOptions = {},
    extraConfig: Record<string, string> = {},
    tuning: Partial<Tuning> = {},
): Promise<Tenant> {
    const emu = await startEmulator(options);
    const config = {
        "qlik:tenantUrl": emu.url,
        "qlik:apiKey": emu.apiKey,
        ...extraConfig,
    };
    __testing.reset();
    await configure(
        { config: { get: (k: string) => config[k as keyof typeof config] } },
        { ...TEST_TUNING, ...tuning },
    );
    return { emu, user: providerFor("user", 1), group: providerFor("group", 1), config };
}

/** Re-configures the runtime (e.g. another credential, or other internal options) against the same emulator. */
export async function reconfigure(
    config: Record<string, string>,
    tuning: Partial<Tuning> = {},
): Promise<void> {
    __testing.reset();
    await configure({ config: { get: (k: string) => config[k] } }, { ...TEST_TUNING, ...tuning });
}

export const patches = (log: readonly RequestLogEntry[], path?: string) =>
    log.filter((e) => e.method === "PATCH" && (path === undefined || e.path === path));
export const gets = (log: readonly RequestLogEntry[], prefix?: string) =>
    log.filter((e) => e.method === "GET" && (prefix === undefined || e.path.startsWith(prefix)));

/** The role names a PATCH sent (the emulator looks up roles sent by id). */
export function patchedNames(entry: RequestLogEntry): string[] {
    if (entry.roleNames) return entry.roleNames;
    const body = entry.body as { value: { name?: string; id?: string }[] }[];
    return body[0]!.value.map((v) => v.name ?? v.id ?? "?");
}

/** Inputs as the engine passes them (undefined values are dropped on the wire). */
export function inputs(props: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(Object.entries(props).filter(([, v]) => v !== undefined));
}

/** A client of the emulator as its admin, without rate limits, for tests that call the client or a kind directly. */
export const emulatorClient = (emu: TenantEmulator) =>
    new QlikClient({
        origin: emu.url,
        credentials: { apiKey: emu.apiKey },
        rateLimits: false,
        privateLimiter: true,
    });
