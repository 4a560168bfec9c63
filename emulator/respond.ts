/**
 * Serializing replies and the response-phase faults (they change what reaches the wire, after the handler
 * ran, so for a PATCH the change IS applied; "reset" and "status" faults happen before and apply nothing).
 */
import type { ServerResponse } from "node:http";
import type { Reply } from "./context";
import { ApiError, errorBody, fail } from "./errors";

export interface Outgoing {
    status: number;
    headers: Record<string, string>;
    /** Serialized JSON, absent for bodiless statuses (204, 301). */
    text?: string;
}

export function fromReply(reply: Reply, traceId: string): Outgoing {
    const headers: Record<string, string> = { "x-request-id": traceId, ...reply.headers };
    if (reply.raw) {
        headers["content-type"] = reply.raw.contentType;
        return { status: reply.status, headers, text: reply.raw.text };
    }
    if (reply.body === undefined) return { status: reply.status, headers };
    headers["content-type"] = "application/json; charset=utf-8";
    return { status: reply.status, headers, text: JSON.stringify(reply.body) };
}

export function fromError(e: unknown, traceId: string): Outgoing {
    const err = e instanceof ApiError ? e : fail.internal(e instanceof Error ? e.message : String(e));
    if (!(e instanceof ApiError))
        process.stderr.write(`emulator: internal error: ${e instanceof Error ? e.stack : e}\n`);
    return fromReply({ status: err.status, headers: err.headers, body: errorBody(err, traceId) }, traceId);
}

export function send(res: ServerResponse, out: Outgoing): void {
    const headers = { ...out.headers };
    if (out.text !== undefined) headers["content-length"] = String(Buffer.byteLength(out.text));
    else if (out.status !== 204) headers["content-length"] = "0";
    res.writeHead(out.status, headers);
    res.end(out.text);
}

/**
 * "malformed-json": 200 with the first half of the JSON body (never valid). A bodiless reply (a PATCH's 204)
 * becomes 200 with a truncated object, so a client that parses the success body notices.
 */
export function malformed(out: Outgoing): Outgoing {
    const full = out.text ?? '{"data":[{"id":"000000000000000000000000","name":"trunc';
    let half = full.slice(0, Math.max(1, Math.floor(full.length / 2)));
    if (isJson(half)) half += ",";
    return {
        status: 200,
        headers: { ...out.headers, "content-type": "application/json; charset=utf-8" },
        text: half,
    };
}

function isJson(text: string): boolean {
    try {
        JSON.parse(text);
        return true;
    } catch {
        return false;
    }
}

/**
 * "missing-fields": a well-formed body whose users/groups/roles lack `id` and whose `assignedRoles` elements
 * lack `name`: what a client gets when Qlik evolves a shape, or a proxy mangles it. Error bodies pass unchanged.
 */
export function missingFields(out: Outgoing): Outgoing {
    if (out.text === undefined) return out;
    const body = JSON.parse(out.text) as Record<string, unknown>;
    if (Array.isArray(body["data"])) body["data"].forEach(stripResource);
    else if (typeof body["id"] === "string") stripResource(body);
    return { ...out, text: JSON.stringify(body) };
}

function stripResource(item: unknown): void {
    if (typeof item !== "object" || item === null) return;
    const rec = item as Record<string, unknown>;
    delete rec["id"];
    if (Array.isArray(rec["assignedRoles"])) {
        for (const role of rec["assignedRoles"]) delete (role as Record<string, unknown>)["name"];
    }
}

/**
 * "reset-mid-body": status line, headers (with the full content-length) and half of the body, then the socket
 * is destroyed. A bodiless reply (204) is cut inside its status line instead, so the client sees a network
 * error although the PATCH was applied: the case that forces a verifying read.
 */
export function sendHalfThenReset(res: ServerResponse, out: Outgoing): void {
    const socket = res.socket;
    if (!socket) return;
    if (out.text === undefined || out.text.length < 2) {
        socket.write(`HTTP/1.1 ${out.status}`, () => socket.destroy());
        return;
    }
    res.writeHead(out.status, { ...out.headers, "content-length": String(Buffer.byteLength(out.text)) });
    res.write(out.text.slice(0, Math.floor(out.text.length / 2)), () => socket.destroy());
}
