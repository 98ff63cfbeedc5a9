/**
 * The space between two paragraphs of a recommendation's body, in em of the body font: added to
 * the ordinary line spacing, in the editor as in every export (HTML, DOCX, PDF). One value, so
 * that what a writer sees in the editor is what the reader gets.
 *
 * This module has no dependencies: the client imports it (`@accord/export/paragraphSpacing`)
 * without pulling in the exporters.
 */
export const PARAGRAPH_SPACING_EM = 0.5;

/** The body font size of the DOCX export, in points. */
export const DOCX_BODY_SIZE_PT = 11;

/** PARAGRAPH_SPACING_EM in the DOCX body, in twentieths of a point (w:spacing w:after). */
export const DOCX_PARAGRAPH_SPACING_TWIPS = Math.round(PARAGRAPH_SPACING_EM * DOCX_BODY_SIZE_PT * 20);
