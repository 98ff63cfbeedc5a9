// markdown-it-footnote ships no types; the tests only pass it to `md.use`.
declare module "markdown-it-footnote" {
  import type MarkdownIt from "markdown-it";
  const footnote: MarkdownIt.PluginSimple;
  export default footnote;
}
