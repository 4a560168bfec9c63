/**
 * Summarises Stryker's JSON report(s) as the tables of docs/mutation-report.md: the score per folder and per file,
 * then every surviving (or uncovered) mutant with its line, so each can be killed by a test or explained.
 *
 *   node test/mutation/summarize.mjs [reports/mutation/mutation.json | reports/mutation/events ...]
 *   node test/mutation/summarize.mjs --ranges <reports...>   the undetected mutants as a `--mutate` list
 *
 * Several reports are merged mutant by mutant, a later report's verdict replacing an earlier one's: one run per
 * folder, or a fast pass (unit tier) followed by a pass of the slow tiers over only what it left undetected
 * (`--mutate "$(node test/mutation/summarize.mjs --ranges <unit pass>)"`). A folder is read as the
 * event-recorder's record of a run, so a run cut short counts the mutants it did test.
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const args = process.argv.slice(2);
const asRanges = args[0] === "--ranges";
const paths = asRanges ? args.slice(1) : args;
/** file -> { source, mutants: Map<mutant key, mutant> } */
const files = {};
const keyOf = (m) => {
    const { start, end } = m.location;
    return `${start.line}:${start.column}-${end.line}:${end.column}|${m.mutatorName}|${m.replacement ?? ""}`;
};
const merge = (reported) => {
    for (const [file, report] of Object.entries(reported)) {
        files[file] ??= { source: report.source, mutants: new Map() };
        for (const m of report.mutants) files[file].mutants.set(keyOf(m), m);
    }
};
for (const path of paths.length ? paths : ["reports/mutation/mutation.json"]) {
    if (statSync(path).isDirectory()) merge(fromEvents(path));
    else merge(JSON.parse(readFileSync(path, "utf8")).files);
}

/** The tested mutants an event-recorder folder holds, shaped like the JSON report's `files`. */
function fromEvents(dir) {
    const out = {};
    for (const name of readdirSync(dir)
        .filter((n) => n.endsWith("-onMutantTested.json"))
        .sort()) {
        const m = JSON.parse(readFileSync(join(dir, name), "utf8"));
        const file = m.fileName.slice(m.fileName.lastIndexOf("provider/"));
        out[file] ??= { source: readFileSync(file, "utf8"), mutants: [] };
        out[file].mutants.push(m);
    }
    return out;
}

/** What the score counts against the tests: mutants no test noticed, or no test ran. */
const UNDETECTED = new Set(["Survived", "NoCoverage"]);

if (asRanges) {
    const ranges = Object.entries(files).flatMap(([file, report]) =>
        [...report.mutants.values()]
            .filter((m) => UNDETECTED.has(m.status))
            .map(
                // Reports count columns from 1, `--mutate` ranges from 0.
                ({ location: { start, end } }) =>
                    `${file}:${start.line}:${start.column - 1}-${end.line}:${end.column - 1}`,
            ),
    );
    console.log([...new Set(ranges)].join(","));
    process.exit(0);
}

/** Stryker's mutation score: detected / (detected + undetected); compile and runtime errors do not count. */
const tally = () => ({ killed: 0, timeout: 0, survived: 0, noCoverage: 0, invalid: 0 });
const add = (t, status) => {
    if (status === "Killed") t.killed++;
    else if (status === "Timeout") t.timeout++;
    else if (status === "Survived") t.survived++;
    else if (status === "NoCoverage") t.noCoverage++;
    else t.invalid++;
};
const score = (t) => {
    const valid = t.killed + t.timeout + t.survived + t.noCoverage;
    return valid === 0 ? "n/a" : `${((100 * (t.killed + t.timeout)) / valid).toFixed(1)}%`;
};
const row = (name, t) =>
    `| ${name} | ${score(t)} | ${t.killed} | ${t.timeout} | ${t.survived} | ${t.noCoverage} | ${t.invalid} |`;
const header = [
    "| Scope | Score | Killed | Timed out | Survived | No coverage | Not compiled / ignored |",
    "|---|---|---|---|---|---|---|",
];

const byFolder = new Map();
const byFile = new Map();
const undetected = [];
for (const [file, report] of Object.entries(files).sort(([a], [b]) => a.localeCompare(b))) {
    const folder = file.split("/").slice(0, 2).join("/");
    if (!byFolder.has(folder)) byFolder.set(folder, tally());
    byFile.set(file, tally());
    const lines = report.source.split("\n");
    for (const m of report.mutants.values()) {
        add(byFolder.get(folder), m.status);
        add(byFile.get(file), m.status);
        if (UNDETECTED.has(m.status)) {
            const { start, end } = m.location;
            const original =
                start.line === end.line
                    ? lines[start.line - 1].slice(start.column - 1, end.column - 1)
                    : `${lines[start.line - 1].slice(start.column - 1)} …`;
            const clip = (s) =>
                (s.length > 70 ? `${s.slice(0, 67)}…` : s).replace(/\|/g, "\\|").replace(/\s+/g, " ");
            undetected.push(
                `| ${file}:${start.line} | ${m.status} | ${m.mutatorName} | \`${clip(original)}\` → \`${clip(m.replacement ?? "")}\` |`,
            );
        }
    }
}
console.log(["### Per folder", "", ...header, ...[...byFolder].map(([f, t]) => row(f, t))].join("\n"));
console.log(["", "### Per file", "", ...header, ...[...byFile].map(([f, t]) => row(f, t))].join("\n"));
console.log(
    [
        "",
        "### Undetected mutants",
        "",
        "| Where | Status | Mutator | Change |",
        "|---|---|---|---|",
        ...undetected,
    ].join("\n"),
);
