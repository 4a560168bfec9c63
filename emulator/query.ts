/** Small query helpers shared by the endpoint handlers. */
import type { ApiCall } from "./context";
import { fail } from "./errors";
import { FilterError } from "./filter";

/** Single-resource endpoints take no query parameters; a stray one is a client bug worth surfacing. */
export function rejectQuery(call: ApiCall): void {
    for (const key of call.query.keys()) {
        throw fail.invalidParameter(
            key,
            `Unknown query parameter ${JSON.stringify(key)}: this endpoint takes none`,
        );
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
