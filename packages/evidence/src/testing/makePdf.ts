import { createRequire } from "node:module";
import path from "node:path";

/** The part of pdfmake 0.3's server API the tests use (the package ships no types). */
interface PdfMake {
  setFonts(fonts: Record<string, Record<string, string>>): void;
  setUrlAccessPolicy(allow: (url: string) => boolean): void;
  setLocalAccessPolicy(allow: (file: string) => boolean): void;
  createPdf(definition: object): { getBuffer(): Promise<Buffer> };
}

/** Renders a pdfmake document definition with the Roboto fonts pdfmake ships; nothing is fetched. */
export async function makePdf(definition: object): Promise<Uint8Array> {
  const require = createRequire(import.meta.url);
  const pdfmake = require("pdfmake") as PdfMake;
  const fontDir = path.join(path.dirname(require.resolve("pdfmake/package.json")), "fonts", "Roboto");
  pdfmake.setFonts({
    Roboto: {
      normal: path.join(fontDir, "Roboto-Regular.ttf"),
      bold: path.join(fontDir, "Roboto-Medium.ttf"),
      italics: path.join(fontDir, "Roboto-Italic.ttf"),
      bolditalics: path.join(fontDir, "Roboto-MediumItalic.ttf"),
    },
  });
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((file) => path.resolve(file).startsWith(fontDir));
  return new Uint8Array(await pdfmake.createPdf(definition).getBuffer());
}
