/**
 * `pulumi-qlik-roles recover [--apply]`: after a `pulumi up` was interrupted (killed, CI job cancelled, laptop
 * closed), tells which pending role assignments actually landed in the tenant, and with `--apply` makes the stack's
 * state say so: landed creates are imported under their id, creates that never landed are cleared. It reads the
 * tenant only; every state change is made by the Pulumi CLI itself (`pulumi refresh`).
 */
import { clientSettingsFor } from "../runtime/config/client-settings";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { QlikClient } from "../client";
import { commandConfig, findPulumiProject, runPulumi } from "./command-config";
import type { Command } from "./commands";
import {
    pendingOperations,
    recoveredDeployment,
    recoveryPlan,
    type PendingOperation,
    type Verdict,
} from "./recover-plan";
import { judgePending } from "./recover-tenant";
import { lockedMessage, stackFacts } from "./recover-stack";

const HELP = `usage: pulumi-qlik-roles recover [--apply]

Run in the Pulumi project, with the stack of the interrupted run selected. Reads the stack's pending
operations (\`pulumi stack export\`), asks the tenant (read-only) which role grants landed, and prints them.

  --apply   then record the grants that landed and drop the pending creates that never did
            (\`pulumi stack import\` of the edited state), and read them with \`pulumi refresh\`

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
                // The flag only: an inline value (`--api-key=...`) is never echoed.
                `recover: unknown option ${unknown[0]!.split("=")[0]}; see \`pulumi-qlik-roles recover --help\`\n`,
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
        // A run that still holds the stack (or a killed one whose lock was left) is named first: recover must
        // neither judge a state another run is changing nor fail on the lock halfway through --apply.
        const facts = await readStackFacts(project);
        if (facts.locked) throw new Error(lockedMessage(facts.locked));
        const exported = await runPulumi(["stack", "export"], project);
        const all = pendingOperations(exported);
        const ours = all.filter((o) => o.kind !== undefined);
        const others = all.filter((o) => o.kind === undefined);
        if (ours.length === 0) {
            process.stdout.write(
                all.length === 0
                    ? "No pending operations: the last run finished, nothing to recover.\n"
                    : `No pending role assignments (${all.length} pending operation(s) of other resources: see \`pulumi refresh\`).\n`,
            );
            return 0;
        }
        const config = await commandConfig(project);
        const client = new QlikClient(clientSettingsFor(config));
        const verdicts = await judgePending(client, ours, facts.lastRunEnded);
        const plan = recoveryPlan(verdicts, others);
        process.stdout.write(report(verdicts, others));
        for (const note of plan.notes) process.stdout.write(`note: ${note}\n`);
        const refreshArgs = [
            "refresh",
            "--yes",
            "--skip-preview",
            ...plan.excludes.flatMap((u) => ["--exclude", u]),
        ];
        if (!apply) {
            process.stdout.write(
                plan.blocked
                    ? `\nCannot apply: ${plan.blocked}\n`
                    : `\nTo apply: pulumi-qlik-roles recover --apply   (runs \`pulumi stack import\` of the state with the landed grants recorded and no pending operation, then \`pulumi ${refreshArgs.join(" ")}\`)\n`,
            );
            return 0;
        }
        await applyPlan(project, exported, plan, refreshArgs);
        return 0;
    },
};

/** `--apply`: imports the state with the landed grants recorded and no pending operation, then refreshes it. */
async function applyPlan(
    project: string,
    exported: string,
    plan: ReturnType<typeof recoveryPlan>,
    refreshArgs: string[],
): Promise<void> {
    if (plan.blocked) throw new Error(plan.blocked);
    await importState(project, recoveredDeployment(exported, plan));
    process.stderr.write(`running: pulumi ${refreshArgs.join(" ")}\n`);
    await runPulumi(refreshArgs, project).catch((err: Error) => {
        throw new Error(
            `${err.message}; the landed grants are recorded but not yet read: run \`pulumi refresh\` again`,
        );
    });
    const stale = plan.stale.length > 0 ? `, ${plan.stale.length} stale pending create(s) dropped` : "";
    process.stdout.write(
        `Done: ${plan.imports.length} grant(s) recorded, ${plan.clears.length} pending create(s) that never landed cleared${stale}. ` +
            "Run `pulumi up` next: it removes what the program no longer declares.\n",
    );
}

/** The selected stack's lock and history (see recover-stack.ts). */
async function readStackFacts(project: string) {
    const [history, whoami, stack] = await Promise.all([
        runPulumi(["stack", "history", "--json"], project),
        runPulumi(["whoami", "--json"], project).catch(() => "{}"),
        runPulumi(["stack", "--show-name"], project),
    ]);
    const projectName = /^name:\s*(.+?)\s*$/m
        .exec(readProjectFile(project))?.[1]
        ?.replace(/^["']|["']$/g, "");
    return stackFacts(history, whoami, projectName ?? "", stack.trim());
}

function readProjectFile(project: string): string {
    for (const name of ["Pulumi.yaml", "Pulumi.yml"]) {
        const file = path.join(project, name);
        if (fs.existsSync(file)) return fs.readFileSync(file, "utf8");
    }
    return "";
}

/** `pulumi stack import` of `deployment`, through a private temporary file (the state holds encrypted secrets). */
async function importState(project: string, deployment: string): Promise<void> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "qlik-roles-recover-"));
    const file = path.join(dir, "state.json");
    try {
        fs.writeFileSync(file, deployment, { mode: 0o600 });
        process.stderr.write(
            "running: pulumi stack import (the landed grants recorded, no pending operation)\n",
        );
        await runPulumi(["stack", "import", "--file", file], project);
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

const WHAT: Record<string, string> = { creating: "create", updating: "update", deleting: "delete" };

/** One line per pending operation: what it was, what the tenant shows, and what recover does about it. */
function report(verdicts: readonly Verdict[], others: readonly PendingOperation[]): string {
    const lines = verdicts.map((v) => {
        const what = `${WHAT[v.op.operation] ?? v.op.operation} ${v.op.name}`;
        const action =
            v.op.operation === "creating"
                ? v.landed
                    ? `held -> import as ${v.id}`
                    : v.stale
                      ? "stale -> drop the pending operation"
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
