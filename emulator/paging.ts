/**
 * List parameters and cursor paging (Qlik's API reference): `limit` 1..100 (default 20), opaque
 * `next` / `prev` cursors, `links.next.href` as an ABSOLUTE URL, `totalResults=true`, `sort` default `+name`.
 *
 * Cursors are keyset positions (sort value + id of the boundary item), so inserts and deletes between pages
 * neither skip nor repeat the survivors. They are signed with a per-process secret and bound to the resource,
 * filter and sort that produced them: a client cannot guess offsets, reuse a cursor under another filter, or
 * drop the filter when following a page (following `links.next.href` verbatim always works).
 * ASSUMPTION: Qlik's reaction to a forged, stale or mismatched cursor is undocumented; the emulator answers 400.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { fail } from "./errors";

export const MAX_LIMIT = 100;
export const DEFAULT_LIMIT = 20;
const COMMON_PARAMS = ["limit", "next", "prev", "filter", "sort", "totalResults"] as const;

export interface SortSpec {
    field: string;
    descending: boolean;
}

export interface ListParams {
    limit: number;
    sort: SortSpec;
    filter?: string;
    totalResults: boolean;
    cursor?: { direction: "next" | "prev"; token: string };
}

/**
 * Validates a list query. Unknown parameters, repeated parameters and malformed values are 400s: a client
 * typo (`limt=100`) should fail here rather than silently fetch 20 items from Qlik.
 * ASSUMPTION: Qlik's strictness about unknown parameters is undocumented.
 */
export function parseListParams(
    query: URLSearchParams,
    opts: { extraParams?: readonly string[]; sortable: readonly string[] },
): ListParams {
    const allowed = new Set<string>([...COMMON_PARAMS, ...(opts.extraParams ?? [])]);
    const seen = new Set<string>();
    for (const key of query.keys()) {
        if (!allowed.has(key)) {
            throw fail.invalidParameter(
                key,
                `Unknown query parameter ${JSON.stringify(key)}; allowed: ${[...allowed].join(", ")}`,
            );
        }
        if (seen.has(key))
            throw fail.invalidParameter(key, `Query parameter ${JSON.stringify(key)} is repeated`);
        seen.add(key);
    }

    const rawLimit = query.get("limit");
    let limit = DEFAULT_LIMIT;
    if (rawLimit !== null) {
        limit = /^[0-9]{1,4}$/.test(rawLimit) ? Number(rawLimit) : NaN;
        if (!(limit >= 1 && limit <= MAX_LIMIT)) {
            throw fail.invalidParameter(
                "limit",
                `limit must be an integer from 1 to ${MAX_LIMIT}, got ${JSON.stringify(rawLimit)}`,
            );
        }
    }

    const next = query.get("next");
    const prev = query.get("prev");
    if (next !== null && prev !== null)
        throw fail.invalidParameter("next", "next and prev cannot be combined");
    const cursor =
        next !== null
            ? { direction: "next" as const, token: next }
            : prev !== null
              ? { direction: "prev" as const, token: prev }
              : undefined;

    const rawTotal = query.get("totalResults");
    if (rawTotal !== null && rawTotal !== "true" && rawTotal !== "false") {
        throw fail.invalidParameter(
            "totalResults",
            `totalResults must be true or false, got ${JSON.stringify(rawTotal)}`,
        );
    }

    const filter = query.get("filter") ?? undefined;
    const params: ListParams = {
        limit,
        sort: parseSort(query.get("sort"), opts.sortable),
        totalResults: rawTotal === "true",
    };
    if (filter !== undefined) params.filter = filter;
    if (cursor) params.cursor = cursor;
    return params;
}

/**
 * `+name`, `-name` or `name`. A raw `+` in a query string decodes to a space (form encoding), so a leading
 * space counts as `+`. ASSUMPTION: one field only; multi-field sorts are refused.
 */
function parseSort(raw: string | null, sortable: readonly string[]): SortSpec {
    if (raw === null) return { field: "name", descending: false };
    const m = /^([+ -]?)([A-Za-z]+)$/.exec(raw);
    if (!m || !sortable.includes(m[2]!)) {
        throw fail.invalidParameter(
            "sort",
            `sort must be one of ${sortable.map((s) => `+${s}, -${s}`).join(", ")}; got ${JSON.stringify(raw)}`,
        );
    }
    return { field: m[2]!, descending: m[1] === "-" };
}

interface CursorPayload {
    /** Resource + filter + sort fingerprint the cursor is bound to. */
    b: string;
    d: "next" | "prev";
    /** Sort value and id of the boundary item. */
    k: [string, string];
}

/** Signs and verifies cursors. One secret per emulator process: cursors do not survive a restart. */
export class CursorCodec {
    private readonly secret = randomBytes(32);

