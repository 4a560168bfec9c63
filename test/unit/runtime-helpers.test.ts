/**
 * The runtime's small helpers, each alone: what a failed write records, how failures become one line, the role
 * catalog's hints for a misspelt role, the client settings a configuration gives, and the debug trace.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { QlikError, type QlikClient } from "../../provider/client";
import { clientSettingsFor } from "../../provider/runtime/config/client-settings";
import { loadConfig } from "../../provider/runtime/config/config";
import {
    oneLineError,
    principalGone,
    recordAfterReRead,
    recordWhatHolds,
} from "../../provider/runtime/lifecycles/failures";
import { nearestName } from "../../provider/runtime/registries/nearest-name";
import { RoleCatalog } from "../../provider/runtime/registries/role-catalog";
import { Services } from "../../provider/runtime/services";
import { trace } from "../../provider/runtime/notices/trace";

const principal = { id: "u1", label: 'user "user1234"', fields: {}, roles: [{ id: "r1", name: "Steward" }] };

describe("failures", () => {
    it("a vanished principal says so and what to do", () => {
        expect(principalGone(principal)).toMatchObject({
            code: "QLIK_NOT_FOUND",
            message: 'user "user1234" no longer exists in the tenant; re-run `pulumi up`',
        });
    });

    it("a conflict is recorded from a re-read even when the failing batch itself wrote nothing", async () => {
        const conflict = new QlikError("QLIK_CONFLICT", "another writer kept changing the roles");
        const record = { id: "x", properties: { role: "Steward" } };
        let reads = 0;
        const fetch = async () => (reads++, principal);
        const err = await recordWhatHolds(conflict, false, fetch, () => record);
        expect({ reads, id: (err as { id?: string }).id }).toEqual({ reads: 1, id: "x" });
        // Any other failure of a batch that wrote nothing is left as it is, without a re-read.
        const timeout = new QlikError("QLIK_TIMEOUT", "no answer");
        const plain = await recordWhatHolds(timeout, false, fetch, () => record);
        expect({ reads, id: (plain as { id?: string }).id, message: (plain as Error).message }).toEqual({
            reads: 1,
            id: undefined,
            message: "no answer",
        });
    });

    it("a re-read after a failure hands over the roles held now, and the error keeps Qlik's details", async () => {
        const details = { status: 503, method: "PATCH", path: "/api/v1/users/u1", traceId: "t".repeat(32) };
        const failed = new QlikError("QLIK_SERVER_ERROR", "Qlik answered 503", details);
        const seen: unknown[] = [];
        const err = await recordAfterReRead(
            failed,
            async () => principal,
            (held) => (seen.push(held), undefined),
        );
        expect(seen).toEqual([principal.roles]);
        expect(err).toMatchObject({ code: "QLIK_SERVER_ERROR", message: "Qlik answered 503", ...details });
        expect(err).not.toBe(failed);
        // A principal gone holds nothing; a re-read that fails leaves the roles unknown.
        await recordAfterReRead(
            failed,
            async () => undefined,
            (held) => (seen.push(held), undefined),
        );
        await recordAfterReRead(
            failed,
            () => Promise.reject(new Error("down")),
            (held) => (seen.push(held), undefined),
        );
        expect(seen.slice(1)).toEqual([[], undefined]);
    });

    it("one line keeps Qlik's details", () => {
        const details = { status: 400, method: "PATCH", path: "/api/v1/groups/g1", traceId: "a".repeat(32) };
        expect(
            oneLineError("create X", new QlikError("QLIK_BAD_REQUEST", "bad\nvalue", details)),
        ).toMatchObject({
            code: "QLIK_BAD_REQUEST",
            message: "create X: bad value",
            ...details,
        });
    });

    it("one line keeps the code of an error that is not ours, and only a string code", () => {
        const foreign = Object.assign(new Error("lost\nupdate"), { code: "CONVERGENCE" });
        expect(oneLineError("create X", foreign)).toMatchObject({
            code: "CONVERGENCE",
            message: "create X: lost update",
            stack: "Error: create X: lost update",
        });
        expect(
            (oneLineError("create X", Object.assign(new Error("e"), { code: 7 })) as { code?: unknown }).code,
        ).toBe(undefined);
    });
});

describe("the role catalog's hints for a role it cannot find", () => {
    const catalog = (names: string[]) =>
        new RoleCatalog({
            listRoles: async () => names.map((name) => ({ id: `id-${name}`, name, level: "user" })),
        } as unknown as QlikClient);

    it("suggests the nearest name, and lists a few roles when none is near", async () => {
        const roles = [
            "AuditAdmin",
            "DataSpaceCreator",
            "ManagedSpaceCreator",
            "SharedSpaceCreator",
            "Steward",
        ];
        await expect(catalog(roles).find("Stewart")).rejects.toThrow(
            'role "Stewart" does not exist in the tenant; did you mean "Steward"? (the tenant\'s roles are listed by GET /api/v1/roles)',
        );
        await expect(catalog(roles).find("Xyzzy")).rejects.toThrow(
            'role "Xyzzy" does not exist in the tenant; the tenant\'s roles are listed by GET /api/v1/roles (e.g. AuditAdmin, DataSpaceCreator, ManagedSpaceCreator, SharedSpaceCreator)',
        );
    });
});

describe("the role catalog's listing", () => {
    const counting = (lists: string[][]) => {
        const calls = { n: 0 };
        const client = {
            listRoles: async () => {
                const names = lists[Math.min(calls.n++, lists.length - 1)]!;
                if (names.length === 0) throw new Error("listing failed");
                return names.map((name) => ({ id: `id-${name}`, name, level: "user" }));
            },
        } as unknown as QlikClient;
        return { catalog: new RoleCatalog(client), calls };
    };

    it("lists once for every role it knows, and once more for a role created since", async () => {
        const { catalog, calls } = counting([["Steward"], ["Steward", "NewRole"]]);
        await Promise.all([catalog.find("Steward"), catalog.find("Steward")]);
        expect(calls.n).toBe(1);
        expect(await catalog.find("NewRole")).toEqual({ id: "id-NewRole", name: "NewRole" });
        expect(calls.n).toBe(2);
        // The fresh listing replaced the first: no third one for either name.
        await Promise.all([catalog.find("NewRole"), catalog.find("Steward")]);
        expect(calls.n).toBe(2);
    });

    it("roles missing at the same moment share one fresh listing, and a later miss lists again", async () => {
        const { catalog, calls } = counting([["Steward"], ["Steward", "A", "B"], ["Steward", "A", "B", "C"]]);
        await catalog.find("Steward");
        await Promise.all([catalog.find("A"), catalog.find("B")]);
        expect(calls.n).toBe(2);
        expect(await catalog.find("C")).toEqual({ id: "id-C", name: "C" });
        expect(calls.n).toBe(3);
    });

    it("a failed listing is not kept: the next call lists again", async () => {
        const { catalog, calls } = counting([[], ["Steward"]]);
        await expect(catalog.find("Steward")).rejects.toThrow("listing failed");
        expect(await catalog.find("Steward")).toEqual({ id: "id-Steward", name: "Steward" });
        expect(calls.n).toBe(2);
    });

    it("a failed fresh listing is not kept either", async () => {
        const { catalog, calls } = counting([["Steward"], [], ["Steward", "NewRole"]]);
        await catalog.find("Steward");
        await expect(catalog.find("NewRole")).rejects.toThrow("listing failed");
        expect(await catalog.find("NewRole")).toEqual({ id: "id-NewRole", name: "NewRole" });
        expect(calls.n).toBe(3);
    });

    it("names the role of the same name in another case", async () => {
        const { catalog } = counting([["AuditAdmin", "Steward"]]);
        await expect(catalog.find("auditadmin")).rejects.toThrow(
            'role "auditadmin" does not exist in the tenant; role names are case-sensitive: did you mean "AuditAdmin"?',
        );
        await expect(catalog.find("AUDITADMIN")).rejects.toThrow(/did you mean "AuditAdmin"\?$/);
    });
});

describe("nearest names", () => {
    it("accepts a typo of up to a third of the name's letters, at least 2, and no more", () => {
        expect(nearestName("Stewrd", ["Steward"])).toBe("Steward"); // 1 letter
        expect(nearestName("abcdeZ", ["abcdeZZZ"])).toBe("abcdeZZZ"); // 2 letters: the floor
        expect(nearestName("abcdeZ", ["abcdeZZZZ"])).toBeUndefined(); // 3
        expect(nearestName("abcdefghijkl", ["abcdefghWXYZ"])).toBe("abcdefghWXYZ"); // 4 of 12: a third
        expect(nearestName("abcdefghijkl", ["abcdefgVWXYZ"])).toBeUndefined(); // 5 of 12
    });

    it("compares every letter, ignores case, and keeps the first of equally near names", () => {
        expect(nearestName("abcdeZ", ["abcdeY", "abcdeZ"])).toBe("abcdeZ");
        expect(nearestName("STEWARD", ["steward"])).toBe("steward");
        expect(nearestName("abcdef", ["abcdeX", "abcdeY"])).toBe("abcdeX");
        expect(nearestName("x", [])).toBeUndefined();
    });
});

describe("client settings", () => {
    const config = (values: Record<string, string>, env: Record<string, string> = {}) =>
        loadConfig(
            {
                get: (k) =>
                    ({ "qlik:tenantUrl": "https://a.eu.qlikcloud.com", "qlik:apiKey": "k", ...values })[k],
            },
            env,
        );

    it("throttles with both rates, and not at all only when both are 0", () => {
        expect(clientSettingsFor(config({})).rateLimits).toEqual({
            readsPerMinute: 1000,
            writesPerMinute: 100,
            windowMs: 300_000,
        });
        expect(clientSettingsFor(config({ "qlik:writesPerMinute": "0" })).rateLimits).toMatchObject({
            readsPerMinute: 1000,
            writesPerMinute: 0,
        });
        const off = { ...config({ "qlik:writesPerMinute": "0" }) };
        const bothOff = { ...off, tuning: { ...off.tuning, readsPerMinute: 0 } };
        expect(clientSettingsFor(bothOff).rateLimits).toBe(false);
        const readsOff = { ...config({}), tuning: { ...config({}).tuning, readsPerMinute: 0 } };
        expect(clientSettingsFor(readsOff).rateLimits).toMatchObject({
            readsPerMinute: 0,
            writesPerMinute: 100,
        });
    });

    it("carries the timeout and the retry budget from the settings, and lets the caller add to them", () => {
        const onRequest = () => undefined;
        const settings = clientSettingsFor(
            config({ "qlik:requestTimeoutMs": "5000", "qlik:retryDeadlineMs": "9000" }),
            { onRequest },
        );
        expect(settings).toMatchObject({
            origin: "https://a.eu.qlikcloud.com",
            credentials: { apiKey: "k" },
            requestTimeoutMs: 5000,
            retry: { maxAttempts: 6, deadlineMs: 9000 },
        });
        expect(settings.onRequest).toBe(onRequest);
    });

    it("OAuth without a client id names what is missing", () => {
        expect(() =>
            loadConfig(
                {
                    get: (k) =>
                        ({ "qlik:tenantUrl": "https://a.eu.qlikcloud.com", "qlik:clientSecret": "s" })[k],
                },
                {},
            ),
        ).toThrow(/OAuth needs both qlik:clientId and qlik:clientSecret .*; the client id is missing$/);
    });
});

describe("trace", () => {
    const saved = process.env.QLIK_ROLES_TRACE;
    afterEach(() => {
        if (saved === undefined) delete process.env.QLIK_ROLES_TRACE;
        else process.env.QLIK_ROLES_TRACE = saved;
    });

    it("appends one JSON line per event to QLIK_ROLES_TRACE, and nothing without it", () => {
        const file = join(mkdtempSync(join(tmpdir(), "trace-")), "trace.jsonl");
        process.env.QLIK_ROLES_TRACE = file;
        trace("batch", { key: "users/u1", size: 2 });
        trace("done", { op: "create" });
        const lines = readFileSync(file, "utf8").split("\n");
        expect(lines.pop()).toBe("");
        expect(lines.map((l) => JSON.parse(l))).toEqual([
            { t: expect.any(Number), pid: process.pid, event: "batch", key: "users/u1", size: 2 },
            { t: expect.any(Number), pid: process.pid, event: "done", op: "create" },
        ]);
        delete process.env.QLIK_ROLES_TRACE;
        trace("ignored", {});
        expect(readFileSync(file, "utf8").split("\n")).toHaveLength(3);
    });
});

describe("the services' coordinator", () => {
    const services = () =>
        new Services(
            loadConfig(
                { get: (k) => ({ "qlik:tenantUrl": "https://a.eu.qlikcloud.com", "qlik:apiKey": "k" })[k] },
                {},
            ),
        );
    const role = (name: string) => ({ id: `id-${name}`, name });

    /** Two changes to one principal, merged, whose write fails with `code`: how many writes were tried. */
    async function writesAfterMergedFailure(code: "QLIK_BAD_REQUEST" | "QLIK_SERVER_ERROR") {
        let writes = 0;
        const store = {
            read: async () => [],
            write: async () => {
                writes++;
                throw new QlikError(code, `PATCH /api/v1/users/u1 answered ${code}`);
            },
        };
        const { coordinator } = services();
        const results = await Promise.allSettled([
            coordinator.apply("users/u1", store, { add: role("A") }),
            coordinator.apply("users/u1", store, { add: role("B") }),
        ]);
        expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
        return writes;
    }

    it("retries a merged batch change by change when one change may have caused its failure", async () => {
        expect(await writesAfterMergedFailure("QLIK_BAD_REQUEST")).toBe(3);
    });

    it("does not multiply a transient failure by replaying the batch change by change", async () => {
        expect(await writesAfterMergedFailure("QLIK_SERVER_ERROR")).toBe(1);
    });
});
