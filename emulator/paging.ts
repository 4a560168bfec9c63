/**
 * List parameters and cursor paging (Qlik's API reference): `limit` 1..100 (default 20), opaque
 * `next` / `prev` cursors, `links.next.href` as an ABSOLUTE URL, `totalResults=true`, `sort` default `+name`.
 *
 * Cursors are keyset positions (sort value + id of the boundary item), so inserts and deletes between pages
 * neither skip nor repeat the survivors. They are signed with a per-process secret and bound to the resource,
 * filter and sort that produced them: a client cannot guess offsets, reuse a cursor under another filter, or
 * drop the filter when following a page (following `links.next.href` verbatim always works). With the variant
 * `nextLinks: "cursor"` a link carries only the cursor, as Qlik's examples do; the cursor then brings its filter and
 * sort with it, and `limit` falls back to the default unless the client adds it again.
 * ASSUMPTION: Qlik's reaction to a forged, stale or mismatched cursor is undocumented; the emulator answers 400.
 *
 * A tenant of 50,000 users is paged without sorting it for every page: the filtered, sorted list is kept per
 * (resource, filter, sort) until the tenant changes (`TenantState.version`), and a cursor is found by bisection.
 */
import { createHash } from "node:crypto";
import type { CursorCodec } from "./cursors";
import { fail } from "./errors";

export const MAX_LIMIT = 100;
export const DEFAULT_LIMIT = 20;
export { CursorCodec, inheritFromCursor } from "./cursors";

