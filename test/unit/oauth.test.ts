/**
 * The OAuth authenticator alone, on a fake token endpoint and clock: which token a 401 throws away, what it asks
 * the HTTP layer to redact, and the one notice about a token without expiry.
 */
import { OAuthAuthenticator, type TokenRequester } from "../../provider/client/auth";

function authenticator(expiresIn?: number) {
    const lines: string[] = [];
    let issued = 0;
    const clock = { now: 0 };
    const requestToken: TokenRequester = async () => ({
        access_token: `token-${++issued}`,
        ...(expiresIn === undefined ? {} : { expires_in: expiresIn }),
    });
    const auth = new OAuthAuthenticator(
        "client",
        "client-secret",
        "admin_classic",
        requestToken,
        () => clock.now,
        60_000,
        (l) => lines.push(l),
    );
    return { auth, lines, issued: () => issued, clock };
}

describe("the OAuth authenticator", () => {
    it("a 401 throws away only the token it was sent with, not one fetched meanwhile", async () => {
        const { auth, issued } = authenticator(3600);
        expect(await auth.authorization()).toBe("Bearer token-1");
        auth.invalidate("Bearer token-0"); // an older token's 401, arriving late
        expect(await auth.authorization()).toBe("Bearer token-1");
        expect(issued()).toBe(1);
        auth.invalidate("Bearer token-1");
        expect(await auth.authorization()).toBe("Bearer token-2");
    });

    it("has the client secret and every token it was issued redacted", async () => {
        const { auth } = authenticator(3600);
        expect(auth.secrets()).toEqual(["client-secret"]);
        await auth.authorization();
        auth.invalidate("Bearer token-1");
        await auth.authorization();
        expect(auth.secrets()).toEqual(["client-secret", "token-1", "token-2"]);
    });

    it("says once per process that tokens come without expiry, however many it fetches", async () => {
        const { auth, lines, issued } = authenticator();
        await auth.authorization();
        auth.invalidate("Bearer token-1");
        await auth.authorization();
        expect(issued()).toBe(2);
        expect(lines).toEqual([
            "qlik: POST /oauth/token answered a token without expires_in or expires_at; assuming it lives 30 minutes and renewing it early on a 401",
        ]);
    });

    it("renews a token a little before it expires: the smaller of renewBeforeMs and a tenth of its life", async () => {
        const { auth, clock } = authenticator(3600); // renewBeforeMs 60 s, a tenth of the life 360 s
        await auth.authorization();
        clock.now = 3_539_999;
        expect(await auth.authorization()).toBe("Bearer token-1");
        clock.now = 3_540_000;
        expect(await auth.authorization()).toBe("Bearer token-2");
        const short = authenticator(100); // a tenth of the life (10 s) is the smaller
        await short.auth.authorization();
        short.clock.now = 89_999;
        expect(await short.auth.authorization()).toBe("Bearer token-1");
        short.clock.now = 90_000;
        expect(await short.auth.authorization()).toBe("Bearer token-2");
    });

    it("keeps the last 8 tokens it was issued for redaction, not every one", async () => {
        const { auth } = authenticator(3600);
        for (let i = 1; i <= 10; i++) {
            await auth.authorization();
            auth.invalidate(`Bearer token-${i}`);
        }
        expect(auth.secrets()).toEqual([
            "client-secret",
            ...[3, 4, 5, 6, 7, 8, 9, 10].map((i) => `token-${i}`),
        ]);
    });
});
