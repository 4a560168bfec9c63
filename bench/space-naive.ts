/**
 * The naive baseline for space access: what a script on qlik-cli's `space assignment create|update|delete` does,
 * once per declared (space, assignee, role), as raw HTTP against the same emulator (same latency, same limits):
 *
 *   up      : find the space (GET /spaces?name=, exact match), the user (GET /users?filter=subject eq),
 *             its assignment (GET .../assignments?assigneeId=&type=user); POST it with the role, or PUT the whole
 *             list with the role added
 *   destroy : the same three reads; PUT the list without the role, or DELETE the assignment when it was the last
 *
 * Same parallelism as the provider paths. A 429 is waited out for `retry-after` and retried, as qlik-cli does; any
 * other failure (a 409 when two POSTs for one pair race) is counted and the role is lost, as for a script that
 * stops at an error. No per-pair lock: the two roles of a pair, run at once, overwrite each other (the runner
 * counts the pairs left without their roles after `up`, and the assignments left after `destroy`).
 */
import { Agent, request } from "undici";
import { pool } from "./direct";

export interface SpaceGrant {
    spaceName: string;
    subject: string;
    role: string;
}

interface Assignment {
    id: string;
    roles: string[];
}

export async function runSpaceNaive(
    phase: "up" | "destroy",
    origin: string,
    apiKey: string,
    grants: readonly SpaceGrant[],
    parallelism: number,
): Promise<{ ms: number; errors: string[] }> {
    const agent = new Agent({ connections: parallelism, keepAliveTimeout: 10_000 });
    const errors: string[] = [];
    const call = async (method: string, path: string, body?: unknown): Promise<unknown> => {
        for (let attempt = 1; ; attempt++) {
            const res = await request(origin + path, {
                method: method as "GET",
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
    const one = async <T extends { id: string }>(path: string, pick: (x: T) => boolean): Promise<T> => {
        const found = ((await call("GET", path)) as { data: T[] }).data.filter(pick);
        if (found.length !== 1) throw new Error(`${path}: ${found.length} matches`);
        return found[0]!;
    };

    const started = Date.now();
    const order = phase === "destroy" ? [...grants].reverse() : grants;
    await pool(order, parallelism, async (g) => {
        try {
            const space = await one<{ id: string; name: string }>(
                `/api/v1/spaces?${new URLSearchParams({ name: g.spaceName, limit: "100" })}`,
                (s) => s.name === g.spaceName,
            );
            const user = await one<{ id: string }>(
                `/api/v1/users?${new URLSearchParams({ filter: `subject eq ${JSON.stringify(g.subject)}` })}`,
                () => true,
            );
            const base = `/api/v1/spaces/${space.id}/assignments`;
            const page = (await call(
                "GET",
                `${base}?${new URLSearchParams({ assigneeId: user.id, type: "user" })}`,
            )) as { data: Assignment[] };
            const current = page.data[0];
            if (phase === "up") {
                if (!current)
                    await call("POST", base, { type: "user", assigneeId: user.id, roles: [g.role] });
                else if (!current.roles.includes(g.role))
                    await call("PUT", `${base}/${current.id}`, { roles: [...current.roles, g.role] });
            } else if (current?.roles.includes(g.role)) {
                const rest = current.roles.filter((r) => r !== g.role);
                if (rest.length === 0) await call("DELETE", `${base}/${current.id}`);
                else await call("PUT", `${base}/${current.id}`, { roles: rest });
            }
        } catch (err) {
            errors.push((err as Error).message);
        }
    });
    const ms = Date.now() - started;
    await agent.close();
    return { ms, errors };
}
