/**
 * The one pager (provider/client/paging.ts) on the answers a real tenant may give: `next` links that carry only the
 * cursor, a page that shifted under an insert, cursors that never end. HTTP answered by undici's MockAgent; the paths
 * checked are those handed to the transport (the mock agent re-encodes what it matches on).
 */
import { MockAgent } from "undici";
import { QlikClient, USER_ROLE_FIELDS } from "../../provider/client";
import type { QlikHttp } from "../../provider/client/http";
import { MAX_ITEMS, collect, pages, queryString, withParams } from "../../provider/client/paging";
import { userSchema } from "../../provider/schemas/qlik";

const ORIGIN = "https://acme.eu.qlikcloud.com";
const json = { headers: { "content-type": "application/json" } };
const user = (id: string) => ({ id, subject: `s-${id}`, assignedRoles: [] });

function setup() {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const pool = agent.get(ORIGIN);
    const client = new QlikClient({
        origin: ORIGIN,
        credentials: { apiKey: "k" },
        dispatcher: agent,
        rateLimits: false,
        retry: { maxAttempts: 1 },
    });
    const send = jest.spyOn(client.http, "send");
    const paths = () => send.mock.calls.map((c) => c[1]);
    return { pool, client, paths };
}

/** Answers the users list from `pages`, the nth request with the nth page. */
function answerPages(pool: ReturnType<MockAgent["get"]>, pages: object[]) {
    let n = 0;
    pool.intercept({ path: (p) => p.startsWith("/api/v1/users?"), method: "GET" })
        .reply(() => ({ statusCode: 200, data: JSON.stringify(pages[n++]), responseOptions: json }))
        .times(pages.length);
}

describe("the pager", () => {
    it("asks for 100 per page sorted by id, and adds limit and fields back to a next link that carries only its cursor", async () => {
        const { pool, client, paths } = setup();
        answerPages(pool, [
            { data: [user("u1")], links: { next: { href: `${ORIGIN}/api/v1/users?next=c%201` } } },
            { data: [user("u2")], links: { next: { href: `${ORIGIN}/api/v1/users?next=c2&limit=100` } } },
            { data: [user("u3")], links: {} },
        ]);
        const users = await client.listUsers({ filter: 'subject co "s"', fields: USER_ROLE_FIELDS });
        expect(users.map((u) => u.id)).toEqual(["u1", "u2", "u3"]);
        const fields = encodeURIComponent(USER_ROLE_FIELDS);
        expect(paths()).toEqual([
            `/api/v1/users?limit=100&fields=${fields}&filter=subject%20co%20%22s%22&sort=id`,
            // The cursor kept as Qlik wrote it; only what the link lacks is added.
            `/api/v1/users?next=c%201&limit=100&fields=${fields}`,
            `/api/v1/users?next=c2&limit=100&fields=${fields}`,
        ]);
    });

    it("lists a principal once when a shifting page shows it again", async () => {
        const { pool, client } = setup();
        answerPages(pool, [
            { data: [user("u1"), user("u2")], links: { next: { href: `${ORIGIN}/api/v1/users?next=c1` } } },
            // An insert before the cursor moved u2 onto the next page as well.
            { data: [user("u2"), user("u3")], links: {} },
        ]);
        const seen: string[] = [];
        const users = await client.listUsers({ onPage: (p) => seen.push(`${p.list} ${p.items}/${p.pages}`) });
        expect(users.map((u) => u.id)).toEqual(["u1", "u2", "u3"]);
        expect(seen).toEqual(["users 2/1", "users 3/2"]);
    });

    it("goes on after a page that brought nothing new, as long as later pages do", async () => {
        const { pool, client } = setup();
        const link = (c: string) => ({ next: { href: `${ORIGIN}/api/v1/users?next=${c}` } });
        answerPages(pool, [
            ...Array.from({ length: 9 }, (_, i) => ({ data: [user("u1")], links: link(`a${i}`) })),
            { data: [user("u2")], links: link("b") },
            ...Array.from({ length: 9 }, (_, i) => ({ data: [], links: link(`c${i}`) })),
            { data: [user("u3")], links: {} },
        ]);
        expect((await client.listUsers()).map((u) => u.id)).toEqual(["u1", "u2", "u3"]);
    });

    it("stops a walk longer than any tenant, by the items it brought, however few pages", async () => {
        // A transport that answers every page with 100 new users and a new cursor (no sockets).
        let n = 0;
        const http = {
            send: async () => ({
                status: 200,
                headers: {},
                body: {
                    data: Array.from({ length: 100 }, (_, i) => ({ id: `${n}-${i}`, subject: "s" })),
                    links: { next: { href: `${ORIGIN}/api/v1/users?next=c${++n}` } },
                },
            }),
        } as unknown as QlikHttp;
        // Exactly the bound is still read on; one item more is not.
        const walk = collect(pages(http, { path: "/api/v1/users", maxItems: 300 }, userSchema));
        await expect(walk).rejects.toThrow(
            "GET /api/v1/users: paging stopped after 4 pages and 400 items: more than 300 items, more than a tenant holds",
        );
        expect(n).toBe(4);
        expect(MAX_ITEMS).toBe(1_000_000);
    });

    it("writes a space as %20 and leaves a link's own encoding alone", () => {
        expect(queryString({ filter: 'name eq "a b+c"', sort: undefined, limit: "100" })).toBe(
            "filter=name%20eq%20%22a%20b%2Bc%22&limit=100",
        );
        expect(withParams("/api/v1/users?next=a+b", { limit: "100" })).toBe(
            "/api/v1/users?next=a+b&limit=100",
        );
        expect(withParams("/api/v1/users", { limit: "100" })).toBe("/api/v1/users?limit=100");
        expect(withParams("/api/v1/users?limit=20&next=x", { limit: "100" })).toBe(
            "/api/v1/users?limit=20&next=x",
        );
    });
});
