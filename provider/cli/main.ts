#!/usr/bin/env node
/**
 * `pulumi-qlik-roles <command>`: the package's command line (package.json `bin`), run with `npx pulumi-qlik-roles`
 * in a user's Pulumi project. Each command lives in its own module; this file only dispatches and turns a failure
 * into one line on stderr with a non-zero exit code.
 */
import { commands } from "./commands";

const USAGE = `usage: pulumi-qlik-roles <command> [options]

commands:
${Object.entries(commands)
    .map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`)
    .join("\n")}

Run \`pulumi-qlik-roles <command> --help\` for a command's options.`;

export async function main(argv: string[]): Promise<number> {
    const [name, ...args] = argv;
    if (name === undefined || name === "--help" || name === "-h" || name === "help") {
        process.stdout.write(USAGE + "\n");
        return name === undefined ? 2 : 0;
    }
    const command = commands[name];
    if (!command) {
        process.stderr.write(`pulumi-qlik-roles: unknown command "${name}"\n\n${USAGE}\n`);
        return 2;
    }
    try {
        return await command.run(args);
    } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        process.stderr.write(`pulumi-qlik-roles ${name}: ${message.replace(/\s*[\r\n]+\s*/g, " ")}\n`);
        return 1;
    }
}

if (require.main === module) {
    main(process.argv.slice(2)).then(
        (code) => (process.exitCode = code),
        () => (process.exitCode = 1),
    );
}
