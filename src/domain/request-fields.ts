/**
 * Limits on the free-form fields a request carries (who, why, which request): they end up in GitOps commit
 * messages, workflow ids and search attributes, chat cards and logs. No control characters (a newline in a name
 * could forge a commit trailer such as Gantry-Change), and bounded, so nothing grows a history or an index entry.
 */

// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x1f\x7f]/;
// eslint-disable-next-line no-control-regex
const CONTROL_BUT_NEWLINES = /[\x00-\x08\x0b-\x1f\x7f]/;

export const PERSON_MAX = 128;
export const REASON_MAX = 2000;
export const REQUEST_ID_MAX = 200;

/** A person's id or a forge user name, as given: one line, printable, at most PERSON_MAX characters. */
export const isPersonName = (value: string): boolean =>
  value.trim().length > 0 && value.length <= PERSON_MAX && !CONTROL.test(value);

/** A reason a person typed: may span lines, no other control characters, at most REASON_MAX characters. */
export const isReasonText = (value: string): boolean => value.length <= REASON_MAX && !CONTROL_BUT_NEWLINES.test(value);

/** A caller's idempotency key: one printable line, at most REQUEST_ID_MAX characters. */
export const isRequestId = (value: string): boolean =>
  value.length > 0 && value.length <= REQUEST_ID_MAX && !CONTROL.test(value);
