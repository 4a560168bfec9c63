#!/usr/bin/env node
// Makes `require("pulumi-qlik-roles/...")` resolve inside this repository, as it does in a user's project where the
// package is installed: the repo's examples and tests then load the provider exactly as users do, through the
// package name, with a single copy of @pulumi/pulumi. Runs from npm's `prepare` (after `npm install` / `npm ci`).
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const link = path.join(root, "node_modules", "pulumi-qlik-roles");
if (!fs.existsSync(path.join(root, "node_modules"))) process.exit(0); // installed as a dependency: nothing to do
try {
    if (fs.lstatSync(link).isSymbolicLink()) process.exit(0);
    fs.rmSync(link, { recursive: true, force: true });
} catch {
    // no link yet
}
fs.symlinkSync("..", link, "dir");
