/**
 * `node dist/bench/direct-worker.js <job.json> <result.json>`: one provider-direct step in a fresh process, as the
 * engine starts a fresh provider process per operation (fresh caches, and a throttle that starts empty, like the
 * CLI's; the throttle lives on globalThis, so phases in one process would share it).
 */
import * as fs from "node:fs";
import { runDirectStep, type DirectJob } from "./direct";

async function main(): Promise<void> {
    const [jobPath, resultPath] = process.argv.slice(2);
    if (!jobPath || !resultPath) throw new Error("usage: direct-worker <job.json> <result.json>");
    const job = JSON.parse(fs.readFileSync(jobPath, "utf8")) as DirectJob;
    const result = await runDirectStep(job);
    fs.writeFileSync(resultPath, JSON.stringify(result));
    // The keep-alive pool would hold the process open for its idle timeout.
    process.exit(0);
}

main().catch((err) => {
    process.stderr.write(`direct-worker: ${(err as Error).stack ?? err}\n`);
    process.exit(1);
});
