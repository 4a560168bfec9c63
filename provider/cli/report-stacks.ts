/**
 * The stacks `report` compares the tenant with: each `--stack` given (a name of the project's stacks, or
 * `org/project/stack` for another project on the same backend), else the selected stack of the project around the
 * working directory. Each is one `pulumi stack export` (read-only; secrets stay encrypted, and none is needed).
 */
import { declarationsOf, mergeDeclarations, type StackDeclarations } from "../access/declared-grants";
import { findPulumiProject, runPulumi } from "./command-config";

export interface StackRead {
    declarations: StackDeclarations;
    /** The stacks read, as named on the command line ("(selected)" for the selected one). */
    stacks: string[];
    /** Why no stack was read, when none was. */
    none?: string;
}

/** Reads the stacks' declarations for the tenant at `tenantUrl`, one `pulumi stack export` each, in turn. */
export async function readStacks(
    names: readonly string[],
    tenantUrl: string,
    cwd: string,
    env: NodeJS.ProcessEnv,
): Promise<StackRead> {
    const project = findPulumiProject(cwd);
    if (names.length === 0 && !project)
        return {
            declarations: mergeDeclarations([]),
            stacks: [],
            none: "no Pulumi.yaml here or above and no --stack: no stack read, every grant shows as unmanaged",
        };
    const wanted = names.length > 0 ? names : [undefined];
    const all: StackDeclarations[] = [];
    for (const name of wanted) {
        const args = ["stack", "export", ...(name ? ["--stack", name] : [])];
        const text = await runPulumi(args, project ?? cwd, env);
        all.push(declarationsOf(text, tenantUrl, name ? `stack "${name}"` : "the selected stack"));
    }
    return { declarations: mergeDeclarations(all), stacks: wanted.map((n) => n ?? "(selected)") };
}
