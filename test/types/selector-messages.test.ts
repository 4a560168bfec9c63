/**
 * What tsc SAYS when args name their principal twice: the must-fail cases (`assignment-args.ts`, `lookup-args.ts`)
 * prove these shapes do not compile, this proves the message names the rule (README, "The args types take exactly
 * one principal selector") instead of steering the user to add a third selector. Compiles snippets against the
 * package's source with the repository's compiler options.
 */
import * as path from "node:path";
import ts from "typescript";

const ROOT = path.resolve(__dirname, "../..");

/** The first diagnostic of each snippet, as tsc prints it (its message chain flattened). */
function firstErrors(snippets: Record<string, string>): Record<string, string> {
    const config = ts.getParsedCommandLineOfConfigFile(
        path.join(ROOT, "tsconfig.json"),
        {},
        {
            ...ts.sys,
            onUnRecoverableConfigFileDiagnostic: (d) => {
                throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
            },
        },
    )!;
    const files = Object.fromEntries(
        Object.entries(snippets).map(([name, body]) => [
            path.join(ROOT, "test/types", `__snippet_${name}.ts`),
            `import { GroupRoleAssignment, UserRoleAssignment, getEffectiveRoles, getGroup } from "../../provider";\nexport const used = [GroupRoleAssignment, UserRoleAssignment, getEffectiveRoles, getGroup];\n${body}\n`,
        ]),
    );
    const host = ts.createCompilerHost(config.options);
    const read = host.readFile.bind(host);
    host.readFile = (f) => files[path.resolve(f)] ?? read(f);
    const exists = host.fileExists.bind(host);
    host.fileExists = (f) => path.resolve(f) in files || exists(f);
    const program = ts.createProgram(Object.keys(files), { ...config.options, noEmit: true }, host);
    return Object.fromEntries(
        Object.entries(files).map(([file]) => {
            const [first] = ts.getPreEmitDiagnostics(program, program.getSourceFile(file));
            const name = path.basename(file, ".ts").replace("__snippet_", "");
            return [name, first ? ts.flattenDiagnosticMessageText(first.messageText, "\n") : "(compiles)"];
        }),
    );
}

jest.setTimeout(120_000);

describe("two selectors: the compile error names the rule", () => {
    const errors = firstErrors({
        subjectAndUserId: `new UserRoleAssignment("n", { subject: "u", userId: "x", role: "Steward" });`,
        subjectAndEmail: `new UserRoleAssignment("n", { subject: "u", email: "e@x.com", role: "Steward" });`,
        userIdAndEmail: `new UserRoleAssignment("n", { userId: "x", email: "e@x.com", role: "Steward" });`,
        groups: `new GroupRoleAssignment("n", { groupId: "x", groupName: "g", role: "Steward" });`,
        lookupUser: `getEffectiveRoles({ subject: "u", email: "e@x.com" });`,
        lookupGroup: `getGroup({ groupId: "x", groupName: "g" });`,
    });

    it.each(["subjectAndUserId", "subjectAndEmail", "lookupUser"])(
        "users (%s): GiveExactlyOneOfUserIdSubjectOrEmail, never a missing selector",
        (name) => {
            expect(errors[name]).toContain(
                "Type 'string' is not assignable to type 'GiveExactlyOneOfUserIdSubjectOrEmail'",
            );
            expect(errors[name]).not.toMatch(/is missing/);
        },
    );

    it("users (userIdAndEmail): tsc names the last form it tried, subject, as the README says", () => {
        // tsc reports against the union's last member when several fit equally; with three forms one pair of
        // selectors always meets a form needing the third. Subject is last, so every pair with subject names the rule.
        expect(errors.userIdAndEmail).toContain("Property 'subject' is missing in type");
        expect(errors.userIdAndEmail).toContain("userId?: GiveExactlyOneOfUserIdSubjectOrEmail");
    });

    it.each(["groups", "lookupGroup"])("groups (%s): GiveExactlyOneOfGroupIdOrGroupName", (name) => {
        expect(errors[name]).toContain(
            "Type 'string' is not assignable to type 'GiveExactlyOneOfGroupIdOrGroupName'",
        );
        expect(errors[name]).not.toMatch(/is missing/);
    });
});
