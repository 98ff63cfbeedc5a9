import { z } from "zod";

/** POST /api/auth/password. The new password's policy is checkNewPassword's (passwordPolicy.ts); zod checks the shape. */
export const changePasswordSchema = z.object({
  currentPassword: z.string().min(1, "must not be empty").max(1024),
  newPassword: z.string().min(1, "must not be empty").max(1024),
});
