/** The request log: arrival order, never a credential. */
import type { RequestLogEntry } from "./types";

/** Keys whose values are never stored: client secrets, and anything else credential-like a client might send. */
const SECRET_KEY = /secret|password|api[_-]?key|token|authorization/i;
export const REDACTED = "[REDACTED]";

export class RequestLog {
    /** Cleared in place so that a reference held by a test stays live. */
    readonly entries: RequestLogEntry[] = [];
    private seq = 0;

    open(entry: Omit<RequestLogEntry, "seq">): RequestLogEntry {
        const full: RequestLogEntry = { seq: ++this.seq, ...entry };
        this.entries.push(full);
        return full;
    }

    reset(): void {
        this.entries.length = 0;
        this.seq = 0;
    }
}

/** Deep copy with credential-like values replaced. */
export function redact(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(redact);
    if (typeof value !== "object" || value === null) return value;
    return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, SECRET_KEY.test(k) ? REDACTED : redact(v)]),
    );
}

/** The body as the log shows it: parsed JSON or form data; unparseable bodies are not stored (they may hold secrets). */
export function bodyForLog(body: Buffer, contentType: string | undefined): unknown {
    if (body.length === 0) return undefined;
    const mediaType = contentType?.split(";")[0]?.trim().toLowerCase();
    const text = body.toString("utf8");
    if (mediaType === "application/x-www-form-urlencoded")
        return redact(Object.fromEntries(new URLSearchParams(text)));
    try {
        return redact(JSON.parse(text));
    } catch {
        return undefined;
    }
}

/**
 * The role names a role PATCH body refers to, in order: `{name}` as sent, `{id}` looked up (an unknown id stays as
 * sent). Undefined when the body is not a JSON Patch with a role list. Lets tests read a PATCH by names whichever
 * form the client sends.
 */
export function roleNamesOf(
    body: unknown,
    nameOfId: (id: string) => string | undefined,
): string[] | undefined {
    if (!Array.isArray(body)) return undefined;
    const op = body.find((o) => Array.isArray((o as { value?: unknown } | null)?.value)) as
        { value: unknown[] } | undefined;
    if (!op) return undefined;
    return op.value.map((ref) => {
        const { id, name } = (ref ?? {}) as { id?: unknown; name?: unknown };
        if (typeof name === "string") return name;
        if (typeof id === "string") return nameOfId(id) ?? id;
        return "?";
    });
}
