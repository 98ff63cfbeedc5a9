import { createRequire } from "node:module";
import { CslItemError, validateCslItem, type CslItem } from "./cslItem.js";

/** Entries one paste may hold (CITATIONS.md §4). @default 500 */
export const MAX_BIBLIOGRAPHY_ENTRIES = 500;
/**
 * Characters that BibTeX `@string` macros may expand to in one paste, counted over every
 * value built: `@string{b = a # a}` doubles per line, so 30 lines would otherwise ask for
 * gigabytes. Four times the largest accepted paste (1 MiB). @default 4 MiB
 */
export const MAX_BIBTEX_EXPANDED_CHARS = 4 * 1024 * 1024;

export type BibliographyFormat = "bibtex" | "ris";

/** A paste that is not well-formed BibTeX/RIS, or an entry that is not a usable source. */
export class BibliographyParseError extends Error {
  constructor(
    message: string,
    /** 1-based position of the entry (BibTeX) or record (RIS) at fault, when one is. */
    readonly entry: number | null = null,
  ) {
    super(message);
    this.name = "BibliographyParseError";
  }
}

// citation-js is CommonJS; its plugins register themselves with the core they require, so
// everything is loaded through one `require` to share that one registry. Only the BibTeX and
// RIS plugins are loaded: none of them fetches (the DOI and Wikidata plugins would).
const require = createRequire(import.meta.url);

interface Token {
  type: string;
  value: string;
  offset: number;
  line: number;
  col: number;
}
interface Lexer {
  next(): Token | undefined;
  formatError(token: Token | undefined, message: string): string;
}
interface GrammarInstance {
  rules: Record<string, (this: GrammarInstance) => unknown>;
  defaultState: object;
  token: Token | undefined;
  state: { strings: Record<string, string> };
  lexer: { reset(text: string): unknown };
  parse(iterator: unknown): unknown;
}
interface CitationJs {
  plugins: { input: { chain(input: unknown, options: object): unknown } };
  util: { Grammar: new (rules: GrammarInstance["rules"], state: object) => GrammarInstance };
}
interface BibtexEntry {
  type: string;
  label: string;
  properties: Record<string, unknown>;
}

let loaded: { core: CitationJs; bibtex: GrammarInstance } | null = null;

function citationJs() {
  if (!loaded) {
    const core = require("@citation-js/core") as CitationJs;
    require("@citation-js/plugin-bibtex");
    require("@citation-js/plugin-ris");
    const file = require("@citation-js/plugin-bibtex/lib/input/file.js") as {
      bibtexGrammar: GrammarInstance;
      parse(text: string): unknown;
    };
    // The plugin's lexer is reachable only through its grammar, once that grammar has run.
    file.parse("");
    loaded = { core, bibtex: file.bibtexGrammar };
  }
  return loaded;
}

/**
 * A pasted BibTeX or RIS file as checked CSL items (citation-js does the reading; every item
 * then passes `validateCslItem`). Malformed input is refused whole, naming the entry, rather
 * than half-read: a paste is either all imported or not at all. Linear in the text's length;
 * callers bound the text itself (the server answers 413 past 1 MiB).
 */
export function parseBibliography(text: string, format: BibliographyFormat): CslItem[] {
  return format === "bibtex" ? parseBibtex(text) : parseRis(text);
}

