/**
 * Reading a command's options, shared by `export` and `report`: `--flag value` and `--flag=value` alike, a value read
 * only when the flag takes one, and the same one-line refusals for a missing value, a value outside its set and an
 * unknown option.
 */
import { UsageError } from "../client/usage-error";

export interface CommandOption {
    /** The flag as given, without an inline `=value`. */
    readonly flag: string;
    /** This flag's value: inline, else the next argument. A missing or empty value is one line. */
    value(): string;
    /** The value, when it is one of `allowed`; else one line naming them. */
    oneOf<T extends string>(allowed: readonly T[]): T;
    /**
     * The refusal of an option the command does not know. It names the flag, never an inline value: someone who
     * types `--api-key=...` must not see the key echoed into a terminal or a CI log.
     */
    unknown(): UsageError;
}

/** `a or b`, `a, b or c`: a list of which one is wanted, not all (as the config's messages say it). */
function alternatives(allowed: readonly string[]): string {
    return allowed.length < 2 ? allowed.join("") : `${allowed.slice(0, -1).join(", ")} or ${allowed.at(-1)!}`;
}

/** Each option of `args` in order; an option's value, once read, is not seen as an option of its own. */
export function* commandOptions(args: readonly string[]): Generator<CommandOption> {
    for (let i = 0; i < args.length; i++) {
        const arg = args[i]!;
        const [flag, inline] =
            arg.startsWith("--") && arg.includes("=") ? arg.split(/=(.*)/s) : [arg, undefined];
        const value = (): string => {
            const v = inline ?? args[++i];
            if (v === undefined || v === "") throw new UsageError(`${flag} needs a value; see --help`);
            return v;
        };
        yield {
            flag: flag!,
            value,
            oneOf: <T extends string>(allowed: readonly T[]): T => {
                const v = value();
                if (!(allowed as readonly string[]).includes(v))
                    throw new UsageError(
                        `${flag} must be ${alternatives(allowed)}; got ${JSON.stringify(v)}`,
                    );
                return v as T;
            },
            unknown: () =>
                new UsageError(
                    `unknown option ${JSON.stringify(flag)}; credentials are never flags: set them in the stack's qlik:* config or QLIK_* variables (see --help)`,
                ),
        };
    }
}
