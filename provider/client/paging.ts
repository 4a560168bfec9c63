/**
 * Cursor paging, the one pager of the client: Qlik lists answer `{data, links:{next:{href}}}` where `next.href` is an
 * absolute URL with an opaque cursor (https://qlik.dev/apis/rest/users/#get-v1-users).
 *
 * - `next` is followed by its path and query only, always against the configured tenant origin: a link that named
 *   another host must never receive our credentials.
 * - Every page asks for 100 items (Qlik's maximum). Qlik's own `next` examples carry only the cursor; a link that
 *   drops `limit` would fall back to Qlik's default of 20, so the pager adds the shape parameters (`limit`, `fields`)
 *   to a link that lacks them, and keeps the rest of the link as Qlik wrote it.
 * - Queries are written with `%20` for a space, as Qlik's own links are (not the form encoding's `+`).
 * - A principal seen twice (a page that shifted under an insert or delete between two requests) is passed over.
 * - The walk is bounded by the items it has read, not by pages: a link back to a page already read, a run of pages
 *   that bring nothing new, or more items than any tenant holds, ends it with one line.
 */
import type { z } from "zod";
import { QlikError } from "./errors";
import type { QlikHttp } from "./http";
import { pageSchema } from "../schemas/qlik";
import { parseBody } from "./parse";

/** Items per page: Qlik's maximum. */
export const PAGE_LIMIT = 100;
/** More items than any tenant's list holds (a tenant has at most 10,000 groups; users are far below this). */
export const MAX_ITEMS = 1_000_000;
/** Pages in a row that bring no item not already read: cursors that go round in circles. */
const MAX_STALE_PAGES = 10;

/** Reported after each page: how many items of that list have been read so far, over how many pages. */
export interface PageProgress {
    list: string;
    items: number;
    pages: number;
}

interface ListRequest {
    /** The list's path, e.g. `/api/v1/users`. */
    path: string;
    /** Parameters of the first request besides `limit` (filter, sort); undefined values are left out. */
    query?: Record<string, string | undefined>;
    /** Parameters that only shape each page (`fields`); added to a `next` link that lacks them, like `limit`. */
    shape?: Record<string, string | undefined>;
    onPage?: (progress: PageProgress) => void;
    /** The bound on items read; default MAX_ITEMS (tests set a small one). */
    maxItems?: number;
}

/** A query string encoded as Qlik's links are: `%20` for a space. */
export function queryString(params: Record<string, string | undefined>): string {
    return Object.entries(params)
        .filter((e): e is [string, string] => e[1] !== undefined)
        .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
        .join("&");
}

/** Path and query of an absolute (or relative) `next` link; undefined at the last page. */
export function nextPath(href: string | null | undefined): string | undefined {
    if (!href) return undefined;
    const url = new URL(href, "http://placeholder.invalid");
    return url.pathname + url.search;
}

/** The `next` path with each of `params` it lacks appended; what the link has is kept as Qlik wrote it. */
export function withParams(path: string, params: Record<string, string>): string {
    const [base, query = ""] = path.split(/\?(.*)/s) as [string, string?];
    const present = new URLSearchParams(query);
    const missing = Object.fromEntries(Object.entries(params).filter(([k]) => !present.has(k)));
    const added = queryString(missing);
    if (added === "") return path;
    return `${base}?${query === "" ? added : `${query}&${added}`}`;
}

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;

function loopError(list: string, pages: number, items: number, why: string): QlikError {
    return new QlikError(
        "QLIK_INVALID_RESPONSE",
        `GET ${list}: paging stopped after ${plural(pages, "page")} and ${plural(items, "item")}: ${why}; re-run, and report it to Qlik if it persists`,
    );
}

/**
 * The pages of a list, each with only the items not seen on an earlier page, as they arrive: a caller that keeps
 * only what it needs of each page holds one page at a time.
 */
export async function* pages<T extends z.ZodType<{ id: string }>>(
    http: QlikHttp,
    request: ListRequest,
    item: T,
): AsyncGenerator<z.infer<T>[]> {
    const schema = pageSchema(item);
    const list = request.path;
    const shape: Record<string, string> = { limit: String(PAGE_LIMIT) };
    for (const [k, v] of Object.entries(request.shape ?? {})) if (v !== undefined) shape[k] = v;
    let path: string | undefined = `${list}?${queryString({ ...shape, ...request.query })}`;
    const seenPaths = new Set<string>();
    const seenIds = new Set<string>();
    let pageCount = 0;
    let stale = 0;
    const maxItems = request.maxItems ?? MAX_ITEMS;
    while (path !== undefined) {
        if (seenPaths.has(path))
            throw loopError(
                list,
                pageCount,
                seenIds.size,
                "Qlik's next link leads back to a page already read",
            );
        seenPaths.add(path);
        const res = await http.send("GET", path, { tier: 1 });
        const body = parseBody(schema, res.body, "GET", path);
        pageCount++;
        const fresh = (body.data as z.infer<T>[]).filter((x) => !seenIds.has(x.id) && seenIds.add(x.id));
        stale = fresh.length === 0 ? stale + 1 : 0;
        request.onPage?.({ list: list.split("/").pop()!, items: seenIds.size, pages: pageCount });
        yield fresh;
        const next = nextPath(body.links?.next?.href ?? undefined);
        if (next === undefined) return;
        if (seenIds.size > maxItems)
            throw loopError(
                list,
                pageCount,
                seenIds.size,
                `more than ${maxItems} items, more than a tenant holds`,
            );
        if (stale >= MAX_STALE_PAGES)
            throw loopError(list, pageCount, seenIds.size, `${stale} pages in a row brought no new item`);
        path = withParams(next, shape);
    }
}

/** Every item of the pages, in one list. */
export async function collect<T>(source: AsyncIterable<T[]>): Promise<T[]> {
    const items: T[] = [];
    // Item by item: spreading a page of any size into push's arguments could overflow the stack.
    for await (const page of source) for (const item of page) items.push(item);
    return items;
}

/** Every item of a list, across all pages. */
export function listAll<T extends z.ZodType<{ id: string }>>(
    http: QlikHttp,
    request: ListRequest,
    item: T,
): Promise<z.infer<T>[]> {
    return collect(pages(http, request, item));
}
