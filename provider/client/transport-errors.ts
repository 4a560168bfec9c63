/**
 * What a thrown transport failure (socket, DNS, timeout, a body cut off) means: the QlikError to report, marked
 * retryable where a retry may cure it. The retry loop in http.ts decides what to do with it.
 */
import { QlikError } from "./errors";
import { RetryableFailure, pathOnly } from "./answers";

const NETWORK_CODES = new Set([
    "ECONNRESET",
    "ECONNREFUSED",
    "EPIPE",
    "ETIMEDOUT",
    "EAI_AGAIN",
    "ENOTFOUND",
    "UND_ERR_SOCKET",
    "UND_ERR_CLOSED",
    "UND_ERR_CONNECT_TIMEOUT",
]);
const TIMEOUT_CODES = new Set(["UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT"]);

/** Maps a thrown transport failure to a QlikError, wrapped as retryable where a retry may cure it. */
export function transportFailure(
    method: string,
    path: string,
    err: unknown,
    timeoutMs: number,
): RetryableFailure | { error: QlikError } {
    if (err instanceof RetryableFailure) return err;
    if (err instanceof QlikError) return { error: err };
    const e = err as { name?: string; code?: string; message?: string; cause?: { code?: string } };
    const where = `${method} ${pathOnly(path)}`;
    if (e?.name === "TimeoutError" || e?.name === "AbortError" || TIMEOUT_CODES.has(e?.code ?? "")) {
        return new RetryableFailure(
            "timeout",
            new QlikError(
                "QLIK_TIMEOUT",
                `${where}: no answer within ${timeoutMs} ms; check the tenant URL and network, or raise qlik:requestTimeoutMs`,
                { method, path: pathOnly(path) },
            ),
        );
    }
    const code = e?.code ?? e?.cause?.code;
    if (code && NETWORK_CODES.has(code)) {
        return new RetryableFailure(
            "network",
            new QlikError(
                "QLIK_NETWORK_ERROR",
                `${where}: network error ${code}${e?.message ? ` (${e.message})` : ""}; check qlik:tenantUrl and connectivity`,
                { method, path: pathOnly(path) },
            ),
        );
    }
    return {
        error: new QlikError("QLIK_NETWORK_ERROR", `${where}: request failed: ${e?.message ?? String(err)}`, {
            method,
            path: pathOnly(path),
        }),
    };
}

/** The body as text; a body cut off mid-transfer fails like a reset connection, which a retry may cure. */
export async function bodyText(body: { text(): Promise<string> }): Promise<string> {
    try {
        return await body.text();
    } catch (err) {
        throw Object.assign(new Error("the response body was cut off"), { cause: err, code: "ECONNRESET" });
    }
}
