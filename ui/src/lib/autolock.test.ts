import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { AUTOLOCK_KEY, autolockMinutes, holdAutoLock, type LockReason, setAutolockMinutes, startAutoLock } from "./autolock";

/** A fake page: activity events, a monotonic clock that can skip sleep, visibility. */
function fakePage() {
  const target = new EventTarget();
  let asleep = 0;
  let hidden = false;
  return {
    target,
    monotonic: () => Date.now() - asleep,
    hidden: () => hidden,
    /** The computer sleeps `ms`: the wall clock jumps, the monotonic one does not. */
    sleep(ms: number) {
      asleep += ms;
      vi.setSystemTime(Date.now() + ms);
    },
    hide() {
      hidden = true;
    },
    type() {
      target.dispatchEvent(new Event("keydown"));
    },
  };
}

function memoryStorage(): Storage {
  const map = new Map<string, string>();
  return {
    get length() {
      return map.size;
    },
    clear: () => map.clear(),
    getItem: (k) => map.get(k) ?? null,
    key: (i) => [...map.keys()][i] ?? null,
    removeItem: (k) => void map.delete(k),
    setItem: (k, v) => void map.set(k, String(v)),
  };
}

describe("auto-lock", () => {
  let locks: [LockReason, number][];
  let page: ReturnType<typeof fakePage>;
  let stop: () => void;

  function start(minutes = 5) {
    stop = startAutoLock({
      onLock: (reason, delay) => locks.push([reason, delay]),
      minutes: () => minutes,
      target: page.target,
      monotonic: page.monotonic,
      hidden: page.hidden,
    });
  }

  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2025-03-01T10:00:00Z"));
    locks = [];
    page = fakePage();
  });

  afterEach(() => {
    stop?.();
    vi.useRealTimers();
  });

  it("locks after the delay without activity, once", () => {
    start(5);
    vi.advanceTimersByTime(5 * 60_000 - 1000);
    expect(locks).toEqual([]);
    vi.advanceTimersByTime(1000);
    expect(locks).toEqual([["idle", 5]]);
    vi.advanceTimersByTime(10 * 60_000);
    expect(locks).toHaveLength(1);
  });

  it("starts counting again at every activity", () => {
    start(1);
    for (let i = 0; i < 5; i++) {
      vi.advanceTimersByTime(50_000);
      page.type();
    }
    expect(locks).toEqual([]);
    vi.advanceTimersByTime(60_000);
    expect(locks).toEqual([["idle", 1]]);
  });

  it("listens to pointer, wheel and touch too", () => {
    start(1);
    for (const type of ["pointermove", "pointerdown", "wheel", "touchstart"]) {
      vi.advanceTimersByTime(50_000);
      page.target.dispatchEvent(new Event(type));
    }
    expect(locks).toEqual([]);
  });

  it("locks at once after the computer slept, even a short while", () => {
    start(30);
    vi.advanceTimersByTime(3000);
    page.sleep(45_000);
    vi.advanceTimersByTime(1000);
    expect(locks).toEqual([["suspend", 30]]);
  });

  it("locks after sleep when the page is hidden too", () => {
    start(30);
    page.hide();
    page.sleep(10 * 60_000);
    vi.advanceTimersByTime(1000);
    expect(locks).toEqual([["suspend", 30]]);
  });

  it("does not mistake a slowed-down timer of a hidden page for sleep", () => {
    start(30);
    page.hide();
    // The browser runs the timer once a minute; both clocks move together.
    vi.setSystemTime(Date.now() + 60_000);
    vi.advanceTimersByTime(1000);
    expect(locks).toEqual([]);
  });

  it("waits while a long task runs, then counts from its end; sleep still locks", () => {
    start(1);
    const release = holdAutoLock();
    vi.advanceTimersByTime(5 * 60_000);
    expect(locks).toEqual([]);
    release();
    release();
    vi.advanceTimersByTime(59_000);
    expect(locks).toEqual([]);
    vi.advanceTimersByTime(1000);
    expect(locks).toEqual([["idle", 1]]);

    locks = [];
    start(1);
    const again = holdAutoLock();
    page.sleep(60_000);
    vi.advanceTimersByTime(1000);
    expect(locks).toEqual([["suspend", 1]]);
    again();
  });

  it("stops listening once stopped", () => {
    start(1);
    stop();
    vi.advanceTimersByTime(10 * 60_000);
    expect(locks).toEqual([]);
  });

  it("reads the delay at each tick", () => {
    let minutes = 30;
    stop = startAutoLock({
      onLock: (reason, delay) => locks.push([reason, delay]),
      minutes: () => minutes,
      target: page.target,
      monotonic: page.monotonic,
      hidden: page.hidden,
    });
    vi.advanceTimersByTime(2 * 60_000);
    minutes = 2;
    vi.advanceTimersByTime(1000);
    expect(locks).toEqual([["idle", 2]]);
  });
});

describe("auto-lock delay setting", () => {
  it("defaults to 5 minutes and keeps only the offered choices", () => {
    const storage = memoryStorage();
    expect(autolockMinutes(storage)).toBe(5);
    setAutolockMinutes(10, storage);
    expect(storage.getItem(AUTOLOCK_KEY)).toBe("10");
    expect(autolockMinutes(storage)).toBe(10);
    storage.setItem(AUTOLOCK_KEY, "0");
    expect(autolockMinutes(storage)).toBe(5);
    storage.setItem(AUTOLOCK_KEY, "never");
    expect(autolockMinutes(storage)).toBe(5);
    expect(() => setAutolockMinutes(0, storage)).toThrow(RangeError);
  });
});
