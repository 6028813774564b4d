"use strict";
/**
 * Limits on the free-form fields a request carries (who, why, which request): they end up in GitOps commit
 * messages, workflow ids and search attributes, chat cards and logs. No control characters (a newline in a name
 * could forge a commit trailer such as Gantry-Change), and bounded, so nothing grows a history or an index entry.
 */
Object.defineProperty(exports, "__esModule", { value: true });
exports.isRequestId = exports.isReasonText = exports.isPersonName = exports.REQUEST_ID_MAX = exports.REASON_MAX = exports.PERSON_MAX = void 0;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x1f\x7f]/;
// eslint-disable-next-line no-control-regex
const CONTROL_BUT_NEWLINES = /[\x00-\x08\x0b-\x1f\x7f]/;
exports.PERSON_MAX = 128;
exports.REASON_MAX = 2000;
exports.REQUEST_ID_MAX = 200;
/** A person's id or a forge user name, as given: one line, printable, at most PERSON_MAX characters. */
const isPersonName = (value) => value.trim().length > 0 && value.length <= exports.PERSON_MAX && !CONTROL.test(value);
exports.isPersonName = isPersonName;
/** A reason a person typed: may span lines, no other control characters, at most REASON_MAX characters. */
const isReasonText = (value) => value.length <= exports.REASON_MAX && !CONTROL_BUT_NEWLINES.test(value);
exports.isReasonText = isReasonText;
/** A caller's idempotency key: one printable line, at most REQUEST_ID_MAX characters. */
const isRequestId = (value) => value.length > 0 && value.length <= exports.REQUEST_ID_MAX && !CONTROL.test(value);
exports.isRequestId = isRequestId;
//# sourceMappingURL=request-fields.js.map