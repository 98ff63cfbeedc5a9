export { accordExtensions } from "./accordExtensions.js";
export { Citation } from "./Citation.js";
export { isSafeHref, SAFE_LINK_PROTOCOLS } from "./safeHref.js";
