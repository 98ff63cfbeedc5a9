import { useEffect, useState } from "react";
import { errorMessage } from "../api/ApiError";
import type { BibliographyApi } from "./bibliographyApi";
import { CUSTOM_STYLE_ID, type CitationStyles } from "./sourceTypes";

export type CitationStylesState =
  | { status: "loading" }
  | { status: "loaded"; styles: CitationStyles }
  | { status: "failed"; message: string };

/** The bundled styles a lead may choose from (the list is the server's; it does not change while the app runs). */
export function useCitationStyles(bibliography: BibliographyApi): CitationStylesState {
  const [state, setState] = useState<CitationStylesState>({ status: "loading" });
  useEffect(() => {
    const controller = new AbortController();
    bibliography.listStyles(controller.signal).then(
      (styles) => {
        if (!controller.signal.aborted) setState({ status: "loaded", styles });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ status: "failed", message: errorMessage(error) });
      },
    );
    return () => controller.abort();
  }, [bibliography]);
  return state;
}

/** A style's name for people: the bundled style's title, the uploaded file's own title, else its id. */
export function styleName(state: CitationStylesState, styleId: string, customTitle?: string | null): string {
  if (styleId === CUSTOM_STYLE_ID) return customStyleName(customTitle);
  if (state.status !== "loaded") return styleId;
  return state.styles.styles.find((style) => style.id === styleId)?.title ?? styleId;
}

/** The house's uploaded CSL file, by the title it gives itself when known. */
export function customStyleName(title: string | null | undefined): string {
  return title ? `${title} (your own CSL file)` : "Your own CSL file";
}
