/** The documented alternative answers the emulator can give, one switch each (see the README's "Variants"). */
import type { EmulatorVariants } from "./types";

/** What each switch is unless a test says otherwise: the emulator's behaviour before the switches existed. */
export const DEFAULT_VARIANTS: Readonly<EmulatorVariants> = Object.freeze({
    meRedirect: "bodiless",
    tokenExpiry: "both",
    filterValues: "unescape",
    filterCase: "insensitive",
    maxTokensPerClient: Infinity,
    apiDeprecation: "none",
    userDefault: "hidden",
    nextLinks: "full",
    roleEntitlement: "type",
});

const CHOICES: Record<Exclude<keyof EmulatorVariants, "maxTokensPerClient">, readonly string[]> = {
    meRedirect: ["bodiless", "html"],
    tokenExpiry: ["both", "expires_at", "expires_in", "neither"],
    filterValues: ["unescape", "literal"],
    filterCase: ["insensitive", "exact"],
    apiDeprecation: ["none", "announced"],
    userDefault: ["hidden", "listed"],
    nextLinks: ["full", "cursor"],
    roleEntitlement: ["type", "boolean", "both", "none"],
};

/**
 * Reads switches written as `name=value,name=value` (the standalone emulator's QLIK_EMULATOR_VARIANTS), e.g.
 * `meRedirect=html,tokenExpiry=expires_at`. Throws a RangeError naming the bad switch or value.
 */
export function parseVariants(text: string): Partial<EmulatorVariants> {
    const out: Record<string, string | number> = {};
    for (const part of text
        .split(",")
        .map((p) => p.trim())
        .filter(Boolean)) {
        const [name, value = ""] = part.split("=", 2).map((x) => x.trim()) as [string, string?];
        if (name === "maxTokensPerClient") {
            const n = Number(value);
            if (!Number.isInteger(n) || n <= 0)
                throw new RangeError(
                    `emulator variant maxTokensPerClient must be a positive integer, got ${JSON.stringify(value)}`,
                );
            out[name] = n;
            continue;
        }
        const choices = CHOICES[name as keyof typeof CHOICES];
        if (!choices)
            throw new RangeError(
                `unknown emulator variant ${JSON.stringify(name)}; known: ${[...Object.keys(CHOICES), "maxTokensPerClient"].join(", ")}`,
            );
        if (!choices.includes(value))
            throw new RangeError(
                `emulator variant ${name} must be one of ${choices.join(", ")}, got ${JSON.stringify(value)}`,
            );
        out[name] = value;
    }
    return out as Partial<EmulatorVariants>;
}
