import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { useLocation, useMatch } from "react-router";
import { useRecommendations } from "./workspaceContext";

/**
 * The sector list's column. On a wide screen it is always there and the button is hidden; on a
 * narrow one (styles/app.css, max-width 760px) it folds behind a disclosure button, so the editor
 * starts on the first screen and the list is one tap away. Following a link inside folds it again.
 */
export function SidebarDrawer({ children }: { children: ReactNode }) {
  const { pathname } = useLocation();
  const recommendations = useRecommendations();
  const recId = useMatch("/briefs/:briefId/recommendations/:recId")?.params.recId;
  // Where the reader is now, on the folded button.
  const current = recommendations.find((recommendation) => recommendation.id === recId)?.title ?? null;
  const [open, setOpen] = useState(false);
  const bodyId = useId();
  const openRef = useRef(open);
  openRef.current = open;
  // A link followed from the unfolded list: fold it, and start the new page at its top.
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new pathname is the trigger
  useEffect(() => {
    if (!openRef.current) return;
    setOpen(false);
    window.scrollTo(0, 0);
  }, [pathname]);

  return (
    <div className="sidebar-drawer" data-open={open}>
      <button
        type="button"
        className="sidebar-drawer-toggle"
        aria-expanded={open}
        aria-controls={bodyId}
        onClick={() => setOpen((value) => !value)}
      >
        <span className="sidebar-drawer-label">
          Sectors<span className="visually-hidden"> and recommendations</span>
        </span>
        {current ? <span className="sidebar-drawer-current">{current}</span> : null}
        <span className="sidebar-drawer-chevron" aria-hidden="true" />
      </button>
      <div id={bodyId} className="sidebar-drawer-body">
        {children}
      </div>
    </div>
  );
}
