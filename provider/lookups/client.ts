/**
 * The lookups' client: built from the program's own `qlik:*` stack config (secrets read with `getSecret`) with the
 * same environment fallback and validation as the resources, one per configuration per program process, so every
 * lookup shares one throttle and connection pool.
 */
import { clientSettingsFor } from "../runtime/config/client-settings";
import * as pulumi from "@pulumi/pulumi";
import type { Dispatcher } from "undici";
import { QlikClient } from "../client";
import { loadConfig, type ConfigSource } from "../runtime/config/config";

const SECRET_KEYS = ["apiKey", "clientSecret"] as const;

let dispatcherForTests: Dispatcher | undefined;
const clients = new Map<string, QlikClient>();

/** Tests only (through the runtime's `__testing`): send the lookups' requests through this dispatcher. */
export function setLookupDispatcher(dispatcher: Dispatcher | undefined): void {
    dispatcherForTests = dispatcher;
    clients.clear();
}

/** The client for a loaded configuration; one per configuration per process. */
function clientFor(source: ConfigSource): QlikClient {
    const loaded = loadConfig(source);
    const key = JSON.stringify(loaded);
    let client = clients.get(key);
    if (!client) {
        client = new QlikClient(
            clientSettingsFor(loaded, dispatcherForTests ? { dispatcher: dispatcherForTests } : {}),
        );
        clients.set(key, client);
    }
    return client;
}

let listening = false;

/**
 * A failed lookup rejects its Output's promises, and every Output the program derives from it (`.roles`, `apply`),
 * often before Pulumi reads the stack's outputs: a failure found without a request (no `qlik:tenantUrl`, a bad
 * argument) rejects at once. Node then counts them unhandled (Pulumi's handler prints the error, once) and, when an
 * export awaits one later, prints "PromiseRejectionHandledWarning: Promise rejection was handled asynchronously"
 * for each, two lines per export that no program can avoid. Node prints that warning only when nothing listens to
 * `rejectionHandled`: from the first failed lookup on, this listens, so the failure stays one line. A program whose
 * lookups all succeed keeps Node's default.
 */
function expectLateHandling(): void {
    if (listening) return;
    listening = true;
    process.on("rejectionHandled", () => undefined);
}

/**
 * The `RunError` a lookup fails the program with, without stack frames: Pulumi shows only a RunError's message, yet
 * its program runner still renders every uncaught error with `util.inspect(err, { colors: true })`. Node.js (20.20
 * and 22.23 at least) loops in that call on a frame whose path ends right after `node_modules/@scope/`
 * (nodejs/node#64011), as every frame inside `@pulumi/pulumi` does once ts-node maps it through that package's source
 * maps (`node_modules/@pulumi/output.ts`): about 20 s at full CPU and gigabytes of memory per failed lookup.
 */
export function lookupFailure(message: string): pulumi.RunError {
    expectLateHandling();
    const err = new pulumi.RunError(message);
    err.stack = `Error: ${message}`;
    return err;
}

/**
 * Runs `run` with the client for the program's configuration once the config (and `label`) are known. A failure,
 * including a configuration error naming the key to set, ends the program with one line prefixed by `label`
 * (a `RunError`: Pulumi prints its message without a stack trace). The client never travels through an Output
 * (Outputs copy objects apart); only the plain answer does, unsecreted: the credential stays inside this closure
 * and the answers hold no secret.
 */
export function withLookupClient<T>(
    label: pulumi.Input<string>,
    run: (client: QlikClient) => Promise<T>,
): pulumi.Output<T> {
    const config = new pulumi.Config("qlik");
    const secrets = pulumi.all(SECRET_KEYS.map((k) => config.getSecret(k)));
    const answer = pulumi.all([secrets, label]).apply(async ([values, what]) => {
        try {
            const secret: Record<string, string | undefined> = Object.fromEntries(
                SECRET_KEYS.map((k, i) => [k, values[i]]),
            );
            return await run(
                clientFor({
                    get: (key) => {
                        const name = key.replace(/^qlik:/, "");
                        return name in secret ? secret[name] : config.get(name);
                    },
                }),
            );
        } catch (err) {
            throw lookupFailure(`${what}: ${err instanceof Error ? err.message : String(err)}`);
        }
    });
    return pulumi.unsecret(answer) as pulumi.Output<T>;
}
