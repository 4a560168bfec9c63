/**
 * Cursors of the list endpoints: signed keyset positions (Qlik's cursors are opaque; see paging.ts), and, for links
 * that carry only the cursor (variant `nextLinks: "cursor"`), the filter and sort the cursor was issued under.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { fail } from "./errors";
import { parseSort, type ListParams } from "./paging";

export interface CursorPayload {
    /** Resource + filter + sort fingerprint the cursor is bound to. */
    b: string;
    d: "next" | "prev";
    /** Sort value and id of the boundary item. */
    k: [string, string];
    /** The filter and sort (`+name`) it was issued under, for links that carry only the cursor. */
    f?: string;
    s?: string;
}

const invalidCursor = (direction: "next" | "prev") =>
    fail.invalidParameter(
        direction,
        `The ${direction} cursor is invalid, or was issued for another filter or sort`,
    );

/**
 * For a link that carried only its cursor (variant `nextLinks: "cursor"`): the filter and sort the cursor was issued
 * under, where the request gives none. A request that gives them must give the same ones (checked by the binding).
 */
export function inheritFromCursor(
    codec: CursorCodec,
    params: ListParams,
    query: URLSearchParams,
    sortable: readonly string[],
): ListParams {
    if (!params.cursor) return params;
    const payload = codec.read(params.cursor.token, params.cursor.direction);
    const out = { ...params };
    if (!query.has("filter") && payload.f !== undefined) out.filter = payload.f;
    if (!query.has("sort") && payload.s !== undefined) out.sort = parseSort(payload.s, sortable);
    return out;
}

/** Signs and verifies cursors. One secret per emulator process: cursors do not survive a restart. */
export class CursorCodec {
    private readonly secret = randomBytes(32);

    encode(payload: CursorPayload): string {
        const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
        return `${body}.${this.sign(body)}`;
    }

    decode(token: string, direction: "next" | "prev", binding: string): [string, string] {
        const payload = this.read(token, direction);
        if (payload.b !== binding || payload.d !== direction) throw invalidCursor(direction);
        return payload.k;
    }

    /** The payload of a cursor this process signed; a forged one is a 400. */
    read(token: string, direction: "next" | "prev"): CursorPayload {
        const [body, sig, ...rest] = token.split(".");
        if (!body || !sig || rest.length > 0) throw invalidCursor(direction);
        const expected = Buffer.from(this.sign(body));
        const given = Buffer.from(sig);
        if (expected.length !== given.length || !timingSafeEqual(expected, given))
            throw invalidCursor(direction);
        return JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as CursorPayload;
    }

    private sign(body: string): string {
        return createHmac("sha256", this.secret).update(body).digest("base64url").slice(0, 22);
    }
}
