/**
 * Bad input catalogue: every input field with a wrong type, empty, padded with whitespace, in the wrong case,
 * naming nothing or several things, plus bad provider configuration and credentials. Each must be refused with
 * one clear line that names the field and says what to do, at preview time (`check`) wherever the information
 * exists there, and nothing may be written (zero PATCHes). In-process through `check()` (and the later lifecycle
 * steps, to show where a miss would surface), and a representative subset through `pulumi preview`.
 */
import { startEmulator, QUOTED_GROUP_NAME, type TenantEmulator } from "../../emulator";
import { describeWithCli } from "../e2e/e2e-setup";
import { configure, providerFor, __testing } from "../../provider/runtime";
import { cliStack, errorLines } from "./support/cli";
import { Results, saveTranscript } from "./support/results";
import { DOC_GROUP, DOC_USER, cell } from "./support/scenario";
import { SecretScanner } from "./support/secrets";

jest.setTimeout(120_000);
for (const k of Object.keys(process.env)) if (k.startsWith("QLIK_")) delete process.env[k];

const results = new Results("bad-input");
const scanner = new SecretScanner();
const secrets = new Set<string>();
const WRONG_KEY = `emu-admin-key-${"0".repeat(40)}`;

type Config = Record<string, string | undefined>;

interface BadInput {
    /** Row label. */
    name: string;
    kind: "user" | "group";
    args: Record<string, unknown>;
    /** Changes to the provider config (undefined removes a key). */
    config?: (emu: TenantEmulator) => Config;
    setup?: (emu: TenantEmulator) => void;
    /** The input property or config key the message must name. */
    field: string;
    /** What the message must tell the person to do (or why). */
    says: RegExp;
    /** Where it must be caught: at preview (check), or only when the role would be removed (delete). */
    at?: "check" | "delete";
}

const user = (args: Record<string, unknown>) => ({
    kind: "user" as const,
    args: { subject: "user1234", role: "ManagedSpaceCreator", ...args },
});
const group = (args: Record<string, unknown>) => ({
    kind: "group" as const,
    args: { groupName: "My Group", role: "ManagedSpaceCreator", ...args },
});
const only = (kind: "user" | "group", args: Record<string, unknown>) => ({ kind, args });

