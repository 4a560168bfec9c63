/**
 * The naive baseline: Qlik's documented "Manage roles" procedure followed literally, once per assignment, as raw
 * HTTP against the same emulator (same latency, same rate limits), so its numbers are measured, not computed.
 *
 *   up      : GET the principal by subject/name filter, PATCH replace assignedRoles with the role added
 *   preview : GET per assignment (is the role held?)       refresh : GET per assignment
 *   destroy : GET + PATCH with the role removed, per assignment (reverse order)
 *
 * Same parallelism as ours and a keep-alive pool of that many connections. No client-side throttle; a 429 is
 * waited out for `retry-after` and retried, as qlik-cli does. No per-principal lock either: assignments of one
 * principal that run at the same time overwrite each other (lost updates), which the runner counts.
 */
import { Agent, request } from "undici";
import type { Phase } from "./metrics";
import { pool } from "./direct";
import type { Assignment } from "./scenarios";

interface Found {
    id: string;
    assignedRoles?: { name: string }[];
}

export interface NaiveResult {
    ms: number;
    errors: string[];
}

export async function runNaive(
    phase: Phase,
    origin: string,
    apiKey: string,
    assignments: Assignment[],
    parallelism: number,
): Promise<NaiveResult> {
    const agent = new Agent({ connections: parallelism, keepAliveTimeout: 10_000 });
    const errors: string[] = [];
    const call = async (method: "GET" | "PATCH", path: string, body?: unknown): Promise<unknown> => {
        for (let attempt = 1; ; attempt++) {
            const res = await request(origin + path, {
                method,
                dispatcher: agent,
                headers: {
                    authorization: `Bearer ${apiKey}`,
                    accept: "application/json",
                    ...(body ? { "content-type": "application/json" } : {}),
                },
                body: body === undefined ? undefined : JSON.stringify(body),
            });
            const text = await res.body.text();
            if (res.statusCode === 429 && attempt < 100) {
                const seconds = Number(res.headers["retry-after"] ?? 1);
                await new Promise((r) => setTimeout(r, Math.max(1, seconds) * 1000));
                continue;
            }
            if (res.statusCode >= 400) throw new Error(`${method} ${path.split("?")[0]}: ${res.statusCode}`);
            return text ? JSON.parse(text) : undefined;
        }
    };
    const collection = (a: Assignment) => (a.kind === "user" ? "users" : "groups");
    const find = async (a: Assignment): Promise<Found> => {
        const filter =
            a.kind === "user"
                ? `subject eq ${JSON.stringify(a.subject)}`
                : `name eq ${JSON.stringify(a.groupName)}`;
        const page = (await call(
            "GET",
            `/api/v1/${collection(a)}?${new URLSearchParams({ filter, limit: "100" })}`,
        )) as { data: Found[] };
        if (page.data.length !== 1) throw new Error(`${a.name}: ${page.data.length} matches`);
        return page.data[0]!;
    };
    const replace = (a: Assignment, id: string, names: string[]) =>
        call("PATCH", `/api/v1/${collection(a)}/${id}`, [
            { op: "replace", path: "/assignedRoles", value: names.map((name) => ({ name })) },
        ]);

    const started = Date.now();
    const order = phase === "destroy" ? [...assignments].reverse() : assignments;
    await pool(order, parallelism, async (a) => {
        try {
            const p = await find(a);
            const names = (p.assignedRoles ?? []).map((r) => r.name);
            if (phase === "up") await replace(a, p.id, names.includes(a.role) ? names : [...names, a.role]);
            if (phase === "destroy")
                await replace(
                    a,
                    p.id,
                    names.filter((n) => n !== a.role),
                );
        } catch (err) {
            errors.push((err as Error).message);
        }
    });
    const ms = Date.now() - started;
    await agent.close();
    return { ms, errors };
}
