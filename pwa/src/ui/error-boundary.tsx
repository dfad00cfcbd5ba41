import { Component, type ComponentChildren } from 'preact';

/**
 * Keeps one screen's (or one section's) failure to itself: what threw is shown in its place with a
 * way to try again, and the navigation, the other sections and everything on the device stay as
 * they were. Keyed by route in the app, so moving to another screen starts afresh.
 */
type Props = {
  /** What failed, in words: "This screen", "The Goals section". */
  what: string;
  /** A heading for the failure (screens): the screen keeps a top-level heading. */
  isScreen?: boolean;
  children: ComponentChildren;
};

type State = { error: Error | null };

export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static override getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: unknown): void {
    console.error(`${this.props.what} could not be shown`, error);
  }

  override render() {
    const { error } = this.state;
    if (error === null) return this.props.children;
    const { what, isScreen } = this.props;
    const body = (
      <>
        <p class="error" role="alert">
          {what} could not be shown: {error.message}. Nothing on this device was changed.
        </p>
        <p>
          <button type="button" onClick={() => this.setState({ error: null })}>
            Try again
          </button>
        </p>
      </>
    );
    return isScreen ? (
      <section class="screen" data-failed-screen>
        <h1>Something went wrong</h1>
        {body}
      </section>
    ) : (
      <div data-failed-part>{body}</div>
    );
  }
}
