import { isIP } from 'node:net';

/** 127.0.0.0/8, ::1 and localhost: addresses no other machine can reach us on. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (h.startsWith('::ffff:')) return isLoopbackHost(h.slice('::ffff:'.length));
  return h === '::1';
}

/** Header the CLI sends with `--as` / GANTRY_USER; honoured only in the embedded loopback mode. */
export const NAMED_USER_HEADER = 'x-gantry-user';
