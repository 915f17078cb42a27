export { SHARE_EXPIRY_CHOICES, expiryFor, shareLinkStatus } from "./expiry";
export type { ShareExpiryChoice, ShareLinkStatus } from "./expiry";
export { generateShareToken, isShareToken } from "./tokens";