const CASES: BadInput[] = [
    // Wrong types, one per field.
    { name: "role is a number", ...user({ role: 42 }), field: "role", says: /must be a string/ },
    { name: "subject is a number", ...user({ subject: 1234 }), field: "subject", says: /must be a string/ },
    {
        name: "userId is a boolean",
        ...only("user", { userId: true, role: "Steward" }),
        field: "userId",
        says: /must be a string/,
    },
    {
        name: "email is an object",
        ...only("user", { email: { address: "user1234@example.com" }, role: "Steward" }),
        field: "email",
        says: /must be a string/,
    },
    {
        name: "groupName is an array",
        ...only("group", { groupName: ["My Group"], role: "Steward" }),
        field: "groupName",
        says: /must be a string/,
    },
    {
        name: "groupId is a number",
        ...only("group", { groupId: 6425, role: "Steward" }),
        field: "groupId",
        says: /must be a string/,
    },
    {
        name: "retainIfPreexisting is a string",
        ...user({ retainIfPreexisting: "yes" }),
        field: "retainIfPreexisting",
        says: /must be true or false/,
    },
    {
        name: "an unknown input (typo `roles`)",
        ...user({ roles: "Steward" }),
        field: "roles",
        says: /unknown input.*the inputs are/,
    },
    // Empty strings.
    { name: "role is empty", ...user({ role: "" }), field: "role", says: /must not be empty/ },
    { name: "role is only whitespace", ...user({ role: "   " }), field: "role", says: /must not be empty/ },
    { name: "subject is empty", ...user({ subject: "" }), field: "subject", says: /must not be empty/ },
    {
        name: "userId is empty",
        ...only("user", { userId: "", role: "Steward" }),
        field: "userId",
        says: /must not be empty/,
    },
    {
        name: "email is empty",
        ...only("user", { email: "", role: "Steward" }),
        field: "email",
        says: /must not be empty/,
    },
    {
        name: "groupName is empty",
        ...group({ groupName: "" }),
        field: "groupName",
        says: /must not be empty/,
    },
    {
        name: "groupId is empty",
        ...only("group", { groupId: "", role: "Steward" }),
        field: "groupId",
        says: /must not be empty/,
    },
    // Whitespace around a value.
    {
        name: "role with a trailing space",
        ...user({ role: "ManagedSpaceCreator " }),
        field: "role",
        says: /whitespace; remove it/,
    },
    {
        name: "subject with a leading space",
        ...user({ subject: " user1234" }),
        field: "subject",
        says: /whitespace; remove it/,
    },
    {
        name: "groupName with a trailing space",
        ...group({ groupName: "My Group " }),
        field: "groupName",
        says: /whitespace; remove it/,
    },
    {
        name: "email with a trailing space",
        ...only("user", { email: "user1234@example.com ", role: "Steward" }),
        field: "email",
        says: /whitespace; remove it/,
    },
    {
        name: "userId with a leading space",
        ...only("user", { userId: ` ${DOC_USER}`, role: "Steward" }),
        field: "userId",
        says: /whitespace; remove it/,
    },
    {
        name: "groupId with a trailing tab",
        ...only("group", { groupId: `${DOC_GROUP}\t`, role: "Steward" }),
        field: "groupId",
        says: /whitespace; remove it/,
    },
    {
        name: "email with a trailing newline",
        ...only("user", { email: "user1234@example.com\n", role: "Steward" }),
        field: "email",
        says: /whitespace; remove it/,
    },
    // Wrong case.
    {
        name: "role name in the wrong case",
        ...user({ role: "managedspacecreator" }),
        field: "role",
        says: /case-sensitive: did you mean "ManagedSpaceCreator"/,
    },
    {
        name: "subject in the wrong case",
        ...user({ subject: "USER1234" }),
        field: "subject",
        says: /no user with subject "USER1234".*the tenant has "user1234"/,
    },
    {
        name: "group name in the wrong case",
        ...group({ groupName: "my group" }),
        field: "groupName",
        says: /no group with groupName "my group".*names match exactly/,
    },
    // Names that name nothing.
    {
        name: "unknown role",
        ...user({ role: "ManagedSpaceCreater" }),
        field: "role",
        says: /does not exist in the tenant.*GET \/api\/v1\/roles/,
    },
    {
        name: "unknown user (subject)",
        ...user({ subject: "nobody" }),
        field: "subject",
        says: /no user with subject "nobody".*check the value/,
    },
    {
        name: "unknown user (userId)",
        ...only("user", { userId: "000000000000000000000000", role: "Steward" }),
        field: "userId",
        says: /no user with userId.*check the id, or name the user by subject or email/,
    },
    {
        name: "unknown user (email)",
        ...only("user", { email: "nobody@example.com", role: "Steward" }),
        field: "email",
        says: /no user with email/,
    },
    {
        name: "unknown group (name)",
        ...group({ groupName: "No Such Group" }),
        field: "groupName",
        says: /no group with groupName/,
    },
    {
        name: "unknown group (id)",
        ...only("group", { groupId: "000000000000000000000000", role: "Steward" }),
        field: "groupId",
        says: /no group with groupId/,
    },
    {
        name: "email that is not an email address",
        ...only("user", { email: "user1234", role: "Steward" }),
        field: "email",
        says: /is not an email address/,
    },
    {
        name: "a filter-injection attempt in a group name",
        ...group({ groupName: `x" or name eq "My Group` }),
        field: "groupName",
        says: /no group with groupName/,
    },
    // Names that name several things, or the principal named twice / not at all.
    {
        name: "an email shared by two users (shared@example.com)",
        ...only("user", { email: "shared@example.com", role: "Steward" }),
        field: "email",
        says: /2 users have email.*name the user by userId instead/,
    },
    {
        name: "both subject and userId",
        ...user({ userId: DOC_USER }),
        field: "subject",
        says: /set only one of userId, subject or email; got userId and subject/,
    },
    {
        name: "no user selector at all",
        ...only("user", { role: "Steward" }),
        field: "userId",
        says: /set exactly one of userId, subject or email/,
    },
    {
        name: "both groupId and groupName",
        ...group({ groupId: DOC_GROUP }),
        field: "groupName",
        says: /set only one of groupId or groupName/,
    },
    {
        name: "no group selector at all",
        ...only("group", { role: "Steward" }),
        field: "groupId",
        says: /set exactly one of groupId or groupName/,
    },
    {
        name: "role missing",
        ...only("user", { subject: "user1234" }),
        field: "role",
        says: /role is required/,
    },
    // Principals that are gone.
    {
        name: "a deleted user",
        ...user({}),
        setup: (emu) => emu.deleteUser("user1234"),
        field: "subject",
        says: /no user with subject "user1234"/,
    },
    {
        name: "a user marked deleted",
        ...only("user", { subject: "gone-user", role: "Steward" }),
        setup: (emu) => void emu.addUser({ subject: "gone-user", status: "deleted" }),
        field: "subject",
        says: /no user with subject "gone-user"/,
    },
    {
        name: "a deleted group",
        ...group({}),
        setup: (emu) => emu.deleteGroup("My Group"),
        field: "groupName",
        says: /no group with groupName "My Group"/,
    },
    // Roles that cannot be managed.
    {
        name: "UserDefault",
        ...user({ role: "UserDefault" }),
        field: "role",
        says: /cannot be assigned or removed; remove this resource/,
    },
    // Provider configuration and credentials.
    {
        name: "tenant URL missing",
        ...user({}),
        config: () => ({ "qlik:tenantUrl": undefined }),
        field: "qlik:tenantUrl",
        says: /pulumi config set qlik:tenantUrl/,
    },
    {
        name: "tenant URL with plain http:// (not loopback)",
        ...user({}),
        config: () => ({ "qlik:tenantUrl": "http://acme.eu.qlikcloud.com" }),
        field: "qlik:tenantUrl",
        says: /must use https:\/\//,
    },
    {
        name: "tenant URL that is not a URL",
        ...user({}),
        config: () => ({ "qlik:tenantUrl": "acme.eu.qlikcloud.com" }),
        field: "qlik:tenantUrl",
        says: /is not a URL; set it to https:\/\//,
    },
    {
        name: "tenant URL with a path",
        ...user({}),
        config: (emu) => ({ "qlik:tenantUrl": `${emu.url}/api/v1` }),
        field: "qlik:tenantUrl",
        says: /without a path/,
    },
    {
        name: "credentials missing",
        ...user({}),
        config: () => ({ "qlik:apiKey": undefined }),
        field: "qlik:apiKey",
        says: /pulumi config set --secret qlik:apiKey/,
    },
    {
        name: "wrong API key",
        ...user({}),
        config: () => ({ "qlik:apiKey": WRONG_KEY }),
        field: "qlik:apiKey",
        says: /401.*check the credential \(qlik:apiKey/,
    },
    {
        name: "OAuth client id without its secret",
        ...user({}),
        config: (emu) => ({ "qlik:apiKey": undefined, "qlik:clientId": emu.oauthClient.clientId }),
        field: "qlik:clientSecret",
        says: /needs both qlik:clientId and qlik:clientSecret/,
    },
    {
        name: "wrong OAuth client secret",
        ...user({}),
        config: (emu) => ({
            "qlik:apiKey": undefined,
            "qlik:clientId": emu.oauthClient.clientId,
            "qlik:clientSecret": `emu-secret-${"0".repeat(48)}`,
        }),
        field: "qlik:clientSecret",
        says: /401/,
    },
    {
        name: "a non-admin API key",
        ...user({}),
        config: (emu) => ({ "qlik:apiKey": emu.nonAdminApiKey }),
        field: "qlik:apiKey",
        says: /TenantAdmin/,
    },
    {
        name: "a requestTimeoutMs that is not a number",
        ...user({}),
        config: () => ({ "qlik:requestTimeoutMs": "30s" }),
        field: "qlik:requestTimeoutMs",
        says: /must be a number/,
    },
];

/** Inputs that look risky but are valid: they must be accepted and land on exactly the named principal. */
const ACCEPTED = [
    {
        name: `a group name with quotes (${QUOTED_GROUP_NAME})`,
        kind: "group" as const,
        args: { groupName: QUOTED_GROUP_NAME, role: "Steward" },
        principal: (emu: TenantEmulator) => emu.groupRoles(QUOTED_GROUP_NAME),
    },
    {
        name: "a subject with an apostrophe (auth0|o'brien)",
        kind: "user" as const,
        args: { subject: "auth0|o'brien", role: "Steward" },
        principal: (emu: TenantEmulator) => emu.userRoles("auth0|o'brien"),
    },
    {
        name: "an email in another case (USER1234@EXAMPLE.COM)",
        kind: "user" as const,
        args: { email: "USER1234@EXAMPLE.COM", role: "Steward" },
        principal: (emu: TenantEmulator) => emu.userRoles("user1234"),
    },
];

let emu: TenantEmulator;
beforeAll(async () => {
    emu = await startEmulator({ extraUsers: 10, extraGroups: 3 });
    secrets
        .add(emu.apiKey)
        .add(emu.oauthClient.clientSecret)
        .add(emu.nonAdminApiKey)
        .add(WRONG_KEY)
        .add(`emu-secret-${"0".repeat(48)}`);
});
afterAll(() => emu.close());

function baseConfig(): Config {
    return { "qlik:tenantUrl": emu.url, "qlik:apiKey": emu.apiKey };
}

async function configured(changes: Config = {}): Promise<void> {
    const config: Config = { ...baseConfig(), ...changes };
    __testing.reset();
    await configure({ config: { get: (k: string) => config[k] } }, { batchWindowMs: 5 });
}

interface Verdict {
    /** Where the problem surfaced: check, create, delete, or nowhere. */
    at: "check" | "create" | "delete" | "nowhere";
    lines: string[];
    property?: string;
    patches: number;
}

/** Runs the lifecycle as far as the input gets: check, then create, then delete. */
async function evaluate(c: BadInput): Promise<Verdict> {
    emu.reset();
    c.setup?.(emu);
    await configured(c.config?.(emu));
    const lc = providerFor(c.kind, 1);
    const news = { ...c.args, resourceName: "bad" };
    const patches = () => emu.requests.filter((e) => e.method === "PATCH").length;
    try {
        const checked = await lc.check({}, news);
        if (checked.failures && checked.failures.length > 0) {
            return {
                at: "check",
                lines: checked.failures.map((f) => `${f.property}: ${f.reason}`),
                property: checked.failures[0]!.property,
                patches: patches(),
            };
        }
    } catch (err) {
        return { at: "check", lines: [(err as Error).message], patches: patches() };
    }
    let created: { id: string; outs: Record<string, unknown> };
    try {
        created = await lc.create(news);
    } catch (err) {
        return { at: "create", lines: [(err as Error).message], patches: patches() };
    }
    try {
        await lc.delete(created.id, created.outs);
    } catch (err) {
        return { at: "delete", lines: [(err as Error).message], patches: patches() };
    }
    return { at: "nowhere", lines: [], patches: patches() };
}

describe("bad input catalogue (in-process check)", () => {
    it.each(CASES.map((c) => [c.name, c] as const))(
        "%s: one line naming the field, at preview, nothing written",
        async (_n, c) => {
            const v = await evaluate(c);
            for (const l of v.lines) scanner.add(`bad input ${c.name}`, l);
            const expectedAt = c.at ?? "check";
            results.add("bad-input", {
                case: c.name,
                field: c.field,
                expectedAt,
                at: v.at,
                lines: v.lines.length,
                message: v.lines.join(" ⏎ "),
                patches: v.patches,
            });
            expect(v.at).toBe(expectedAt);
            expect(v.lines).toHaveLength(1);
            const line = v.lines[0]!;
            expect(line).not.toMatch(/[\r\n]/);
            expect(line).not.toMatch(/\n\s+at |Error: /); // no stack, no internals
            if (v.property) expect(v.property).toBe(c.field);
            expect(line).toContain(c.field);
            expect(line).toMatch(c.says);
            expect(v.patches).toBe(0);
        },
    );

    it.each(ACCEPTED.map((a) => [a.name, a] as const))(
        "%s is accepted and changes exactly the named principal",
        async (_n, a) => {
            emu.reset();
            await configured();
            const seed = emu.snapshot();
            const lc = providerFor(a.kind, 1);
            const news = { ...a.args, resourceName: "ok" };
            const checked = await lc.check({}, news);
            const { id, outs } = await lc.create(news);
            const after = emu.snapshot();
            const changed = [...Object.entries(after.users), ...Object.entries(after.groups)].filter(
                ([pid, roles]) =>
                    JSON.stringify(roles) !== JSON.stringify(seed.users[pid] ?? seed.groups[pid]),
            );
            results.add("bad-input-accepted", {
                case: a.name,
                failures: checked.failures?.length ?? 0,
                changedPrincipals: changed.length,
                holds: a.principal(emu).includes("Steward"),
            });
            expect(checked.failures ?? []).toEqual([]);
            expect(changed).toHaveLength(1);
            expect(a.principal(emu)).toContain("Steward");
            await lc.delete(id, outs);
            expect(emu.snapshot()).toEqual(seed);
        },
    );
});

/** The subset run through `pulumi preview` on the real CLI. */
const CLI_SUBSET = [
    "role name in the wrong case",
    "an email shared by two users (shared@example.com)",
    "both subject and userId",
    "retainIfPreexisting is a string",
    "UserDefault",
    "tenant URL with plain http:// (not loopback)",
    "wrong API key",
    "a non-admin API key",
];

describeWithCli("bad input through pulumi preview", () => {
    it.each(CLI_SUBSET.map((n) => [n, CASES.find((c) => c.name === n)!] as const))(
        "%s: pulumi preview fails with one line naming the field and writes nothing",
        async (_n, c) => {
            emu.reset();
            c.setup?.(emu);
            const changes = c.config?.(emu) ?? {};
            const config: Record<string, string | null> = {};
            for (const [k, v] of Object.entries(changes)) if (k !== "qlik:apiKey") config[k] = v ?? null;
            const credentials = changes["qlik:apiKey"] === emu.nonAdminApiKey ? "nonAdmin" : "apiKey";
            const stack = await cliStack(emu, {
                assignments: [{ name: "bad", kind: c.kind, ...c.args }],
                credentials: changes["qlik:apiKey"] === WRONG_KEY ? "none" : credentials,
                config,
            });
            try {
                if (changes["qlik:apiKey"] === WRONG_KEY)
                    await stack.setConfig("qlik:apiKey", { value: WRONG_KEY, secret: true });
                const preview = await stack.preview();
                const lines = errorLines(preview);
                for (const t of stack.transcript) scanner.add(`preview ${c.name}`, t);
                saveTranscript(`bad-input ${c.name}`, stack.transcript);
                results.add("bad-input-cli", {
                    case: c.name,
                    field: c.field,
                    exit: preview.code,
                    message: cell(lines[0], 400),
                    errorLines: lines.length,
                    patches: emu.requests.filter((e) => e.method === "PATCH").length,
                });
                expect(preview.code).not.toBe(0);
                expect(lines).toHaveLength(1);
                expect(lines[0]).toContain(c.field);
                expect(lines[0]).toMatch(c.says);
                expect(emu.requests.filter((e) => e.method === "PATCH")).toHaveLength(0);
            } finally {
                stack.dispose();
            }
        },
    );
});

describe("bad input leaves no credential behind", () => {
    it("no credential (including the wrong ones tried) appears in any message or preview output", () => {
        scanner.add("bad input: request log", emu.requests);
        // Scanning nothing would find nothing: every case of the catalogue must have added its message lines.
        expect(secrets.size).toBe(5);
        expect(scanner.count).toBeGreaterThanOrEqual(CASES.length + 1);
        expect(scanner.bytes).toBeGreaterThanOrEqual(CASES.length * 40);
        const hits = scanner.scan([...secrets]);
        results.add("secrets", {
            source: "bad input catalogue (messages, preview output)",
            artifacts: scanner.count,
            bytes: scanner.bytes,
            hits: hits.length,
        });
        expect(hits).toEqual([]);
    });
});
