import { describeBody } from "../../provider/client/http";

const html = { "content-type": "text/html; charset=utf-8" };
const plain = { "content-type": "text/plain" };

describe("describeBody (what a non-JSON error answer was, in a few words)", () => {
    it.each<[string, Record<string, string>, string, string]>([
        ["an empty body, whitespace included", {}, " \n\t ", "an empty body"],
        ["a text body, quoted", plain, "upstream connect error", 'a non-JSON body "upstream connect error"'],
        [
            "a text body that mentions a tag is still text",
            plain,
            "bad <html> here",
            'a non-JSON body "bad here"',
        ],
        [
            "an HTML page by its content type alone",
            html,
            "Service Unavailable<br>",
            'an HTML page "Service Unavailable"',
        ],
        ["an HTML page by its first tag alone", {}, "<!DOCTYPE html><p>Gone</p>", 'an HTML page "Gone"'],
        [
            "the page's title, attributes and all, rather than its text",
            html,
            '<html><head><title lang="en">502 Bad Gateway</title></head><body><h1>nginx</h1></body></html>',
            'an HTML page "502 Bad Gateway"',
        ],
        [
            "without a title: the text, with scripts and styles (across lines) left out",
            html,
            "<html><head><style>\n  body { color: red }\n</style></head><body><h1>Service Unavailable</h1></body></html>",
            'an HTML page "Service Unavailable"',
        ],
        [
            "words around a removed script, tag or &nbsp; stay apart",
            html,
            "<html><body>Bad<script>x()</script>Gateway<p>try</p>again&nbsp;later</body></html>",
            'an HTML page "Bad Gateway try again later"',
        ],
        ["runs of whitespace become one space", plain, "Bad \n\n  Gateway", 'a non-JSON body "Bad Gateway"'],
        ["an HTML page with no text at all", html, "<html><body></body></html>", "an HTML page"],
    ])("%s", (_name, headers, text, expected) => {
        expect(describeBody({ headers, text })).toBe(expected);
    });

    it("keeps a text of exactly 80 characters whole and cuts a longer one to 80 with an ellipsis", () => {
        const eighty = "x".repeat(80);
        expect(describeBody({ headers: plain, text: eighty })).toBe(`a non-JSON body "${eighty}"`);
        expect(describeBody({ headers: plain, text: `${eighty}y` })).toBe(
            `a non-JSON body "${"x".repeat(79)}…"`,
        );
    });
});
