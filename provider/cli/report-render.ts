/**
 * The four forms of a report: `table` (for a terminal), `md` (for a pull request or a wiki), `csv` (one line per
 * grant, drift or custom role, for a spreadsheet) and `json` (everything, for a script). Pure: the same report
 * always gives the same bytes.
 */
import type { AccessSummary } from "../access/access-summary";
import {
    describeGrantVia,
    quote,
    type CustomRoleRow,
    type DriftRow,
    type GrantRow,
} from "../access/classify-access";
import type { Manager } from "../access/declared-grants";

export type ReportFormat = "table" | "json" | "csv" | "md";

export interface AccessReport {
    tenantUrl: string;
    /** The stacks compared, by name (the selected stack's resolved). */
    stacks: string[];
    /** Whether space assignments were read (`--spaces`). */
    spaces: boolean;
    /** Only what no stack manages (`--unmanaged`). */
    unmanagedOnly: boolean;
    /** Whether the drift section is printed: always but with `--unmanaged`, unless `--fail-on drift` asks for it. */
    withDrift: boolean;
    grants: GrantRow[];
    drift: DriftRow[];
    customRoles: CustomRoleRow[];
    summary: AccessSummary;
}

type Management = "managed" | "adopted and retained" | "unmanaged" | "removed by the next up";

/**
 * Managed by a stack, only adopted and retained by every stack that declares it, or by none; or held beyond an
 * exact set, whose next `up` removes it.
 */
export function managementOf(managers: readonly Manager[], removedBy: readonly Manager[] = []): Management {
    if (removedBy.length > 0) return "removed by the next up";
    if (managers.length === 0) return "unmanaged";
    return managers.every((m) => m.retained) ? "adopted and retained" : "managed";
}

const REMOVES = " (exact set: the next up removes it)";
const managerName = (m: Manager) => `${m.stack}/${m.resource}`;
const managersText = (managers: readonly Manager[], unmanaged: string, removedBy: readonly Manager[] = []) =>
    managers.length === 0
        ? unmanaged
        : managers
              .map(
                  (m) =>
                      managerName(m) +
                      (removedBy.includes(m) ? REMOVES : m.retained ? " (adopted and retained)" : ""),
              )
              .join(", ");
const principalText = (row: GrantRow) =>
    row.principal.label +
    (row.principal.status ? ` (${row.principal.status})` : "") +
    (row.space ? ` in space ${quote(row.space.name)}` : "");

/** Each section's rows as text cells; `unmanaged` is how the form writes an unmanaged grant. */
function sections(report: AccessReport, unmanaged: string) {
    return {
        grants: {
            header: ["PRINCIPAL", "ROLE", "HELD", "FULL", "MANAGED BY"],
            rows: report.grants.map((r) => [
                principalText(r),
                r.role,
                describeGrantVia(r),
                r.promotesToFull ? "Full" : "-",
                managersText(r.managedBy, unmanaged, r.removedBy),
            ]),
        },
        drift: {
            header: ["DECLARED BY", "PRINCIPAL", "ROLE", "WHAT THE TENANT SHOWS"],
            rows: report.drift.map((d) => [managerName(d.manager), d.label, d.role, d.why]),
        },
        customRoles: {
            header: ["CUSTOM ROLE", "FULL", "DEFINED BY"],
            rows: report.customRoles.map((c) => [
                c.name,
                c.promotesToFull ? "Full" : "-",
                managersText(c.managedBy, unmanaged),
            ]),
        },
    };
}

function summaryLines(report: AccessReport, bullet: string): string[] {
    const s = report.summary;
    const c = s.counts;
    const unmanaged = s.unmanagedByRole.map((u) => `${u.role} ${u.count}`).join(", ") || "none";
    return [
        `${bullet}Grants: ${c.grants} (${c.managed} managed, of which ${c.retained} adopted and retained; ${c.unmanaged} unmanaged). Drift: ${c.drift}.`,
        `${bullet}Full users: ${s.fullUsers.length} of ${s.users}${s.fullUsers.length ? ":" : "."}`,
        ...s.fullUsers.map((f) => `    ${bullet}${f.user}: ${f.role} (${f.via})`),
        `${bullet}Unmanaged grants by role: ${unmanaged}.`,
        `${bullet}TenantAdmins: ${s.tenantAdmins.length}${s.tenantAdmins.length ? ":" : "."}`,
        ...s.tenantAdmins.map((t) => `    ${bullet}${t.principal}: ${t.via}`),
    ];
}

function heading(report: AccessReport): string {
    const stacks = report.stacks.length ? `stacks: ${report.stacks.join(", ")}` : "no stack";
    const spaces = report.spaces ? "space assignments read" : "space assignments not read: --spaces";
    return `Access in ${report.tenantUrl} (${stacks}; ${spaces})${report.unmanagedOnly ? ", unmanaged only" : ""}`;
}