function parseBibtex(text: string): CslItem[] {
  const { core, bibtex } = citationJs();
  let entries = 0;
  let expanded = 0;
  let current: { number: number; offset: number } | null = null;
  const rules = bibtex.rules;
  const grammar = new core.util.Grammar(
    {
      ...rules,
      Entry(this: GrammarInstance) {
        current = { number: ++entries, offset: this.token?.offset ?? 0 };
        if (entries > MAX_BIBLIOGRAPHY_ENTRIES)
          throw new BibliographyParseError(`A paste may hold at most ${MAX_BIBLIOGRAPHY_ENTRIES} entries.`, entries);
        return rules.Entry!.call(this);
      },
      ExpressionPart(this: GrammarInstance) {
        // A bare word is a @string macro; one never defined would silently read as "".
        const token = this.token;
        if (token?.type === "identifier" && !(token.value.toLowerCase() in this.state.strings)) {
          throw new BibliographyParseError(
            `Entry ${entries}${labelAt(text, current?.offset ?? 0)}: "${token.value.slice(0, 50)}" (line ${token.line}) is neither quoted nor braced nor a @string macro.`,
            entries,
          );
        }
        const part = rules.ExpressionPart!.call(this);
        expanded += String(part).length;
        if (expanded > MAX_BIBTEX_EXPANDED_CHARS)
          throw new BibliographyParseError(
            "The entries' @string macros expand to more text than a bibliography can hold.",
            current?.number ?? null,
          );
        return part;
      },
    },
    bibtex.defaultState,
  );

  // Text outside entries is a comment in BibTeX, so an entry that lost its "@" would vanish
  // without a word: braces outside entries are refused instead (an "@comment" line may hold them).
  const lexer = bibtex.lexer.reset(text) as Lexer;
  const tokens: Lexer = {
    next() {
      const token = lexer.next();
      const brace = token?.type === "junk" && !token.value.startsWith("@") ? token.value.search(/[{}]/) : -1;
      if (token && brace >= 0) {
        const line = token.line + token.value.slice(0, brace).split("\n").length - 1;
        throw new BibliographyParseError(
          `Line ${line}: text between entries holds braces, like an entry missing its "@" (an entry starts like @article{key, …}).`,
          entries + 1,
        );
      }
      return token;
    },
    formatError: (token, message) => lexer.formatError(token, message),
  };
  let parsed: BibtexEntry[];
  try {
    parsed = grammar.parse(tokens) as BibtexEntry[];
  } catch (error) {
    if (error instanceof BibliographyParseError) throw error;
    const entry = current as { number: number; offset: number } | null;
    const name = entry ? `Entry ${entry.number}${labelAt(text, entry.offset)}` : "The text";
    throw new BibliographyParseError(`${name} is not well-formed BibTeX: ${firstLine(error)}`, entry?.number ?? null);
  }
  if (parsed.length === 0)
    throw new BibliographyParseError("No BibTeX entries found (an entry starts like @article{key, …}).");

  let items: unknown[];
  try {
    items = core.plugins.input.chain(parsed, {
      forceType: "@bibtex/entries+list",
      target: "@csl/list+object",
      generateGraph: false,
    }) as unknown[];
  } catch {
    // Read them one by one to name the entry that fails (crossrefs are lost only here).
    items = parsed.map((entry, index) => {
      try {
        return (
          core.plugins.input.chain(entry, {
            forceType: "@bibtex/entry+object",
            target: "@csl/list+object",
            generateGraph: false,
          }) as unknown[]
        )[0];
      } catch (error) {
        throw new BibliographyParseError(`Entry "${entry.label}" could not be read: ${firstLine(error)}`, index + 1);
      }
    });
  }
  return items.map((item, index) => checked(item, `Entry "${parsed[index]?.label ?? index + 1}"`, index + 1));
}

/** RIS tag lines: two characters, two spaces, a hyphen (the RIS plugin's own rule). */
const RIS_TAG_LINE = /^[A-Z][A-Z0-9] {2}-(?: |$)/;

/**
 * RIS is line-based and citation-js reads any text as some record, so the structure is
 * checked here first: every record opens with `TY`, every tag line sits inside a record,
 * and any other non-blank line continues the tag before it.
 */
function parseRis(text: string): CslItem[] {
  const { core } = citationJs();
  const records: Array<{ firstLine: number; lines: string[] }> = [];
  let open: { firstLine: number; lines: string[] } | null = null;
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!.trim();
    if (line === "") continue;
    const lineNumber = index + 1;
    if (RIS_TAG_LINE.test(line)) {
      const tag = line.slice(0, 2);
      if (tag === "TY") {
        open = { firstLine: lineNumber, lines: [] };
        records.push(open);
        if (records.length > MAX_BIBLIOGRAPHY_ENTRIES)
          throw new BibliographyParseError(
            `A paste may hold at most ${MAX_BIBLIOGRAPHY_ENTRIES} records.`,
            records.length,
          );
      } else if (!open) {
        throw new BibliographyParseError(
          `Line ${lineNumber} ("${tag}") is outside a record: every RIS record starts with a "TY  - " line.`,
          records.length + 1,
        );
      }
      open.lines.push(line);
      if (tag === "ER") open = null;
    } else if (open) {
      open.lines.push(line);
    } else {
      throw new BibliographyParseError(
        `Line ${lineNumber} is not RIS: expected a tag line such as "TY  - JOUR".`,
        records.length + 1,
      );
    }
  }
  if (records.length === 0) throw new BibliographyParseError('No RIS records found (a record starts with "TY  - ").');

  return records.map((record, index) => {
    const name = `Record ${index + 1} (line ${record.firstLine})`;
    let item: unknown;
    try {
      item = (
        core.plugins.input.chain(record.lines.join("\n"), {
          forceType: "@ris/file",
          target: "@csl/list+object",
          generateGraph: false,
        }) as unknown[]
      )[0];
    } catch (error) {
      throw new BibliographyParseError(`${name} could not be read: ${firstLine(error)}`, index + 1);
    }
    return checked(item, name, index + 1);
  });
}

function checked(item: unknown, name: string, entry: number): CslItem {
  try {
    return validateCslItem(item);
  } catch (error) {
    if (error instanceof CslItemError) throw new BibliographyParseError(`${name}: ${error.message}`, entry);
    throw error;
  }
}

/** ` ("smith2020")` from the text where an entry starts, or nothing. Reads at most 300 characters. */
function labelAt(text: string, offset: number): string {
  const head = /^@\s*[A-Za-z]+\s*[{(]\s*([^,\s{}()"]{1,100})\s*,/.exec(text.slice(offset, offset + 300));
  return head ? ` ("${head[1]}")` : "";
}

/** A parser's message without the source excerpt it appends (which may be a megabyte-long line). */
function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const line = message.split("\n", 1)[0] ?? "";
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
