import {
    fullUserPromotionMode,
    loadConfig,
    removedSettingWarnings,
    unknownSettingWarnings,
} from "../../provider/runtime/config/config";
import { DEFAULT_TUNING, resolveTuning, tuningFromEnv } from "../../provider/runtime/config/tuning";

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

    it("takes an empty or blank stack value as unset, and trims what it reads", () => {
        const c = loadConfig(
            stack({ "qlik:tenantUrl": "", "qlik:apiKey": "  stack-key  ", "qlik:requestTimeoutMs": "   " }),
            { QLIK_TENANT_URL: "https://b.eu.qlikcloud.com" },
        );
        expect(c.origin).toBe("https://b.eu.qlikcloud.com");
        expect(c.credentials).toEqual({ apiKey: "stack-key" });
        expect(c.requestTimeoutMs).toBe(30000);
    });

    it("reads qlik:fullUserPromotion as warn, refuse or ignore (default warn) only when asked, and refuses anything else in one line naming where it came from", () => {
        const base = { "qlik:tenantUrl": "https://a.eu.qlikcloud.com", "qlik:apiKey": "k" };
        expect(fullUserPromotionMode(loadConfig(stack(base), {}))).toBe("warn");
        for (const mode of ["warn", "refuse", "ignore"])
            expect(
                fullUserPromotionMode(loadConfig(stack({ ...base, "qlik:fullUserPromotion": mode }), {})),
            ).toBe(mode);
        expect(fullUserPromotionMode(loadConfig(stack(base), { QLIK_FULL_USER_PROMOTION: "refuse" }))).toBe(
            "refuse",
        );
        for (const bad of ["Refuse", "block", "true"]) {
            // Loading never fails on it: lookups, report and resources that do not grant a tenant role never read it.
            const config = loadConfig(stack({ ...base, "qlik:fullUserPromotion": bad }), {});
            expect(() => fullUserPromotionMode(config)).toThrow(
                `qlik:fullUserPromotion must be warn, refuse or ignore; got "${bad}"`,
            );
        }
        const fromEnv = loadConfig(stack(base), { QLIK_FULL_USER_PROMOTION: "bogus" });
        expect(() => fullUserPromotionMode(fromEnv)).toThrow(
            'QLIK_FULL_USER_PROMOTION must be warn, refuse or ignore; got "bogus"',
        );
    });

    it("names where each of two ways of signing in came from, the environment included", () => {
        expect(() =>
            loadConfig(stack({ "qlik:tenantUrl": "https://a.eu.qlikcloud.com", "qlik:apiKey": "k" }), {
                QLIK_CLIENT_ID: "c",
            }),
        ).toThrow(
            "both an API key and OAuth client credentials are configured (qlik:apiKey, QLIK_CLIENT_ID); set only qlik:apiKey or only qlik:clientId + qlik:clientSecret (or their QLIK_* variables)",
        );
    });

    it("refuses a number below its minimum, naming the setting", () => {
        const base = { "qlik:tenantUrl": "https://a.eu.qlikcloud.com", "qlik:apiKey": "k" };
        expect(() => loadConfig(stack({ ...base, "qlik:requestTimeoutMs": "0" }), {})).toThrow(
            'qlik:requestTimeoutMs (or QLIK_REQUEST_TIMEOUT_MS) must be a number >= 1; got "0"',
        );
        expect(loadConfig(stack({ ...base, "qlik:requestTimeoutMs": "1" }), {}).requestTimeoutMs).toBe(1);
    });

    it("falls back to the environment", () => {
        const c = loadConfig(stack({}), {
            QLIK_TENANT_URL: "https://b.eu.qlikcloud.com",
            QLIK_CLIENT_ID: "id",
            QLIK_CLIENT_SECRET: "secret",
        });
        expect(c.credentials).toEqual({ clientId: "id", clientSecret: "secret", scope: "admin_classic" });
    });

    it("has Qlik's defaults for every setting and internal option", () => {
        const c = loadConfig(
            stack({ "qlik:tenantUrl": "https://a.eu.qlikcloud.com", "qlik:apiKey": "k" }),
            {},
        );
        expect(c).toMatchObject({
            requestTimeoutMs: 30000,
            retryDeadlineMs: 120000,
            writesPerMinute: 100,
            tuning: {
                maxAttempts: 6,
                readsPerMinute: 1000,
                rateWindowSeconds: 300,
                batchWindowMs: 20,
                maxBatchWaitMs: 1000,
                maxReadAgeMs: 0,
                verifyRounds: 3,
                oauthScope: "admin_classic",
            },
        });
        expect(Object.isFrozen(c)).toBe(true);
    });

    it("ignores a removed setting still set in the stack or the environment", () => {
        const c = loadConfig(
            stack({
                "qlik:tenantUrl": "https://a.eu.qlikcloud.com",
                "qlik:apiKey": "k",
                "qlik:batchWindowMs": "nonsense",
            }),
            { QLIK_MAX_ATTEMPTS: "1" },
        );
        expect(c.tuning).toBe(DEFAULT_TUNING);
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

describe("removed settings", () => {
    it("each removed key still set gives one line naming it and saying it is ignored", () => {
        expect(
            removedSettingWarnings(stack({ "qlik:batchWindowMs": "10", "qlik:verifyRounds": "2" }), {
                QLIK_READS_PER_MINUTE: "5",
            }),
        ).toEqual([
            "pulumi-qlik-roles: QLIK_READS_PER_MINUTE is no longer read and is ignored; unset it",
            "pulumi-qlik-roles: qlik:batchWindowMs is no longer a setting and is ignored; remove it with `pulumi config rm qlik:batchWindowMs`",
            "pulumi-qlik-roles: qlik:verifyRounds is no longer a setting and is ignored; remove it with `pulumi config rm qlik:verifyRounds`",
        ]);
    });

    it("says nothing for a stack that sets only current keys", () => {
        expect(
            removedSettingWarnings(
                stack({ "qlik:tenantUrl": "https://a.eu.qlikcloud.com", "qlik:writesPerMinute": "0" }),
                {},
            ),
        ).toEqual([]);
    });
});

describe("unknown qlik:* keys", () => {
    it("a misspelt key gives one line naming it and the nearest setting, never its value", () => {
        expect(
            unknownSettingWarnings([
                "qlik:tenantURL",
                "qlik:apikey",
                "qlik:clientsecret",
                "qlik:writesPerMinut",
            ]),
        ).toEqual([
            "pulumi-qlik-roles: qlik:tenantURL is not a setting of this provider and is ignored; did you mean qlik:tenantUrl?",
            "pulumi-qlik-roles: qlik:apikey is not a setting of this provider and is ignored; did you mean qlik:apiKey?",
            "pulumi-qlik-roles: qlik:clientsecret is not a setting of this provider and is ignored; did you mean qlik:clientSecret?",
            "pulumi-qlik-roles: qlik:writesPerMinut is not a setting of this provider and is ignored; did you mean qlik:writesPerMinute?",
        ]);
    });

    it("a key near no setting lists the settings; current, removed and other namespaces' keys say nothing", () => {
        expect(
            unknownSettingWarnings([
                "qlik:colour",
                "qlik:tenantUrl",
                "qlik:apiKey",
                "qlik:clientId",
                "qlik:clientSecret",
                "qlik:requestTimeoutMs",
                "qlik:retryDeadlineMs",
                "qlik:writesPerMinute",
                "qlik:batchWindowMs",
                "aws:region",
                "qlik-roles-e2e:assignments",
            ]),
        ).toEqual([
            "pulumi-qlik-roles: qlik:colour is not a setting of this provider and is ignored; the settings are qlik:tenantUrl, qlik:apiKey, qlik:clientId, qlik:clientSecret, qlik:requestTimeoutMs, qlik:retryDeadlineMs, qlik:writesPerMinute, qlik:fullUserPromotion",
        ]);
    });
});

describe("internal options", () => {
    it("QLIK_ROLES_TUNING overrides single options and keeps the other defaults", () => {
        expect(tuningFromEnv({ QLIK_ROLES_TUNING: '{"batchWindowMs":10,"maxAttempts":2}' })).toEqual({
            ...DEFAULT_TUNING,
            batchWindowMs: 10,
            maxAttempts: 2,
        });
        expect(tuningFromEnv({})).toBe(DEFAULT_TUNING);
    });

    it.each([
        ["{not json", /QLIK_ROLES_TUNING must hold a JSON object/],
        ["[1]", /QLIK_ROLES_TUNING must hold a JSON object/],
        ['{"batchWindow":10}', /unknown option "batchWindow"; the options are maxAttempts, /],
        ['{"verifyRounds":0}', /verifyRounds must be a number >= 1; got 0/],
        ['{"batchWindowMs":"10"}', /batchWindowMs must be a number >= 0; got "10"/],
        ["null", /QLIK_ROLES_TUNING must hold a JSON object/],
        ['{"oauthScope":7}', /oauthScope must be a non-empty string; got 7/],
    ])("refuses %s with one line naming the option", (text, message) => {
        expect(() => tuningFromEnv({ QLIK_ROLES_TUNING: text })).toThrow(message);
    });

    it("overrides passed directly are checked the same way, and named as tuning", () => {
        expect(() => resolveTuning({ oauthScope: "" })).toThrow(
            /^tuning: oauthScope must be a non-empty string/,
        );
        expect(() => resolveTuning({ batchWindow: 1 })).toThrow(/^tuning: unknown option "batchWindow"/);
    });

    it("writeSlotFirst is a switch: true or false, and 1 or 0 as the benchmark passes it", () => {
        expect(DEFAULT_TUNING.writeSlotFirst).toBe(true);
        expect(tuningFromEnv({ QLIK_ROLES_TUNING: '{"writeSlotFirst":false}' }).writeSlotFirst).toBe(false);
        expect(tuningFromEnv({ QLIK_ROLES_TUNING: '{"writeSlotFirst":0}' }).writeSlotFirst).toBe(false);
        expect(resolveTuning({ writeSlotFirst: 1 }).writeSlotFirst).toBe(true);
        expect(resolveTuning({ writeSlotFirst: true }).writeSlotFirst).toBe(true);
        for (const bad of [2, "yes", null])
            expect(() => resolveTuning({ writeSlotFirst: bad })).toThrow(
                `tuning: writeSlotFirst must be true or false (or 1 or 0); got ${JSON.stringify(bad)}`,
            );
    });

    it("takes each option's minimum itself, and a blank QLIK_ROLES_TUNING as unset", () => {
        expect(resolveTuning({ verifyRounds: 1, batchWindowMs: 0 })).toMatchObject({
            verifyRounds: 1,
            batchWindowMs: 0,
        });
        expect(resolveTuning({ oauthScope: "admin_classic user_default" }).oauthScope).toBe(
            "admin_classic user_default",
        );
        expect(tuningFromEnv({ QLIK_ROLES_TUNING: "  " })).toBe(DEFAULT_TUNING);
        expect(tuningFromEnv({ QLIK_ROLES_TUNING: ' {"maxAttempts":3} ' }).maxAttempts).toBe(3);
    });
});