function table(header: string[], rows: string[][]): string[] {
    // A loop, not Math.max(...rows): a spread of a large tenant's rows would overflow the call stack.
    const widths = header.map((h, i) => rows.reduce((w, r) => Math.max(w, r[i]!.length), h.length));
    const line = (cells: string[]) =>
        cells
            .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
            .join("  ")
            .trimEnd();
    return [line(header), ...rows.map(line)];
}

/** Declared grants not held, principals gone, roles held beyond an exact set, custom roles gone. */
const DRIFT_TITLE = "Drift (the tenant differs from what the stacks declare)";

function renderTable(report: AccessReport): string {
    const s = sections(report, "UNMANAGED");
    // Arrays joined with concat: a spread of a large tenant's rows into push() would overflow the call stack.
    let out = [heading(report), ""].concat(table(s.grants.header, s.grants.rows));
    if (report.withDrift)
        out = out.concat(
            ["", report.drift.length ? `${DRIFT_TITLE}:` : `${DRIFT_TITLE}: none.`],
            report.drift.length ? table(s.drift.header, s.drift.rows) : [],
        );
    if (s.customRoles.rows.length) out = out.concat([""], table(s.customRoles.header, s.customRoles.rows));
    out = out.concat(["", "Summary:"], summaryLines(report, "  "));
    return out.join("\n") + "\n";
}

const mdCell = (c: string) =>
    c
        .replace(/\\/g, "\\\\")
        .replace(/\|/g, "\\|")
        .replace(/[\r\n]+/g, " ");
function mdTable(header: string[], rows: string[][]): string[] {
    const line = (cells: string[]) => `| ${cells.map(mdCell).join(" | ")} |`;
    return [line(header), `|${header.map(() => "---|").join("")}`, ...rows.map(line)];
}

function renderMarkdown(report: AccessReport): string {
    const s = sections(report, "**unmanaged**");
    let out = [`## ${heading(report)}`, ""].concat(mdTable(s.grants.header, s.grants.rows));
    if (report.withDrift)
        out = out.concat(
            ["", `### ${DRIFT_TITLE}`, ""],
            report.drift.length ? mdTable(s.drift.header, s.drift.rows) : ["None."],
        );
    if (s.customRoles.rows.length)
        out = out.concat(["", "### Custom roles", ""], mdTable(s.customRoles.header, s.customRoles.rows));
    out = out.concat(["", "### Summary", ""], summaryLines(report, "- "));
    return out.join("\n") + "\n";
}

/** A CSV field: quoted when needed; a leading `=`, `+`, `-` or `@` is escaped so no spreadsheet runs it as a formula. */
function csvField(value: string): string {
    const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function renderCsv(report: AccessReport): string {
    const header = [
        "record",
        "principal_type",
        "principal_id",
        "principal",
        "space",
        "role",
        "held",
        "promotes_full",
        "management",
        "managed_by",
    ];
    const names = (managers: readonly Manager[]) => managers.map(managerName).join(" ");
    const rows: string[][] = report.grants.map((r) => [
        "grant",
        r.principal.kind,
        r.principal.id,
        r.principal.name,
        r.space?.name ?? "",
        r.role,
        describeGrantVia(r),
        String(r.promotesToFull),
        managementOf(r.managedBy, r.removedBy),
        names(r.managedBy),
    ]);
    if (report.withDrift)
        for (const d of report.drift)
            rows.push([
                "drift",
                d.principal?.kind ?? "",
                d.principal?.id ?? "",
                d.principal?.name ?? "",
                d.space?.name ?? "",
                d.role,
                d.why,
                "",
                "managed",
                managerName(d.manager),
            ]);
    for (const c of report.customRoles)
        rows.push([
            "custom role",
            "",
            c.id,
            "",
            "",
            c.name,
            "",
            String(c.promotesToFull),
            managementOf(c.managedBy),
            names(c.managedBy),
        ]);
    return [header, ...rows].map((r) => r.map(csvField).join(",")).join("\r\n") + "\r\n";
}

function renderJson(report: AccessReport): string {
    const grants = report.grants.map((r) => ({
        ...r,
        held: describeGrantVia(r),
        management: managementOf(r.managedBy, r.removedBy),
    }));
    const customRoles = report.customRoles.map((c) => ({ ...c, management: managementOf(c.managedBy) }));
    // JSON has everything, drift included; `withDrift` only says what the other forms print.
    const { withDrift: _, ...rest } = report;
    return JSON.stringify({ ...rest, grants, customRoles }, null, 2) + "\n";
}

export function renderReport(report: AccessReport, format: ReportFormat): string {
    switch (format) {
        case "table":
            return renderTable(report);
        case "md":
            return renderMarkdown(report);
        case "csv":
            return renderCsv(report);
        case "json":
            return renderJson(report);
    }
}
