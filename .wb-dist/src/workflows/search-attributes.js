"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ALL_SEARCH_ATTRIBUTES = exports.SA = void 0;
const common_1 = require("@temporalio/common");
/** Typed search attributes kept current by the workflows, so stuck or waiting releases can be found in the UI. */
exports.SA = {
    kind: (0, common_1.defineSearchAttributeKey)('GantryKind', common_1.SearchAttributeType.KEYWORD),
    service: (0, common_1.defineSearchAttributeKey)('GantryService', common_1.SearchAttributeType.KEYWORD),
    environment: (0, common_1.defineSearchAttributeKey)('GantryEnvironment', common_1.SearchAttributeType.KEYWORD),
    stage: (0, common_1.defineSearchAttributeKey)('GantryStage', common_1.SearchAttributeType.KEYWORD),
    status: (0, common_1.defineSearchAttributeKey)('GantryStatus', common_1.SearchAttributeType.KEYWORD),
    image: (0, common_1.defineSearchAttributeKey)('GantryImage', common_1.SearchAttributeType.KEYWORD),
    triggeredBy: (0, common_1.defineSearchAttributeKey)('GantryTriggeredBy', common_1.SearchAttributeType.KEYWORD),
    wakeAt: (0, common_1.defineSearchAttributeKey)('GantryWakeAt', common_1.SearchAttributeType.DATETIME),
    /** When the run entered its current GantryStatus: finds releases stuck in one status for too long. */
    statusSince: (0, common_1.defineSearchAttributeKey)('GantryStatusSince', common_1.SearchAttributeType.DATETIME),
};
exports.ALL_SEARCH_ATTRIBUTES = Object.values(exports.SA);
//# sourceMappingURL=search-attributes.js.map