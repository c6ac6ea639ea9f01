// The core's share bounds (generated from carnet-share), under the names the
// wizard uses to say them. Whether an answer is right is the core's word:
// the wizard asks `checkShare` at each step.
import { LIMITS } from "./bindings";

export const SHARE_LIMITS = {
  name: LIMITS.share.name,
  specialty: LIMITS.share.specialty,
  email: LIMITS.share.email,
  minHours: LIMITS.share.min_hours,
  maxHours: LIMITS.share.max_hours,
  defaultHours: LIMITS.share.default_hours,
  maxOpens: LIMITS.share.max_opens,
  pinMin: LIMITS.share.pin_min,
  pinMax: LIMITS.share.pin_max,
} as const;
