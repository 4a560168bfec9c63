/**
 * The Spaces API's error body, which differs from the users API's (Qlik's `Errors` type for spaces): `errors[]` items
 * carry `code`, `title`, `detail` and `meta.source`, never `status`; beside them the deprecated top-level `code`,
 * `title` and `detail` (the emulator fills them from the first item, as a tenant that still sends them would).
 * Handlers throw the usual `fail.*` errors; the spaces routes reshape them here. 401 and 429, answered before a
 * handler runs, keep the common shape.
 */
import { ApiError, type QlikErrorItem } from "./errors";

export interface SpacesErrorItem {
    code: string;
    title: string;
    detail?: string;
    meta?: { source?: { pointer?: string; parameter?: string } };
}

export interface SpacesErrorJson {
    code: string;
    title: string;
    detail?: string;
    errors: SpacesErrorItem[];
}

export function spacesErrorJson(err: ApiError): SpacesErrorJson {
    const errors = err.items.map(spacesItem);
    const first = errors[0] ?? { code: `HTTP-${err.status}`, title: "Error" };
    return {
        code: first.code,
        title: first.title,
        ...(first.detail !== undefined ? { detail: first.detail } : {}),
        errors,
    };
}

function spacesItem(item: QlikErrorItem): SpacesErrorItem {
    const out: SpacesErrorItem = { code: item.code, title: item.title };
    if (item.detail !== undefined) out.detail = item.detail;
    const source = item.meta?.source ?? item.source;
    if (source) out.meta = { source };
    return out;
}

/** The same failure with the Spaces API's body. */
export function spacesShape(err: ApiError): ApiError {
    const { errors, ...top } = spacesErrorJson(err);
    return new ApiError(err.status, errors, err.headers, { ...err.extra, ...top });
}

/** A handler whose ApiErrors leave with the Spaces API's body. */
export function withSpacesErrors<A, R>(handler: (a: A) => R): (a: A) => R {
    return (a) => {
        try {
            return handler(a);
        } catch (e) {
            throw e instanceof ApiError ? spacesShape(e) : e;
        }
    };
}

/** 404 as the reference words it: one answer for a space that does not exist and one the caller may not see. */
export function spaceNotFound(): ApiError {
    return new ApiError(404, [
        { code: "HTTP-404", title: "Not found", detail: "Space not found or access denied" },
    ]);
}
