import { QlikError } from "./errors";

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/**
 * Validates a tenant URL and returns its origin (`https://acme.eu.qlikcloud.com`). Plain `http://` is refused
 * unless the host is loopback (the emulator), because the API key travels in every request.
 */
export function parseTenantUrl(raw: string, source = "qlik:tenantUrl"): string {
    let url: URL;
    try {
        url = new URL(raw.trim());
    } catch {
        throw new QlikError(
            "QLIK_CONFIG",
            `${source} "${raw}" is not a URL; set it to https://<tenant>.<region>.qlikcloud.com`,
        );
    }
    if (url.protocol !== "https:" && !(url.protocol === "http:" && LOOPBACK.test(url.hostname))) {
        throw new QlikError(
            "QLIK_CONFIG",
            `${source} must use https:// (plain http:// is allowed only for loopback hosts); got "${url.protocol}//${url.host}"`,
        );
    }
    // An http(s) URL's path is never empty: the parser gives a bare host the path "/".
    if (url.pathname !== "/" || url.search || url.hash || url.username || url.password) {
        throw new QlikError(
            "QLIK_CONFIG",
            `${source} must be the tenant's address only, like https://<tenant>.<region>.qlikcloud.com, without a path, query or credentials`,
        );
    }
    return url.origin;
}
