/**
 * POST /oauth/token, machine-to-machine client credentials (Qlik's API reference): JSON body
 * `{client_id, client_secret, grant_type: "client_credentials", scope?}` -> 200
 * `{access_token, token_type: "bearer", expires_in, expires_at}`. No refresh token. Tier 2.
 *
 * ASSUMPTIONS:
 * - Error bodies: Qlik's are undocumented, so they carry BOTH the RFC 6749 §5.2 fields (`error`,
 *   `error_description`) and a Qlik `errors` array with `traceId`; a client may read either.
 *   Unknown client or wrong secret: 401 invalid_client. grant_type missing: 400 invalid_request; other than
 *   client_credentials: 400 unsupported_grant_type. Unknown scope: 400 invalid_scope.
 * - Bodies may be JSON (Qlik's docs) or application/x-www-form-urlencoded (RFC 6749); anything else is 400.
 * - `scope` is space-separated; absent means `user_default` (what @qlik/api sends), which is not enough to
 *   assign roles. `admin_classic` grants the bot user's admin rights.
 * - `expires_at` is an ISO 8601 timestamp.
 * - The token endpoint is rate-limited per bot user, once the client is authenticated.
 */
import type { EmulatorContext, Reply } from "./context";
import { ApiError, fail } from "./errors";
import { OAUTH_SCOPES } from "./auth";

function oauthError(
    status: number,
    error: string,
    description: string,
    headers: Record<string, string> = {},
): ApiError {
    return new ApiError(
        status,
        [{ code: `HTTP-${status}`, title: error, detail: description, status }],
        { "cache-control": "no-store", ...headers },
        { error, error_description: description },
    );
}

export function parseTokenBody(
    body: Buffer,
    contentType: string | undefined,
): Record<string, unknown> | undefined {
    const mediaType = contentType?.split(";")[0]?.trim().toLowerCase();
    const text = body.toString("utf8");
    try {
        if (mediaType === "application/json") {
            const parsed: unknown = JSON.parse(text);
            return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)
                ? (parsed as Record<string, unknown>)
                : undefined;
        }
        if (mediaType === "application/x-www-form-urlencoded")
            return Object.fromEntries(new URLSearchParams(text));
    } catch {
        return undefined;
    }
    return undefined;
}

/** Issues a token; `identify` learns the bot user as soon as the client is authenticated (for log and limits). */
export function tokenEndpoint(
    ctx: EmulatorContext,
    input: { body: Buffer; contentType: string | undefined; query: URLSearchParams },
    identify: (userId: string) => void,
): Reply {
    if ([...input.query.keys()].length > 0) {
        throw oauthError(400, "invalid_request", "The token endpoint takes its parameters in the body");
    }
    const body = parseTokenBody(input.body, input.contentType);
    if (!body) {
        throw oauthError(400, "invalid_request", "The body must be a JSON object or form-encoded parameters");
    }
    const str = (k: string) => (typeof body[k] === "string" ? (body[k] as string) : undefined);
    const grantType = str("grant_type");
    if (grantType === undefined) throw oauthError(400, "invalid_request", "grant_type is required");
    if (grantType !== "client_credentials") {
        throw oauthError(
            400,
            "unsupported_grant_type",
            `grant_type ${JSON.stringify(grantType)} is not supported; use client_credentials`,
        );
    }
    const clientId = str("client_id");
    const clientSecret = str("client_secret");
    if (!clientId || !clientSecret)
        throw oauthError(400, "invalid_request", "client_id and client_secret are required");

    const botUserId = ctx.credentials.verifyClient(clientId, clientSecret);
    if (!botUserId) throw oauthError(401, "invalid_client", "Client authentication failed");
    identify(botUserId);

    const limit = ctx.limiter.check(botUserId, 2);
    if (!limit.ok) throw fail.rateLimited(limit.retryAfterSeconds);

    const rawScope = body["scope"];
    if (rawScope !== undefined && typeof rawScope !== "string")
        throw oauthError(400, "invalid_scope", "scope must be a string");
    const scopes = (rawScope ?? "user_default").split(/\s+/).filter(Boolean);
    const unknown = scopes.filter((s) => !(OAUTH_SCOPES as readonly string[]).includes(s));
    if (scopes.length === 0 || unknown.length > 0) {
        throw oauthError(
            400,
            "invalid_scope",
            `Unsupported scope ${JSON.stringify(unknown.join(" ") || rawScope)}; use ${OAUTH_SCOPES.join(" or ")}`,
        );
    }

    const now = ctx.now();
    // Qlik's documented refusal: "the user is disabled or has reached the maximum number of tokens".
    if (ctx.credentials.liveTokens(botUserId, now) >= ctx.variants.maxTokensPerClient) {
        throw oauthError(
            403,
            "access_denied",
            "The user is disabled or has reached the maximum number of tokens",
        );
    }
    const { token, expiresAt } = ctx.credentials.issueToken(botUserId, scopes, ctx.tokenLifetimeMs, now);
    const expiry = ctx.variants.tokenExpiry;
    const answer: Record<string, unknown> = { access_token: token, token_type: "bearer" };
    if (expiry === "both" || expiry === "expires_in")
        answer["expires_in"] = Math.ceil(ctx.tokenLifetimeMs / 1000);
    if (expiry === "both" || expiry === "expires_at")
        answer["expires_at"] = new Date(expiresAt).toISOString();
    return { status: 200, headers: { "cache-control": "no-store", pragma: "no-cache" }, body: answer };
}
