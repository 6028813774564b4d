import fc from 'fast-check';
import type { ReleaseWindowSpec, Weekday } from '../../src/config/catalog-schema';
import { describeWindows, nextWindowOpening, releaseWindowVerdict } from '../../src/domain/release-window';

type Window = ReleaseWindowSpec['windows'][number];
type Freeze = ReleaseWindowSpec['freezes'][number];

const spec = (timeZone: string, windows: Window[], freezes: Freeze[] = []): ReleaseWindowSpec => ({
  timeZone,
  windows,
  freezes,
});
const at = (iso: string): Date => new Date(iso);

/** The verdict with dates as ISO strings, so a failure shows readable instants. */
const verdict = (now: string, s: ReleaseWindowSpec) => {
  const v = releaseWindowVerdict(at(now), s);
  return v.open
    ? { open: true, closesAt: v.closesAt?.toISOString() ?? null }
    : { open: false, opensAt: v.opensAt?.toISOString() ?? null, reason: v.reason };
};

const shanghaiTueThu = spec('Asia/Shanghai', [{ days: ['tue', 'thu'], start: '10:00', end: '17:00' }]);
const outsideShanghai = 'outside the release window (Tue, Thu 10:00–17:00 Asia/Shanghai)';

describe('releaseWindowVerdict', () => {
  describe('inside a window', () => {
    it('is open until the window closes the same afternoon', () => {
      // Tue 11:00 Asia/Shanghai
      expect(verdict('2026-06-16T03:00:00Z', shanghaiTueThu)).toEqual({
        open: true,
        closesAt: '2026-06-16T09:00:00.000Z',
      });
    });

    it('counts the start minute as inside the window', () => {
      expect(verdict('2026-06-16T02:00:00Z', shanghaiTueThu)).toEqual({
        open: true,
        closesAt: '2026-06-16T09:00:00.000Z',
      });
    });

    it('counts the end minute as outside the window', () => {
      expect(verdict('2026-06-16T09:00:00Z', shanghaiTueThu)).toEqual({
        open: false,
        opensAt: '2026-06-18T02:00:00.000Z',
        reason: outsideShanghai,
      });
    });

    it('treats touching windows as one, so a release is not cut off at the seam', () => {
      const s = spec('UTC', [
        { days: ['mon'], start: '09:00', end: '12:00' },
        { days: ['mon'], start: '12:00', end: '15:00' },
      ]);
      expect(verdict('2026-06-15T10:00:00Z', s)).toEqual({ open: true, closesAt: '2026-06-15T15:00:00.000Z' });
    });

    it('carries a window ending at 24:00 into one starting at 00:00 the next day', () => {
      const s = spec('UTC', [
        { days: ['sat', 'sun'], start: '00:00', end: '24:00' },
        { days: ['mon'], start: '00:00', end: '06:00' },
      ]);
      expect(verdict('2026-06-13T12:00:00Z', s)).toEqual({ open: true, closesAt: '2026-06-15T06:00:00.000Z' });
    });

    it('closes a window ending at 24:00 at the next local midnight', () => {
      const s = spec('UTC', [{ days: ['wed'], start: '20:00', end: '24:00' }]);
      expect(verdict('2026-06-17T23:59:59Z', s)).toEqual({ open: true, closesAt: '2026-06-18T00:00:00.000Z' });
    });
  });

  describe('outside a window', () => {
    it('waits until the window opens later the same day', () => {
      // Tue 08:00 Asia/Shanghai
      expect(verdict('2026-06-16T00:00:00Z', shanghaiTueThu)).toEqual({
        open: false,
        opensAt: '2026-06-16T02:00:00.000Z',
        reason: outsideShanghai,
      });
    });

    it('waits from Tuesday evening until Thursday 10:00 Asia/Shanghai', () => {
      expect(verdict('2026-06-16T10:00:00Z', shanghaiTueThu)).toEqual({
        open: false,
        opensAt: '2026-06-18T02:00:00.000Z',
        reason: outsideShanghai,
      });
    });

    it('waits from Friday evening until Tuesday 10:00 Asia/Shanghai, not a whole week', () => {
      const s = spec('Asia/Shanghai', [
        { days: ['fri'], start: '10:00', end: '17:00' },
        { days: ['tue'], start: '10:00', end: '17:00' },
      ]);
      // Fri 18:00 Asia/Shanghai
      expect(verdict('2026-06-12T10:00:00Z', s)).toEqual({
        open: false,
        opensAt: '2026-06-16T02:00:00.000Z',
        reason: 'outside the release window (Fri 10:00–17:00; Tue 10:00–17:00 Asia/Shanghai)',
      });
    });

    it('uses the local date, not the UTC one, to pick the day', () => {
      // Still Monday in UTC but already Tue 01:30 in Asia/Shanghai: the window opens the same local day.
      expect(verdict('2026-06-15T17:30:00Z', shanghaiTueThu)).toMatchObject({
        open: false,
        opensAt: '2026-06-16T02:00:00.000Z',
      });
    });
  });

  describe('time zones', () => {
    it('waits from Saturday until Monday 09:00 America/New_York (EDT, UTC-4)', () => {
      const s = spec('America/New_York', [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00' }]);
      expect(verdict('2026-06-13T15:00:00Z', s)).toMatchObject({ open: false, opensAt: '2026-06-15T13:00:00.000Z' });
    });

    it('waits from Sunday 22:00 America/New_York, already Monday in UTC, until Monday 09:00 local', () => {
      const s = spec('America/New_York', [{ days: ['mon'], start: '09:00', end: '17:00' }]);
      expect(verdict('2026-06-15T02:00:00Z', s)).toMatchObject({ open: false, opensAt: '2026-06-15T13:00:00.000Z' });
    });

    it('waits from Friday 18:30 Europe/Berlin (CET, UTC+1) until Monday 09:00', () => {
      const s = spec('Europe/Berlin', [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '18:00' }]);
      expect(verdict('2026-01-09T17:30:00Z', s)).toMatchObject({ open: false, opensAt: '2026-01-12T08:00:00.000Z' });
    });

    it('reads UTC windows as UTC', () => {
      const s = spec('UTC', [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '18:00' }]);
      expect(verdict('2026-06-13T12:00:00Z', s)).toMatchObject({ open: false, opensAt: '2026-06-15T09:00:00.000Z' });
      expect(verdict('2026-06-15T17:59:00Z', s)).toEqual({ open: true, closesAt: '2026-06-15T18:00:00.000Z' });
    });
  });

  describe('daylight saving time', () => {
    describe('America/New_York springing forward on 2026-03-08 (02:00 EST becomes 03:00 EDT)', () => {
      const s = spec('America/New_York', [{ days: ['sun'], start: '02:30', end: '04:00' }]);

      it('opens a 02:30 window at 03:00 EDT, the first instant after the skipped hour', () => {
        expect(verdict('2026-03-08T05:00:00Z', s)).toMatchObject({ open: false, opensAt: '2026-03-08T07:00:00.000Z' });
      });

      it('closes it at 04:00 EDT', () => {
        expect(verdict('2026-03-08T07:30:00Z', s)).toEqual({ open: true, closesAt: '2026-03-08T08:00:00.000Z' });
      });

      it('opens a weekday window after the change at 09:00 EDT, an hour earlier in UTC', () => {
        const weekdays = spec('America/New_York', [
          { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00' },
        ]);
        // Fri 18:00 EST
        expect(verdict('2026-03-06T23:00:00Z', weekdays)).toMatchObject({ opensAt: '2026-03-09T13:00:00.000Z' });
      });
    });

    describe('America/New_York falling back on 2026-11-01 (02:00 EDT becomes 01:00 EST)', () => {
      const s = spec('America/New_York', [{ days: ['sun'], start: '01:30', end: '03:00' }]);

      it('opens an ambiguous 01:30 at its first occurrence, in EDT', () => {
        expect(verdict('2026-11-01T04:00:00Z', s)).toMatchObject({ open: false, opensAt: '2026-11-01T05:30:00.000Z' });
      });

      it('stays open through the repeated hour until 03:00 EST', () => {
        // 01:45 EST, the second time the clock shows 01:45
        expect(verdict('2026-11-01T06:45:00Z', s)).toEqual({ open: true, closesAt: '2026-11-01T08:00:00.000Z' });
      });
    });

    describe('Europe/Berlin springing forward on 2026-03-29 (02:00 CET becomes 03:00 CEST)', () => {
      it('runs a 02:30–04:00 window from 03:00 to 04:00 CEST', () => {
        const s = spec('Europe/Berlin', [{ days: ['sun'], start: '02:30', end: '04:00' }]);
        expect(verdict('2026-03-28T23:00:00Z', s)).toMatchObject({ open: false, opensAt: '2026-03-29T01:00:00.000Z' });
        expect(verdict('2026-03-29T01:30:00Z', s)).toEqual({ open: true, closesAt: '2026-03-29T02:00:00.000Z' });
      });

      it('skips a window that lies wholly inside the missing hour and waits for the next Sunday', () => {
        const s = spec('Europe/Berlin', [{ days: ['sun'], start: '02:00', end: '02:45' }]);
        expect(verdict('2026-03-28T23:00:00Z', s)).toMatchObject({ open: false, opensAt: '2026-04-05T00:00:00.000Z' });
      });
    });

    describe('Europe/Berlin falling back on 2026-10-25 (03:00 CEST becomes 02:00 CET)', () => {
      const s = spec('Europe/Berlin', [{ days: ['sun'], start: '02:00', end: '02:30' }]);

      it('runs an ambiguous 02:00–02:30 window in its first occurrence, in CEST', () => {
        expect(verdict('2026-10-24T22:30:00Z', s)).toMatchObject({ open: false, opensAt: '2026-10-25T00:00:00.000Z' });
        expect(verdict('2026-10-25T00:15:00Z', s)).toEqual({ open: true, closesAt: '2026-10-25T00:30:00.000Z' });
      });

      it('does not reopen it when the clock repeats 02:15 in CET, but waits for the next Sunday', () => {
        expect(verdict('2026-10-25T01:15:00Z', s)).toMatchObject({ open: false, opensAt: '2026-11-01T01:00:00.000Z' });
      });
    });
  });

  describe('freezes', () => {
    const frozen = spec(
      'Asia/Shanghai',
      [{ days: ['tue', 'thu'], start: '10:00', end: '17:00' }],
      [{ from: '2026-12-20', to: '2027-01-03', reason: 'year-end freeze' }],
    );

    it('pushes the next opening past the freeze and names the freeze', () => {
      // Fri 18:00 before the freeze: Tue 22 and Thu 24 Dec and Tue 29 and Thu 31 Dec are frozen.
      expect(verdict('2026-12-18T10:00:00Z', frozen)).toEqual({
        open: false,
        opensAt: '2027-01-05T02:00:00.000Z',
        reason: `${outsideShanghai}, then frozen: year-end freeze (2026-12-20..2027-01-03)`,
      });
    });

    it('keeps a window closed during the freeze even at its usual hours', () => {
      // Tue 11:00 Asia/Shanghai
      expect(verdict('2026-12-22T03:00:00Z', frozen)).toEqual({
        open: false,
        opensAt: '2027-01-05T02:00:00.000Z',
        reason: 'frozen: year-end freeze (2026-12-20..2027-01-03)',
      });
    });

    it('leaves a window before the freeze alone', () => {
      expect(verdict('2026-12-17T03:00:00Z', frozen)).toEqual({ open: true, closesAt: '2026-12-17T09:00:00.000Z' });
    });

    it('does not mention a freeze that comes after the next opening', () => {
      expect(verdict('2026-12-16T03:00:00Z', frozen)).toEqual({
        open: false,
        opensAt: '2026-12-17T02:00:00.000Z',
        reason: outsideShanghai,
      });
    });

    it('skips back-to-back freezes as one', () => {
      const s = spec(
        'UTC',
        [],
        [
          { from: '2026-07-01', to: '2026-07-03', reason: 'datacenter move' },
          { from: '2026-07-04', to: '2026-07-05', reason: 'holiday' },
        ],
      );
      expect(verdict('2026-07-02T12:00:00Z', s)).toEqual({
        open: false,
        opensAt: '2026-07-06T00:00:00.000Z',
        reason: 'frozen: datacenter move (2026-07-01..2026-07-03)',
      });
    });
  });

  describe('without windows', () => {
    it('is always open when there is no freeze', () => {
      expect(verdict('2026-06-16T03:00:00Z', spec('UTC', []))).toEqual({ open: true, closesAt: null });
    });

    it('closes at local midnight when a freeze begins', () => {
      const s = spec('Europe/Berlin', [], [{ from: '2026-09-01', to: '2026-09-07', reason: 'audit' }]);
      expect(verdict('2026-06-16T03:00:00Z', s)).toEqual({ open: true, closesAt: '2026-08-31T22:00:00.000Z' });
    });

    it('ignores a freeze beyond the ~400-day horizon', () => {
      const s = spec('UTC', [], [{ from: '2028-01-01', to: '2028-01-07', reason: 'far away' }]);
      expect(verdict('2026-06-16T03:00:00Z', s)).toEqual({ open: true, closesAt: null });
    });

    it('freezes whole local days in the time zone, from midnight to midnight', () => {
      const s = spec('Asia/Shanghai', [], [{ from: '2026-12-20', to: '2027-01-03', reason: 'year-end freeze' }]);
      // Sat 23:59 Asia/Shanghai, the minute before the freeze
      expect(verdict('2026-12-19T15:59:00Z', s)).toEqual({ open: true, closesAt: '2026-12-19T16:00:00.000Z' });
      expect(verdict('2026-12-19T16:00:00Z', s)).toEqual({
        open: false,
        opensAt: '2027-01-03T16:00:00.000Z',
        reason: 'frozen: year-end freeze (2026-12-20..2027-01-03)',
      });
    });
  });

  describe('a spec that never opens', () => {
    const never = spec(
      'UTC',
      [{ days: ['mon'], start: '10:00', end: '17:00' }],
      [{ from: '2026-01-01', to: '2027-05-15', reason: 'platform migration' }],
    );

    it('has no opening within the horizon when a 500-day freeze covers every window', () => {
      expect(verdict('2026-01-05T12:00:00Z', never)).toEqual({
        open: false,
        opensAt: null,
        reason: 'frozen: platform migration (2026-01-01..2027-05-15)',
      });
    });

    it('answers quickly even though it searches the whole horizon', () => {
      const started = performance.now();
      releaseWindowVerdict(at('2026-01-05T12:00:00Z'), never);
      expect(performance.now() - started).toBeLessThan(1000);
    });
  });
});

describe('nextWindowOpening', () => {
  it('returns now itself while the window is open', () => {
    const now = at('2026-06-16T03:00:00Z');
    expect(nextWindowOpening(now, shanghaiTueThu)).toBe(now);
  });

  it('returns the next opening while closed', () => {
    expect(nextWindowOpening(at('2026-06-16T10:00:00Z'), shanghaiTueThu)?.toISOString()).toBe(
      '2026-06-18T02:00:00.000Z',
    );
  });

  it('returns null when nothing opens within the horizon', () => {
    const s = spec(
      'UTC',
      [{ days: ['mon'], start: '10:00', end: '17:00' }],
      [{ from: '2026-01-01', to: '2027-05-15', reason: 'platform migration' }],
    );
    expect(nextWindowOpening(at('2026-01-05T12:00:00Z'), s)).toBeNull();
  });
});

describe('describeWindows', () => {
  it('lists days in week order with the time zone', () => {
    expect(describeWindows(shanghaiTueThu)).toBe('Tue, Thu 10:00–17:00 Asia/Shanghai');
  });

  it('collapses runs of three or more days and separates windows with semicolons', () => {
    const s = spec('Europe/Berlin', [
      { days: ['fri', 'mon', 'tue', 'wed'], start: '09:00', end: '18:00' },
      { days: ['sat'], start: '10:00', end: '12:00' },
    ]);
    expect(describeWindows(s)).toBe('Mon–Wed, Fri 09:00–18:00; Sat 10:00–12:00 Europe/Berlin');
  });

  it('says Daily for all seven days', () => {
    const all: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
    expect(describeWindows(spec('UTC', [{ days: all, start: '10:00', end: '24:00' }]))).toBe('Daily 10:00–24:00 UTC');
  });

  it('says any time when there are no windows', () => {
    expect(describeWindows(spec('UTC', []))).toBe('any time');
  });
});

describe('agreement with a minute-by-minute scan of the local clock', () => {
  // Fixed-offset zones only: there the wall clock is plain arithmetic, and no DST ambiguity changes the semantics.
  const zones = [
    { timeZone: 'UTC', offsetMinutes: 0 },
    { timeZone: 'Asia/Shanghai', offsetMinutes: 480 },
    { timeZone: 'Asia/Kolkata', offsetMinutes: 330 },
  ];
  const days: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
  const hhmm = (minutes: number) =>
    `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const DAY_MS = 86_400_000;
  const SCAN_DAYS = 12;
  const base = Date.UTC(2026, 5, 1);

  const windowArb = fc
    .record({
      days: fc.subarray(days, { minLength: 1 }),
      start: fc.integer({ min: 0, max: 1439 }),
      length: fc.integer({ min: 1, max: 1440 }),
    })
    .map(({ days: picked, start, length }) => ({
      days: picked,
      start: hhmm(start),
      end: hhmm(Math.min(start + length, 1440)),
    }));
  const freezeArb = fc
    .record({ from: fc.integer({ min: 0, max: 14 }), length: fc.integer({ min: 0, max: 3 }) })
    .map(({ from, length }) => ({
      from: isoDate(base + from * DAY_MS),
      to: isoDate(base + (from + length) * DAY_MS),
      reason: 'r',
    }));

  it('finds the same opening and closing as scanning every minute', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.array(windowArb, { minLength: 1, maxLength: 3 }),
        fc.array(freezeArb, { maxLength: 2 }),
        fc.integer({ min: 0, max: 7 * 1440 - 1 }),
        ({ timeZone, offsetMinutes }, windows, freezes, nowMinute) => {
          const s = spec(timeZone, windows, freezes);
          const openAt = (minute: number): boolean => {
            const local = new Date(base + (minute + offsetMinutes) * 60_000);
            const date = local.toISOString().slice(0, 10);
            if (freezes.some((f) => f.from <= date && date <= f.to)) return false;
            const day = days[(local.getUTCDay() + 6) % 7];
            const clock = hhmm(local.getUTCHours() * 60 + local.getUTCMinutes());
            return windows.some((w) => day !== undefined && w.days.includes(day) && w.start <= clock && clock < w.end);
          };
          const nowOpen = openAt(nowMinute);
          let change = nowMinute + 1;
          while (change < nowMinute + SCAN_DAYS * 1440 && openAt(change) === nowOpen) change++;
          // Past the scan the reference knows nothing; only compare answers it saw.
          const seen = (d: Date | null) => d !== null && d.getTime() < base + (nowMinute + SCAN_DAYS * 1440) * 60_000;
          const v = releaseWindowVerdict(new Date(base + nowMinute * 60_000), s);
          expect(v.open).toBe(nowOpen);
          const edge = v.open ? v.closesAt : v.opensAt;
          if (change < nowMinute + SCAN_DAYS * 1440) expect(edge?.getTime()).toBe(base + change * 60_000);
          else expect(seen(edge)).toBe(false);
        },
      ),
      { numRuns: 200 },
    );
  });
});
