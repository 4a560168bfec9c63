/**
 * What the `__provider` text in state loads at run time: `require("pulumi-qlik-roles/runtime")`.
 *
 * Keep `dynamicProvider(kind, 1)`, and `configure` with `providerFor(kind, 1)` (the serialized closures that
 * 0.1.0 stored), working in every later version: `destroy`/`refresh` run the text from state.
 *
 * One provider process serves every dynamic resource of an operation and caches each distinct provider text, but
 * this module is loaded once, so both resource types share one configuration, one client and one coordinator.
 */
import { QlikError, type RequestEvent } from "../client";
import { setLookupDispatcher } from "../lookups/client";
import {
    configFingerprint,
    loadConfig,
    removedSettingWarnings,
    unknownSettingWarnings,
    type ConfigSource,
} from "./config/config";
import { resolveTuning, type Tuning } from "./config/tuning";
import type { dynamic } from "@pulumi/pulumi";
import { assignmentLifecycle } from "./lifecycles/assignment/lifecycle";
import type { Lifecycle } from "./lifecycles/lifecycle";
import { oneLineError } from "./lifecycles/failures";
import { installHostEchoFilter } from "./notices/notices";
import { RESOURCE_TYPES, STANDALONE_TYPES, type ProviderName } from "./resource-types";
import { customRoleLifecycle } from "./lifecycles/custom-role/lifecycle";
import { setLifecycle } from "./lifecycles/set/lifecycle";
import { Services } from "./services";

interface RuntimeState {
    services?: Promise<Services>;
    fingerprint?: string;
    waiters: ((s: Promise<Services>) => void)[];
    onRequest?: (event: RequestEvent) => void;
    /** Removed settings already warned about: each is named once per provider process, not once per resource. */
    warned: Set<string>;
}

// On globalThis so that a second copy of this module (another install path of the same package) shares it too.
const STATE_KEY = Symbol.for("pulumi-qlik-roles.runtime");
const state: RuntimeState = ((globalThis as Record<symbol, unknown>)[STATE_KEY] as
    RuntimeState | undefined) ?? { waiters: [], warned: new Set() };
(globalThis as Record<symbol, unknown>)[STATE_KEY] = state;
state.warned ??= new Set(); // a state made by an older copy of this module lacks it

/** How long a call waits for `configure` before failing (the engine may run a call before configure resolves). */
const CONFIGURE_WAIT_MS = 60_000;

/**
 * Called by Pulumi with the full stack config (`qlik:*`, secrets decrypted). Never throws: a configuration error
 * is reported by every later call, as one line, because Pulumi would otherwise cache a half-configured provider.
 * @param tuning internal options for in-process tests (instead of `QLIK_ROLES_TUNING`); Pulumi never passes it
 */
export async function configure(
    req: { config: ConfigSource } | undefined,
    tuning?: Partial<Tuning>,
): Promise<void> {
    warnRemovedSettings(req?.config);
    let next: Promise<Services>;
    try {
        const config = loadConfig(
            req?.config,
            process.env,
            tuning && resolveTuning(tuning, "configure(tuning)"),
        );
        const fingerprint = configFingerprint(config);
        if (state.services && state.fingerprint === fingerprint) return;
        state.fingerprint = fingerprint;
        next = Promise.resolve(new Services(config, (e) => state.onRequest?.(e)));
    } catch (err) {
        state.fingerprint = undefined;
        next = Promise.reject(err);
    }
    next.catch(() => undefined);
    state.services = next;
    for (const wake of state.waiters.splice(0)) wake(next);
}

/**
 * A stack written for an older version may still set a removed key, and a misspelt key would be ignored silently:
 * say so once per provider process (the engine shows a dynamic provider's stderr as a diagnostic), and carry on.
 */
function warnRemovedSettings(stack: ConfigSource | undefined): void {
    const raw = stack?.rawConfig;
    const keys = raw !== null && typeof raw === "object" ? Object.keys(raw) : [];
    for (const line of [...removedSettingWarnings(stack), ...unknownSettingWarnings(keys)]) {
        if (state.warned.has(line)) continue;
        state.warned.add(line);
        console.error(line);
    }
}

/** The configured services; waits for `configure` when a call overtakes it. */
function services(): Promise<Services> {
    if (state.services) return state.services;
    return new Promise<Services>((resolve, reject) => {
        const timer = setTimeout(() => {
            reject(
                new QlikError(
                    "QLIK_CONFIG",
                    `the provider was not configured within ${CONFIGURE_WAIT_MS / 1000} s; set qlik:tenantUrl and qlik:apiKey`,
                ),
            );
        }, CONFIGURE_WAIT_MS);
        timer.unref();
        state.waiters.push((s) => {
            clearTimeout(timer);
            s.then(resolve, reject);
        });
    });
}

const LIFECYCLE_OF_SHAPE = { assignment: assignmentLifecycle, set: setLifecycle };

const lifecycles = {
    ...Object.fromEntries(
        Object.entries(RESOURCE_TYPES).map(([name, type]) => [
            name,
            LIFECYCLE_OF_SHAPE[type.shape](type, services),
        ]),
    ),
    customRole: customRoleLifecycle(STANDALONE_TYPES.customRole, services),
} as Record<ProviderName, Lifecycle>;

/**
 * The lifecycle methods of the resource type a `__provider` text names.
 * @param apiVersion the shell's contract version; 1 is the only one so far. A later version keeps serving 1.
 */
export function providerFor(name: ProviderName, apiVersion: number): Lifecycle {
    if (apiVersion !== 1 || !Object.prototype.hasOwnProperty.call(lifecycles, name)) {
        throw oneLineError(
            "pulumi-qlik-roles",
            new Error(
                `this installed version cannot serve resource type "${name}" v${apiVersion}; upgrade the pulumi-qlik-roles package`,
            ),
        );
    }
    return lifecycles[name];
}

/** The object Pulumi's dynamic-provider host calls: `configure`, then the lifecycle methods `name` serves. */
export function dynamicProvider(name: ProviderName, apiVersion: number): dynamic.ResourceProvider {
    installHostEchoFilter();
    return { configure, ...providerFor(name, apiVersion) };
}

/**
 * Not part of the package's API: hooks for this package's own tests and benchmarks, which load the runtime in
 * their own process. May change in any release.
 */
export const __testing = {
    /** Observe every HTTP request the provider makes (tests and benchmarks count them). Never sees credentials. */
    observeRequests(observer: ((event: RequestEvent) => void) | undefined): void {
        state.onRequest = observer;
    },
    /** Forgets configuration and caches (tests that configure several tenants in one process). */
    reset(): void {
        state.services = undefined;
        state.fingerprint = undefined;
    },
    /** Sends the lookups' requests through this dispatcher (undici `MockAgent`). */
    useLookupDispatcher: setLookupDispatcher,
};
