import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

/**
 * The fonts the brief is set in, read from an npm package (Source Serif 4, SIL OFL) so that
 * every server typesets with the same files. The Typst compiler also indexes the host's
 * system fonts and cannot be told not to; fonts handed to it as blobs come first in its font
 * book (a host font of the same family loses), and brief.typ turns fallback off, so nothing
 * the host has installed reaches the PDF.
 */
const FACES = [
  "400Regular/SourceSerif4_400Regular.ttf",
  "400Regular_Italic/SourceSerif4_400Regular_Italic.ttf",
  "700Bold/SourceSerif4_700Bold.ttf",
  "700Bold_Italic/SourceSerif4_700Bold_Italic.ttf",
];

export function readBriefFonts(): Buffer[] {
  const dir = path.dirname(createRequire(import.meta.url).resolve("@expo-google-fonts/source-serif-4/package.json"));
  return FACES.map((face) => fs.readFileSync(path.join(dir, face)));
}
