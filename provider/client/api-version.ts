/**
 * Qlik's quarterly API versions (https://qlik.dev/apis/versioning/). Every request says which release the client
 * knows through the `qlik-api-version` header (`YYYY-MM`); a request without it is treated as the oldest release
 * Qlik still supports. The header selects no other request or answer format: it decides which deprecations Qlik
 * announces, in response headers, so that a client learns of them before the functionality is removed.
 */
import { redact } from "./errors";

/**
 * The release this client was built and tested against: the one whose published shapes test/types holds our
 * requests and answers to (`@qlik/api`, which sends this same value; test/types/api-version.test.ts checks they
 * agree). Raise it only together with that package.
 */
export const QLIK_API_VERSION = "2026-08";

/**
 * The response headers that announce a deprecation (RFC 9745, an sf-date such as `@1688169599`) and the removal
 * date (RFC 8594), as Qlik's own client `@qlik/api` reads them.
 */
const ANNOUNCING = ["deprecation", "sunset"] as const;

/** Longest header value quoted in the warning: the value comes from the tenant, not from us. */
const MAX_VALUE_CHARS = 60;

type Headers = Record<string, string | string[] | undefined>;

/**
 * Prints one warning per process for the first answer that announces a deprecation or a sunset, naming the request
 * and what to do. Later announcements (other endpoints, other clients) print nothing: one line is enough to act on.
 */
export class DeprecationNotice {
    private warned = false;

    constructor(private readonly print: (line: string) => void = (line) => console.error(line)) {}

    /** Looks at one answer's headers; `secrets` are scrubbed from the quoted values (a tenant may echo anything). */
    check(method: string, path: string, headers: Headers, secrets: readonly string[]): void {
        if (this.warned) return;
        const found = ANNOUNCING.flatMap((name) => {
            const value = first(headers[name]);
            return value === undefined ? [] : [`${name}: ${quoteValue(redact(value, secrets))}`];
        });
        if (found.length === 0) return;
        this.warned = true;
        this.print(
            `warning: Qlik announced that ${method} ${path} is deprecated (${found.join(", ")}; this client sends qlik-api-version ${QLIK_API_VERSION}); upgrade pulumi-qlik-roles to a release built for a newer Qlik API version before that date`,
        );
    }
}

/** The process's notice: one warning per run, whichever client sees the announcement first. */
export const processDeprecationNotice = new DeprecationNotice();

function first(value: string | string[] | undefined): string | undefined {
    return Array.isArray(value) ? value[0] : value;
}

/** The value on one line, without control characters, cut to a readable length. */
function quoteValue(value: string): string {
    const flat = value.replace(/[\u0000-\u001f\u007f]+/g, " ").trim();
    const cut = flat.length > MAX_VALUE_CHARS ? `${flat.slice(0, MAX_VALUE_CHARS - 1)}…` : flat;
    return JSON.stringify(cut);
}
