export * from "./roles.js";
export * from "./status.js";
export * from "./permissions.js";
export * from "./entities.js";
export * from "./schemas.js";
export * from "./review.js";
export * from "./markersInSpan.js";
export * from "./reportFiles.js";
