import { loadConfig } from "../../provider/runtime/config";

const stack = (values: Record<string, string>) => ({ get: (k: string) => values[k] });

describe("loadConfig", () => {
    it("reads stack config, and stack config wins over the environment", () => {
        const c = loadConfig(
            stack({ "qlik:tenantUrl": "https://a.eu.qlikcloud.com", "qlik:apiKey": "stack-key" }),
            {
                QLIK_TENANT_URL: "https://b.eu.qlikcloud.com",
                QLIK_API_KEY: "env-key",
            },
        );
        expect(c.origin).toBe("https://a.eu.qlikcloud.com");
        expect(c.credentials).toEqual({ apiKey: "stack-key" });
    });

    it("falls back to the environment", () => {
        const c = loadConfig(stack({}), {
            QLIK_TENANT_URL: "https://b.eu.qlikcloud.com",
            QLIK_CLIENT_ID: "id",
            QLIK_CLIENT_SECRET: "secret",
        });
        expect(c.credentials).toEqual({ clientId: "id", clientSecret: "secret", scope: "admin_classic" });
    });

    it("has Qlik's defaults for every knob", () => {
        const c = loadConfig(
            stack({ "qlik:tenantUrl": "https://a.eu.qlikcloud.com", "qlik:apiKey": "k" }),
            {},
        );
        expect(c).toMatchObject({
            requestTimeoutMs: 30000,
            maxAttempts: 6,
            rateLimits: { readsPerMinute: 1000, writesPerMinute: 100, windowMs: 300000 },
            batchWindowMs: 20,
            verifyRounds: 3,
        });
        expect(Object.isFrozen(c)).toBe(true);
    });

    it.each([
        [{}, /no Qlik tenant configured: run `pulumi config set qlik:tenantUrl/],
        [
            { "qlik:tenantUrl": "https://a.eu.qlikcloud.com" },
            /no Qlik credentials configured: run `pulumi config set --secret qlik:apiKey/,
        ],
        [{ "qlik:tenantUrl": "http://a.eu.qlikcloud.com", "qlik:apiKey": "k" }, /must use https:\/\//],
        [
            { "qlik:tenantUrl": "https://a.eu.qlikcloud.com", "qlik:apiKey": "k", "qlik:clientId": "c" },
            /both an API key and OAuth client credentials/,
        ],
        [
            { "qlik:tenantUrl": "https://a.eu.qlikcloud.com", "qlik:clientId": "c" },
            /OAuth needs both qlik:clientId and qlik:clientSecret.*the secret is missing/,
        ],
        [
            {
                "qlik:tenantUrl": "https://a.eu.qlikcloud.com",
                "qlik:apiKey": "k",
                "qlik:requestTimeoutMs": "soon",
            },
            /qlik:requestTimeoutMs \(or QLIK_REQUEST_TIMEOUT_MS\) must be a number/,
        ],
    ])("refuses %j with one line that names what to set", (values, message) => {
        expect(() => loadConfig(stack(values as Record<string, string>), {})).toThrow(message);
    });

    it("never echoes a secret in its errors", () => {
        let failure: unknown;
        try {
            loadConfig(
                stack({
                    "qlik:tenantUrl": "https://a.eu.qlikcloud.com",
                    "qlik:apiKey": "SECRET-KEY-1",
                    "qlik:clientSecret": "SECRET-2",
                }),
                {},
            );
        } catch (err) {
            failure = err;
        }
        // Outside the catch: a config that loads must fail this test, not be caught as "the error".
        expect(failure).toMatchObject({
            code: "QLIK_CONFIG",
            message: expect.stringMatching(/both an API key and OAuth client credentials are configured/),
        });
        expect(JSON.stringify({ ...(failure as object), message: (failure as Error).message })).not.toMatch(
            /SECRET/,
        );
    });
});
