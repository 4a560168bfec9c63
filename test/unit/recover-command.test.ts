import { recover } from "../../provider/cli/recover";

describe("recover's command line", () => {
    it("refuses an unknown option by its flag, never echoing an inline value, with exit code 2", async () => {
        const written: string[] = [];
        const spy = jest.spyOn(process.stderr, "write").mockImplementation((text) => {
            written.push(String(text));
            return true;
        });
        try {
            await expect(recover.run(["--api-key=s3cr3t"])).resolves.toBe(2);
        } finally {
            spy.mockRestore();
        }
        expect(written.join("")).toBe(
            "recover: unknown option --api-key; see `pulumi-qlik-roles recover --help`\n",
        );
    });
});
