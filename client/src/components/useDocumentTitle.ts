import { useEffect } from "react";

/** Each screen names itself in the tab title, which is also what screen readers announce on navigation. */
export function useDocumentTitle(title: string | null | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} · Accord` : "Accord";
  }, [title]);
}
