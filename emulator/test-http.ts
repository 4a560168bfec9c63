/**
 * Tiny fetch wrapper for the emulator's own tests: global fetch, `Connection: close` so no keep-alive socket
 * outlives a test, and `redirect: "manual"` so a 301 stays visible.
 */
import type { TenantEmulator } from "./types";

export interface Res {
    status: number;
    headers: Headers;
    text: string;
    /** Parsed body, or undefined when empty / not JSON. */
    json: any;
}

export interface CallOptions {
    /** Bearer credential; default the admin API key; null sends no Authorization header. */
    key?: string | null;
    /** JSON-encoded with content-type application/json. */
    body?: unknown;
    /** Sent verbatim (use with contentType). */
    rawBody?: string;
    contentType?: string;
    query?: Record<string, string>;
    headers?: Record<string, string>;
}

export async function call(
    emu: TenantEmulator,
    method: string,
    pathOrUrl: string,
    opts: CallOptions = {},
): Promise<Res> {
    const url = new URL(pathOrUrl.startsWith("http") ? pathOrUrl : `${emu.url}${pathOrUrl}`);
    for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.append(k, v);
    const headers: Record<string, string> = { connection: "close", ...opts.headers };
    const key = opts.key === undefined ? emu.apiKey : opts.key;
    if (key !== null) headers["authorization"] = `Bearer ${key}`;
    let body: string | undefined = opts.rawBody;
    if (opts.body !== undefined) {
        body = JSON.stringify(opts.body);
        headers["content-type"] = "application/json";
    }
    if (opts.contentType !== undefined) headers["content-type"] = opts.contentType;
    const res = await fetch(url, { method, headers, body, redirect: "manual" });
    const text = await res.text();
    let json: unknown;
    try {
        json = text ? JSON.parse(text) : undefined;
    } catch {
        json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
}

export const get = (emu: TenantEmulator, path: string, opts?: CallOptions) => call(emu, "GET", path, opts);

/** `[{"op":"replace","path":"/assignedRoles","value":[{"name":...}]}]`, as in the guide. */
export function replaceRoles(names: string[], path = "/assignedRoles"): unknown[] {
    return [{ op: "replace", path, value: names.map((name) => ({ name })) }];
}

export const patchUser = (emu: TenantEmulator, id: string, body: unknown, opts: CallOptions = {}) =>
    call(emu, "PATCH", `/api/v1/users/${encodeURIComponent(id)}`, { ...opts, body });

export const patchGroup = (emu: TenantEmulator, id: string, body: unknown, opts: CallOptions = {}) =>
    call(emu, "PATCH", `/api/v1/groups/${encodeURIComponent(id)}`, { ...opts, body });

/** Lists with a SCIM filter; returns the response. */
export const listWhere = (
    emu: TenantEmulator,
    resource: "users" | "groups" | "roles",
    filter: string,
    opts: CallOptions = {},
) => get(emu, `/api/v1/${resource}`, { ...opts, query: { filter, ...opts.query } });

/** Follows links.next to the end and returns every item. */
export async function listAll(emu: TenantEmulator, firstUrl: string, opts: CallOptions = {}): Promise<any[]> {
    const items: any[] = [];
    let next: string | undefined = firstUrl;
    for (let page = 0; next; page++) {
        if (page > 100) throw new Error("paging does not terminate");
        const res = await get(emu, next, opts);
        if (res.status !== 200) throw new Error(`page ${page}: ${res.status} ${res.text}`);
        items.push(...res.json.data);
        next = res.json.links.next?.href;
    }
    return items;
}

/** Escapes a value for a single-quoted SCIM string, as a careful client must. */
export const quoteSingle = (value: string) => `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;

export const TRACE_ID = /^[0-9a-f]{32}$/;
