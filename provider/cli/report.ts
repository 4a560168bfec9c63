/**
 * `pulumi-qlik-roles report`: who holds what in the tenant, and which stack manages it. Reads the tenant (GETs
 * only, with the credentials `export` takes) and the state of one or more stacks (`pulumi stack export`), and
 * prints every grant with how it is held, whether it promotes to Full and who manages it; the declared grants the
 * tenant does not hold; and a summary. `--fail-on` turns it into a CI gate; `--program` prints the program that
 * adopts what no stack manages.
 */
import { clientSettingsFor } from "../runtime/config/client-settings";
import { QlikClient, UsageError, type PageProgress } from "../client";
import { summarize } from "../access/access-summary";
import {
    classifyAccess,
    describeGrantVia,
    isSourceGrant,
    quote,
    type DriftRow,
    type GrantRow,
} from "../access/classify-access";
import type { Command } from "./commands";
import { findPulumiProject, type CommandIo } from "./command-config";
import { commandOptions } from "./command-line";
import { renderAdoptionProgram } from "./report-program";
import { renderReport, type AccessReport, type ReportFormat } from "./report-render";
import { readStacks, reportConfig, stackNames } from "./report-stacks";
import { readTenantAccess } from "./report-tenant";

const HELP = `usage: pulumi-qlik-roles report [options]

Prints every role grant in the tenant: the principal and role, how it is held (direct, through a group, through
Everyone), whether the role promotes users to Full, and which stack's resource manages it (or that none does);
then the drift (what the tenant holds differently from what the stacks declare), and a summary. Read-only. The
tenant and credentials come from the first --stack's qlik:* config (else the selected stack's) when run inside a
Pulumi project, the environment filling what it leaves out: QLIK_TENANT_URL and QLIK_API_KEY (or QLIK_CLIENT_ID
and QLIK_CLIENT_SECRET), as for export. Every stack named must be configured for that tenant.

options:
  --stack <name>         compare with this stack's state (repeatable; a name of this project's stacks, or
                         org/project/stack); default: the selected stack
  --spaces               also every space assignment in the spaces the credential sees (one more request per space)
  --unmanaged            only what no stack manages
  --program              print the program adopting what no stack manages (as export prints it), not the report
  --format table|json|csv|md
                         output format (default table)
  --fail-on unmanaged|drift
                         exit 1 when a grant is unmanaged, or on drift (repeatable); resources of the stacks
                         recorded for another tenant are then an error, as they cannot be checked
  --help                 this text`;

type FailOn = "unmanaged" | "drift";

interface ReportOptions {
    stacks: string[];
    spaces: boolean;
    unmanagedOnly: boolean;
    program: boolean;
    format: ReportFormat;
    failOn: FailOn[];
    args: string[];
}

const FORMATS: readonly ReportFormat[] = ["table", "json", "csv", "md"];
const FAIL_ON: readonly FailOn[] = ["unmanaged", "drift"];

/** Parses the command line; a bad flag is one line saying which and what is allowed. */
export function parseReportArgs(args: string[]): ReportOptions | "help" {
    const options: ReportOptions = {
        stacks: [],
        spaces: false,
        unmanagedOnly: false,
        program: false,
        format: "table",
        failOn: [],
        args,
    };
    for (const option of commandOptions(args)) {
        switch (option.flag) {
            case "--help":
            case "-h":
                return "help";
            case "--stack":
                options.stacks.push(option.value());
                break;
            case "--spaces":
                options.spaces = true;
                break;
            case "--unmanaged":
                options.unmanagedOnly = true;
                break;
            case "--program":
                options.program = true;
                break;
            case "--format":
                options.format = option.oneOf(FORMATS);
                break;
            case "--fail-on":
                options.failOn.push(option.oneOf(FAIL_ON));
                break;
            default:
                throw option.unknown();
        }
    }
    if (options.program && options.format !== "table")
        throw new UsageError("--program prints a TypeScript program; it takes no --format");
    return options;
}