const COMMON_PARAMS = ["limit", "next", "prev", "filter", "sort", "totalResults"] as const;
/** Sorted lists kept per tenant state, a few at a time (a run pages through one or two lists at once). */
const CACHE_SIZE = 8;

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
    opts: {
        extraParams?: readonly string[];
        sortable: readonly string[];
        /** The list's own common parameters (the Spaces API has no `filter` or `totalResults`). */
        commonParams?: readonly string[];
        /** The Spaces API's lists default to 10 items. */
        defaultLimit?: number;
    },
): ListParams {
    const allowed = new Set<string>([...(opts.commonParams ?? COMMON_PARAMS), ...(opts.extraParams ?? [])]);
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
    let limit = opts.defaultLimit ?? DEFAULT_LIMIT;
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
export function parseSort(raw: string | null, sortable: readonly string[]): SortSpec {
    if (raw === null) return { field: "name", descending: false };
    const m = /^([+ -]?)([A-Za-z_]+)$/.exec(raw);
    if (!m || !sortable.includes(m[2]!)) {
        throw fail.invalidParameter(
            "sort",
            `sort must be one of ${sortable.map((s) => `+${s}, -${s}`).join(", ")}; got ${JSON.stringify(raw)}`,
        );
    }
    return { field: m[2]!, descending: m[1] === "-" };
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
    /** The items matching the filter, in any order: called only when the tenant changed since the last page. */
    select(): T[];
    /** Whose change makes a kept list stale: the tenant state and its version. */
    source: { owner: object; version: number };
    /** `links.next` as Qlik's examples show it (only the cursor), or with every parameter (the default). */
    nextLinks?: "full" | "cursor";
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
/** A key with its sort value lower-cased once, so sorting 50,000 items does not lower-case on every comparison. */
type Entry<T> = { item: T; key: Key; lower: string };

const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

function compareEntries(
    a: { key: Key; lower: string },
    b: { key: Key; lower: string },
    descending: boolean,
): number {
    // ASSUMPTION: Qlik's collation is undocumented; the emulator sorts case-insensitively, then by code point
    // and id so that the order is total and cursors are unambiguous.
    const c = cmp(a.lower, b.lower) || cmp(a.key[0], b.key[0]) || cmp(a.key[1], b.key[1]);
    return descending ? -c : c;
}

/** Sorted lists per tenant state, keyed by binding; stale once the state's version moves on. */
const kept = new WeakMap<object, Map<string, { version: number; entries: Entry<unknown>[] }>>();

function sortedEntries<T>(spec: PageSpec<T>, binding: string): Entry<T>[] {
    const { params, source } = spec;
    let lists = kept.get(source.owner);
    if (!lists) kept.set(source.owner, (lists = new Map()));
    const hit = lists.get(binding);
    if (hit && hit.version === source.version) return hit.entries as Entry<T>[];
    const entries = spec.select().map((item) => {
        const key: Key = [spec.sortValue(item, params.sort.field), spec.idOf(item)];
        return { item, key, lower: key[0].toLowerCase() };
    });
    entries.sort((a, b) => compareEntries(a, b, params.sort.descending));
    lists.delete(binding);
    lists.set(binding, { version: source.version, entries });
    if (lists.size > CACHE_SIZE) lists.delete(lists.keys().next().value!);
    return entries;
}

/** Index of the first entry after (`strict`) or not before the boundary, by bisection. */
function firstFrom<T>(entries: Entry<T>[], boundary: Key, descending: boolean, strict: boolean): number {
    const probe = { key: boundary, lower: boundary[0].toLowerCase() };
    let lo = 0;
    let hi = entries.length;
    while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        const c = compareEntries(entries[mid]!, probe, descending);
        if (c > 0 || (!strict && c === 0)) hi = mid;
        else lo = mid + 1;
    }
    return lo;
}

export function paginate<T>(codec: CursorCodec, spec: PageSpec<T>): ListBody {
    const { params } = spec;
    const sortText = `${params.sort.descending ? "-" : "+"}${params.sort.field}`;
    const binding = createHash("sha256")
        .update([spec.resource, params.filter ?? "", sortText, spec.binding ?? ""].join("\n"))
        .digest("hex")
        .slice(0, 16);
    const sorted = sortedEntries(spec, binding);

    let start = 0;
    let end = Math.min(params.limit, sorted.length);
    if (params.cursor) {
        const boundary = codec.decode(params.cursor.token, params.cursor.direction, binding);
        if (params.cursor.direction === "next") {
            start = firstFrom(sorted, boundary, params.sort.descending, true);
            end = Math.min(start + params.limit, sorted.length);
        } else {
            end = firstFrom(sorted, boundary, params.sort.descending, false);
            start = Math.max(0, end - params.limit);
        }
    }
    const page = sorted.slice(start, end);
    const cursor = (d: "next" | "prev", k: Key) =>
        codec.encode({
            b: binding,
            d,
            k,
            ...(params.filter !== undefined ? { f: params.filter } : {}),
            s: sortText,
        });

    const body: ListBody = {
        data: page.map((e) => spec.render(e.item)),
        links: { self: { href: href(spec, spec.query) } },
    };
    const last = page[page.length - 1];
    const first = page[0];
    if (end < sorted.length && last)
        body.links.next = { href: withCursor(spec, "next", cursor("next", last.key)) };
    // The first page has no prev link (Qlik documents it as absent or `{href: null}` on a first page).
    if (start > 0 && first) body.links.prev = { href: withCursor(spec, "prev", cursor("prev", first.key)) };
    if (params.totalResults) body.totalResults = sorted.length;
    return body;
}

function withCursor<T>(spec: PageSpec<T>, direction: "next" | "prev", token: string): string {
    const q =
        spec.nextLinks === "cursor"
            ? new URLSearchParams()
            : new URLSearchParams([...spec.query].filter(([k]) => k !== "next" && k !== "prev"));
    q.append(direction, token);
    return href(spec, q);
}

/** Percent-encodes spaces as %20 like Qlik's sample hrefs (URLSearchParams would write "+"). */
function href<T>(spec: PageSpec<T>, query: URLSearchParams): string {
    const qs = [...query].map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&");
    return `${spec.base}${spec.path}${qs ? `?${qs}` : ""}`;
}
