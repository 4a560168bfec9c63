/**
 * Reading Qlik's answers: the JSON of a success, and for any other status the QlikError it means.
 *
 * The status decides first, the body second: a gateway or an edge in front of Qlik may answer any status with an
 * HTML page or nothing, so a body is parsed as JSON only where JSON is promised (a 2xx of a read, or an error body
 * that says it is JSON). Everything else keeps its status and shows a short excerpt. No sockets, no retries:
 * http.ts sends and retries.
 */
import { errorBodySchema } from "../schemas/qlik";
import { QlikError, errorFromResponse, isQlikError, redact } from "./errors";

/**
 * A failed try that a retry may cure, with the error to report if it is the last. A typed wrapper instead of a
 * field on QlikError, so that no retry hint can leak out of the transport (http.ts) on an error the caller sees.
 */
export class RetryableFailure extends Error {
    constructor(
        readonly kind: "network" | "timeout" | "truncated-body",
        readonly error: QlikError,
    ) {
        super(error.message);
    }
}

export interface QlikResponse {
    status: number;
    headers: Record<string, string | string[] | undefined>;
    /** Parsed JSON of a 2xx answer; undefined for an empty body, a 3xx, or when `jsonBody` is false. */
    body: unknown;
}

/** An answer as it came off the wire, before it is classified by status. */
export interface RawResponse {
    status: number;
    headers: Record<string, string | string[] | undefined>;
    text: string;
}

/**
 * A success answer: JSON where a 2xx promises it; a 3xx or bodiless write keeps only status and headers.
 * @param jsonBody false for writes whose answer is bodiless (see `SendOptions.jsonBody`)
 */
export function successAnswer(
    raw: RawResponse,
    method: string,
    path: string,
    jsonBody: boolean | undefined,
): QlikResponse {
    const wantsJson = jsonBody !== false && raw.status >= 200 && raw.status < 300 && raw.status !== 204;
    const body = wantsJson ? parseJsonBody(raw.text, method, path) : undefined;
    return { status: raw.status, headers: raw.headers, body };
}

/**
 * The error an answer outside `expect` means, with every credential removed. The body is redacted before an
 * excerpt is cut from it: a secret cut in half would escape the later scrub of the message.
 */
export function failedAnswer(
    method: string,
    path: string,
    raw: RawResponse,
    retryAfterMs: number | undefined,
    secrets: readonly string[],
): QlikError {
    const redacted = { ...raw, text: redact(raw.text, secrets) };
    return scrub(answerError(method, path, redacted, retryAfterMs), secrets);
}

/** Removes every credential from the message (Qlik may echo a header back in `detail`). */
export function scrub(error: QlikError, secrets: readonly string[]): QlikError {
    const clean = redact(error.message, secrets);
    const qlikErrors = error.qlikErrors.map((e) => ({
        ...e,
        detail: e.detail && redact(e.detail, secrets),
        title: e.title && redact(e.title, secrets),
    }));
    return new QlikError(error.code, clean, { ...error, qlikErrors, retryAfterMs: error.retryAfterMs });
}

/** The JSON a 2xx promised; a body that is not JSON is usually a connection cut mid-transfer: worth a retry. */
function parseJsonBody(text: string, method: string, path: string): unknown {
    if (text.trim() === "") return undefined;
    try {
        return JSON.parse(text);
    } catch {
        throw new RetryableFailure(
            "truncated-body",
            new QlikError(
                "QLIK_INVALID_RESPONSE",
                `${method} ${pathOnly(path)}: the answer is not valid JSON (${text.length} bytes); Qlik may be failing, re-run later`,
                { method, path: pathOnly(path) },
            ),
        );
    }
}

/**
 * The error for an answer whose status is not a success: Qlik's error body when the answer is JSON, otherwise
 * the status with a short excerpt of what came instead (an HTML page from a gateway, or nothing).
 */
function answerError(method: string, path: string, raw: RawResponse, retryAfterMs?: number): QlikError {
    // Whatever the content type says: gateways label JSON as text, and an HTML page simply fails to parse.
    const parsed = tryJson(raw.text);
    const errorBody = parsed === undefined ? undefined : errorBodySchema.safeParse(parsed);
    if (errorBody?.success)
        return errorFromResponse(method, pathOnly(path), raw.status, errorBody.data, retryAfterMs);
    return errorFromResponse(method, pathOnly(path), raw.status, undefined, retryAfterMs, describeBody(raw));
}

function tryJson(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return undefined;
    }
}

/** Longest excerpt of a non-JSON body shown in a message. */
const EXCERPT_CHARS = 80;

/**
 * What a non-JSON body was, in a few words: `an empty body`, or `an HTML page "502 Bad Gateway"` (its title, or
 * its text without tags). Credentials are scrubbed from the whole message afterwards.
 */
export function describeBody(raw: { headers: RawResponse["headers"]; text: string }): string {
    const text = raw.text.trim();
    if (text === "") return "an empty body";
    const type = header(raw.headers, "content-type") ?? "";
    const html = /html/i.test(type) || /^<(!doctype|html|head|body|title|h1|center)\b/i.test(text);
    const title = html ? /<title[^>]*>([\s\S]*?)<\/title>/i.exec(text)?.[1] : undefined;
    const plain = (title ?? text.replace(/<(script|style)[\s\S]*?<\/\1>/gi, " ").replace(/<[^>]*>/g, " "))
        .replace(/&nbsp;/g, " ")
        .replace(/\s+/g, " ")
        .trim();
    const excerpt = plain.length > EXCERPT_CHARS ? `${plain.slice(0, EXCERPT_CHARS - 1)}…` : plain;
    const kind = html ? "an HTML page" : "a non-JSON body";
    return excerpt ? `${kind} ${JSON.stringify(excerpt)}` : kind;
}

export function header(headers: QlikResponse["headers"], name: string): string | undefined {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
}

/** The path without its query string: queries may hold user data (emails) and make messages long. */
export function pathOnly(path: string): string {
    const q = path.indexOf("?");
    return q === -1 ? path : path.slice(0, q);
}

/**
 * A write whose target may have been deleted meanwhile: true once Qlik answered it, false for a 404 (nothing
 * exists to write to, so nothing was written). Every other failure is thrown.
 */
export async function answeredUnlessGone(write: Promise<unknown>): Promise<boolean> {
    try {
        await write;
        return true;
    } catch (err) {
        if (isQlikError(err, "QLIK_NOT_FOUND")) return false;
        throw err;
    }
}