    encode(payload: CursorPayload): string {
        const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
        return `${body}.${this.sign(body)}`;
    }

    decode(token: string, direction: "next" | "prev", binding: string): [string, string] {
        const invalid = () =>
            fail.invalidParameter(
                direction,
                `The ${direction} cursor is invalid, or was issued for another filter or sort`,
            );
        const [body, sig, ...rest] = token.split(".");
        if (!body || !sig || rest.length > 0) throw invalid();
        const expected = Buffer.from(this.sign(body));
        const given = Buffer.from(sig);
        if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalid();
        const payload = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as CursorPayload;
        if (payload.b !== binding || payload.d !== direction) throw invalid();
        return payload.k;
    }

    private sign(body: string): string {
        return createHmac("sha256", this.secret).update(body).digest("base64url").slice(0, 22);
    }
}

export interface PageSpec<T> {
    /** Emulator base URL; hrefs are absolute, as Qlik's are. */
    base: string;
    path: string;
    resource: string;
    query: URLSearchParams;
    params: ListParams;
    /** Extra parameters that change the result set (e.g. systemGroups), bound into cursors. */
    binding?: string;
    items: T[];
    sortValue(item: T, field: string): string;
    idOf(item: T): string;
    render(item: T): unknown;
}

export interface ListBody {
    data: unknown[];
    links: { self: { href: string }; next?: { href: string }; prev?: { href: string } };
    totalResults?: number;
}

type Key = [string, string];

function compareKeys(a: Key, b: Key, descending: boolean): number {
    const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
    // ASSUMPTION: Qlik's collation is undocumented; the emulator sorts case-insensitively, then by code point
    // and id so that the order is total and cursors are unambiguous.
    const c = cmp(a[0].toLowerCase(), b[0].toLowerCase()) || cmp(a[0], b[0]) || cmp(a[1], b[1]);
    return descending ? -c : c;
}

export function paginate<T>(codec: CursorCodec, spec: PageSpec<T>): ListBody {
    const { params } = spec;
    const sortText = `${params.sort.descending ? "-" : "+"}${params.sort.field}`;
    const binding = createHash("sha256")
        .update([spec.resource, params.filter ?? "", sortText, spec.binding ?? ""].join("\n"))
        .digest("hex")
        .slice(0, 16);

    const keyOf = (item: T): Key => [spec.sortValue(item, params.sort.field), spec.idOf(item)];
    const sorted = spec.items
        .map((item) => ({ item, key: keyOf(item) }))
        .sort((a, b) => compareKeys(a.key, b.key, params.sort.descending));

    let start = 0;
    let end = Math.min(params.limit, sorted.length);
    if (params.cursor) {
        const boundary = codec.decode(params.cursor.token, params.cursor.direction, binding);
        const firstAfter = sorted.findIndex((e) => compareKeys(e.key, boundary, params.sort.descending) > 0);
        if (params.cursor.direction === "next") {
            start = firstAfter === -1 ? sorted.length : firstAfter;
            end = Math.min(start + params.limit, sorted.length);
        } else {
            const firstNotBefore = sorted.findIndex(
                (e) => compareKeys(e.key, boundary, params.sort.descending) >= 0,
            );
            end = firstNotBefore === -1 ? sorted.length : firstNotBefore;
            start = Math.max(0, end - params.limit);
        }
    }
    const page = sorted.slice(start, end);

    const body: ListBody = {
        data: page.map((e) => spec.render(e.item)),
        links: { self: { href: href(spec, spec.query) } },
    };
    const last = page[page.length - 1];
    const first = page[0];
    if (end < sorted.length && last) {
        body.links.next = {
            href: withCursor(spec, "next", codec.encode({ b: binding, d: "next", k: last.key })),
        };
    }
    // The first page has no prev link (Qlik documents it as absent or `{href: null}` on a first page).
    if (start > 0 && first) {
        body.links.prev = {
            href: withCursor(spec, "prev", codec.encode({ b: binding, d: "prev", k: first.key })),
        };
    }
    if (params.totalResults) body.totalResults = sorted.length;
    return body;
}

function withCursor<T>(spec: PageSpec<T>, direction: "next" | "prev", token: string): string {
    const q = new URLSearchParams([...spec.query].filter(([k]) => k !== "next" && k !== "prev"));
    q.append(direction, token);
    return href(spec, q);
}

/** Percent-encodes spaces as %20 like Qlik's sample hrefs (URLSearchParams would write "+"). */
function href<T>(spec: PageSpec<T>, query: URLSearchParams): string {
    const qs = [...query].map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&");
    return `${spec.base}${spec.path}${qs ? `?${qs}` : ""}`;
}
