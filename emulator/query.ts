/** Small query helpers shared by the endpoint handlers. */
import type { ApiCall } from "./context";
import { fail } from "./errors";
import { FilterError } from "./filter";

/**
 * Single-resource endpoints take no query parameters but those they document (`allowed`, e.g. a user's `fields`); a
 * stray or repeated one is a client bug worth surfacing.
 */
export function rejectQuery(call: ApiCall, allowed: readonly string[] = []): void {
    const seen = new Set<string>();
    for (const key of call.query.keys()) {
        if (!allowed.includes(key))
            throw fail.invalidParameter(
                key,
                allowed.length === 0
                    ? `Unknown query parameter ${JSON.stringify(key)}: this endpoint takes none`
                    : `Unknown query parameter ${JSON.stringify(key)}; allowed: ${allowed.join(", ")}`,
            );
        if (seen.has(key))
            throw fail.invalidParameter(key, `Query parameter ${JSON.stringify(key)} is repeated`);
        seen.add(key);
    }
}

export function filterOrThrow<T>(compile: () => T): T {
    try {
        return compile();
    } catch (e) {
        if (e instanceof FilterError) throw fail.invalidFilter(e.message);
        throw e;
    }
}
