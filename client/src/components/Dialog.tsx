import { useEffect, useId, useRef, type ReactNode } from "react";

interface DialogProps {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
  /** Optional one-line explanation under the title. */
  description?: ReactNode;
}

/**
 * Where focus goes when a dialog opens: an element marked `data-autofocus`, else its first
 * field, else its first control below the title (in a confirmation, the first action, which
 * the dialogs make the safe one). Never the × in the header, which `showModal()` alone would
 * pick. React's `autoFocus` cannot do this: it focuses while the <dialog> is still closed.
 */
const FIRST_FIELD = [
  "input:not([type=hidden]):not([type=button]):not([type=submit]):not([type=reset]):not([disabled])",
  "select:not([disabled])",
  "textarea:not([disabled])",
  "[contenteditable=true]",
].join(",");
const FIRST_CONTROL = "button:not([disabled]), a[href], [tabindex]:not([tabindex='-1'])";

function initialFocus(body: HTMLElement): HTMLElement | null {
  const marked = body.querySelector<HTMLElement>("[data-autofocus]");
  if (marked) return marked;
  const content = [...body.children].filter((child) => !child.classList.contains("dialog-header"));
  for (const selector of [FIRST_FIELD, FIRST_CONTROL]) {
    for (const part of content) {
      const found = part.matches(selector) ? (part as HTMLElement) : part.querySelector<HTMLElement>(selector);
      if (found) return found;
    }
  }
  return null;
}

/**
 * A modal built on the native <dialog>: `showModal()` makes the rest of the page inert
 * (so focus stays inside) and Escape fires `cancel`, which we turn into `onClose`.
 * Focus goes to the first field (see initialFocus), and back to whatever opened it on close.
 */
export function Dialog({ open, title, onClose, children, description }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog || !open) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    const body = dialog.querySelector<HTMLElement>(".dialog-body");
    const target = body ? initialFocus(body) : null;
    // A hidden file input (a drop zone's) is still the field: its label shows the focus ring.
    target?.focus();
    const onCancel = (event: Event) => {
      event.preventDefault();
      onCloseRef.current();
    };
    // Chromium closes a dialog on a second Escape without a `cancel` event when nothing was
    // clicked or typed since it opened: the state must follow the closed element.
    const onNativeClose = () => onCloseRef.current();
    dialog.addEventListener("cancel", onCancel);
    dialog.addEventListener("close", onNativeClose);
    return () => {
      dialog.removeEventListener("cancel", onCancel);
      dialog.removeEventListener("close", onNativeClose);
      if (dialog.open) dialog.close();
      if (opener?.isConnected) opener.focus();
    };
  }, [open]);

  if (!open) return null;
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: a click on the backdrop closes; the keyboard closes with Escape (the dialog's cancel event)
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      onClick={(event) => {
        // A click on the backdrop lands on the <dialog> itself, outside its content box.
        if (event.target === ref.current) onClose();
      }}
    >
      <div className="dialog-body">
        <div className="dialog-header">
          <h2 id={titleId}>{title}</h2>
          <button type="button" className="icon-button" aria-label="Close dialog" onClick={onClose}>
            <span aria-hidden="true">×</span>
          </button>
        </div>
        {description ? (
          <p id={descriptionId} className="dialog-description">
            {description}
          </p>
        ) : null}
        {children}
      </div>
    </dialog>
  );
}
