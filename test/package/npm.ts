/**
 * npm as a user runs it, for the package tests: the packed tarball, installs into fresh projects, and what landed
 * in their node_modules.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../../scripts/lib/repo-root";

export interface NpmResult {
    code: number;
    stdout: string;
    stderr: string;
}

/**
 * Runs `npm <args>` in `cwd`. The `npm_*` variables an outer `npm test` exports are dropped: they describe this
 * repository (its prefix, its config) and would steer an install meant for another project.
 */
export function npm(args: string[], cwd: string, timeoutMs = 300_000): Promise<NpmResult> {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env))
        if (v !== undefined && !/^npm_/i.test(k) && k !== "INIT_CWD") env[k] = v;
    return new Promise((resolve) => {
        execFile(
            "npm",
            args,
            { cwd, env, maxBuffer: 64 * 1024 * 1024, timeout: timeoutMs },
            (err, stdout, stderr) => {
                const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
                resolve({ code, stdout, stderr });
            },
        );
    });
}

/** The files `npm pack` would put in the package, as paths relative to the package root. */
export async function packedFiles(): Promise<string[]> {
    // --ignore-scripts: `prepack` rebuilds dist/ from scratch, which other tests running at the same time read.
    const r = await npm(["pack", "--dry-run", "--json", "--ignore-scripts"], REPO_ROOT);
    if (r.code !== 0) throw new Error(`npm pack --dry-run failed (${r.code}): ${r.stderr}`);
    const [report] = JSON.parse(r.stdout) as { files: { path: string }[] }[];
    return report!.files.map((f) => f.path).sort();
}

/** Packs the repository (as built now) into `destDir`; returns the tarball's path. */
export async function packTarball(destDir: string): Promise<string> {
    const r = await npm(["pack", "--json", "--ignore-scripts", "--pack-destination", destDir], REPO_ROOT);
    if (r.code !== 0) throw new Error(`npm pack failed (${r.code}): ${r.stderr}`);
    const [report] = JSON.parse(r.stdout) as { filename: string }[];
    return path.join(destDir, report!.filename);
}

/** Every copy of package `name` anywhere under `dir`/node_modules: its directory and version. */
export function installedCopies(dir: string, name: string): { dir: string; version: string }[] {
    const found: { dir: string; version: string }[] = [];
    const walk = (modules: string) => {
        if (!fs.existsSync(modules)) return;
        for (const entry of fs.readdirSync(modules, { withFileTypes: true })) {
            if (!entry.isDirectory() || entry.name.startsWith(".")) continue;
            const names = entry.name.startsWith("@")
                ? fs.readdirSync(path.join(modules, entry.name)).map((n) => `${entry.name}/${n}`)
                : [entry.name];
            for (const pkgName of names) {
                const pkgDir = path.join(modules, pkgName);
                const manifest = path.join(pkgDir, "package.json");
                if (pkgName === name && fs.existsSync(manifest))
                    found.push({
                        dir: pkgDir,
                        version: JSON.parse(fs.readFileSync(manifest, "utf8")).version,
                    });
                walk(path.join(pkgDir, "node_modules"));
            }
        }
    };
    walk(path.join(dir, "node_modules"));
    return found;
}