/** Runs a report; resolves to 1 when a `--fail-on` condition holds, else 0. */
export async function runReport(args: string[], io: CommandIo): Promise<number> {
    const options = parseReportArgs(args);
    if (options === "help") {
        io.stdout(HELP + "\n");
        return 0;
    }
    const project = findPulumiProject(io.cwd);
    const names = await stackNames(options.stacks, project, io.env);
    // With no stack there is nothing to drift from: that gate would pass without checking anything.
    if (names.length === 0 && options.failOn.includes("drift"))
        throw new UsageError(
            "--fail-on drift needs a stack to compare with: run it in the Pulumi project or name the stack with --stack",
        );
    // The tenant of the stacks named (the first one's config), not the selected stack's.
    const config = await reportConfig(names, project, io.env);
    // The stacks before the tenant: a wrong stack name fails before the tenant is read.
    const stacks = await readStacks(names, config.origin, project ?? io.cwd, io.env);
    if (stacks.none) io.stderr(`report: ${stacks.none}\n`);
    for (const o of stacks.declarations.otherTenants) {
        const line = `stack "${o.stack}" has ${o.resources} resource(s) for ${o.tenantUrl}, not ${config.origin}`;
        // A gate must not pass on what it did not compare.
        if (options.failOn.length > 0)
            throw new UsageError(
                `${line}: --fail-on cannot check them; report each tenant with the stacks that manage it`,
            );
        io.stderr(`report: ${line}; not compared\n`);
    }
    const spaceDeclared = stacks.declarations.grants.filter((g) => g.target.kind === "space").length;
    if (spaceDeclared > 0 && !options.spaces)
        io.stderr(
            `report: ${spaceDeclared} declared space grant(s) not checked; add --spaces to read space assignments\n`,
        );

    const client = new QlikClient(clientSettingsFor(config));
    const progress = (p: PageProgress) =>
        io.stderr(`report: read ${p.items} ${p.list} (${p.pages} page${p.pages === 1 ? "" : "s"})\n`);
    const tenant = await readTenantAccess(client, config.origin, {
        spaces: options.spaces,
        onPage: progress,
    });
    const classified = classifyAccess(tenant, stacks.declarations);
    const summary = summarize(tenant, classified);
    const unmanagedRoles = classified.customRoles.filter((c) => c.managedBy.length === 0);
    const unmanagedGrants = classified.grants.filter((g) => g.managedBy.length === 0);
    const report: AccessReport = {
        tenantUrl: config.origin,
        stacks: stacks.stacks,
        spaces: options.spaces,
        unmanagedOnly: options.unmanagedOnly || options.program,
        // A failing drift gate shows what failed, --unmanaged or not.
        withDrift: !options.unmanagedOnly || options.failOn.includes("drift"),
        grants: options.unmanagedOnly ? unmanagedGrants : classified.grants,
        drift: classified.drift,
        customRoles: options.unmanagedOnly ? unmanagedRoles : classified.customRoles,
        summary,
    };
    if (options.program)
        io.stdout(
            renderAdoptionProgram(
                { ...report, grants: unmanagedGrants, customRoles: unmanagedRoles },
                tenant,
                args,
            ),
        );
    else io.stdout(renderReport(report, options.format));

    const c = summary.counts;
    io.stderr(
        `report: ${c.grants} grants, ${c.unmanaged} unmanaged, ${unmanagedRoles.length} custom role(s) unmanaged, ${c.drift} drift\n`,
    );
    const failed = options.failOn.filter((f) =>
        f === "drift" ? c.drift > 0 : c.unmanaged + unmanagedRoles.length > 0,
    );
    for (const f of failed) {
        // The report lists what failed; a program does not, so stderr does, one line each.
        if (options.program)
            for (const line of f === "drift"
                ? classified.drift.map(driftLine)
                : [
                      ...unmanagedGrants.filter(isSourceGrant).map(unmanagedLine),
                      ...unmanagedRoles.map((r) => `custom role ${quote(r.name)}`),
                  ])
                io.stderr(`report: ${f}: ${line}\n`);
        io.stderr(`report: failing (--fail-on ${f})\n`);
    }
    return failed.length > 0 ? 1 : 0;
}

const driftLine = (d: DriftRow) => `${d.manager.stack}/${d.manager.resource}: ${d.label} ${d.role}: ${d.why}`;
const unmanagedLine = (g: GrantRow) =>
    `${g.principal.label}${g.space ? ` in space ${quote(g.space.name)}` : ""} ${g.role} (${describeGrantVia(g)})`;

export const reportCommand: Command = {
    summary: "print who holds which role, how, and which stack manages it (read-only)",
    run: (args) =>
        runReport(args, {
            stdout: (t) => process.stdout.write(t),
            stderr: (t) => process.stderr.write(t),
            cwd: process.cwd(),
            env: process.env,
        }),
};
