import { patched, setCurrentDetails, upsertMemo, upsertSearchAttributes } from '@temporalio/workflow';
import type { ReleaseStatus } from '../domain/progress';
import { releaseDetails } from './release-details';
import type { ReleaseState } from './release-state';
import { SA } from './search-attributes';

/**
 * Keeps the release findable and readable in the Temporal UI: typed search attributes for searches, and the
 * current details ("waiting for the release window until …") for the detail page. Called at every change.
 */
export class ReleaseVisibility {
  // Visibility updates cost a history event and an index write each: only send what changed. Older runs sent
  // every time; patched() keeps their recorded histories replaying. Decided once, when the run starts.
  private readonly sparse = patched('sparse-visibility-updates');
  // Runs since user metadata: the current details say what the memo summary said (and more), without a history
  // event, so the memo is no longer sent; GantryStatusSince dates the status for "stuck for N hours" searches.
  // Older runs keep the commands they recorded.
  private readonly userMetadata = patched('user-metadata');
  private lastAttributes = '';
  private lastSummary = '';
  private lastStatus?: ReleaseStatus;
  private statusSince = new Date();

  constructor(private readonly state: ReleaseState) {}

  publish(status?: ReleaseStatus): void {
    const { state } = this;
    if (status) state.status = status;
    if (state.status !== this.lastStatus) {
      this.lastStatus = state.status;
      this.statusSince = new Date();
    }
    // Not a command: the UI reads it through the built-in metadata query, so it costs nothing in history.
    setCurrentDetails(releaseDetails(state, this.statusSince));
    this.upsertAttributes();
    if (!this.userMetadata) this.upsertMemoSummary();
  }

  private upsertAttributes(): void {
    const { state } = this;
    const pairs = [
      { key: SA.kind, value: 'release' },
      { key: SA.service, value: state.input.service },
      { key: SA.environment, value: state.input.environment },
      { key: SA.status, value: state.status },
      { key: SA.stage, value: state.tracker.current?.name ?? 'window' },
      { key: SA.image, value: state.request.image },
      { key: SA.triggeredBy, value: state.request.requestedBy },
      { key: SA.wakeAt, value: state.wakeAt ?? null },
      ...(this.userMetadata ? [{ key: SA.statusSince, value: this.statusSince }] : []),
    ];
    const attributes = JSON.stringify(pairs.map((p) => p.value));
    if (!this.sparse || attributes !== this.lastAttributes) upsertSearchAttributes(pairs);
    this.lastAttributes = attributes;
  }

  private upsertMemoSummary(): void {
    const { state } = this;
    const { service, environment } = state.input;
    const summary = this.sparse
      ? `${service} → ${environment}: ${state.request.image} (${state.status})`
      : `${service} → ${environment}: ${state.request.image} (${state.status}, ${state.progress().percent}%)`;
    if (!this.sparse || summary !== this.lastSummary) upsertMemo({ summary });
    this.lastSummary = summary;
  }
}
