/**
 * `pulumi-qlik-roles export`: prints a Pulumi program declaring the tenant's current direct role grants, so an
 * existing tenant is adopted by one `pulumi up` that writes nothing (`pulumi import` cannot adopt dynamic
 * resources). Read-only: it only sends GETs, through the same client, retries and throttle as the provider.
 */
import { clientSettingsFor } from "../runtime/config/client-settings";
import { QlikClient, UsageError, type PageProgress } from "../client";
import type { Command } from "./commands";
import { commandConfig, type CommandIo } from "./command-config";
import { commandOptions } from "./command-line";
import { grantCount, type ExportFilters } from "./export-grants";
import { readGrants } from "./export-read";
import { selectCustomRoles } from "./export-custom-roles";
import { readSpaceMembers, spaceRoleArg, spaceSummary } from "./export-spaces";
import { renderJson, renderProgram } from "./render-program";

const HELP = `usage: pulumi-qlik-roles export [options] > index.ts

Prints a Pulumi TypeScript program (or JSON) declaring one UserRoleAssignment / GroupRoleAssignment per direct
role grant in the tenant. The tenant comes from the selected stack's qlik:* config when run inside a Pulumi
project, else from QLIK_TENANT_URL and QLIK_API_KEY (or QLIK_CLIENT_ID and QLIK_CLIENT_SECRET).

options:
  --role <name>          only this tenant role (repeatable; exact name); space roles are not narrowed by it
  --user <id|subject|email>
                         only this user (repeatable), in the spaces too
  --group <id|name>      only this group (repeatable), in the spaces too
  --spaces               also every space assignment (SpaceRoleAssignment) in the spaces the credential sees
  --space <id|name>      only this space's assignments (repeatable; implies --spaces)
  --space-role <name>    only this space role (repeatable; e.g. consumer; implies --spaces)
  --users-only           only users' grants
  --groups-only          only groups' grants
  --format ts|json       output format (default ts)
  --remove-on-destroy    let \`pulumi destroy\` remove the exported grants (default: destroy leaves them)
  --custom-roles         also declare the tenant's custom roles (CustomRole, adopted as they are), before the
                         grants that use them
  --help                 this text`;

interface ExportOptions {
    filters: ExportFilters;
    /** Spaces to export the assignments of: undefined = none, [] = every space. */
    spaces?: string[];
    /** `--space-role`: only these space roles; empty = all. */
    spaceRoles: string[];
    format: "ts" | "json";
    removeOnDestroy: boolean;
    customRoles: boolean;
    /** The arguments as given, for the program's header. */
    args: string[];
}

/** Parses the command line; a bad flag is one line saying which and what is allowed. */
export function parseExportArgs(args: string[]): ExportOptions | "help" {
    const filters: ExportFilters = { roles: [], users: true, groups: true, userNames: [], groupNames: [] };
    let format: "ts" | "json" = "ts";
    let removeOnDestroy = false;
    let customRoles = false;
    let usersOnly = false;
    let groupsOnly = false;
    let spaces: string[] | undefined;
    const spaceRoles: string[] = [];
    for (const option of commandOptions(args)) {
        switch (option.flag) {
            case "--help":
            case "-h":
                return "help";
            case "--role":
                filters.roles.push(option.value());
                break;
            case "--user":
                filters.userNames.push(option.value());
                break;
            case "--group":
                filters.groupNames.push(option.value());
                break;
            case "--spaces":
                spaces ??= [];
                break;
            case "--space":
                (spaces ??= []).push(option.value());
                break;
            case "--space-role":
                spaceRoles.push(spaceRoleArg(option.value()));
                spaces ??= [];
                break;
            case "--users-only":
                usersOnly = true;
                break;
            case "--groups-only":
                groupsOnly = true;
                break;
            case "--remove-on-destroy":
                removeOnDestroy = true;
                break;
            case "--custom-roles":
                customRoles = true;
                break;
            case "--format":
                format = formatOf(option.value());
                break;
            default:
                throw option.unknown();
        }
    }
    refuseExclusions(usersOnly, groupsOnly, filters);
    filters.users = !groupsOnly;
    filters.groups = !usersOnly;
    return {
        filters,
        format,
        removeOnDestroy,
        customRoles,
        args,
        spaceRoles,
        ...(spaces ? { spaces } : {}),
    };
}

function formatOf(f: string): "ts" | "json" {
    if (f !== "ts" && f !== "json")
        throw new UsageError(`--format must be ts or json; got ${JSON.stringify(f)}`);
    return f;
}

/** `--users-only` and `--groups-only` exclude each other, and the other side's name filters. */
function refuseExclusions(usersOnly: boolean, groupsOnly: boolean, filters: ExportFilters): void {
    if (usersOnly && groupsOnly)
        throw new UsageError("--users-only and --groups-only exclude each other; give one");
    if (usersOnly && filters.groupNames.length > 0)
        throw new UsageError("--users-only excludes --group; give one");
    if (groupsOnly && filters.userNames.length > 0)
        throw new UsageError("--groups-only excludes --user; give one");
}

/** Runs an export: reads the tenant (GETs only) and writes the program to stdout, progress to stderr. */
export async function runExport(args: string[], io: CommandIo): Promise<number> {
    const options = parseExportArgs(args);
    if (options === "help") {
        io.stdout(HELP + "\n");
        return 0;
    }
    const config = await commandConfig(io.cwd, io.env);
    const client = new QlikClient(clientSettingsFor(config));
    const progress = (p: PageProgress) =>
        io.stderr(`export: read ${p.items} ${p.list} (${p.pages} page${p.pages === 1 ? "" : "s"})\n`);

    // First the identity: a bad key fails here with one line, and a key that cannot see roles is told so
    // before hundreds of pages are read.
    const { userNames, groupNames } = options.filters;
    // `--user` / `--group` narrow the space members to the principals they name, found once for both.
    const named =
        userNames.length > 0 || groupNames.length > 0
            ? { users: new Set<string>(), groups: new Set<string>() }
            : undefined;
    const grants = await readGrants(client, config.origin, {
        filters: options.filters,
        removeOnDestroy: options.removeOnDestroy,
        onPage: progress,
        ...(named ? { named } : {}),
    });
    if (options.customRoles)
        grants.customRoles = selectCustomRoles(await client.listRoles(), options.filters.roles);
    if (options.spaces) {
        const { users, groups } = options.filters;
        grants.spaceMembers = await readSpaceMembers(client, {
            spaces: options.spaces,
            users,
            groups,
            roles: options.spaceRoles,
            ...(named ? { assignees: named } : {}),
        });
    }
    io.stdout(options.format === "json" ? renderJson(grants) : renderProgram(grants, { args }));
    io.stderr(
        `export: ${grantCount(grants)} direct grants of ${grants.users.length} users and ${grants.groups.length} groups${spaceSummary(grants)}\n`,
    );
    return 0;
}

export const exportCommand: Command = {
    summary: "print a Pulumi program declaring the tenant's current direct role grants",
    run: (args) =>
        runExport(args, {
            stdout: (t) => process.stdout.write(t),
            stderr: (t) => process.stderr.write(t),
            cwd: process.cwd(),
            env: process.env,
        }),
};
