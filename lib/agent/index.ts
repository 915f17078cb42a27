// The DeepEyes agent: a pure turn loop over ports. See docs/protocol-policies.md for its choices.
export { runTurn, type RunTurnInput, type TurnOutcome } from "./loop";
export { messagesFromEvents, type RebuiltConversation } from "./history";
export { DEFAULT_LIMITS, DEFAULT_OPTIONS, estimatePromptTokens } from "./budget";
export { decideV2, type Decision } from "./decide";
export { StreamParser, type Segment } from "./stream-parser";
export { PROMPTS, initCode } from "./prompts";
export { getProfile, PROFILES, DEFAULT_PROFILE_ID, deepeyesV1, deepeyesV2 } from "./profiles";
export type { Limits, LoopOptions, ModelProfile, TurnImage } from "./profile";
export * from "./ports";
