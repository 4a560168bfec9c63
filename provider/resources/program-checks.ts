/**
 * Checks the resource classes make in the user's program, where the CLI shows a warning or an error on the stack
 * before any provider runs.
 */
import * as pulumi from "@pulumi/pulumi";

/** Credentials and the environment variable that keeps each out of the stack's config, and so out of state. */
const CREDENTIALS: Record<string, string> = {
    "qlik:apiKey": "QLIK_API_KEY",
    "qlik:clientSecret": "QLIK_CLIENT_SECRET",
};

// Once per program run, even with two copies of this module loaded.
const WARNED = Symbol.for("pulumi-qlik-roles.plaintext-credentials-warned");

/**
 * Pulumi hands the whole stack config to the `pulumi-nodejs` provider, and stores it in state as that provider's
 * inputs: encrypted for keys set with `--secret`, in plain text otherwise. Say so once per run for a credential
 * set in plain text.
 */
export function warnPlaintextCredentials(): void {
    const flags = globalThis as Record<symbol, unknown>;
    if (flags[WARNED]) return;
    flags[WARNED] = true;
    for (const [key, env] of Object.entries(CREDENTIALS)) {
        if (pulumi.runtime.getConfig(key) === undefined || isSecret(key)) continue;
        void pulumi.log.warn(
            `${key} is set in plain text, so Pulumi stores it unencrypted in this stack's state (the pulumi-nodejs provider's inputs); run \`pulumi config set --secret ${key} <value>\`, or unset it and use ${env} to keep it out of state`,
        );
    }
}

/** `pulumi.runtime.isConfigSecret` is internal to the SDK: fall back to the variable it reads. */
function isSecret(key: string): boolean {
    const fromSdk = (pulumi.runtime as { isConfigSecret?: (k: string) => boolean }).isConfigSecret;
    if (typeof fromSdk === "function") return fromSdk(key);
    try {
        const keys: unknown = JSON.parse(process.env.PULUMI_CONFIG_SECRET_KEYS ?? "[]");
        return Array.isArray(keys) && keys.includes(key);
    } catch {
        return false;
    }
}

/**
 * Pulumi cannot import dynamic resources (its provider host fails with "Cannot read properties of undefined"):
 * refuse the `import` option with what works instead.
 */
export function refuseImport(
    type: string,
    name: string,
    opts: pulumi.CustomResourceOptions | undefined,
): void {
    if (opts?.import === undefined) return;
    throw new Error(
        `${type} "${name}": the import option cannot work (Pulumi cannot import dynamic resources); remove it: \`pulumi up\` adopts a role the principal already holds, and \`npx pulumi-qlik-roles export\` prints a program for the tenant's current roles`,
    );
}
