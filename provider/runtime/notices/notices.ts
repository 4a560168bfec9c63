/**
 * What the provider tells the user besides errors, and how its errors reach the CLI exactly once.
 *
 * A dynamic provider has no engine log: the engine shows each line the provider process writes to stderr among the
 * stack's messages. Warnings are such lines, each printed once per provider process (the engine would otherwise
 * repeat them for every resource that triggers them).
 *
 * Pulumi's dynamic-provider host also prints every error thrown by check, diff, read and delete to stderr, as
 * `${err}: ${err.stack}`, before the engine reports the same error on the resource. That echo would show our one
 * line two more times, so the errors we throw are remembered and their echo is dropped.
 */

const printed = new Set<string>();
const expectedEchoes = new Set<string>();
let echoFilterInstalled = false;

/** Prints `warning: <line>` once per provider process. */
export function warnOnce(line: string): void {
    if (printed.has(line)) return;
    printed.add(line);
    console.error(`warning: ${line}`);
}

/**
 * Prints `<line>` once per provider process, without the `warning:` prefix: for what the user may like to know
 * but need not act on (a set's preview line that only adds roles).
 */
export function noteOnce(line: string): void {
    if (printed.has(line)) return;
    printed.add(line);
    console.error(line);
}

/** The host's echo of `err` is dropped, if the filter is installed (only in the host's process). */
export function expectHostEcho(err: Error): void {
    if (echoFilterInstalled) expectedEchoes.add(`${err}: ${err.stack}`);
}

/** Drops the host's echo of our errors from stderr; everything else written there passes unchanged. */
export function installHostEchoFilter(): void {
    if (echoFilterInstalled) return;
    echoFilterInstalled = true;
    const original = console.error.bind(console);
    console.error = (...args: unknown[]) => {
        if (args.length === 1 && typeof args[0] === "string" && expectedEchoes.delete(args[0])) return;
        original(...args);
    };
}
