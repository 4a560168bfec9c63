/**
 * The request pipeline on node:http:
 * log -> read body -> latency -> route (404/405) -> pre-processing faults (reset, slow, status: counted against
 * the caller's rate limit) -> auth (401) -> rate limit (429) -> handler -> response faults (malformed, missing
 * fields, reset mid-body). Every answer but a gateway's page names the API release served (api-version.ts).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { permissionsOf } from "./auth";
import type { ApiCall, EmulatorContext, Reply } from "./context";
import { ApiError, fail } from "./errors";
import { versionHeaders } from "./api-version";
import { faultLabel } from "./faults";
import { randomHex } from "./ids";
import { tokenEndpoint } from "./oauth";
import { bodyForLog, redact, roleNamesOf, type RequestLog } from "./request-log";
import {
    fromError,
    fromReply,
    malformed,
    missingFields,
    send,
    sendHalfThenReset,
    type Outgoing,
} from "./respond";
import { resolveRoute, type Resolution } from "./routes";
import type { FaultRule, RequestLogEntry } from "./types";

const MAX_BODY_BYTES = 1024 * 1024;

const INJECTED_TITLES: Record<number, string> = {
    401: "Unauthorized",
    403: "Forbidden",
    500: "Internal server error",
    502: "Bad gateway",
    503: "Service unavailable",
    504: "Gateway timeout",
};

export class EmulatorServer {
    private readonly server: Server;
    private readonly sockets = new Set<Socket>();
    private readonly sleepers = new Set<() => void>();
    private closed = false;

    constructor(
        private readonly ctx: EmulatorContext,
        private readonly log: RequestLog,
        private readonly latencyMs: number,
    ) {
        this.server = createServer((req, res) => {
            this.handle(req, res).catch((e: unknown) => {
                process.stderr.write(`emulator: request failed: ${e instanceof Error ? e.stack : e}\n`);
                res.destroy();
            });
        });
        this.server.on("connection", (s: Socket) => {
            this.sockets.add(s);
            s.on("close", () => this.sockets.delete(s));
        });
    }

    listen(port: number): Promise<number> {
        return new Promise((resolve, reject) => {
            this.server.once("error", reject);
            this.server.listen(port, "127.0.0.1", () => {
                const addr = this.server.address();
                resolve(typeof addr === "object" && addr ? addr.port : port);
            });
        });
    }

    /** Stops accepting, wakes pending delays, destroys every socket (requests in flight get no answer). */
    close(): Promise<void> {
        this.closed = true;
        for (const wake of this.sleepers) wake();
        this.sleepers.clear();
        return new Promise((resolve) => {
            this.server.close(() => resolve());
            for (const s of this.sockets) s.destroy();
        });
    }

    private sleep(ms: number): Promise<void> {
        if (ms <= 0 || this.closed) return Promise.resolve();
        return new Promise((resolve) => {
            const wake = () => {
                clearTimeout(timer);
                this.sleepers.delete(wake);
                resolve();
            };
            const timer = setTimeout(wake, ms);
            this.sleepers.add(wake);
        });
    }

    private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
        const traceId = randomHex(16);
        const method = req.method ?? "GET";
        const url = new URL(req.url ?? "/", "http://emulator.invalid");
        const entry = this.log.open({
            method,
            path: url.pathname,
            query: redact(Object.fromEntries(url.searchParams)) as Record<string, string>,
            tier: 0,
            status: 0,
            caller: "anonymous",
            startedAt: Date.now(),
            endedAt: 0,
        });
        const apiVersion = req.headers["qlik-api-version"];
        const sentVersion = Array.isArray(apiVersion) ? apiVersion[0] : apiVersion;
        if (sentVersion !== undefined) entry.apiVersion = sentVersion;
        const notes: string[] = [];
        const finish = (status: number) => {
            entry.status = status;
            entry.endedAt = Date.now();
            if (notes.length > 0) entry.fault = notes.join(",");
        };
        res.on("error", () => undefined);

        let out: Outgoing;
        let fault: FaultRule | undefined;
        try {
            const body = await readBody(req);
            const contentType = req.headers["content-type"];
            if (method === "PATCH" || method === "POST" || method === "PUT")
                entry.body = bodyForLog(body, contentType);
            if (method === "PATCH") {
                const names = roleNamesOf(entry.body, (id) => this.ctx.state.role(id)?.name);
                if (names) entry.roleNames = names;
            }
            await this.sleep(this.latencyMs);
            const route = resolveRoute(method, url.pathname);
            if (route.kind !== "error") entry.tier = route.tier;

            fault = this.ctx.faults.pick(method, url.pathname);
            if (fault) notes.push(faultLabel(fault));
            if (fault?.kind === "reset") {
                // Before any processing: nothing was applied, nothing is answered.
                req.socket.destroy();
                return finish(0);
            }
            if (fault?.kind === "slow") await this.sleep(fault.delayMs ?? 0);
            if (fault?.kind === "status" && fault.status !== 429 && fault.body && fault.body !== "json") {
                out = gatewayPage(fault.status!, fault.body);
                send(res, out);
                return finish(out.status);
            }
            if (fault?.kind === "status") {
                // Qlik failing behind its rate limiter: the call counts against the caller's limit (a gateway's
                // page above does not: the edge answered before the limiter).
                if (fault.status !== 429 && route.kind === "api") this.countFailedCall(req, route.tier);
                throw injectedStatus(fault, req.headers.authorization);
            }
            if (this.closed) return finish(0);

            const reply = this.dispatch(route, { req, url, body, contentType, traceId, entry, notes, fault });
            out = fromReply(reply, traceId);
        } catch (e) {
            out = fromError(e, traceId);
        }
        if (this.closed || req.socket.destroyed) return finish(0);

        if (fault?.kind === "malformed-json") out = malformed(out);
        if (fault?.kind === "missing-fields") out = missingFields(out);
        // Qlik's answers (not an edge's page, sent above) name the release served and any announced deprecation.
        out = { ...out, headers: { ...out.headers, ...versionHeaders(sentVersion, this.ctx.variants) } };
        if (fault?.kind === "reset-mid-body") {
            sendHalfThenReset(res, out);
            return finish(out.status);
        }
        send(res, out);
        finish(out.status);
    }

    /** A call Qlik answers with an error counts against the limit: refused with 429 once that is spent. */
    private countFailedCall(req: IncomingMessage, tier: 1 | 2): void {
        const { ctx } = this;
        let caller: string;
        try {
            caller = ctx.credentials.authenticate(req.headers.authorization, ctx.state, ctx.now()).userId;
        } catch {
            return; // no user to count it for
        }
        const limit = ctx.limiter.check(caller, tier);
        if (!limit.ok) throw fail.rateLimited(limit.retryAfterSeconds);
    }

    private dispatch(
        route: Resolution,
        r: {
            req: IncomingMessage;
            url: URL;
            body: Buffer;
            contentType: string | undefined;
            traceId: string;
            entry: RequestLogEntry;
            notes: string[];
            fault: FaultRule | undefined;
        },
    ): Reply {
        if (route.kind === "error") throw route.error;
        const { ctx } = this;
        if (route.kind === "oauth") {
            return tokenEndpoint(
                ctx,
                { body: r.body, contentType: r.contentType, query: r.url.searchParams },
                (id) => {
                    r.entry.caller = id;
                },
            );
        }
        const caller = ctx.credentials.authenticate(r.req.headers.authorization, ctx.state, ctx.now());
        r.entry.caller = caller.userId;
        const limit = ctx.limiter.check(caller.userId, route.tier);
        if (!limit.ok) throw fail.rateLimited(limit.retryAfterSeconds);
        const call: ApiCall = {
            ctx,
            method: r.req.method ?? "GET",
            path: r.url.pathname,
            params: route.params,
            query: r.url.searchParams,
            caller,
            perms: permissionsOf(caller, ctx.state),
            body: r.body,
            contentType: r.contentType,
            traceId: r.traceId,
            partial207: r.fault?.kind === "partial-207",
            partial207Applied: r.fault?.kind === "partial-207" ? (r.fault.applied ?? false) : false,
            notes: r.notes,
        };
        return route.handler(call);
    }
}

