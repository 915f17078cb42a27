import type { ModelProfile } from "../profile";
import { deepeyesV1 } from "./deepeyes-v1";
import { deepeyesV2 } from "./deepeyes-v2";

export const PROFILES: Record<string, ModelProfile> = { [deepeyesV2.id]: deepeyesV2, [deepeyesV1.id]: deepeyesV1 };
export const DEFAULT_PROFILE_ID = deepeyesV2.id;

export function getProfile(id: string = DEFAULT_PROFILE_ID): ModelProfile | undefined {
  return PROFILES[id];
}
export { deepeyesV1, deepeyesV2 };
