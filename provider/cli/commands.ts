import { exportCommand } from "./export";
import { recover } from "./recover";
import { reportCommand } from "./report";

/**
 * The commands of `pulumi-qlik-roles`, by name. A command parses its own arguments, writes its result to stdout
 * and progress to stderr, and resolves to the process exit code; it throws for a failure (main prints one line).
 */
export interface Command {
    /** One line for the usage text. */
    summary: string;
    run(args: string[]): Promise<number>;
}

export const commands: Record<string, Command> = {
    export: exportCommand,
    recover,
    report: reportCommand,
};