function injectedStatus(rule: FaultRule, authorization: string | undefined): ApiError {
    const status = rule.status!;
    if (status === 429) return fail.rateLimited(rule.retryAfterSeconds ?? 1);
    // ASSUMPTION: gateways in front of Qlik may answer 502/503 with non-JSON bodies; the emulator always sends
    // a Qlik error body, so clients must not rely on either.
    let detail = "Injected by the emulator's fault controller";
    if (rule.echoAuthorization && authorization) {
        const echoed =
            rule.echoAuthorization === "url-encoded" ? encodeURIComponent(authorization) : authorization;
        detail = `Rejected credential: ${echoed}`;
    }
    return fail.status(status, INJECTED_TITLES[status] ?? `HTTP ${status}`, detail);
}

/** What a gateway or edge in front of Qlik sends instead of Qlik's JSON: an HTML page, or nothing. */
function gatewayPage(status: number, body: "html" | "empty"): Outgoing {
    if (body === "empty") return { status, headers: {} };
    const title = `${status} ${INJECTED_TITLES[status] ?? "Error"}`;
    return {
        status,
        headers: { "content-type": "text/html" },
        text: `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>edge</center>\r\n</body>\r\n</html>\r\n`,
    };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
        size += (chunk as Buffer).length;
        if (size <= MAX_BODY_BYTES) chunks.push(chunk as Buffer);
    }
    if (size > MAX_BODY_BYTES) throw fail.payloadTooLarge();
    return Buffer.concat(chunks);
}
