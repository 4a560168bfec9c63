/**
 * Qlik's quarterly API versions (https://qlik.dev/apis/versioning/, the 2026-11 release notes): a request names the
 * release it knows in `qlik-api-version` (`YYYY-MM`); without it, or with a release Qlik no longer (or not yet)
 * supports, Qlik uses the oldest supported release. The header never changes a request or answer format: it only
 * decides which deprecations are announced, in response headers.
 *
 * An announcement is `deprecation` (RFC 9745, an sf-date `@<epoch seconds>`) and `sunset` (RFC 8594, an HTTP
 * date), the headers Qlik's own client `@qlik/api` reads.
 * ASSUMPTION (the pages describe the policy, not the wire): every answer names the release it was served under in a
 * `qlik-api-version` response header.
 */
import type { EmulatorVariants } from "./types";

/** Supported releases from the November 2026 release, oldest first; each is supported for 12 months. */
export const SUPPORTED_API_VERSIONS: readonly string[] = ["2026-05", "2026-08", "2026-11"];

/** When the `apiDeprecation` variant says the functionality was deprecated, and when it is to be removed. */
export const ANNOUNCED_DEPRECATION = "@1798761600"; // 2027-01-01T00:00:00Z
export const ANNOUNCED_SUNSET = "Sat, 01 May 2027 00:00:00 GMT";

/** The release a request is served under: the one it names when supported, else the oldest. */
export function servedVersion(sent: string | undefined): string {
    return sent !== undefined && SUPPORTED_API_VERSIONS.includes(sent) ? sent : SUPPORTED_API_VERSIONS[0]!;
}

/** Headers every API answer carries: the release served, and the announcement when the variant makes one. */
export function versionHeaders(sent: string | undefined, variants: EmulatorVariants): Record<string, string> {
    const headers: Record<string, string> = { "qlik-api-version": servedVersion(sent) };
    if (variants.apiDeprecation === "announced") {
        headers.deprecation = ANNOUNCED_DEPRECATION;
        headers.sunset = ANNOUNCED_SUNSET;
    }
    return headers;
}
