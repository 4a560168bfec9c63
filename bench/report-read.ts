/**
 * A report-style read for the export benchmark: every user and every group with its direct roles, and Everyone's,
 * written as one CSV line per principal as the pages arrive (what an access review script built on the package's
 * client does). Run as a child process, so its own memory is measured: `node dist/bench/report-read.js`, with
 * QLIK_TENANT_URL and QLIK_API_KEY in the environment.
 */
import { EVERYONE_GROUP_ID, EVERYONE_GROUP_NAME, QlikClient, USER_ROLE_FIELDS } from "../provider/client";

const csv = (fields: string[]) => fields.map((f) => JSON.stringify(f)).join(",") + "\n";

async function main(): Promise<void> {
    const client = new QlikClient({
        origin: process.env["QLIK_TENANT_URL"]!,
        credentials: { apiKey: process.env["QLIK_API_KEY"]! },
    });
    const out: string[] = [];
    const flush = () => {
        process.stdout.write(out.join(""));
        out.length = 0;
    };
    const roles = (held: { name: string }[] | undefined) => (held ?? []).map((r) => r.name).join(";");
    for await (const page of client.userPages({ fields: USER_ROLE_FIELDS })) {
        for (const u of page) out.push(csv(["user", u.id, u.subject, roles(u.assignedRoles)]));
        flush();
    }
    for await (const page of client.groupPages()) {
        for (const g of page) out.push(csv(["group", g.id, g.name, roles(g.assignedRoles)]));
        flush();
    }
    out.push(csv(["group", EVERYONE_GROUP_ID, EVERYONE_GROUP_NAME, roles(await client.getEveryoneRoles())]));
    flush();
}

main().catch((err) => {
    process.stderr.write(`report-read: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
});
