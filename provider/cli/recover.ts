/**
 * `pulumi-qlik-roles recover [--apply]`: after a `pulumi up` was interrupted (killed, CI job cancelled, laptop
 * closed), tells which pending role assignments actually landed in the tenant, and with `--apply` makes the stack's
 * state say so: landed creates are imported under their id, creates that never landed are cleared. It reads the
 * tenant only; every state change is made by the Pulumi CLI itself (`pulumi refresh`).
 */
import { QlikClient } from "../client";
import { commandConfig, findPulumiProject, runPulumi } from "./command-config";
import type { Command } from "./commands";
import { pendingOperations, recoveryPlan, type PendingOperation, type Verdict } from "./recover-plan";
import { judgePending } from "./recover-tenant";

const HELP = `usage: pulumi-qlik-roles recover [--apply]

Run in the Pulumi project, with the stack of the interrupted run selected. Reads the stack's pending
operations (\`pulumi stack export\`), asks the tenant (read-only) which role grants landed, and prints them.

  --apply   then run \`pulumi refresh\`, importing the creates that landed (--import-pending-creates)
            and clearing the ones that never did (--clear-pending-creates)

Run \`pulumi cancel\` first if the interrupted run still holds the stack's lock.`;

export const recover: Command = {
    summary: "after an interrupted `pulumi up`: record the grants that landed, clear the rest",
    async run(args) {
        if (args.includes("--help") || args.includes("-h")) {
            process.stdout.write(HELP + "\n");
            return 0;
        }
        const unknown = args.filter((a) => a !== "--apply");
        if (unknown.length > 0) {
            process.stderr.write(
                `recover: unknown option ${unknown[0]}; see \`pulumi-qlik-roles recover --help\`\n`,
            );
            return 2;
        }
        const apply = args.includes("--apply");
        const project = findPulumiProject(process.cwd());
        if (!project) {
            throw new Error(
                "no Pulumi.yaml here or above; run recover in the project of the interrupted `pulumi up`",
            );
        }
        const all = pendingOperations(await runPulumi(["stack", "export"], project));
        const ours = all.filter((o) => o.kind !== undefined);
        const others = all.filter((o) => o.kind === undefined);
        if (all.length === 0) {
            process.stdout.write("No pending operations: the last run finished, nothing to recover.\n");
            return 0;
        }
        const config = await commandConfig(project);
        const client = new QlikClient({
            origin: config.origin,
            credentials: config.credentials,
            requestTimeoutMs: config.requestTimeoutMs,
            retry: { maxAttempts: config.maxAttempts, deadlineMs: config.retryDeadlineMs },
            rateLimits: config.rateLimits,
        });
        const verdicts = await judgePending(client, ours);
        const plan = recoveryPlan(verdicts, others);
        process.stdout.write(report(verdicts, others));
        for (const note of plan.notes) process.stdout.write(`note: ${note}\n`);
        if (!plan.refreshArgs) return 0;
        if (!apply) {
            process.stdout.write(
                `\nTo apply: pulumi-qlik-roles recover --apply   (runs: pulumi ${plan.refreshArgs.join(" ")})\n`,
            );
            return 0;
        }
        process.stderr.write(`running: pulumi ${plan.refreshArgs.join(" ")}\n`);
        await runPulumi(plan.refreshArgs, project);
        const left = pendingOperations(await runPulumi(["stack", "export"], project)).filter(
            (o) => o.kind !== undefined,
        );
        process.stdout.write(
            `Done: ${plan.imports.length} imported, ${plan.clears.length} cleared` +
                (left.length > 0 ? `, ${left.length} still pending (see the notes above)` : "") +
                ". Run `pulumi up` next: it removes what the program no longer declares.\n",
        );
        return 0;
    },
};

const WHAT: Record<string, string> = { creating: "create", updating: "update", deleting: "delete" };

/** One line per pending operation: what it was, what the tenant shows, and what recover does about it. */
function report(verdicts: readonly Verdict[], others: readonly PendingOperation[]): string {
    const lines = verdicts.map((v) => {
        const what = `${WHAT[v.op.operation] ?? v.op.operation} ${v.op.name}`;
        const action =
            v.op.operation === "creating"
                ? v.landed
                    ? `landed -> import as ${v.id}`
                    : "never landed -> clear"
                : v.landed
                  ? "landed"
                  : "did not land";
        return `  ${what}: ${v.detail}: ${action}`;
    });
    for (const o of others)
        lines.push(`  ${WHAT[o.operation] ?? o.operation} ${o.name}: not a role assignment, left to Pulumi`);
    return `Pending operations of the interrupted run:\n${lines.join("\n")}\n`;
}
