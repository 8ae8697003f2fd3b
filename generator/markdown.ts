// The one Markdown escaper: model text (HTML text converted by ir/docs.ts, names, versions and
// notices written by the emitters) becomes Markdown that shows exactly that text, in pages, TSDoc
// comments and READMEs alike. Below both ir/ and emit/, as naming.ts is.

/**
 * Characters Markdown, HTML or TSDoc could read as markup: emphasis, code, links, tables, HTML,
 * TSDoc tags (`@deprecated`, `{@link}`), headings, strikethrough and math; and `&` before what
 * reads as an entity (`&lt;` in the model means the text `&lt;`).
 */
const MARKUP = /[\\`*_[\]<>|@#~$]|&(?=#?[A-Za-z0-9]+;)/g;

/** Text as Markdown inline text: `<` and `>` as entities, every other markup character backslash-escaped. */
export function escapeMarkdown(text: string): string {
  return text.replace(MARKUP, (c: string, i: number) => {
    if (c === "<") return "&lt;";
    if (c === ">") return "&gt;";
    // CommonMark never reads an underscore inside a word as emphasis: keep snake_case readable.
    if (c === "_" && /[A-Za-z0-9]/.test(text[i - 1] ?? "") && /[A-Za-z0-9]/.test(text[i + 1] ?? "")) return c;
    return "\\" + c;
  });
}
