import { commandOptions } from "../../provider/cli/command-line";

/** Reads every option the way a command does: flags that take a value read it. */
function read(args: string[], takesValue: ReadonlySet<string>): [string, string?][] {
    const seen: [string, string?][] = [];
    for (const option of commandOptions(args)) {
        seen.push(takesValue.has(option.flag) ? [option.flag, option.value()] : [option.flag]);
    }
    return seen;
}

describe("commandOptions", () => {
    const VALUED = new Set(["--stack", "--format"]);

    it("reads --flag value and --flag=value alike, and never sees a value as an option", () => {
        expect(read(["--stack", "--spaces", "--format=a=b", "--spaces"], VALUED)).toEqual([
            ["--stack", "--spaces"],
            ["--format", "a=b"],
            ["--spaces"],
        ]);
    });

    it("refuses a missing or empty value in one line naming the flag", () => {
        expect(() => read(["--stack"], VALUED)).toThrow(/^--stack needs a value; see --help$/);
        expect(() => read(["--stack="], VALUED)).toThrow(/^--stack needs a value; see --help$/);
    });

    it("keeps a single dash or a value without -- as given, = and all", () => {
        expect(read(["-h", "a=b"], VALUED)).toEqual([["-h"], ["a=b"]]);
    });

    it("checks a value against its set, naming the set and the value", () => {
        const [option] = [...commandOptions(["--format", "xml"])];
        expect(() => option!.oneOf(["table", "json"])).toThrow('--format must be table or json; got "xml"');
        expect([...commandOptions(["--format=json"])][0]!.oneOf(["table", "json"])).toBe("json");
    });

    it("refuses an unknown option by its flag, never echoing an inline value, and says credentials are never flags", () => {
        const [option] = [...commandOptions(["--api-key=s3cr3t"])];
        expect(option!.unknown().message).toBe(
            `unknown option "--api-key"; credentials are never flags: set them in the stack's qlik:* config or QLIK_* variables (see --help)`,
        );
    });
});
