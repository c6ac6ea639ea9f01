// Locks the vault after some minutes without keyboard, mouse or touch
// activity, and at once when the computer wakes up from sleep.

/** localStorage key of the chosen delay, in minutes. */
export const AUTOLOCK_KEY = "carnet.autolockMinutes";
/** The delays a person can choose; "never" is deliberately not one of them. */
export const AUTOLOCK_CHOICES = [1, 2, 5, 10, 15, 30] as const;
export const AUTOLOCK_DEFAULT = 5;
/** How often the clock is looked at. */
export const TICK_MS = 1000;
/** A tick that comes this late means the computer was asleep. */
export const SUSPEND_GAP_MS = 30_000;
/** What counts as someone using Carnet. */
export const ACTIVITY_EVENTS = ["keydown", "pointerdown", "pointermove", "wheel", "touchstart"] as const;

export type LockReason = "idle" | "suspend";

/** Long tasks under way (an import, a backup): the person is waiting, not away. */
let holds = 0;

/**
 * Counts as activity until the returned function is called: a long import
 * or backup is not interrupted by the idle delay. Sleep still locks.
 */
export function holdAutoLock(): () => void {
  holds += 1;
  let released = false;
  return () => {
    if (!released) holds -= 1;
    released = true;
  };
}

/** The chosen delay, or the default when nothing (or nothing valid) is stored. */
export function autolockMinutes(storage: Pick<Storage, "getItem"> | undefined = globalThis.localStorage): number {
  const stored = Number(storage?.getItem(AUTOLOCK_KEY));
  return (AUTOLOCK_CHOICES as readonly number[]).includes(stored) ? stored : AUTOLOCK_DEFAULT;
}

export function setAutolockMinutes(minutes: number, storage: Pick<Storage, "setItem"> | undefined = globalThis.localStorage): void {
  if (!(AUTOLOCK_CHOICES as readonly number[]).includes(minutes)) throw new RangeError(`not an auto-lock choice: ${minutes}`);
  storage?.setItem(AUTOLOCK_KEY, String(minutes));
}

export interface AutoLockOptions {
  /** Called once when it is time to lock; the watch then stops. */
  onLock: (reason: LockReason, minutes: number) => void;
  /** The delay, read at every tick so a new choice applies at once. */
  minutes?: () => number;
  /** Where activity is listened for. */
  target?: Pick<EventTarget, "addEventListener" | "removeEventListener">;
  /** Wall clock (jumps forward after a sleep). */
  now?: () => number;
  /** Monotonic clock (on Linux it does not count the time asleep). */
  monotonic?: () => number;
  /** Whether the page is hidden: hidden pages may get their timers slowed down. */
  hidden?: () => boolean;
}

/**
 * Starts watching; returns a function that stops. A tick arriving more than
 * `SUSPEND_GAP_MS` late on the wall clock means the computer slept, unless
 * the page is hidden and the monotonic clock moved as much (the browser
 * merely slowed the timer down): then only the idle delay applies.
 */
export function startAutoLock(options: AutoLockOptions): () => void {
  const minutes = options.minutes ?? (() => autolockMinutes());
  const target = options.target ?? globalThis.window;
  const now = options.now ?? (() => Date.now());
  const monotonic = options.monotonic ?? (() => performance.now());
  const hidden = options.hidden ?? (() => globalThis.document?.visibilityState === "hidden");

  let lastActivity = now();
  let lastWall = lastActivity;
  let lastMono = monotonic();
  let stopped = false;

  const activity = () => {
    lastActivity = now();
  };
  const listenOptions = { capture: true, passive: true } as const;
  for (const type of ACTIVITY_EVENTS) target?.addEventListener(type, activity, listenOptions);

  const stop = () => {
    if (stopped) return;
    stopped = true;
    clearInterval(timer);
    for (const type of ACTIVITY_EVENTS) target?.removeEventListener(type, activity, listenOptions);
  };
  const lock = (reason: LockReason, delay: number) => {
    stop();
    options.onLock(reason, delay);
  };

  const timer = setInterval(() => {
    const wall = now();
    const mono = monotonic();
    const wallGap = wall - lastWall;
    const monoGap = mono - lastMono;
    lastWall = wall;
    lastMono = mono;
    const delay = minutes();
    if (holds > 0) lastActivity = wall;
    if (wallGap > SUSPEND_GAP_MS && (!hidden() || wallGap - monoGap > SUSPEND_GAP_MS)) {
      lock("suspend", delay);
    } else if (wall - lastActivity >= delay * 60_000) {
      lock("idle", delay);
    }
  }, TICK_MS);

  return stop;
}
