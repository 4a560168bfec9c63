/// <reference types="jest" />
// Every fault kind, deterministic and probabilistic, and what each leaves applied.
import { DOCUMENTED, startEmulator, type TenantEmulator } from "./index";
import { TRACE_ID, get, patchUser, replaceRoles } from "./test-http";

const USER = `/api/v1/users/${DOCUMENTED.userId}`;
const THREE = ["AuditAdmin", "SharedSpaceCreator", "ManagedSpaceCreator"];

/** Raw fetch: the helper reads the body eagerly, these tests need to see where it breaks. */
const raw = (emu: TenantEmulator, path: string, init: RequestInit = {}) =>
    fetch(`${emu.url}${path}`, {
        ...init,
        headers: {
            connection: "close",
            authorization: `Bearer ${emu.apiKey}`,
            ...(init.headers as Record<string, string>),
        },
    });

describe("fault injection", () => {
    let emu: TenantEmulator;
    beforeAll(async () => {
        emu = await startEmulator();
    });
    afterAll(() => emu.close());
    beforeEach(() => emu.reset());

    it("answers the next N matching requests with the injected status and a Qlik error body, then recovers", async () => {
        emu.faults.inject({ kind: "status", status: 503, times: 2, match: { method: "GET", path: USER } });
        expect((await get(emu, "/api/v1/roles")).status).toBe(200);
        for (let i = 0; i < 2; i++) {
            const res = await get(emu, USER);
            expect(res.status).toBe(503);
            expect(res.json).toMatchObject({
                errors: [{ code: "HTTP-503", status: 503 }],
                traceId: expect.stringMatching(TRACE_ID),
            });
        }
        expect((await get(emu, USER)).status).toBe(200);
        expect(emu.requests.map((r) => r.fault ?? "-")).toEqual(["-", "status:503", "status:503", "-"]);
    });

    it("sends retry-after with an injected 429", async () => {
        emu.faults.inject({ kind: "status", status: 429, retryAfterSeconds: 7, times: 1 });
        const res = await get(emu, "/api/v1/roles");
        expect(res.status).toBe(429);
        expect(res.headers.get("retry-after")).toBe("7");
        expect(res.json.errors[0].title).toBe("API rate limit reached.");
    });

    it("echoes the Authorization header into the error detail when asked (plain or URL-encoded)", async () => {
        emu.faults.inject({ kind: "status", status: 400, times: 1, echoAuthorization: "plain" });
        emu.faults.inject({ kind: "status", status: 502, times: 1, echoAuthorization: "url-encoded" });
        expect((await get(emu, USER)).json.errors[0].detail).toBe(
            `Rejected credential: Bearer ${emu.apiKey}`,
        );
        expect((await get(emu, USER)).json.errors[0].detail).toBe(
            `Rejected credential: ${encodeURIComponent(`Bearer ${emu.apiKey}`)}`,
        );
        expect(JSON.stringify(emu.requests)).not.toContain(emu.apiKey);
    });

    it("applies nothing when a PATCH is answered with an injected status", async () => {
        emu.faults.inject({ kind: "status", status: 500, times: 1, match: { method: "PATCH" } });
        expect((await patchUser(emu, DOCUMENTED.userId, replaceRoles(THREE))).status).toBe(500);
        expect(emu.userRoles("user1234")).toEqual(["AuditAdmin", "SharedSpaceCreator"]);
    });

    it("matches rules by method and by a RegExp path", async () => {
        emu.faults.inject({
            kind: "status",
            status: 502,
            match: { method: "get", path: /^\/api\/v1\/groups/ },
        });
        expect((await get(emu, "/api/v1/groups")).status).toBe(502);
        expect((await get(emu, `/api/v1/groups/${DOCUMENTED.groupId}`)).status).toBe(502);
        expect((await get(emu, "/api/v1/users")).status).toBe(200);
        emu.faults.clear();
        expect((await get(emu, "/api/v1/groups")).status).toBe(200);
    });

    it("resets the connection without a response and without applying a PATCH", async () => {
        emu.faults.inject({ kind: "reset", times: 1, match: { method: "PATCH" } });
        await expect(patchUser(emu, DOCUMENTED.userId, replaceRoles(THREE))).rejects.toThrow();
        expect(emu.userRoles("user1234")).toEqual(["AuditAdmin", "SharedSpaceCreator"]);
        expect(emu.requests.at(-1)).toMatchObject({ status: 0, fault: "reset" });
    });

    it("cuts a GET body in half and resets the connection", async () => {
        emu.faults.inject({ kind: "reset-mid-body", times: 1 });
        const res = await raw(emu, USER);
        expect(res.status).toBe(200);
        await expect(res.text()).rejects.toThrow();
    });

    it("resets a PATCH after applying it, so the client sees a network error for a change that happened", async () => {
        emu.faults.inject({ kind: "reset-mid-body", times: 1, match: { method: "PATCH" } });
        await expect(patchUser(emu, DOCUMENTED.userId, replaceRoles(THREE))).rejects.toThrow();
        expect(emu.userRoles("user1234")).toEqual([
            "AuditAdmin",
            "ManagedSpaceCreator",
            "SharedSpaceCreator",
        ]);
    });

    it("sends 200 with a truncated JSON body for malformed-json", async () => {
        emu.faults.inject({ kind: "malformed-json", times: 1 });
        const res = await raw(emu, "/api/v1/users");
        expect(res.status).toBe(200);
        expect(res.headers.get("content-type")).toMatch(/application\/json/);
        await expect(res.json()).rejects.toThrow(/JSON/); // match on message: undici errors come from another realm
    });

    it("turns a PATCH's 204 into a 200 with malformed JSON, with the change applied", async () => {
        emu.faults.inject({ kind: "malformed-json", times: 1, match: { method: "PATCH" } });
        const res = await raw(emu, USER, {
            method: "PATCH",
            headers: { "content-type": "application/json" },
            body: JSON.stringify(replaceRoles(THREE)),
        });
        expect(res.status).toBe(200);
        await expect(res.json()).rejects.toThrow(/JSON/); // match on message: undici errors come from another realm
        expect(emu.userRoles("user1234")).toContain("ManagedSpaceCreator");
    });

    it("drops ids from users and names from their assignedRoles for missing-fields", async () => {
        emu.faults.inject({ kind: "missing-fields", times: 2 });
        const list = await get(emu, "/api/v1/users", { query: { filter: "subject eq 'user1234'" } });
        expect(list.status).toBe(200);
        expect(list.json.data[0]).not.toHaveProperty("id");
        expect(list.json.data[0].subject).toBe("user1234");
        expect(list.json.data[0].assignedRoles).toEqual([
            { id: "608050f7634644db3678b1a2", type: "default", level: "admin" },
            { id: "605a1c2151382ffc836af862", type: "default", level: "user" },
        ]);
        const one = await get(emu, `/api/v1/groups/${DOCUMENTED.groupId}`);
        expect(one.json).not.toHaveProperty("id");
        expect(one.json.name).toBe("My Group");
    });

    it("delays a request by delayMs for slow", async () => {
        emu.faults.inject({ kind: "slow", delayMs: 300, times: 1 });
        const started = Date.now();
        expect((await get(emu, "/api/v1/roles")).status).toBe(200);
        expect(Date.now() - started).toBeGreaterThanOrEqual(290);
        expect(emu.requests.at(-1)!.fault).toBe("slow:300ms");
    });

    it("answers a PATCH with 207 and an Errors body and applies nothing for partial-207, leaving GETs alone", async () => {
        emu.faults.inject({ kind: "partial-207", times: 1 });
        expect((await get(emu, USER)).status).toBe(200); // not consumed by a GET
        const res = await patchUser(emu, DOCUMENTED.userId, replaceRoles(THREE));
        expect(res.status).toBe(207);
        expect(res.json).toEqual({
            errors: [expect.objectContaining({ code: expect.any(String), title: expect.any(String) })],
            traceId: expect.stringMatching(TRACE_ID),
        });
        expect(emu.userRoles("user1234")).toEqual(["AuditAdmin", "SharedSpaceCreator"]);
        expect((await patchUser(emu, DOCUMENTED.userId, replaceRoles(THREE))).status).toBe(204);
    });

    it("applies the PATCH and still answers 207 when the partial-207 rule says applied", async () => {
        emu.faults.inject({ kind: "partial-207", times: 1, applied: true });
        expect((await patchUser(emu, DOCUMENTED.userId, replaceRoles(THREE))).status).toBe(207);
        expect(emu.userRoles("user1234")).toEqual([
            "AuditAdmin",
            "ManagedSpaceCreator",
            "SharedSpaceCreator",
        ]);
    });

    it("still validates a PATCH under partial-207: an invalid body is a 400, not a 207", async () => {
        emu.faults.inject({ kind: "partial-207" });
        expect((await patchUser(emu, DOCUMENTED.userId, replaceRoles(["NoSuchRole"]))).status).toBe(400);
    });

    it("applies a rate-based fault to some requests, identically for the same seed", async () => {
        const statuses = async (e: TenantEmulator) => {
            e.faults.inject({ kind: "status", status: 500, rate: 0.5 });
            const out: number[] = [];
            for (let i = 0; i < 40; i++) out.push((await get(e, "/api/v1/roles")).status);
            return out;
        };
        const first = await statuses(emu);
        expect(first.filter((s) => s === 500).length).toBeGreaterThan(5);
        expect(first.filter((s) => s === 200).length).toBeGreaterThan(5);
        emu.reset();
        expect(await statuses(emu)).toEqual(first);
        const other = await startEmulator({ seed: 2, extraUsers: 0, extraGroups: 0 });
        try {
            expect(await statuses(other)).not.toEqual(first);
        } finally {
            await other.close();
        }
    });

    it("refuses malformed fault rules at inject time", () => {
        expect(() => emu.faults.inject({ kind: "status" })).toThrow(/status/);
        expect(() => emu.faults.inject({ kind: "slow" })).toThrow(/delayMs/);
        expect(() => emu.faults.inject({ kind: "reset", times: 0 })).toThrow(/times/);
        expect(() => emu.faults.inject({ kind: "reset", rate: 2 })).toThrow(/rate/);
        expect(() => emu.faults.inject({ kind: "explode" as never })).toThrow(/unknown fault kind/);
    });

    it("adds latencyMs to every request", async () => {
        const slow = await startEmulator({ latencyMs: 150, extraUsers: 0, extraGroups: 0 });
        try {
            const started = Date.now();
            await get(slow, "/api/v1/roles");
            expect(Date.now() - started).toBeGreaterThanOrEqual(140);
        } finally {
            await slow.close();
        }
    });

    it("closes promptly with a slow request in flight", async () => {
        const e = await startEmulator({ extraUsers: 0, extraGroups: 0 });
        e.faults.inject({ kind: "slow", delayMs: 60_000 });
        const pending = get(e, "/api/v1/roles").catch((err: unknown) => err);
        await new Promise((r) => setTimeout(r, 50));
        const started = Date.now();
        await e.close();
        expect(Date.now() - started).toBeLessThan(1000);
        expect(await pending).toMatchObject({ name: "TypeError", message: "fetch failed" });
    });
});
