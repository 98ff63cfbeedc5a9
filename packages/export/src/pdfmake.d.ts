// pdfmake 0.3 ships no types; this is the part of its server API the PDF renderer uses.
declare module "pdfmake" {
  interface PdfFontFiles {
    normal: string;
    bold: string;
    italics: string;
    bolditalics: string;
  }
  interface PdfOutputDocument {
    getBuffer(): Promise<Buffer>;
  }
  interface PdfMake {
    setFonts(fonts: Record<string, PdfFontFiles>): void;
    setUrlAccessPolicy(allow: (url: string) => boolean): void;
    setLocalAccessPolicy(allow: (path: string) => boolean): void;
    createPdf(docDefinition: object, options?: object): PdfOutputDocument;
  }
  const pdfmake: PdfMake;
  export default pdfmake;
}
