import { Component, type ErrorInfo, type ReactNode } from "react";

interface Props {
  /** What the view is, for the heading: "This view", "Accord". */
  label: string;
  /** Changing it clears a caught error: pass the location so that navigating away recovers. */
  resetKey?: string;
  children: ReactNode;
}

interface State {
  error: Error | null;
  resetKey: string | undefined;
}

/**
 * Keeps one broken view from taking the whole app down with it: a render error shows a
 * calm message in place of the view, and the rest of the page (the sidebar, the editor
 * next door, unsaved text elsewhere) stays where it was.
 */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null, resetKey: this.props.resetKey };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    if (props.resetKey === state.resetKey) return null;
    return { error: null, resetKey: props.resetKey };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`${this.props.label} failed to render`, error, info.componentStack);
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children;
    return (
      <section className="workspace-main error-view" role="alert">
        <h1>{this.props.label} ran into a problem</h1>
        <p>Nothing you wrote is lost: drafts are saved on the server as you type. Try again, or reload the page.</p>
        <div className="error-view-actions">
          <button type="button" className="button button-secondary" onClick={() => this.setState({ error: null })}>
            Try again
          </button>
          <button type="button" className="button-link" onClick={() => window.location.reload()}>
            Reload the page
          </button>
        </div>
      </section>
    );
  }
}
