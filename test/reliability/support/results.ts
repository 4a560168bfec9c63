/**
 * The reliability tests' own record of what happened: each test adds rows (outcome, requests, final state) that
 * `npm run reliability` renders into RELIABILITY.md. Rows are written as they are added, so a test that fails
 * after recording still shows up (and the renderer marks it failed from jest's JSON report).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../../../scripts/lib/repo-root";

export const RESULTS_DIR = path.join(REPO_ROOT, "test-results", "reliability");

export interface Row {
    /** Which table the row belongs to, e.g. "fault-matrix". */
    table: string;
    /** The jest test that recorded it (full name), so the report can mark rows of failed tests. */
    test?: string;
    [column: string]: unknown;
}

/** Collects the rows of one test file into `test-results/reliability/<name>.json`. */
export class Results {
    private readonly rows: Row[] = [];
    private readonly file: string;

    constructor(name: string) {
        this.file = path.join(RESULTS_DIR, `${name}.json`);
        fs.mkdirSync(RESULTS_DIR, { recursive: true });
        fs.writeFileSync(this.file, "[]\n");
    }

    add(table: string, row: Record<string, unknown>): void {
        const test = expect.getState().currentTestName;
        this.rows.push({ table, ...(test ? { test } : {}), ...row });
        fs.writeFileSync(this.file, JSON.stringify(this.rows, null, 2) + "\n");
    }
}

/** Keeps a CLI stack's transcript (commands and their output, secrets redacted) for diagnosis. */
export function saveTranscript(name: string, transcript: readonly string[]): void {
    const dir = path.join(RESULTS_DIR, "transcripts");
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
        path.join(dir, `${name.replace(/[^a-z0-9]+/gi, "-").slice(0, 80)}.txt`),
        transcript.join("\n\n"),
    );
}
