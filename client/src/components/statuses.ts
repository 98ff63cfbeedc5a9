import type { Status } from "@accord/domain";
import { STATUS_LABELS } from "./labels";

/** The workflow's statuses in order, without importing the domain package's runtime (and zod) into the UI. */
export const STATUSES = Object.keys(STATUS_LABELS) as Status[];
