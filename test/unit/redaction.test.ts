/**
 * A credential that Qlik (or a gateway) echoes back in an error never reaches our message, in any form the echo
 * may take. The keys here contain characters that URL-encoding changes, so the plain and the encoded form differ
 * and each must be caught on its own.
 */
import { MockAgent } from "undici";
import { QlikClient } from "../../provider/client";

const ORIGIN = "https://acme.eu.qlikcloud.com";
const json = { headers: { "content-type": "application/json" } };
/** `/`, `+`, `=` and `&` all change under encodeURIComponent. */
const KEY = "qlik/SECRET+key=0123&456789abcdef";

function client() {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const qlik = new QlikClient({
        origin: ORIGIN,
        credentials: { apiKey: KEY },
        dispatcher: agent,
        rateLimits: false,
        retry: { baseDelayMs: 1, maxDelayMs: 5 },
    });
    return { pool: agent.get(ORIGIN), qlik };
}

describe("credentials echoed in Qlik's errors", () => {
    it("the test key really has a URL-encoded form that differs from it", () => {
        expect(encodeURIComponent(KEY)).not.toBe(KEY);
    });

    it.each([
        ["plain", KEY],
        ["URL-encoded", encodeURIComponent(KEY)],
    ])(
        "a key echoed %s in an error's title and detail is redacted from the message",
        async (_form, echoed) => {
            const { pool, qlik } = client();
            pool.intercept({ path: "/api/v1/users/u1", method: "PATCH" }).reply(
                400,
                {
                    errors: [
                        {
                            code: "HTTP-400",
                            title: `Rejected credential: ${echoed}`,
                            detail: `sent ${echoed}`,
                        },
                    ],
                    traceId: "t-echo",
                },
                json,
            );
            const err = (await qlik.replaceUserRoles("u1", []).catch((e: unknown) => e)) as Error;
            expect(err.message).toMatch(/Rejected credential: \[redacted\]/);
            expect(err.message).toMatch(/sent \[redacted\]/);
            for (const form of [KEY, encodeURIComponent(KEY), "SECRET"])
                expect(err.message).not.toContain(form);
            expect(JSON.stringify(err)).not.toContain("SECRET");
        },
    );
});
