import { useCallback, useId, useRef, useState, type ReactNode } from "react";
import { useDismissable } from "./useDismissable";

interface DisclosureMenuProps {
  /** Accessible name of the toggle, e.g. "Options for sector Energy". */
  label: string;
  /** Renders the actions; call `close()` after one runs. */
  children: (close: () => void) => ReactNode;
}

/**
 * A small "⋯" button that shows a list of action buttons. A disclosure, not an ARIA
 * menu: Tab moves through the buttons, Escape or a click elsewhere closes it.
 */
export function DisclosureMenu({ label, children }: DisclosureMenuProps) {
  const [open, setOpen] = useState(false);
  const closePanel = useCallback(() => setOpen(false), []);
  const id = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  useDismissable(open, closePanel, rootRef, buttonRef);

  const close = () => setOpen(false);
  return (
    <div className="disclosure-menu" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className="icon-button"
        aria-label={label}
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((value) => !value)}
      >
        <span aria-hidden="true">⋯</span>
      </button>
      <div id={id} className="disclosure-menu-panel" hidden={!open}>
        {open ? children(close) : null}
      </div>
    </div>
  );
}
