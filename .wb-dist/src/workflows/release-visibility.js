"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ReleaseVisibility = void 0;
const workflow_1 = require("@temporalio/workflow");
const release_details_1 = require("./release-details");
const search_attributes_1 = require("./search-attributes");
/**
 * Keeps the release findable and readable in the Temporal UI: typed search attributes for searches, and the
 * current details ("waiting for the release window until …") for the detail page. Called at every change.
 */
class ReleaseVisibility {
    state;
    // Visibility updates cost a history event and an index write each: only send what changed. Older runs sent
    // every time; patched() keeps their recorded histories replaying. Decided once, when the run starts.
    sparse = (0, workflow_1.patched)('sparse-visibility-updates');
    // Runs since user metadata: the current details say what the memo summary said (and more), without a history
    // event, so the memo is no longer sent; GantryStatusSince dates the status for "stuck for N hours" searches.
    // Older runs keep the commands they recorded.
    userMetadata = (0, workflow_1.patched)('user-metadata');
    lastAttributes = '';
    lastSummary = '';
    lastStatus;
    statusSince = new Date();
    constructor(state) {
        this.state = state;
    }
    publish(status) {
        const { state } = this;
        if (status)
            state.status = status;
        if (state.status !== this.lastStatus) {
            this.lastStatus = state.status;
            this.statusSince = new Date();
        }
        // Not a command: the UI reads it through the built-in metadata query, so it costs nothing in history.
        (0, workflow_1.setCurrentDetails)((0, release_details_1.releaseDetails)(state, this.statusSince));
        this.upsertAttributes();
        if (!this.userMetadata)
            this.upsertMemoSummary();
    }
    upsertAttributes() {
        const { state } = this;
        const pairs = [
            { key: search_attributes_1.SA.kind, value: 'release' },
            { key: search_attributes_1.SA.service, value: state.input.service },
            { key: search_attributes_1.SA.environment, value: state.input.environment },
            { key: search_attributes_1.SA.status, value: state.status },
            { key: search_attributes_1.SA.stage, value: state.tracker.current?.name ?? 'window' },
            { key: search_attributes_1.SA.image, value: state.request.image },
            { key: search_attributes_1.SA.triggeredBy, value: state.request.requestedBy },
            { key: search_attributes_1.SA.wakeAt, value: state.wakeAt ?? null },
            ...(this.userMetadata ? [{ key: search_attributes_1.SA.statusSince, value: this.statusSince }] : []),
        ];
        const attributes = JSON.stringify(pairs.map((p) => p.value));
        if (!this.sparse || attributes !== this.lastAttributes)
            (0, workflow_1.upsertSearchAttributes)(pairs);
        this.lastAttributes = attributes;
    }
    upsertMemoSummary() {
        const { state } = this;
        const { service, environment } = state.input;
        const summary = this.sparse
            ? `${service} → ${environment}: ${state.request.image} (${state.status})`
            : `${service} → ${environment}: ${state.request.image} (${state.status}, ${state.progress().percent}%)`;
        if (!this.sparse || summary !== this.lastSummary)
            (0, workflow_1.upsertMemo)({ summary });
        this.lastSummary = summary;
    }
}
exports.ReleaseVisibility = ReleaseVisibility;
//# sourceMappingURL=release-visibility.js.map