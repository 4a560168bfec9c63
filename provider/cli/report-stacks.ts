/**
 * The stacks `report` compares the tenant with, and the tenant it reads: each `--stack` given once (a name of the
 * project's stacks, or `org/project/stack` for another project on the same backend), else the selected stack of the
 * project around the working directory, by its name. The tenant and credentials are the first stack's `qlik:*`
 * config (`pulumi config --stack <name>`; the environment fills what it leaves out, as for `export`), and every
 * stack named must be configured for that tenant: a report covers one tenant. Each stack's state is one
 * `pulumi stack export` (read-only; secrets stay encrypted, and none is needed).
 */
import { parseTenantUrl, UsageError } from "../client";
import { loadConfig, type ConfigSource, type ProviderConfig } from "../runtime/config/config";
import { declarationsOf, mergeDeclarations, type StackDeclarations } from "../access/declared-grants";
import { runPulumi, stackConfigSource } from "./command-config";

export interface StackRead {
    declarations: StackDeclarations;
    /** The stacks read, by name. */
    stacks: string[];
    /** Why no stack was read, when none was. */
    none?: string;
}

/**
 * The stacks a report covers: the names given, each once; else, inside a project, the selected stack by its name.
 * A project with no stack selected and no `--stack` is one line saying what to do.
 */
export async function stackNames(
    names: readonly string[],
    project: string | undefined,
    env: NodeJS.ProcessEnv,
): Promise<string[]> {
    if (names.length > 0) return [...new Set(names)];
    if (!project) return [];
    const shown = await runPulumi(["stack", "--show-name"], project, env).catch((err: Error) => {
        if (/no stack selected/i.test(err.message))
            throw new UsageError(
                `no stack is selected in ${project} and no --stack was given: name the stacks to compare with --stack <name>, or select one (\`pulumi stack select <name>\`)`,
            );
        throw err;
    });
    return [shown.trim()];
}

/** The tenant a stack's config (else the environment) names; undefined when neither names one. */
function tenantOf(
    source: ConfigSource | undefined,
    env: NodeJS.ProcessEnv,
    stack: string,
): string | undefined {
    const fromStack = source?.get("qlik:tenantUrl")?.trim();
    if (fromStack) return parseTenantUrl(fromStack, `stack "${stack}"'s qlik:tenantUrl`);
    const fromEnv = env.QLIK_TENANT_URL?.trim();
    return fromEnv ? parseTenantUrl(fromEnv, "QLIK_TENANT_URL") : undefined;
}

/**
 * The configuration a report reads the tenant with: the first stack's (the environment's outside a project). Every
 * other stack named must be configured for the same tenant, else one line names each stack with its tenant.
 */
export async function reportConfig(
    stacks: readonly string[],
    project: string | undefined,
    env: NodeJS.ProcessEnv,
): Promise<ProviderConfig> {
    if (!project || stacks.length === 0) return loadConfig(undefined, env);
    const sources: (ConfigSource | undefined)[] = [];
    for (const [i, name] of stacks.entries()) {
        // Only the first stack's credentials are used: the others' secrets stay encrypted, unless their tenant
        // URL is one of them.
        const read = await stackConfigSource(project, env, name, i === 0);
        sources.push(
            read?.hidden("qlik:tenantUrl") ? await stackConfigSource(project, env, name, true) : read,
        );
    }
    const config = loadConfig(sources[0], env);
    const tenants = stacks.map((name, i) => ({ name, tenant: tenantOf(sources[i], env, name) }));
    if (tenants.some((t) => t.tenant !== undefined && t.tenant !== config.origin))
        throw new UsageError(
            `the stacks are configured for different tenants (${tenants
                .map((t) => `${t.name}: ${t.tenant ?? "none"}`)
                .join(", ")}); a report covers one tenant: run it once per tenant, with that tenant's stacks`,
        );
    return config;
}

/** Reads the stacks' declarations for the tenant at `tenantUrl`, one `pulumi stack export` each, in turn. */
export async function readStacks(
    stacks: readonly string[],
    tenantUrl: string,
    cwd: string,
    env: NodeJS.ProcessEnv,
): Promise<StackRead> {
    if (stacks.length === 0)
        return {
            declarations: mergeDeclarations([]),
            stacks: [],
            none: "no Pulumi.yaml here or above and no --stack: no stack read, every grant shows as unmanaged",
        };
    const all: StackDeclarations[] = [];
    for (const name of stacks) {
        const text = await runPulumi(["stack", "export", "--stack", name], cwd, env);
        all.push(declarationsOf(text, tenantUrl, `stack "${name}"`));
    }
    return { declarations: mergeDeclarations(all), stacks: [...stacks] };
}
