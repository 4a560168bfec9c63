/**
 * `npm run emulator`: runs the tenant emulator until Ctrl-C / SIGTERM and prints how to reach it.
 *
 * | Env | Default | Meaning |
 * |---|---|---|
 * | QLIK_EMULATOR_PORT | 8089 | TCP port on 127.0.0.1 (0 = any free port) |
 * | QLIK_EMULATOR_LATENCY_MS | 0 | delay added to every request |
 * | QLIK_EMULATOR_TIME_SCALE | 1 | divides the 5-minute rate-limit window and its retry-after |
 * | QLIK_EMULATOR_RATE_LIMITS | on | "off" disables rate limiting |
 * | QLIK_EMULATOR_VARIANTS | (none) | documented alternative answers, e.g. `meRedirect=html,tokenExpiry=expires_at` |
 */
import { parseVariants, startEmulator } from "./index";

function numberFromEnv(name: string, fallback: number): number {
    const raw = process.env[name];
    if (raw === undefined || raw === "") return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value)) {
        process.stderr.write(`${name} must be a number, got ${JSON.stringify(raw)}\n`);
        process.exit(2);
    }
    return value;
}

const USAGE = `Usage: npm run emulator [-- --help]

Runs the Qlik tenant emulator on 127.0.0.1 until Ctrl-C, and prints its URL and API keys.

Options:
  -h, --help   print this help and exit

Settings (environment):
  QLIK_EMULATOR_PORT=<port>          TCP port (default 8089; 0 = any free port)
  QLIK_EMULATOR_LATENCY_MS=<ms>      delay added to every request (default 0)
  QLIK_EMULATOR_TIME_SCALE=<n>       divides the 5-minute rate-limit window and its retry-after (default 1)
  QLIK_EMULATOR_RATE_LIMITS=off      disables rate limiting
  QLIK_EMULATOR_VARIANTS=<list>      documented alternative answers, e.g. meRedirect=html,tokenExpiry=expires_at
`;

/** Options come before anything starts: `--help` prints the usage, anything else is refused in one line. */
function readArgs(args: readonly string[]): void {
    if (args.some((a) => a === "--help" || a === "-h")) {
        process.stdout.write(USAGE);
        process.exit(0);
    }
    if (args.length > 0) {
        process.stderr.write(
            `emulator: unknown option ${JSON.stringify(args[0])}; it takes only --help (settings come from QLIK_EMULATOR_* variables)\n`,
        );
        process.exit(2);
    }
}

async function main(): Promise<void> {
    readArgs(process.argv.slice(2));
    // A closed stdout (e.g. piped into `head`) must not crash the emulator at shutdown.
    process.stdout.on("error", () => undefined);
    const emu = await startEmulator({
        port: numberFromEnv("QLIK_EMULATOR_PORT", 8089),
        latencyMs: numberFromEnv("QLIK_EMULATOR_LATENCY_MS", 0),
        timeScale: numberFromEnv("QLIK_EMULATOR_TIME_SCALE", 1),
        ...(process.env["QLIK_EMULATOR_RATE_LIMITS"] === "off" ? { rateLimits: false as const } : {}),
        variants: parseVariants(process.env["QLIK_EMULATOR_VARIANTS"] ?? ""),
    });
    // These are throwaway credentials of a local fake tenant; printing them is the point of this command.
    const lines = [
        `Qlik tenant emulator listening on ${emu.url}`,
        ``,
        `  TenantAdmin API key : ${emu.apiKey}`,
        `  Non-admin API key   : ${emu.nonAdminApiKey}`,
        `  OAuth client        : ${emu.oauthClient.clientId} / ${emu.oauthClient.clientSecret}`,
        ``,
        `Use it with the provider:`,
        `  export QLIK_TENANT_URL=${emu.url}`,
        `  export QLIK_API_KEY=${emu.apiKey}`,
        ``,
        `Try it:`,
        `  curl -G "${emu.url}/api/v1/users" --data-urlencode "filter=subject eq 'user1234'" -H "Authorization: Bearer $QLIK_API_KEY"`,
        ``,
        `Ctrl-C to stop.`,
    ];
    process.stdout.write(`${lines.join("\n")}\n`);

    let stopping = false;
    const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        process.stdout.write(`\n${signal}: stopping emulator\n`);
        emu.close().then(
            () => process.exit(0),
            () => process.exit(1),
        );
    };
    process.on("SIGINT", () => stop("SIGINT"));
    process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((e: unknown) => {
    process.stderr.write(`emulator failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
});
