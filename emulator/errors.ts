/**
 * Qlik error bodies: `{"errors":[{code,title,detail?,status,source?}],"traceId"}` (Qlik's API reference).
 *
 * Documented codes used verbatim: USERS-7 / GROUPS-7 (404, title "Not found", no detail) and HTTP-429 (title and
 * detail wording from the rate-limit page).
 * ASSUMPTION: every other code is unknown in the docs. The emulator uses `HTTP-<status>` for them (the pattern
 * of HTTP-429) and `ROLES-7` for a missing role by analogy with USERS-7. Clients should match on status, and
 * only show code/title/detail to people.
 */

export interface QlikErrorItem {
    code: string;
    title: string;
    detail?: string;
    status?: number;
    source?: { pointer?: string; parameter?: string };
    /** The Spaces API's items put `source` here instead (spaces-errors.ts). */
    meta?: { source?: { pointer?: string; parameter?: string } };
}

/** A failure that becomes a Qlik error response. Handlers throw it; the server renders it. */
export class ApiError extends Error {
    constructor(
        readonly status: number,
        readonly items: QlikErrorItem[],
        readonly headers: Record<string, string> = {},
        /** Extra top-level body fields, e.g. OAuth's `error` / `error_description`. */
        readonly extra: Record<string, unknown> = {},
    ) {
        super(items.map((i) => `${i.code} ${i.title}${i.detail ? `: ${i.detail}` : ""}`).join("; "));
    }
}

/** An error response's body; OAuth errors add RFC 6749's `error` and `error_description` beside `errors`. */
export interface ErrorBodyJson {
    errors: QlikErrorItem[];
    traceId: string;
    [extra: string]: unknown;
}

export function errorBody(err: ApiError, traceId: string): ErrorBodyJson {
    return { ...err.extra, errors: err.items, traceId };
}

/**
 * Body of an injected 207 on a role PATCH. ASSUMPTION: Qlik documents 207 with an Errors body but not its
 * contents; this one points at the failed operation.
 */
export function partialFailureBody(traceId: string): ErrorBodyJson {
    return {
        errors: [
            {
                code: "HTTP-500",
                title: "Operation failed",
                detail: "replace /assignedRoles could not be applied",
                status: 500,
                source: { pointer: "/0" },
            },
        ],
        traceId,
    };
}

function one(status: number, title: string, detail?: string, source?: QlikErrorItem["source"]): ApiError {
    const item: QlikErrorItem = { code: `HTTP-${status}`, title, status };
    if (detail !== undefined) item.detail = detail;
    if (source) item.source = source;
    return new ApiError(status, [item]);
}

export const fail = {
    badRequest: (title: string, detail: string, source?: QlikErrorItem["source"]) =>
        one(400, title, detail, source),
    invalidFilter: (detail: string) => one(400, "Invalid filter", detail, { parameter: "filter" }),
    invalidParameter: (parameter: string, detail: string) =>
        one(400, "Invalid query parameter", detail, { parameter }),
    unauthorized: (detail: string) => one(401, "Unauthorized", detail),
    forbidden: (detail: string) => one(403, "Forbidden", detail),
    /** Documented shape exactly: `{"code":"USERS-7","status":404,"title":"Not found"}`. */
    notFound: (code: "USERS-7" | "GROUPS-7" | "ROLES-7") =>
        new ApiError(404, [{ code, status: 404, title: "Not found" }]),
    noRoute: (path: string) => one(404, "Not found", `No endpoint at ${path}`),
    methodNotAllowed: (method: string, allowed: string[]) => {
        const err = one(
            405,
            "Method not allowed",
            `${method} is not supported here; use ${allowed.join(", ")}`,
        );
        err.headers["allow"] = allowed.join(", ");
        return err;
    },
    unsupportedMediaType: (detail: string) => one(415, "Unsupported media type", detail),
    payloadTooLarge: () => one(413, "Payload too large", "Request bodies are limited to 1 MiB"),
    /** Body text as on Qlik's rate-limit page; that sample has no `status` field, so neither does this. */
    rateLimited: (seconds: number) =>
        new ApiError(
            429,
            [
                {
                    code: "HTTP-429",
                    title: "API rate limit reached.",
                    detail: `You need to wait ${seconds} seconds until limit is lifted.`,
                },
            ],
            { "retry-after": String(seconds) },
        ),
    /** For injected gateway-style failures (500/502/503/...). */
    status: (status: number, title: string, detail: string) => one(status, title, detail),
    internal: (detail: string) => one(500, "Internal server error", detail),
};
