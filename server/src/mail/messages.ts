import type { MailMessage } from "./Mailer.js";

/**
 * The texts Accord mails. Plain text only: no markup for a mail client to render, and links
 * that a person can read before following.
 */
export function signupConfirmationMail(input: { to: string; name: string; link: string; ttlHours: number }): MailMessage {
  return {
    to: input.to,
    subject: "Confirm your Accord account",
    text: [
      `Hello ${input.name},`,
      "",
      "Someone (we hope you) asked to create an Accord account with this e-mail address.",
      "To create it, open this link:",
      "",
      input.link,
      "",
      `The link works once, within ${input.ttlHours} hours. If you did not ask for an account, ignore this e-mail: nothing is created.`,
    ].join("\n"),
  };
}

export function existingAccountMail(input: { to: string; loginLink: string; inviteLink: string | null }): MailMessage {
  return {
    to: input.to,
    subject: "Someone tried to sign up to Accord with your e-mail address",
    text: [
      "Hello,",
      "",
      "Someone just tried to create an Accord account with this e-mail address, but you already have one,",
      "so nothing was created and your account is unchanged.",
      "",
      "If it was you, log in instead:",
      "",
      input.loginLink,
      ...(input.inviteLink ? ["", "and then open your invite again:", "", input.inviteLink] : []),
      "",
      "If it was not you, you can ignore this e-mail.",
    ].join("\n"),
  };
}
