export * from "./closeCodes.js";
export * from "./rooms.js";
export * from "./events.js";
export * from "./documentMessages.js";
export * from "./rest.js";
