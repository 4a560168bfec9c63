/**
 * Cursor paging: Qlik lists answer `{data, links:{next:{href}}}` where `next.href` is an absolute URL with an opaque
 * cursor (https://qlik.dev/apis/rest/users/#get-v1-users).
 *
 * We follow `next` by its path and query only, always against the configured tenant origin: a `next` link that
 * named another host must never receive our credentials.
 */
import type { z } from "zod";
import { QlikError } from "./errors";
import type { QlikHttp } from "./http";
import { pageSchema } from "../schemas/qlik";
import { parseBody } from "./parse";

/** Upper bound on pages followed, so a server that loops its cursors cannot hang a run. */
const MAX_PAGES = 1000;

/** Every item of a list, following `links.next` until it is absent. */
export async function listAll<T extends z.ZodType>(
    http: QlikHttp,
    firstPath: string,
    item: T,
): Promise<z.infer<T>[]> {
    const schema = pageSchema(item);
    const items: z.infer<T>[] = [];
    let path: string | undefined = firstPath;
    const seen = new Set<string>();
    for (let page = 0; path !== undefined; page++) {
        if (page >= MAX_PAGES || seen.has(path)) {
            throw new QlikError(
                "QLIK_INVALID_RESPONSE",
                `GET ${firstPath.split("?")[0]}: paging did not end after ${page} pages; Qlik's cursors loop`,
            );
        }
        seen.add(path);
        const res = await http.send("GET", path, { tier: 1 });
        const body = parseBody(schema, res.body, "GET", path);
        items.push(...(body.data as z.infer<T>[]));
        path = nextPath(body.links?.next?.href ?? undefined);
    }
    return items;
}

/** Path and query of an absolute (or relative) `next` link; undefined at the last page. */
export function nextPath(href: string | null | undefined): string | undefined {
    if (!href) return undefined;
    const url = new URL(href, "http://placeholder.invalid");
    return url.pathname + url.search;
}
